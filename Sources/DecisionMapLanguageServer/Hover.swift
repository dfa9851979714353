import DecisionMap

/// Hover text for the name under the cursor: what it is, as declared, and what the map does with it.
enum Hover {
    static func markdown(at offset: Int, in snapshot: Snapshot) -> (text: String, range: SourceRange)? {
        guard let occurrence = snapshot.index.occurrence(at: offset) else { return nil }
        let syntax = snapshot.syntax
        let name = occurrence.name
        var lines: [String]
        switch occurrence.kind {
        case .input:
            guard let input = syntax.inputs.first(where: { $0.name.text == name }) else { return undefined(occurrence) }
            lines = ["**input** `\(name)`: \(input.type.summary)"]
            var facts: [String] = []
            if let unit = input.unit { facts.append("unit \(unit)") }
            facts.append(input.optional ? "optional (may be missing)" : "required")
            if input.fromModel { facts.append("from the model") }
            facts.append("column \"\(input.column ?? name)\" in case files")
            lines.append(facts.joined(separator: " · "))
            if syntax.uncertainty?.field?.text == name { lines.append("the confidence the `uncertainty` thresholds compare") }
        case .condition:
            guard let condition = syntax.conditions.first(where: { $0.name.text == name }) else { return undefined(occurrence) }
            lines = ["**condition** `\(name)`", code("when " + snapshot.source.text(condition.condition.range))]
        case .segment:
            guard let segment = syntax.segments.first(where: { $0.name.text == name }) else { return undefined(occurrence) }
            lines = ["**segment** `\(name)`: risk \(segment.risk.rawValue)"]
            lines.append(segment.condition.map { code("when " + snapshot.source.text($0.range)) } ?? "otherwise: every case no segment above takes")
            if let thresholds = syntax.uncertainty?.thresholds {
                if let own = thresholds.first(where: { $0.segments.contains { $0.text == name } }) ?? thresholds.first(where: \.segments.isEmpty) {
                    let which = own.segments.isEmpty ? " (the `otherwise` line)" : ""
                    lines.append("confidence threshold\(which): below \(snapshot.source.text(own.below.range)) → `\(own.target.text)`")
                } else {
                    lines.append("no confidence threshold")
                }
            }
            // The escalations whose condition names it (`segment is …`, `segment in (…)`).
            let uses = snapshot.index.references(.segment, name).map(\.range)
            let escalations = syntax.escalations.filter { e in
                uses.contains { e.condition.range.start <= $0.start && $0.end <= e.condition.range.end }
            }
            lines.append(escalations.isEmpty
                ? "no escalation names it"
                : "escalations that name it:\n" + escalations.map { "- to `\($0.target.text)` when \(snapshot.source.text($0.condition.range))" }.joined(separator: "\n"))
        case .route:
            guard let route = syntax.routes.first(where: { $0.name.text == name }) else { return undefined(occurrence) }
            let kind = switch route.kind {
            case .automated: "automated (no person)"
            case .team(let team): "team \"\(team)\""
            case .escalation(let who): "escalation \"\(who)\""
            }
            lines = ["**route** `\(name)`: \(kind)"]
            var facts: [String] = []
            if let handle = route.handle { facts.append("handle \(span(handle))") }
            if let cost = route.cost { facts.append("cost \(format(cost))") }
            if let sla = route.sla { facts.append("SLA \(span(sla))") }
            if let capacity = route.capacity { facts.append("capacity \(format(capacity)) h/week") }
            facts.append(route.owner.map { "owner \"\($0)\"" } ?? "no owner")
            lines.append(facts.joined(separator: " · "))
        case .table:
            guard let table = syntax.tables.first(where: { $0.name.text == name }) else { return undefined(occurrence) }
            let scope = table.segments.isEmpty ? "every segment" : "segments " + table.segments.map { "`\($0.text)`" }.joined(separator: ", ")
            lines = ["**table** `\(name)`: hit policy `\(table.policy.rawValue)`, \(table.rules.count) rule\(table.rules.count == 1 ? "" : "s"), in \(scope)"]
            let shown = table.rules.prefix(20).map { snapshot.source.text($0.range) }
            if !shown.isEmpty { lines.append(code(shown.joined(separator: "\n") + (table.rules.count > 20 ? "\n… \(table.rules.count - 20) more" : ""))) }
        }
        if let doc = doc(occurrence.kind, name, syntax) { lines.append(doc) }
        return (lines.joined(separator: "\n\n"), occurrence.range)
    }

    private static func undefined(_ occurrence: Occurrence) -> (text: String, range: SourceRange) {
        ("`\(occurrence.name)`: no \(occurrence.kind.rawValue) of this name is declared", occurrence.range)
    }

    private static func doc(_ kind: SymbolKind, _ name: String, _ syntax: MapSyntax) -> String? {
        switch kind {
        case .input: syntax.inputs.first { $0.name.text == name }?.doc
        case .condition: syntax.conditions.first { $0.name.text == name }?.doc
        case .segment: syntax.segments.first { $0.name.text == name }?.doc
        case .route: syntax.routes.first { $0.name.text == name }?.doc
        case .table: syntax.tables.first { $0.name.text == name }?.doc
        }
    }

    private static func span(_ span: TimeSpan) -> String {
        let unit = span.unit == .days ? (span.value == 1 ? "day" : "days") : span.unit.rawValue
        return format(span.value) + " " + unit
    }

    private static func code(_ text: String) -> String { "```dmap\n\(text)\n```" }
}
