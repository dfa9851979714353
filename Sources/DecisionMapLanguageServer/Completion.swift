import DecisionMap

/// Completion from the words before the cursor on its line: section keywords at the start of a
/// line, route names after `->`, segment names after `segment is` / `in`, enum values after
/// `FIELD is` / `FIELD in (`, and input and condition names inside a condition.
enum Completion {
    struct Item: Equatable {
        var label: String
        /// LSP CompletionItemKind.
        var kind: Int
        var detail: String?
    }

    static let keywordKind = 14, inputKind = 5, conditionKind = 3, segmentKind = 20, routeKind = 23, valueKind = 12

    static func items(at offset: Int, in snapshot: Snapshot) -> [Item] {
        let prefix = snapshot.document.linePrefix(upTo: offset)
        let index = snapshot.index
        let syntax = snapshot.syntax
        let words = tokens(prefix)
        // The word being typed is not context.
        let typing = prefix.last.map { !$0.isWhitespace && $0 != "(" && $0 != "," && $0 != ">" } ?? false
        let before = typing ? Array(words.dropLast()) : words
        let indented = prefix.first.map { $0 == " " || $0 == "\t" } ?? false

        if !indented {
            if before.isEmpty { return Vocabulary.sections.map { Item(label: $0, kind: keywordKind, detail: "section") } }
            if before.first == "decide" {
                if before.last == "(" { return HitPolicy.allCases.map { Item(label: $0.rawValue, kind: keywordKind, detail: "hit policy") } }
                if before.contains("in") { return segments(index) }
                return []
            }
            if before.first == "uncertainty", before.last == "using" { return inputs(syntax) { $0.type.isNumber } }
            if before.first == "fallback", before.last == "->" { return routes(syntax) }
            return []
        }
        if before.last == "->" { return routes(syntax) }
        if before.last == "to", section(of: offset, in: snapshot) == "escalate", before.count == 1 { return routes(syntax) }
        // `segment is`, `segment is not`, `segment in (a, `
        if let s = before.lastIndex(of: "segment"), before[s...].allSatisfy({ ["segment", "is", "not", "in", "(", ","].contains($0) || index.isDeclared(.segment, $0) }),
           before.count > s + 1 {
            return segments(index)
        }
        // `FIELD is`, `FIELD is not`, `FIELD in (a, `, `FIELD not in (`
        if let field = enumField(before), let input = syntax.inputs.first(where: { $0.name.text == field }),
           case .enumeration(let values) = input.type {
            return values.compactMap(\.text).map { Item(label: $0, kind: valueKind, detail: "value of \(field)") }
        }
        switch section(of: offset, in: snapshot) {
        case "uncertainty":
            if before.isEmpty { return [Item(label: "in", kind: keywordKind, detail: nil), Item(label: "otherwise", kind: keywordKind, detail: nil)] }
            if before.first == "in", !before.contains("below") { return segments(index) }
            return []
        case "missing", "invalid":
            if !before.contains("->") { return inputs(syntax) { _ in true } + [Item(label: "otherwise", kind: keywordKind, detail: nil)] }
            return []
        case "segments":
            if before.count == 1 { return [Item(label: "risk", kind: keywordKind, detail: nil)] }
            if before.count == 2, before[1] == "risk" { return RiskLevel.allCases.map { Item(label: $0.rawValue, kind: keywordKind, detail: "risk level") } }
        case "escalate" where before.isEmpty:
            return [Item(label: "to", kind: keywordKind, detail: nil)]
        case "decide" where before.isEmpty:
            return [Item(label: "when", kind: keywordKind, detail: nil), Item(label: "otherwise", kind: keywordKind, detail: nil)]
        default:
            break
        }
        if before.contains("when") || before.last == "not" || before.last == "(" {
            let names = inputs(syntax) { _ in true } + index.names(.condition).map { Item(label: $0, kind: conditionKind, detail: "condition") }
            return names + [Item(label: "segment", kind: keywordKind, detail: nil), Item(label: "not", kind: keywordKind, detail: nil)]
        }
        return []
    }

    /// The section a byte offset is in: the keyword of the nearest line above that starts at
    /// column 0 with one.
    static func section(of offset: Int, in snapshot: Snapshot) -> String? {
        var line = snapshot.document.line(of: offset)
        while line >= 0 {
            if let first = snapshot.document.lineText(line).first, !first.isWhitespace, first != "#" {
                return snapshot.sectionKeyword(ofLine: line)
            }
            line -= 1
        }
        return nil
    }

    /// The field before `is`, `is not`, `in (`, `not in (` and the values already listed.
    private static func enumField(_ words: [String]) -> String? {
        var i = words.count - 1
        // Inside an open list, `in (a, b, `: look before the parenthesis.
        if let open = words.lastIndex(of: "("), !words[open...].contains(")") { i = open - 1 }
        guard i >= 1 else { return nil }
        switch words[i] {
        case "is": return words[i - 1]
        case "not" where i >= 2 && words[i - 1] == "is": return words[i - 2]
        case "in": return words[i - 1] == "not" ? (i >= 2 ? words[i - 2] : nil) : words[i - 1]
        default: return nil
        }
    }

    private static func routes(_ syntax: MapSyntax) -> [Item] {
        syntax.routes.map { Item(label: $0.name.text, kind: routeKind, detail: $0.kind.keyword) }
    }

    private static func segments(_ index: MapIndex) -> [Item] {
        index.names(.segment).map { Item(label: $0, kind: segmentKind, detail: "segment") }
    }

    private static func inputs(_ syntax: MapSyntax, _ keep: (InputDecl) -> Bool) -> [Item] {
        syntax.inputs.filter(keep).map { Item(label: $0.name.text, kind: inputKind, detail: $0.type.summary) }
    }

    /// The words, `->`, `(` and `,` of a line (strings and comments skipped).
    static func tokens(_ line: Substring) -> [String] {
        var result: [String] = []
        var current = ""
        var inString = false
        var previous: Character = " "
        func flush() {
            if !current.isEmpty { result.append(current) }
            current = ""
        }
        for c in line {
            defer { previous = c }
            if inString {
                if c == "\"", previous != "\\" { inString = false }
                continue
            }
            switch c {
            case "\"": flush(); inString = true; result.append("\"…\"")
            case "#": flush(); return result
            case "(", ")", ",": flush(); result.append(String(c))
            case ">" where current == "-": current = ""; result.append("->")
            case _ where c.isWhitespace: flush()
            default: current.append(c)
            }
        }
        flush()
        return result
    }
}

extension InputType {
    var isNumber: Bool {
        switch self {
        case .number, .integer: true
        default: false
        }
    }
}
