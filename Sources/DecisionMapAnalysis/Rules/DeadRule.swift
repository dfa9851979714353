import DecisionMap

/// Rules, escalations and inconsistency checks that can never fire.
///
/// A rule fires when it decides a case: under `first` it is the first rule that holds; under
/// `unique` the only one; under `priority` the one with the highest-priority route; under `any`
/// one of the rules that hold, all naming the route chosen. The analysis reports a rule that fires
/// for no case of the typed input space, and says why: its condition can never hold
/// (`amount < 10 and amount > 20`), earlier rules of a `first` table take every case it matches
/// (pointing at them), every case it matches is a conflict, or no case that reaches the table
/// satisfies it (earlier segments, escalations or tables decide those cases first). A table that
/// no case ever reaches is reported once, at the table. Escalations and inconsistency checks that
/// never apply are reported the same way.
///
/// Only reported when the analysis is exact (see `approximated-analysis`).
///
/// **Why it matters:** a dead rule is a decision the business believes is in force and is not.
/// It is usually a mistake in an earlier rule, or a sign that the order of rules is wrong.
///
/// **Fails:**
///
/// ```
/// decide route (first)
///   when category is billing                   -> billing_team
///   when category is billing and amount < 500  -> auto_resolve
/// ```
///
/// **Passes:**
///
/// ```
/// decide route (first)
///   when category is billing and amount < 500  -> auto_resolve
///   when category is billing                   -> billing_team
/// ```
enum DeadRule: LintRule {
    static let id = "dead-rule"
    static let severity = Diagnostic.Severity.warning
    static let summary = "rules, escalations and inconsistency checks that can never fire"
    static let rationale = "A dead rule is a decision the business believes is in force and is not."

    static func check(_ context: LintContext) -> [Finding] {
        let coverage = context.coverage
        guard coverage.isExact else { return [] }
        let model = context.model
        let sweep = coverage.sweep
        let points = sweep.points
        var findings: [Finding] = []

        var yesByKind: [DecisionPoints.Kind: [Box]] = [:]
        var yesByRule = model.tables.map { Array(repeating: [Box](), count: $0.rules.count) }
        for point in points.points {
            if case .rule(let t, let r) = point.kind { yesByRule[t][r] += point.yes } else { yesByKind[point.kind, default: []] += point.yes }
        }
        func yesBoxes(_ kind: DecisionPoints.Kind) -> [Box] {
            if case .rule(let t, let r) = kind { return yesByRule[t][r] }
            return yesByKind[kind] ?? []
        }
        var partners: [[Int]: Set<Int>] = [:]
        for conflict in coverage.gapGroups.filter({ $0.kind == .conflict }).map(\.conflict) {
            partners[[conflict[0], conflict[1]], default: []].insert(conflict[2])
            partners[[conflict[0], conflict[2]], default: []].insert(conflict[1])
        }

        for (e, escalation) in model.escalations.enumerated() where !sweep.escalationFired[e] {
            let never = yesBoxes(.escalation(e)).isEmpty
            findings.append(context.finding(
                self, "the escalation to \(context.code(model.routes[escalation.route].name)) can never apply: "
                    + (never ? "its condition can never hold" : "earlier steps decide every case it matches"),
                at: escalation.range, help: never ? "check the values and ranges its condition combines" : nil))
        }
        for (i, inconsistency) in model.inconsistencies.enumerated() where !sweep.inconsistencyFired[i] {
            let never = yesBoxes(.inconsistency(i)).isEmpty
            findings.append(context.finding(
                self, "this inconsistency check can never apply: "
                    + (never ? "its condition can never hold" : "earlier steps decide every case it matches"),
                at: inconsistency.range, help: never ? "check the values and ranges its condition combines" : nil))
        }

        for (t, table) in model.tables.enumerated() {
            let dead = table.rules.indices.filter { !sweep.ruleFired[t][$0] }
            guard !dead.isEmpty else { continue }
            if !sweep.tableConsulted[t] {
                findings.append(context.finding(
                    self, "table \(context.code(table.name)) is never consulted: earlier steps decide every case"
                        + (table.segments.isEmpty ? "" : " of its segments"),
                    at: context.headerRange(table.range)))
                continue
            }
            for r in dead {
                let rule = table.rules[r]
                let boxes = yesBoxes(.rule(table: t, rule: r))
                let subject = rule.predicate == nil ? "the `otherwise` rule" : "rule"
                var notes: [Diagnostic.Note] = []
                var message: String
                var help: String?
                let conflicting = partners[[t, r]] ?? []
                let earlier = table.policy == .first && !boxes.isEmpty ? overlapping(r, boxes, yesByRule[t]) : []
                if boxes.isEmpty {
                    message = "\(subject) can never fire: its condition can never hold"
                        + (table.segments.isEmpty ? "" : " in the segments of \(context.code(table.name))")
                    help = "check the values and ranges its condition combines"
                } else if !earlier.isEmpty {
                    message = "\(subject) can never fire: earlier rules of \(context.code(table.name)) decide every case it matches"
                    notes = earlier.map { Diagnostic.Note("an earlier rule that matches some of the same cases", at: table.rules[$0].range) }
                    help = "move it above them, or narrow them"
                } else if !conflicting.isEmpty {
                    message = "\(subject) can never fire: every case it matches also matches another rule of \(context.code(table.name))"
                    notes = conflicting.sorted().prefix(3).map { Diagnostic.Note("conflicts with this rule", at: table.rules[$0].range) }
                } else if table.policy == .first {
                    message = "\(subject) can never fire: every case it matches is decided before it is reached"
                    help = "earlier segments, escalations, thresholds, tables or rules decide those cases first"
                } else if table.policy == .priority {
                    message = "\(subject) can never fire: whenever it holds, a rule with a higher-priority route holds too, "
                        + "cannot be decided, or the case is decided before"
                } else {
                    message = "\(subject) can never fire: whenever it holds, another rule of \(context.code(table.name)) "
                        + "cannot be decided or the case is decided before"
                    help = "a rule that is unknown because of missing data stops a `\(table.policy.rawValue)` table; guard it with `is present`"
                }
                findings.append(context.finding(self, message, at: rule.range, notes: notes, help: help))
            }
        }
        return findings
    }

    /// Up to three earlier rules of the table whose conditions overlap rule `r`'s, nearest first;
    /// the search looks at most 2,000 rules back, so huge tables stay linear.
    private static func overlapping(_ r: Int, _ boxes: [Box], _ rules: [[Box]]) -> [Int] {
        var result: [Int] = []
        for q in stride(from: r - 1, through: max(0, r - 2000), by: -1) where result.count < 3 {
            if boxes.contains(where: { box in rules[q].contains(where: box.intersects) }) { result.append(q) }
        }
        return result.sorted()
    }
}
