import DecisionMap

/// Rules of a `unique` or `any` table that both hold for some case.
///
/// Under `unique` two rules may never hold at once; under `any` they may only if they name the
/// same route. The analysis finds every pair of rules the router would report as conflicting,
/// with the region where they do and a witness that `dmap route` reports as a `conflict` gap.
///
/// **Why it matters:** a conflict is a case the map decides two ways. The router refuses to pick
/// one, so the case is a gap, and the disagreement usually hides a business question nobody
/// answered (which team owns large billing disputes from VIPs?).
///
/// **Fails:**
///
/// ```
/// decide route (unique)
///   when category is billing   -> billing_team
///   when amount >= 10000       -> fraud_desk
/// ```
///
/// **Passes:**
///
/// ```
/// decide route (unique)
///   when category is billing and amount < 10000   -> billing_team
///   when amount >= 10000                          -> fraud_desk
/// ```
enum RuleConflict: LintRule {
    static let id = "rule-conflict"
    static let severity = Diagnostic.Severity.error
    static let summary = "rules of a unique or any table that both hold for some case"
    static let rationale = "A conflicting case is decided two ways, so the router decides it neither way."

    static func check(_ context: LintContext) -> [Finding] {
        guard context.model.fallback == nil else { return [] }
        return context.coverage.gapGroups.filter { $0.kind == .conflict }.map {
            context.gapFinding($0, rule: self, caught: false)
        }
    }
}
