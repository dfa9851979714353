import DecisionMap

/// The document outline: one symbol per section (from its keyword line to the next section), with
/// its items as children, and a table's rules under the table.
enum Outline {
    // LSP SymbolKind values.
    static let namespace = 3, method = 6, field = 8, interface = 11, function = 12, enumMember = 22, `struct` = 23, event = 24

    static func symbols(_ snapshot: Snapshot) -> [JSONValue] {
        let document = snapshot.document
        let syntax = snapshot.syntax
        // Sections: lines that start at column 0 with a section keyword.
        var sections: [(keyword: String, start: Int, keywordEnd: Int)] = []
        for line in 0..<document.lineCount {
            if let word = snapshot.sectionKeyword(ofLine: line) {
                let start = document.lineStart(line)
                sections.append((word, start, start + word.utf8.count))
            }
        }
        var result: [JSONValue] = []
        for (i, section) in sections.enumerated() {
            var end = i + 1 < sections.count ? sections[i + 1].start : document.bytes.count
            while end > section.start, document.bytes[end - 1] == UInt8(ascii: "\n") || document.bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let within = { (r: SourceRange) in r.start >= section.start && r.start < max(end, section.keywordEnd) }
            var name = section.keyword
            var detail: String?
            var children: [JSONValue] = []
            var kind = namespace
            switch section.keyword {
            case "map":
                if let header = syntax.header, within(header.range) { detail = header.title }
            case "inputs":
                children = syntax.inputs.filter { within($0.range) }.map {
                    symbol(snapshot, $0.name.text, $0.type.summary, field, $0.range, $0.name.range)
                }
            case "conditions":
                children = syntax.conditions.filter { within($0.range) }.map {
                    symbol(snapshot, $0.name.text, clip(snapshot.source.text($0.condition.range)), function, $0.range, $0.name.range)
                }
            case "segments":
                children = syntax.segments.filter { within($0.range) }.map {
                    symbol(snapshot, $0.name.text, "risk \($0.risk.rawValue)", enumMember, $0.range, $0.name.range)
                }
            case "routes":
                children = syntax.routes.filter { within($0.range) }.map {
                    symbol(snapshot, $0.name.text, $0.kind.keyword, event, $0.range, $0.name.range)
                }
            case "escalate":
                children = syntax.escalations.filter { within($0.range) }.map {
                    symbol(snapshot, "to " + $0.target.text, clip(snapshot.source.text($0.condition.range)), interface, $0.range, $0.target.range)
                }
            case "decide":
                if let table = syntax.tables.first(where: { within($0.range) }) {
                    name = "decide " + table.name.text
                    detail = table.policy.rawValue
                    kind = `struct`
                    children = table.rules.map { rule in
                        symbol(snapshot, rule.condition.map { clip("when " + snapshot.source.text($0.range)) } ?? "otherwise",
                               "-> " + rule.target.text, method, rule.range, rule.range)
                    }
                }
            default:
                break
            }
            result.append(symbol(snapshot, name, detail, kind, SourceRange(start: section.start, end: max(end, section.keywordEnd)),
                                 SourceRange(start: section.start, end: section.keywordEnd), children: children))
        }
        return result
    }

    private static func symbol(_ snapshot: Snapshot, _ name: String, _ detail: String?, _ kind: Int, _ range: SourceRange,
                               _ selection: SourceRange, children: [JSONValue] = []) -> JSONValue {
        var object: JSONObject = ["name": .string(name.isEmpty ? "?" : name), "kind": .number(Double(kind)),
                                  "range": snapshot.range(range), "selectionRange": snapshot.range(selection)]
        if let detail { object["detail"] = .string(detail) }
        if !children.isEmpty { object["children"] = .array(children) }
        return .object(object)
    }

    /// Long conditions are cut for the outline.
    private static func clip(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map(\.trimmingSpaces).joined(separator: " ")
        return flat.count > 80 ? String(flat.prefix(79)) + "…" : flat
    }
}
