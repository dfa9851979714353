/// The syntax tree of a map: what the parser produces, what the Swift DSL builds, what the
/// formatter prints. Every node keeps its source range, which equality ignores.

/// A name as written, with where it was written.
public struct Name: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    @IgnoredInEquality public var range: SourceRange

    public init(_ text: String, range: SourceRange = .none) {
        self.text = text
        self.range = range
    }

    public var description: String { text }
}

/// A literal value in a condition: a number, a bare word (an enum value), a quoted string, or a
/// boolean.
public struct Literal: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        case number(Double)
        case word(String)
        case string(String)
        case bool(Bool)
    }

    public var value: Value
    /// The spelling in the source (`10_000`), kept for the formatter; not part of equality.
    @IgnoredInEquality public var spelling: String?
    @IgnoredInEquality public var range: SourceRange

    public init(_ value: Value, spelling: String? = nil, range: SourceRange = .none) {
        self.value = value
        self.spelling = spelling
        self.range = range
    }

    /// The text of a word or string, nil for numbers and booleans.
    public var text: String? {
        switch value {
        case .word(let s), .string(let s): s
        case .number, .bool: nil
        }
    }
}

public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case equal = "=", notEqual = "!="
}

/// A condition, as written.
public struct Condition: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        /// Two or more operands joined by `and`; kept flat so long chains stay shallow.
        case and([Condition])
        /// Two or more operands joined by `or`.
        case or([Condition])
        case not(Condition)
        /// Parentheses, kept so the formatter reproduces them.
        case group(Condition)
        /// `amount >= 10000`
        case compare(Name, ComparisonOperator, Literal)
        /// `category is fraud`, `category is not fraud`
        case `is`(Name, negated: Bool, Literal)
        /// `amount is missing`, `amount is present` (negated)
        case missing(Name, negated: Bool)
        /// `category in (billing, fraud)`, `category not in (…)`
        case `in`(Name, negated: Bool, [Literal])
        /// `amount between 10 and 20`, `amount not between …`
        case between(Name, negated: Bool, Literal, Literal)
        /// `subject contains "refund"`
        case contains(Name, Literal)
        /// A named condition or a boolean field.
        case reference(Name)
        /// `segment is critical`, `segment in (critical, high)`; `list` says which form.
        case segment(negated: Bool, [Name], list: Bool)
    }

    public var kind: Kind
    @IgnoredInEquality public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange = .none) {
        self.kind = kind
        self.range = range
    }
}

/// A span of time such as `30 min` or `4h`, kept in the unit it was written in. (Not named
/// `Duration`, so it never hides the standard library's `Duration` from code that imports dmap.)
public struct TimeSpan: Hashable, Sendable {
    public enum Unit: String, Hashable, Sendable {
        case seconds = "s", minutes = "min", hours = "h", days = "d"

        var minutes: Double {
            switch self {
            case .seconds: 1.0 / 60
            case .minutes: 1
            case .hours: 60
            case .days: 1440
            }
        }
    }

    public var value: Double
    public var unit: Unit

    public init(_ value: Double, _ unit: Unit) {
        self.value = value
        self.unit = unit
    }

    public var minutes: Double { value * unit.minutes }
}

public enum RiskLevel: String, Hashable, Sendable, CaseIterable, Comparable {
    case low, medium, high, critical

    public static func < (a: RiskLevel, b: RiskLevel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public enum HitPolicy: String, Hashable, Sendable, CaseIterable {
    case first, unique, priority, any
}

/// The five ownership questions of the brief.
public enum OwnershipQuestion: String, Hashable, Sendable, CaseIterable {
    case decisions, risk, review, quality, roles

    /// The question in words, for lint messages and reports.
    public var question: String {
        switch self {
        case .decisions: "who defines the decision logic"
        case .risk: "who owns risk tolerance"
        case .review: "who intervenes when the model is uncertain"
        case .quality: "who measures outcome quality"
        case .roles: "who redesigns the roles"
        }
    }
}

public struct MapHeader: Hashable, Sendable {
    public var title: String
    public var version: String?
    public var description: String?
    public var currency: String?
    /// The case-file column holding case ids (`ids "TicketID"`).
    public var ids: String?
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(title: String, version: String? = nil, description: String? = nil,
                currency: String? = nil, ids: String? = nil, doc: String? = nil, range: SourceRange = .none) {
        self.title = title
        self.version = version
        self.description = description
        self.currency = currency
        self.ids = ids
        self.doc = doc
        self.range = range
    }
}

public struct OwnerDecl: Hashable, Sendable {
    public var question: OwnershipQuestion
    public var role: String
    @IgnoredInEquality public var range: SourceRange

    public init(_ question: OwnershipQuestion, _ role: String, range: SourceRange = .none) {
        self.question = question
        self.role = role
        self.range = range
    }
}

public enum InputType: Hashable, Sendable {
    case enumeration([Literal])
    case number(low: Double?, high: Double?)
    case integer(low: Double?, high: Double?)
    case boolean
    case text
}

public struct InputDecl: Hashable, Sendable {
    public var name: Name
    public var type: InputType
    public var optional: Bool
    public var fromModel: Bool
    public var column: String?
    public var unit: String?
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(_ name: Name, _ type: InputType, optional: Bool = false, fromModel: Bool = false,
                column: String? = nil, unit: String? = nil, doc: String? = nil,
                range: SourceRange = .none) {
        self.name = name
        self.type = type
        self.optional = optional
        self.fromModel = fromModel
        self.column = column
        self.unit = unit
        self.doc = doc
        self.range = range
    }
}

public struct ConditionDecl: Hashable, Sendable {
    public var name: Name
    public var condition: Condition
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(_ name: Name, _ condition: Condition, doc: String? = nil, range: SourceRange = .none) {
        self.name = name
        self.condition = condition
        self.doc = doc
        self.range = range
    }
}

public struct SegmentDecl: Hashable, Sendable {
    public var name: Name
    public var risk: RiskLevel
    /// nil for `otherwise`.
    public var condition: Condition?
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(_ name: Name, risk: RiskLevel, _ condition: Condition?, doc: String? = nil,
                range: SourceRange = .none) {
        self.name = name
        self.risk = risk
        self.condition = condition
        self.doc = doc
        self.range = range
    }
}

public enum RouteKind: Hashable, Sendable {
    case automated
    case team(String)
    case escalation(String)

    public var keyword: String {
        switch self {
        case .automated: "automated"
        case .team: "team"
        case .escalation: "escalation"
        }
    }

    /// Whether a person handles cases sent here.
    public var isHuman: Bool { self != .automated }
}

public struct RouteDecl: Hashable, Sendable {
    public var name: Name
    public var kind: RouteKind
    public var handle: TimeSpan?
    public var cost: Double?
    public var sla: TimeSpan?
    /// Human hours available per week.
    public var capacity: Double?
    public var owner: String?
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(_ name: Name, _ kind: RouteKind, handle: TimeSpan? = nil, cost: Double? = nil,
                sla: TimeSpan? = nil, capacity: Double? = nil, owner: String? = nil,
                doc: String? = nil, range: SourceRange = .none) {
        self.name = name
        self.kind = kind
        self.handle = handle
        self.cost = cost
        self.sla = sla
        self.capacity = capacity
        self.owner = owner
        self.doc = doc
        self.range = range
    }
}

public struct EscalationDecl: Hashable, Sendable {
    public var target: Name
    public var condition: Condition
    public var reason: String?
    public var sla: TimeSpan?
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(to target: Name, when condition: Condition, because reason: String? = nil,
                sla: TimeSpan? = nil, doc: String? = nil, range: SourceRange = .none) {
        self.target = target
        self.condition = condition
        self.reason = reason
        self.sla = sla
        self.doc = doc
        self.range = range
    }
}

public struct InconsistencyDecl: Hashable, Sendable {
    public var condition: Condition
    public var target: Name
    public var reason: String?
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(when condition: Condition, to target: Name, because reason: String? = nil,
                doc: String? = nil, range: SourceRange = .none) {
        self.condition = condition
        self.target = target
        self.reason = reason
        self.doc = doc
        self.range = range
    }
}

public struct ThresholdDecl: Hashable, Sendable {
    /// Empty for `otherwise`.
    public var segments: [Name]
    public var below: Literal
    public var target: Name
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(in segments: [Name], below: Literal, to target: Name, doc: String? = nil,
                range: SourceRange = .none) {
        self.segments = segments
        self.below = below
        self.target = target
        self.doc = doc
        self.range = range
    }
}

public struct UncertaintyDecl: Hashable, Sendable {
    /// The confidence field; nil when the map leaves it to be inferred.
    public var field: Name?
    public var thresholds: [ThresholdDecl]
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(field: Name?, thresholds: [ThresholdDecl], doc: String? = nil,
                range: SourceRange = .none) {
        self.field = field
        self.thresholds = thresholds
        self.doc = doc
        self.range = range
    }
}

/// A line of the `missing` or `invalid` section.
public struct PolicyDecl: Hashable, Sendable {
    /// Empty for `otherwise`.
    public var fields: [Name]
    public var target: Name
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(_ fields: [Name], to target: Name, doc: String? = nil, range: SourceRange = .none) {
        self.fields = fields
        self.target = target
        self.doc = doc
        self.range = range
    }
}

public struct RuleDecl: Hashable, Sendable {
    /// nil for `otherwise`.
    public var condition: Condition?
    public var target: Name
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(when condition: Condition?, to target: Name, doc: String? = nil,
                range: SourceRange = .none) {
        self.condition = condition
        self.target = target
        self.doc = doc
        self.range = range
    }
}

public struct TableDecl: Hashable, Sendable {
    public var name: Name
    public var policy: HitPolicy
    /// Empty: the table applies in every segment.
    public var segments: [Name]
    public var rules: [RuleDecl]
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(_ name: Name, policy: HitPolicy, in segments: [Name] = [], rules: [RuleDecl],
                doc: String? = nil, range: SourceRange = .none) {
        self.name = name
        self.policy = policy
        self.segments = segments
        self.rules = rules
        self.doc = doc
        self.range = range
    }
}

public struct FallbackDecl: Hashable, Sendable {
    public var target: Name
    public var doc: String?
    @IgnoredInEquality public var range: SourceRange

    public init(to target: Name, doc: String? = nil, range: SourceRange = .none) {
        self.target = target
        self.doc = doc
        self.range = range
    }
}

/// A comment in the source, kept for the formatter.
public struct Comment: Hashable, Sendable {
    public var text: String
    /// Whether the comment stands on a line of its own (otherwise it trails an item).
    public var ownLine: Bool
    @IgnoredInEquality public var range: SourceRange
}

/// A whole map as written.
public struct MapSyntax: Hashable, Sendable {
    public var header: MapHeader?
    public var owners: [OwnerDecl] = []
    public var inputs: [InputDecl] = []
    public var conditions: [ConditionDecl] = []
    public var segments: [SegmentDecl] = []
    public var routes: [RouteDecl] = []
    public var escalations: [EscalationDecl] = []
    public var inconsistencies: [InconsistencyDecl] = []
    public var uncertainty: UncertaintyDecl?
    public var missing: [PolicyDecl] = []
    public var invalid: [PolicyDecl] = []
    public var tables: [TableDecl] = []
    public var fallback: FallbackDecl?
    /// Comments, in source order; not part of equality.
    @IgnoredInEquality public var comments: [Comment] = []

    public init() {}
}
