import DecisionMap

/// Human routes (teams and escalations) with no owner.
///
/// A `team` or `escalation` route sends work to people. Without `owner "Role"` nobody answers for
/// its backlog, its staffing or its quality.
///
/// **Why it matters:** when a queue overflows, someone must be accountable for it; the map is
/// where the business writes down who.
///
/// **Fails:**
///
/// ```
/// routes
///   account_managers  team "Key account managers"  sla 8h
/// ```
///
/// **Passes:**
///
/// ```
/// routes
///   account_managers  team "Key account managers"  sla 8h  owner "Head of Key Accounts"
/// ```
enum RouteWithoutOwner: LintRule {
    static let id = "route-without-owner"
    static let severity = Diagnostic.Severity.warning
    static let summary = "human or escalation routes without an owner"
    static let rationale = "Nobody is accountable for a queue without an owner when it overflows."

    static func check(_ context: LintContext) -> [Finding] {
        context.model.routes.filter { $0.kind.isHuman && $0.owner == nil }.map { route in
            context.finding(self, "\(route.kind.keyword) route \(context.code(route.name)) has no owner", at: route.range,
                            help: "add `owner \"Role\"` to the route")
        }
    }
}
