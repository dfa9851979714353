/// Escalations, data policies, thresholds and decision tables in the Swift DSL. Each adds itself
/// to its section, in the order written.

/// A mandatory escalation (an item of the `escalate` section): when the condition holds, the
/// case goes to the route, overriding everything after escalation in the routing order.
public struct Escalate: MapContent {
    /// The item as the parser would build it from its line.
    public let declaration: EscalationDecl

    /// Declares a mandatory escalation.
    ///
    /// - Parameters:
    ///   - route: Where the case goes.
    ///   - condition: When escalation is mandatory.
    ///   - reason: The reason shown to the person who receives the case.
    ///   - sla: The escalation's SLA.
    ///   - doc: The `##` description.
    public init(to route: Destination, when condition: some ConditionConvertible, because reason: String? = nil,
                sla: TimeSpan? = nil, doc: String? = nil) {
        declaration = EscalationDecl(to: route.reference, when: condition.condition, because: reason, sla: sla, doc: doc)
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.escalations.append(declaration) }
}

/// Conflicting signals (an item of the `inconsistent` section): when the condition holds, the
/// case goes to the route with outcome `data-policy`.
public struct Inconsistent: MapContent {
    /// The item as the parser would build it from its line.
    public let declaration: InconsistencyDecl

    /// Declares an inconsistency.
    ///
    /// - Parameters:
    ///   - condition: The signals that contradict each other.
    ///   - route: Where the case goes.
    ///   - reason: Why, for the person who receives it.
    ///   - doc: The `##` description.
    public init(when condition: some ConditionConvertible, to route: Destination, because reason: String? = nil,
                doc: String? = nil) {
        declaration = InconsistencyDecl(when: condition.condition, to: route.reference, because: reason, doc: doc)
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.inconsistencies.append(declaration) }
}

/// The `uncertainty` section: the confidence below which a person reviews the case, per segment.
public struct Uncertainty: MapContent {
    /// The item as the parser would build it from its line.
    public let declaration: UncertaintyDecl

    /// Declares the confidence thresholds.
    ///
    /// - Parameters:
    ///   - field: The model's confidence, a number input with range `0...1`; nil lets the checker
    ///     find it.
    ///   - doc: The `##` description.
    ///   - thresholds: One `Below` per segment or group of segments, and one without segments for
    ///     every other segment.
    public init(using field: NumberInput? = nil, doc: String? = nil, @ListBuilder<Below> _ thresholds: () -> [Below]) {
        declaration = UncertaintyDecl(field: field?.declaration.name, thresholds: thresholds().map(\.declaration), doc: doc)
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.uncertainty = declaration }
}

/// A confidence threshold (a line of the `uncertainty` section).
public struct Below: Sendable {
    /// The item as the parser would build it from its line.
    public let declaration: ThresholdDecl

    /// Declares a threshold: in these segments, a confidence strictly below `threshold` sends the
    /// case to `route` with outcome `review`.
    ///
    /// - Parameters:
    ///   - threshold: The minimum confidence, in `0...1`.
    ///   - segments: The segments it applies in; none for `otherwise` (every other segment).
    ///   - route: Where low-confidence cases go.
    ///   - doc: The `##` description.
    public init(_ threshold: Double, in segments: RiskSegment..., to route: Destination, doc: String? = nil) {
        declaration = ThresholdDecl(in: segments.map { Name($0.name) }, below: Literal(.number(threshold)),
                                    to: route.reference, doc: doc)
    }
}

/// A missing-data policy (a line of the `missing` section).
public struct Missing: MapContent {
    /// The item as the parser would build it from its line.
    public let declaration: PolicyDecl

    /// Declares where a case goes when a step needs one of these fields and it is missing.
    ///
    /// - Parameters:
    ///   - fields: The fields; none for `otherwise` (every other field).
    ///   - route: Where the case goes, with outcome `data-policy`.
    ///   - doc: The `##` description.
    public init(_ fields: any InputHandle..., to route: Destination, doc: String? = nil) {
        declaration = PolicyDecl(fields.map(\.declaration.name), to: route.reference, doc: doc)
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.missing.append(declaration) }
}

/// An invalid-data policy (a line of the `invalid` section).
public struct Invalid: MapContent {
    /// The item as the parser would build it from its line.
    public let declaration: PolicyDecl

    /// Declares where a case goes when one of these fields has a value the schema does not allow.
    ///
    /// - Parameters:
    ///   - fields: The fields; none for `otherwise` (every other field).
    ///   - route: Where the case goes, with outcome `data-policy`.
    ///   - doc: The `##` description.
    public init(_ fields: any InputHandle..., to route: Destination, doc: String? = nil) {
        declaration = PolicyDecl(fields.map(\.declaration.name), to: route.reference, doc: doc)
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.invalid.append(declaration) }
}

/// A rule of a decision table: `When` or `Otherwise`.
public protocol TableRule: Sendable {
    /// The rule as a syntax tree.
    var declaration: RuleDecl { get }
}

/// `when CONDITION -> ROUTE`.
public struct When: TableRule {
    /// The item as the parser would build it from its line.
    public let declaration: RuleDecl

    /// Declares a rule.
    ///
    /// - Parameters:
    ///   - condition: When the rule holds.
    ///   - route: Where the case goes.
    ///   - doc: The `##` description.
    public init(_ condition: some ConditionConvertible, to route: Destination, doc: String? = nil) {
        declaration = RuleDecl(when: condition.condition, to: route.reference, doc: doc)
    }
}

/// `otherwise -> ROUTE`: a rule that always holds; it must be the table's last.
public struct Otherwise: TableRule {
    /// The item as the parser would build it from its line.
    public let declaration: RuleDecl

    /// Declares a catch-all rule.
    ///
    /// - Parameters:
    ///   - route: Where the case goes.
    ///   - doc: The `##` description.
    public init(to route: Destination, doc: String? = nil) {
        declaration = RuleDecl(when: nil, to: route.reference, doc: doc)
    }
}

/// A decision table (a `decide` section).
public struct Decide: MapContent {
    /// The item as the parser would build it from its line.
    public let declaration: TableDecl

    /// Declares a decision table.
    ///
    /// - Parameters:
    ///   - name: The table's name.
    ///   - policy: The hit policy: `.first`, `.unique`, `.priority` or `.any` (DMN's meanings).
    ///   - segments: The segments the table applies in; none for every segment.
    ///   - doc: The `##` description.
    ///   - rules: The rules, in order.
    public init(_ name: String, _ policy: HitPolicy = .first, in segments: RiskSegment..., doc: String? = nil,
                @ListBuilder<any TableRule> _ rules: () -> [any TableRule]) {
        declaration = TableDecl(Name(name), policy: policy, in: segments.map { Name($0.name) },
                                rules: rules().map(\.declaration), doc: doc)
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.tables.append(declaration) }
}

/// `fallback -> ROUTE`: where anything the map leaves undecided goes (still reported as a gap).
public struct FallbackTo: MapContent {
    /// The item as the parser would build it from its line.
    public let declaration: FallbackDecl

    /// Declares the fallback route.
    ///
    /// - Parameters:
    ///   - route: The route.
    ///   - doc: The `##` description.
    public init(_ route: Destination, doc: String? = nil) {
        declaration = FallbackDecl(to: route.reference, doc: doc)
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.fallback = declaration }
}
