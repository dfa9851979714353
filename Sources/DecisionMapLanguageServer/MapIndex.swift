import DecisionMap

/// What a name in a map stands for.
public enum SymbolKind: String, Hashable, Sendable {
    case input, condition, segment, route, table
}

/// One place a name is written: where it is declared, or where it is used.
public struct Occurrence: Hashable, Sendable {
    public var kind: SymbolKind
    public var name: String
    public var range: SourceRange
    public var isDefinition: Bool
}

/// Every declaration and use of a name in a map's syntax tree, in source order: what go to
/// definition, find references, rename and hover read. Built from the parser's tree (which is as
/// complete as the errors allow), so it works on a map that does not check yet.
public struct MapIndex: Sendable {
    public let syntax: MapSyntax
    public private(set) var occurrences: [Occurrence] = []
    private var declared: [SymbolKind: Set<String>] = [:]

    public init(_ syntax: MapSyntax) {
        self.syntax = syntax
        for input in syntax.inputs { define(.input, input.name) }
        for condition in syntax.conditions { define(.condition, condition.name) }
        for segment in syntax.segments { define(.segment, segment.name) }
        for route in syntax.routes { define(.route, route.name) }
        for table in syntax.tables { define(.table, table.name) }

        for condition in syntax.conditions { walk(condition.condition) }
        for segment in syntax.segments { segment.condition.map { walk($0) } }
        for escalation in syntax.escalations {
            use(.route, escalation.target)
            walk(escalation.condition)
        }
        for inconsistency in syntax.inconsistencies {
            walk(inconsistency.condition)
            use(.route, inconsistency.target)
        }
        if let uncertainty = syntax.uncertainty {
            uncertainty.field.map { use(.input, $0) }
            for threshold in uncertainty.thresholds {
                for segment in threshold.segments { use(.segment, segment) }
                use(.route, threshold.target)
            }
        }
        for policy in syntax.missing + syntax.invalid {
            for field in policy.fields { use(.input, field) }
            use(.route, policy.target)
        }
        for table in syntax.tables {
            for segment in table.segments { use(.segment, segment) }
            for rule in table.rules {
                rule.condition.map { walk($0) }
                use(.route, rule.target)
            }
        }
        syntax.fallback.map { use(.route, $0.target) }
        occurrences.sort { $0.range.start < $1.range.start }
    }

    /// Whether a name of this kind is declared.
    public func isDeclared(_ kind: SymbolKind, _ name: String) -> Bool { declared[kind]?.contains(name) ?? false }

    /// The occurrence whose name covers a byte offset (the offset just past a name counts, so a
    /// cursor at the end of a word finds it).
    public func occurrence(at offset: Int) -> Occurrence? {
        var low = 0, high = occurrences.count
        while low < high {
            let mid = (low + high) / 2
            if occurrences[mid].range.end < offset { low = mid + 1 } else { high = mid }
        }
        guard low < occurrences.count, occurrences[low].range.start <= offset else { return nil }
        return occurrences[low]
    }

    /// The declarations of a symbol (more than one only in a map with a duplicate-name error).
    public func definitions(_ kind: SymbolKind, _ name: String) -> [Occurrence] {
        occurrences.filter { $0.kind == kind && $0.name == name && $0.isDefinition }
    }

    /// Every occurrence of a symbol, declarations first.
    public func references(_ kind: SymbolKind, _ name: String) -> [Occurrence] {
        let all = occurrences.filter { $0.kind == kind && $0.name == name }
        return all.filter(\.isDefinition) + all.filter { !$0.isDefinition }
    }

    /// The names declared of a kind, in source order.
    public func names(_ kind: SymbolKind) -> [String] {
        occurrences.filter { $0.kind == kind && $0.isDefinition }.map(\.name)
    }

    private mutating func define(_ kind: SymbolKind, _ name: Name) {
        guard name.range != .none else { return }
        declared[kind, default: []].insert(name.text)
        occurrences.append(Occurrence(kind: kind, name: name.text, range: name.range, isDefinition: true))
    }

    private mutating func use(_ kind: SymbolKind, _ name: Name) {
        guard name.range != .none else { return }
        occurrences.append(Occurrence(kind: kind, name: name.text, range: name.range, isDefinition: false))
    }

    /// The names a condition uses. (The parser bounds how deeply conditions nest, and named
    /// conditions are not followed, so the recursion is shallow.)
    private mutating func walk(_ condition: Condition) {
        switch condition.kind {
        case .and(let cs), .or(let cs): for c in cs { walk(c) }
        case .not(let c), .group(let c): walk(c)
        case .compare(let n, _, _), .is(let n, _, _), .missing(let n, _), .in(let n, _, _), .between(let n, _, _, _),
             .contains(let n, _):
            use(.input, n)
        case .reference(let n):
            use(isDeclared(.condition, n.text) || !isDeclared(.input, n.text) ? .condition : .input, n)
        case .segment(_, let names, _):
            for n in names { use(.segment, n) }
        }
    }
}
