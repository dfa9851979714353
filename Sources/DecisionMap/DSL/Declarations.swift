/// Segments, routes and owners in the Swift DSL.

/// A risk segment (an item of the `segments` section). Segments are tried in order; a case
/// belongs to the first whose condition holds.
public struct RiskSegment: Sendable {
    /// The item as the parser would build it from its line.
    public let declaration: SegmentDecl

    /// Declares a segment.
    ///
    /// - Parameters:
    ///   - name: Its name.
    ///   - risk: Its risk level.
    ///   - condition: Which cases belong to it; nil (the default) for the `otherwise` segment,
    ///     which must come last.
    ///   - doc: The `##` description.
    public init(_ name: String, risk: RiskLevel, when condition: (any ConditionConvertible)? = nil, doc: String? = nil) {
        declaration = SegmentDecl(Name(name), risk: risk, condition?.condition, doc: doc)
    }

    /// The segment's name.
    public var name: String { declaration.name.text }
}

/// The `segments` section.
public struct Segments: MapContent {
    let segments: [RiskSegment]

    /// Lists the map's segments, in the order they are tried.
    public init(@ListBuilder<RiskSegment> _ segments: () -> [RiskSegment]) {
        self.segments = segments()
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.segments += segments.map(\.declaration) }
}

extension TimeSpan {
    /// A duration in seconds: `90 s`.
    public static func seconds(_ value: Double) -> TimeSpan { TimeSpan(value, .seconds) }
    /// A duration in minutes: `30 min`.
    public static func minutes(_ value: Double) -> TimeSpan { TimeSpan(value, .minutes) }
    /// A duration in hours: `4 h`.
    public static func hours(_ value: Double) -> TimeSpan { TimeSpan(value, .hours) }
    /// A duration in days: `2 days`.
    public static func days(_ value: Double) -> TimeSpan { TimeSpan(value, .days) }
}

/// A route: where work can go (an item of the `routes` section). Rules, thresholds, policies and
/// escalations name their route by this value.
public struct Destination: Sendable {
    /// The item as the parser would build it from its line.
    public let declaration: RouteDecl

    /// Declares a route.
    ///
    /// - Parameters:
    ///   - name: Its name.
    ///   - kind: `.automated`, `.team("Queue")` or `.escalation("Role")`.
    ///   - handle: Handling time per case.
    ///   - cost: Cost per case, in the map's currency.
    ///   - sla: Time within which a case must be picked up.
    ///   - capacity: Human hours available per week.
    ///   - owner: Who answers for the route.
    ///   - doc: The `##` description.
    public init(_ name: String, _ kind: RouteKind, handle: TimeSpan? = nil, cost: Double? = nil, sla: TimeSpan? = nil,
                capacity: Double? = nil, owner: String? = nil, doc: String? = nil) {
        declaration = RouteDecl(Name(name), kind, handle: handle, cost: cost, sla: sla, capacity: capacity, owner: owner, doc: doc)
    }

    /// The route's name.
    public var name: String { declaration.name.text }

    var reference: Name { declaration.name }
}

/// The `routes` section. For `priority` tables, the order matters: the route listed first wins.
public struct Routes: MapContent {
    let routes: [Destination]

    /// Lists the map's routes.
    public init(@ListBuilder<Destination> _ routes: () -> [Destination]) {
        self.routes = routes()
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.routes += routes.map(\.declaration) }
}

/// The `owners` section: the role that answers each of the five ownership questions.
public struct Owners: MapContent {
    let owners: [OwnerDecl]

    /// Names the owners; a question left nil is unanswered (and `dmap lint` says so).
    ///
    /// - Parameters:
    ///   - decisions: Who defines the decision logic.
    ///   - risk: Who owns risk tolerance.
    ///   - review: Who intervenes when the model is uncertain.
    ///   - quality: Who measures outcome quality.
    ///   - roles: Who redesigns the roles.
    public init(decisions: String? = nil, risk: String? = nil, review: String? = nil, quality: String? = nil,
                roles: String? = nil) {
        let answers: [(OwnershipQuestion, String?)] = [(.decisions, decisions), (.risk, risk), (.review, review),
                                                       (.quality, quality), (.roles, roles)]
        owners = answers.compactMap { question, role in role.map { OwnerDecl(question, $0) } }
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.owners += owners }
}
