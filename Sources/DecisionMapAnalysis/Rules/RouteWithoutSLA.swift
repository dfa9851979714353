import DecisionMap

/// Human routes (teams and escalations) with no SLA.
///
/// A `team` or `escalation` route should say how soon its cases are picked up (`sla 4h`). For an
/// escalation route, an `sla` on every `escalate` line that targets it counts too.
///
/// **Why it matters:** without an SLA there is no promise to measure, so a queue that takes a week
/// looks as healthy as one that takes an hour; and an escalation without one is not urgent.
///
/// **Fails:**
///
/// ```
/// routes
///   supervisor  escalation "Shift supervisor"  owner "Head of Customer Operations"
/// ```
///
/// **Passes:**
///
/// ```
/// routes
///   supervisor  escalation "Shift supervisor"  sla 30m  owner "Head of Customer Operations"
/// ```
enum RouteWithoutSLA: LintRule {
    static let id = "route-without-sla"
    static let severity = Diagnostic.Severity.warning
    static let summary = "human or escalation routes without an SLA"
    static let rationale = "Without an SLA there is no promise to measure a queue against."

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        return model.routes.enumerated().compactMap { r, route in
            guard route.kind.isHuman, route.slaMinutes == nil else { return nil }
            let escalations = model.escalations.filter { $0.route == r }
            if case .escalation = route.kind, !escalations.isEmpty, escalations.allSatisfy({ $0.slaMinutes != nil }) { return nil }
            return context.finding(self, "\(route.kind.keyword) route \(context.code(route.name)) has no SLA", at: route.range,
                                   help: "add `sla DURATION` to the route, e.g. `sla 4h`")
        }
    }
}
