/// Conditions in the Swift DSL: typed tests joined with `&&`, `||` and `!`, built into the same
/// `Condition` trees the parser builds (flat `and`/`or` chains, parentheses as `.group`), so a map
/// written in Swift and the same map written as text have equal syntax trees.

/// Anything that can stand as a condition: a test, a boolean input, a named condition.
public protocol ConditionConvertible: Sendable {
    /// The condition as a syntax tree.
    var condition: Condition { get }
}

extension Condition: ConditionConvertible {
    /// The condition itself.
    public var condition: Condition { self }
}

/// `A and B`. Chains stay flat (`a && b && c` is one `and` of three); an `or` operand gets the
/// parentheses its meaning needs.
public func && (lhs: some ConditionConvertible, rhs: some ConditionConvertible) -> Condition {
    func operands(_ c: Condition) -> [Condition] {
        switch c.kind {
        case .and(let operands): operands
        case .or: [Condition(.group(c))]
        default: [c]
        }
    }
    return Condition(.and(operands(lhs.condition) + operands(rhs.condition)))
}

/// `A or B`. Chains stay flat.
public func || (lhs: some ConditionConvertible, rhs: some ConditionConvertible) -> Condition {
    func operands(_ c: Condition) -> [Condition] {
        if case .or(let operands) = c.kind { return operands }
        return [c]
    }
    return Condition(.or(operands(lhs.condition) + operands(rhs.condition)))
}

/// `not A`, with parentheses around an `and` or `or`.
public prefix func ! (operand: some ConditionConvertible) -> Condition {
    let c = operand.condition
    switch c.kind {
    case .and, .or: return Condition(.not(Condition(.group(c))))
    default: return Condition(.not(c))
    }
}

/// `segment is S` (one segment) or `segment in (S, …)`: the case's segment is one of these.
public func inSegment(_ first: RiskSegment, _ more: RiskSegment...) -> Condition {
    let names = ([first] + more).map { Name($0.name) }
    return Condition(.segment(negated: false, names, list: !more.isEmpty))
}

/// `segment is not S` or `segment not in (S, …)`.
public func notInSegment(_ first: RiskSegment, _ more: RiskSegment...) -> Condition {
    let names = ([first] + more).map { Name($0.name) }
    return Condition(.segment(negated: true, names, list: !more.isEmpty))
}

/// A named, reusable condition (an item of the `conditions` section). Use it in other conditions
/// by value: `largeAmount || vip`.
public struct Criterion: ConditionConvertible {
    /// The item as the parser would build it from its line.
    public let declaration: ConditionDecl

    /// Declares a named condition.
    ///
    /// - Parameters:
    ///   - name: Its name.
    ///   - condition: What it means.
    ///   - doc: The `##` description.
    public init(_ name: String, when condition: some ConditionConvertible, doc: String? = nil) {
        declaration = ConditionDecl(Name(name), condition.condition, doc: doc)
    }

    /// The condition's name.
    public var name: String { declaration.name.text }

    /// A reference to this name, as a condition.
    public var condition: Condition { Condition(.reference(declaration.name)) }
}

/// The `conditions` section.
public struct Conditions: MapContent {
    let conditions: [Criterion]

    /// Lists the map's named conditions.
    public init(@ListBuilder<Criterion> _ conditions: () -> [Criterion]) {
        self.conditions = conditions()
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.conditions += conditions.map(\.declaration) }
}
