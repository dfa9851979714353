/// The Swift DSL: result builders that build a `MapSyntax`, the same syntax tree the parser
/// produces, so a map written in Swift is printed, checked and routed exactly like a `.dmap` file.
///
/// ```swift
/// let amount = NumberInput("amount", in: 0...1_000_000, optional: true)
/// let fraudDesk = Destination("fraud_desk", .team("Fraud Desk"), handle: .minutes(30))
/// let map = try DecisionMap("Triage") {
///     Inputs { amount }
///     Segments { RiskSegment("all", risk: .low) }
///     Routes { fraudDesk }
///     Decide("route", .first) { When(amount >= 10_000, to: fraudDesk) }
/// }
/// ```
///
/// Names in the DSL are values: a rule names a `Destination`, a threshold a `RiskSegment`, a
/// condition a typed input, so a route cannot be passed where a segment belongs. Everything the
/// Swift compiler cannot check (a route declared but not listed in `Routes`, an enum value the
/// input does not have) the map's checker reports, with diagnostics that point into the map's
/// canonical text.

/// A part of a map: a section, or an item that adds itself to its section.
public protocol MapContent: Sendable {
    /// Adds this part to a map's syntax tree.
    func add(to map: inout MapSyntax)
}

/// Collects the sections of a map written in Swift.
@resultBuilder
public enum MapBuilder {
    /// One item.
    public static func buildExpression(_ content: some MapContent) -> [any MapContent] { [content] }
    /// The items of a block, in order.
    public static func buildBlock(_ parts: [any MapContent]...) -> [any MapContent] { parts.flatMap { $0 } }
    /// The items of an `if` without `else`, when it runs.
    public static func buildOptional(_ part: [any MapContent]?) -> [any MapContent] { part ?? [] }
    /// The items of the first branch of an `if`/`else`.
    public static func buildEither(first part: [any MapContent]) -> [any MapContent] { part }
    /// The items of the second branch of an `if`/`else`.
    public static func buildEither(second part: [any MapContent]) -> [any MapContent] { part }
    /// The items of a `for` loop, in order.
    public static func buildArray(_ parts: [[any MapContent]]) -> [any MapContent] { parts.flatMap { $0 } }
}

/// Collects the items of one section (inputs, routes, rules, …), in order.
@resultBuilder
public enum ListBuilder<Element> {
    /// One item.
    public static func buildExpression(_ element: Element) -> [Element] { [element] }
    /// The items of a block, in order.
    public static func buildBlock(_ parts: [Element]...) -> [Element] { parts.flatMap { $0 } }
    /// The items of an `if` without `else`, when it runs.
    public static func buildOptional(_ part: [Element]?) -> [Element] { part ?? [] }
    /// The items of the first branch of an `if`/`else`.
    public static func buildEither(first part: [Element]) -> [Element] { part }
    /// The items of the second branch of an `if`/`else`.
    public static func buildEither(second part: [Element]) -> [Element] { part }
    /// The items of a `for` loop, in order.
    public static func buildArray(_ parts: [[Element]]) -> [Element] { parts.flatMap { $0 } }
}

extension MapSyntax {
    /// Builds a map's syntax tree in Swift.
    ///
    /// - Parameters:
    ///   - title: The map's title (`map "…"`).
    ///   - version: The map's version.
    ///   - description: A one-line description.
    ///   - currency: The unit of every route's `cost`.
    ///   - ids: The case-file column holding case ids.
    ///   - doc: The `##` description of the map.
    ///   - content: The sections: `Owners`, `Inputs`, `Conditions`, `Segments`, `Routes`,
    ///     `Escalate`, `Inconsistent`, `Uncertainty`, `Missing`, `Invalid`, `Decide`, `FallbackTo`,
    ///     in any order; items of the same kind are kept in the order written.
    public init(_ title: String, version: String? = nil, description: String? = nil, currency: String? = nil,
                ids: String? = nil, doc: String? = nil, @MapBuilder _ content: () -> [any MapContent]) {
        self.init()
        header = MapHeader(title: title, version: version, description: description, currency: currency, ids: ids, doc: doc)
        for part in content() { part.add(to: &self) }
    }
}

extension DecisionMap {
    /// Builds, checks and compiles a map written in Swift.
    ///
    /// The map is printed as canonical `.dmap` text and that text is parsed and checked, so a
    /// map written in Swift gets exactly the rules of a `.dmap` file, and its diagnostics and
    /// traces point at lines of the canonical text (`model.source`).
    ///
    /// - Parameters: See `MapSyntax.init(_:version:description:currency:ids:doc:_:)`.
    /// - Throws: `MapError` with every diagnostic when the map has errors.
    public init(_ title: String, version: String? = nil, description: String? = nil, currency: String? = nil,
                ids: String? = nil, doc: String? = nil, @MapBuilder _ content: () -> [any MapContent]) throws(MapError) {
        try self.init(syntax: MapSyntax(title, version: version, description: description, currency: currency,
                                        ids: ids, doc: doc, content))
    }
}
