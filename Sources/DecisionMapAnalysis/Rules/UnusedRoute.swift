import DecisionMap

/// Routes that nothing sends work to.
///
/// A route is used when a rule, an escalation, an inconsistency check, a threshold, a
/// missing- or invalid-data policy or the fallback names it.
///
/// **Why it matters:** a team in the map with no way in is either planned capacity that will sit
/// idle, or a rule somebody meant to write and did not.
///
/// **Fails:**
///
/// ```
/// routes
///   complaints_team  team "Complaints desk"  sla 1 day  owner "Customer Relations Manager"
/// decide route (first)
///   when category is billing  -> billing_team
/// ```
///
/// **Passes:**
///
/// ```
/// decide route (first)
///   when category is billing    -> billing_team
///   when category is complaint  -> complaints_team
/// ```
enum UnusedRoute: LintRule {
    static let id = "unused-route"
    static let severity = Diagnostic.Severity.warning
    static let summary = "routes that nothing sends work to"
    static let rationale = "A team with no way in is idle capacity, or a rule somebody meant to write."

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        var used = Set<Int>()
        used.formUnion(model.escalations.map(\.route))
        used.formUnion(model.inconsistencies.map(\.route))
        used.formUnion(model.thresholds.map(\.route))
        used.formUnion(model.missingPolicies.map(\.route))
        used.formUnion(model.invalidPolicies.map(\.route))
        for table in model.tables { used.formUnion(table.rules.map(\.route)) }
        if let fallback = model.fallback { used.insert(fallback.route) }
        return model.routes.enumerated().filter { !used.contains($0.offset) }.map { _, route in
            context.finding(self, "nothing routes to \(context.code(route.name))", at: route.range,
                            help: "add a rule that sends cases to it, or remove it")
        }
    }
}
