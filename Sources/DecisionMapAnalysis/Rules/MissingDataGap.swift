import DecisionMap

/// Cases that stop because a step needs an optional field that is missing and has no
/// missing-data policy.
///
/// A test on a missing field is unknown. When a segment, an escalation, an inconsistency check,
/// a threshold or a rule cannot be decided because of that, the router applies the field's
/// missing-data policy, else the `missing` section's `otherwise` line, else it stops with a
/// `missing-data` gap. The finding points at the step, names the field, describes the region and
/// gives a witness that `dmap route` reports as a `missing-data` gap.
///
/// **Why it matters:** optional data is missing in real cases every day (5% of cells in a typical
/// export). A map that says nothing about it silently drops those cases.
///
/// **Fails** (outages without a subject):
///
/// ```
/// inputs
///   subject  text  optional
/// missing
///   amount -> triage_review
/// decide route (first)
///   when category is outage and subject contains "refund"  -> billing_team
/// ```
///
/// **Passes:**
///
/// ```
/// missing
///   amount    -> triage_review
///   otherwise -> triage_review
/// ```
enum MissingDataGap: LintRule {
    static let id = "missing-data-gap"
    static let severity = Diagnostic.Severity.error
    static let summary = "cases a step cannot decide because an optional field is missing and has no policy"
    static let rationale = "Optional data is missing in real cases every day; a map silent about it drops those cases."

    static func check(_ context: LintContext) -> [Finding] {
        guard context.model.fallback == nil else { return [] }
        return context.coverage.gapGroups.filter { $0.kind == .missingData }.map {
            context.gapFinding($0, rule: self, caught: false)
        }
    }
}
