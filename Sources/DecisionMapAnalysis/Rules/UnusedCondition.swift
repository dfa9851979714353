import DecisionMap

/// Named conditions that nothing uses.
///
/// A condition under `conditions` is used when a segment, escalation, inconsistency check, rule
/// or another condition refers to it.
///
/// **Why it matters:** the map is the document the business signs off. A named condition nobody
/// uses reads like a rule in force ("large amounts are ...") and is not.
///
/// **Fails:**
///
/// ```
/// conditions
///   large_amount  when amount >= 10000
/// ```
///
/// **Passes:**
///
/// ```
/// conditions
///   large_amount  when amount >= 10000
/// segments
///   critical  risk high  when large_amount
/// ```
enum UnusedCondition: LintRule {
    static let id = "unused-condition"
    static let severity = Diagnostic.Severity.note
    static let summary = "named conditions that nothing uses"
    static let rationale = "An unused named condition reads like a rule in force and is not."

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        var used = Set<Int>()
        func visit(_ p: Predicate, from owner: Int?) {
            switch p {
            case .and(let ps), .or(let ps): ps.forEach { visit($0, from: owner) }
            case .not(let inner): visit(inner, from: owner)
            case .condition(let i) where i != owner: used.insert(i)
            default: break
            }
        }
        for (i, c) in model.conditions.enumerated() { visit(c.predicate, from: i) }
        model.segments.forEach { $0.predicate.map { visit($0, from: nil) } }
        model.escalations.forEach { visit($0.predicate, from: nil) }
        model.inconsistencies.forEach { visit($0.predicate, from: nil) }
        for table in model.tables { table.rules.forEach { $0.predicate.map { visit($0, from: nil) } } }
        return model.conditions.enumerated().filter { !used.contains($0.offset) }.map { _, condition in
            context.finding(self, "condition \(context.code(condition.name)) is never used", at: condition.range,
                            help: "use it in a segment, escalation or rule, or remove it")
        }
    }
}
