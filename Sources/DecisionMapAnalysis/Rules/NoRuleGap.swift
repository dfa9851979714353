import DecisionMap

/// Cases for which no decision rule holds.
///
/// For every segment, after segments, escalations, inconsistency checks and confidence thresholds
/// have taken their share, the analysis computes the region of cases that reach the decision tables
/// and find no rule that holds. There is one finding per table that such cases fall through last,
/// at its header: it lists the segments the cases are in, describes the region and gives a witness,
/// a case that `dmap route` reports as a `no-rule` gap. A segment that no table applies to is
/// reported at the segment.
///
/// **Why it matters:** a case nobody decides waits in no queue and meets no SLA. The business
/// signs off a map believing every case goes somewhere; this is the proof that some do not.
///
/// **Fails** (complaints are decided by nobody):
///
/// ```
/// decide route (first)
///   when category is billing  -> billing_team
///   when category is outage   -> auto_resolve
/// ```
///
/// **Passes:**
///
/// ```
/// decide route (first)
///   when category is billing  -> billing_team
///   when category is outage   -> auto_resolve
///   otherwise                 -> triage_review
/// ```
enum NoRuleGap: LintRule {
    static let id = "no-rule-gap"
    static let severity = Diagnostic.Severity.error
    static let summary = "cases for which no decision rule holds"
    static let rationale = "A case that no rule decides goes nowhere: no queue, no owner, no SLA."

    static func check(_ context: LintContext) -> [Finding] {
        guard context.model.fallback == nil else { return [] }
        return context.coverage.gapGroups.filter { $0.kind == .noRule }.map {
            context.gapFinding($0, rule: self, caught: false)
        }
    }
}
