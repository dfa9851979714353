import DecisionMap

/// Cases that only the fallback decides.
///
/// A `fallback` makes every case end somewhere, but each case it catches is still a gap: no rule,
/// conflicting rules, missing data without a policy, or no segment. With a fallback in the map,
/// the four gap rules report here instead, as warnings, with the same regions and witnesses
/// (`dmap route` still reports the gap kind for a case the fallback caught).
///
/// **Why it matters:** a fallback is a safety net for what nobody foresaw, not a place to send
/// work the map should decide. Cases that land there get the fallback's queue and SLA, which
/// rarely fit them, and nobody chose that for them.
///
/// **Fails:**
///
/// ```
/// decide route (first)
///   when category is billing  -> billing_team
/// fallback -> triage_review
/// ```
///
/// **Passes:**
///
/// ```
/// decide route (first)
///   when category is billing  -> billing_team
///   otherwise                 -> triage_review
/// fallback -> triage_review
/// ```
enum FallbackCatchesGap: LintRule {
    static let id = "fallback-catches-gap"
    static let severity = Diagnostic.Severity.warning
    static let summary = "cases that only the fallback decides"
    static let rationale = "Cases caught by the fallback were decided by nobody; they get a queue and SLA nobody chose for them."

    static func check(_ context: LintContext) -> [Finding] {
        guard context.model.fallback != nil else { return [] }
        return context.coverage.gapGroups.map { context.gapFinding($0, rule: self, caught: true) }
    }
}
