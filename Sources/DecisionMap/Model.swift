/// The checked map: every name resolved to an index, every enum value to a small integer. The
/// compiler, the router, the linter and the reports all read this; none of them see names again.

/// A set of small integers (enum value or segment indices) as a bit set.
public struct IndexSet64: Hashable, Sendable, Sequence {
    public private(set) var words: [UInt64]

    public init(capacity: Int) {
        words = [UInt64](repeating: 0, count: Swift.max(1, (capacity + 63) / 64))
    }

    public init(_ indices: some Sequence<Int>, capacity: Int) {
        self.init(capacity: capacity)
        for i in indices { insert(i) }
    }

    public mutating func insert(_ i: Int) {
        words[i >> 6] |= 1 << UInt64(i & 63)
    }

    @inline(__always)
    public func contains(_ i: Int) -> Bool {
        let w = i >> 6
        return w >= 0 && w < words.count && words[w] & (1 << UInt64(i & 63)) != 0
    }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public func makeIterator() -> IndexingIterator<[Int]> {
        var result: [Int] = []
        for (w, word) in words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { result.append(w * 64 + bit) }
        }
        return result.makeIterator()
    }
}

/// A condition with every name resolved.
public indirect enum Predicate: Hashable, Sendable {
    case constant(Bool)
    case and([Predicate])
    case or([Predicate])
    case not(Predicate)
    /// A number or integer field compared with a number.
    case compare(field: Int, ComparisonOperator, Double)
    /// An enumeration field whose value index is in the set.
    case oneOf(field: Int, IndexSet64)
    case boolean(field: Int, Bool)
    /// A text field equal to one of the strings.
    case textIn(field: Int, [String])
    case textContains(field: Int, String)
    /// True when the field is missing; never unknown.
    case missing(field: Int)
    /// The case's segment is one of these.
    case segment(IndexSet64)
    /// A named condition, by index.
    case condition(Int)
}

public enum FieldType: Hashable, Sendable {
    case enumeration([String])
    case number(low: Double?, high: Double?)
    case integer(low: Double?, high: Double?)
    case boolean
    case text

    /// How the type is written in a map, for messages.
    public var summary: String {
        switch self {
        case .enumeration(let values): "one of " + values.map(quoteIfNeeded).joined(separator: ", ")
        case .number(let lo, let hi): "number" + rangeText(lo, hi)
        case .integer(let lo, let hi): "integer" + rangeText(lo, hi)
        case .boolean: "boolean"
        case .text: "text"
        }
    }

    var isNumeric: Bool {
        switch self {
        case .number, .integer: true
        default: false
        }
    }
}

extension InputType {
    /// How the type is written in a map (as `FieldType.summary`), for tools that read the syntax.
    public var summary: String {
        switch self {
        case .enumeration(let values): "one of " + values.map { quoteIfNeeded($0.text ?? "") }.joined(separator: ", ")
        case .number(let lo, let hi): "number" + rangeText(lo, hi)
        case .integer(let lo, let hi): "integer" + rangeText(lo, hi)
        case .boolean: "boolean"
        case .text: "text"
        }
    }
}

func rangeText(_ low: Double?, _ high: Double?) -> String {
    if low == nil && high == nil { return "" }
    return " " + (low.map(format) ?? "") + ".." + (high.map(format) ?? "")
}

/// Quotes an enum value when it could not be written as a bare word.
public func quoteIfNeeded(_ value: String) -> String {
    isBareWord(value) ? value : quote(value)
}

public struct Field: Hashable, Sendable {
    public let name: String
    /// The case-file column (or JSON key) the field is read from.
    public let column: String
    public let type: FieldType
    public let optional: Bool
    public let fromModel: Bool
    public let unit: String?
    public let doc: String?
    public let range: SourceRange
}

public struct NamedCondition: Hashable, Sendable {
    public let name: String
    public let predicate: Predicate
    public let range: SourceRange
}

public struct Segment: Hashable, Sendable {
    public let name: String
    public let risk: RiskLevel
    /// nil for `otherwise`.
    public let predicate: Predicate?
    public let doc: String?
    public let range: SourceRange
}

public struct Route: Hashable, Sendable {
    public let name: String
    public let kind: RouteKind
    public let handleMinutes: Double?
    public let cost: Double?
    public let slaMinutes: Double?
    public let capacityHoursPerWeek: Double?
    public let owner: String?
    public let doc: String?
    public let range: SourceRange
}

public struct Escalation: Hashable, Sendable {
    public let route: Int
    public let predicate: Predicate
    public let reason: String?
    public let slaMinutes: Double?
    public let range: SourceRange
}

public struct Inconsistency: Hashable, Sendable {
    public let predicate: Predicate
    public let route: Int
    public let reason: String?
    public let range: SourceRange
}

public struct Threshold: Hashable, Sendable {
    /// Empty for `otherwise`.
    public let segments: [Int]
    public let below: Double
    public let route: Int
    public let range: SourceRange
}

public struct DataPolicy: Hashable, Sendable {
    /// Empty for `otherwise`.
    public let fields: [Int]
    public let route: Int
    public let range: SourceRange
}

public struct Rule: Hashable, Sendable {
    /// nil for `otherwise`.
    public let predicate: Predicate?
    public let route: Int
    public let range: SourceRange
}

public struct Table: Hashable, Sendable {
    public let name: String
    public let policy: HitPolicy
    /// Empty: applies in every segment.
    public let segments: [Int]
    public let rules: [Rule]
    public let range: SourceRange

    public func applies(inSegment segment: Int) -> Bool { segments.isEmpty || segments.contains(segment) }
}

public struct Fallback: Hashable, Sendable {
    public let route: Int
    public let range: SourceRange
}

/// A map that passed the checker.
public struct MapModel: Sendable {
    public let source: SourceFile
    public let syntax: MapSyntax
    public let title: String
    public let owners: [OwnershipQuestion: String]
    public let fields: [Field]
    public let conditions: [NamedCondition]
    public let segments: [Segment]
    public let routes: [Route]
    public let escalations: [Escalation]
    public let inconsistencies: [Inconsistency]
    /// The field holding the model's confidence, when the map has an `uncertainty` section.
    public let confidenceField: Int?
    public let thresholds: [Threshold]
    public let missingPolicies: [DataPolicy]
    public let invalidPolicies: [DataPolicy]
    public let tables: [Table]
    public let fallback: Fallback?

    /// The case-file column holding case ids, when the map names one (`ids "…"`).
    public var idColumn: String? { syntax.header?.ids }

    /// The threshold that applies in a segment: the line naming it, else the `otherwise` line.
    public func threshold(forSegment segment: Int) -> Int? {
        thresholds.firstIndex { $0.segments.contains(segment) } ?? thresholds.firstIndex { $0.segments.isEmpty }
    }

    /// The missing-data policy for a field: its own line, else `otherwise`.
    public func missingPolicy(forField field: Int) -> Int? {
        Self.policy(missingPolicies, field)
    }

    /// The invalid-data policy for a field: its own line, else `otherwise`.
    public func invalidPolicy(forField field: Int) -> Int? {
        Self.policy(invalidPolicies, field)
    }

    private static func policy(_ policies: [DataPolicy], _ field: Int) -> Int? {
        policies.firstIndex { $0.fields.contains(field) } ?? policies.firstIndex { $0.fields.isEmpty }
    }

    public func fieldIndex(named name: String) -> Int? { fields.firstIndex { $0.name == name } }
    public func routeIndex(named name: String) -> Int? { routes.firstIndex { $0.name == name } }
    public func segmentIndex(named name: String) -> Int? { segments.firstIndex { $0.name == name } }

    /// The line a range starts on, for traces and reports.
    public func line(_ range: SourceRange) -> Int { source.line(of: range.start) }
}
