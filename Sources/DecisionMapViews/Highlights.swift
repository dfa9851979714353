import DecisionMap

/// Something that finds problems worth drawing on a map's diagram: `dmap graph --lint` asks one
/// for highlights and draws them as red nodes with a ⚠ and the message.
///
/// `StaticChecks` is the built-in one. A linter plugs in by mapping its findings to nodes, for
/// example with `MapGraph.nodeID(covering:)` on each finding's source range.
public protocol GraphHighlighter: Sendable {
    /// Where the highlights come from, for the legend: "static checks (full lint: dmap lint)".
    var note: String { get }

    /// The highlights for a map.
    ///
    /// - Parameters:
    ///   - model: the checked map.
    ///   - graph: its diagram, to look node ids up in.
    /// - Returns: highlights in the order to draw them.
    func highlights(for model: MapModel, in graph: MapGraph) -> [GraphHighlight]
}

/// Checks that are exact and cheap on the model alone, without the input-space analysis of
/// `dmap lint`: human routes without owner or SLA, routes nothing sends work to, unanswered
/// ownership questions, and — when there is no fallback — places where undecided cases end as
/// gaps (a last table without `otherwise`, a segment no table applies to, no catch-all segment,
/// data without a policy). A map that passes them can still have gaps; `dmap lint` finds those.
public struct StaticChecks: GraphHighlighter {
    /// The checks; they have no settings.
    public init() {}

    /// Says in the legend that these are not the whole lint.
    public var note: String { "static checks (full lint: dmap lint)" }

    /// Runs every check, in the order of the table in docs/graph.md, over the model.
    public func highlights(for model: MapModel, in graph: MapGraph) -> [GraphHighlight] {
        var found: [GraphHighlight] = []
        func add(_ node: String, _ check: String, _ message: String) {
            if graph.node(node) != nil { found.append(GraphHighlight(node: node, check: check, message: message)) }
        }

        let unanswered = OwnershipQuestion.allCases.filter { model.owners[$0] == nil }
        for question in unanswered {
            add("owners", "unanswered-owner", "no one answers `\(question.rawValue)`: \(question.question)")
        }

        for f in Self.uncoveredOptionalFields(model) {
            add("validate", "no-missing-policy",
                "optional `\(model.fields[f].name)` is used in conditions but has no missing-data policy")
        }
        let noFallback = model.fallback == nil
        if noFallback {
            let uncovered = model.fields.indices.filter { model.invalidPolicy(forField: $0) == nil }
            if !uncovered.isEmpty {
                let names = uncovered.map { "`\(model.fields[$0].name)`" }.joined(separator: ", ")
                add("validate", "no-invalid-policy", "no invalid-data policy for \(names) and no fallback: invalid values are gaps")
            }
            if let last = model.segments.indices.last, model.segments[last].predicate != nil {
                add(MapGraph.segmentID(model, last), "no-catch-all-segment",
                    "no `otherwise` segment and no fallback: a case no segment holds for is a gap")
            }
            for s in Self.segmentsWithoutTables(model) {
                add(MapGraph.segmentID(model, s), "no-table",
                    "no decision table applies here and there is no fallback")
            }
            for t in Self.lastResortTables(model).sorted() {
                add(MapGraph.tableID(model, t), "no-otherwise",
                    "no `otherwise` rule and no fallback: cases no rule matches are gaps")
            }
        }

        let used = Self.usedRoutes(model)
        for (r, route) in model.routes.enumerated() {
            let id = MapGraph.routeID(model, r)
            if !used.contains(r) { add(id, "unused-route", "nothing sends cases to `\(route.name)`") }
            guard route.kind.isHuman else { continue }
            if route.owner == nil { add(id, "no-owner", "\(route.kind.keyword) route `\(route.name)` has no owner") }
            if route.slaMinutes == nil { add(id, "no-sla", "\(route.kind.keyword) route `\(route.name)` has no SLA") }
        }
        return found
    }

    // MARK: Facts shared with the graph builder

    /// Routes that some escalation, inconsistency, threshold, data policy, rule or the fallback
    /// sends cases to.
    static func usedRoutes(_ model: MapModel) -> Set<Int> {
        var used = Set<Int>()
        used.formUnion(model.escalations.map(\.route))
        used.formUnion(model.inconsistencies.map(\.route))
        used.formUnion(model.thresholds.map(\.route))
        used.formUnion(model.missingPolicies.map(\.route))
        used.formUnion(model.invalidPolicies.map(\.route))
        for table in model.tables { used.formUnion(table.rules.map(\.route)) }
        if let fallback = model.fallback { used.insert(fallback.route) }
        return used
    }

    /// Optional fields that a condition reads (other than `is missing` / `is present`, which are
    /// never unknown) and that have no missing-data policy, not even `otherwise`.
    static func uncoveredOptionalFields(_ model: MapModel) -> [Int] {
        var read = Set<Int>()
        var visited = Set<Int>()
        func walk(_ p: Predicate) {
            switch p {
            case .constant, .segment, .missing: break
            case .and(let ps), .or(let ps): ps.forEach(walk)
            case .not(let q): walk(q)
            case .compare(let f, _, _), .oneOf(let f, _), .boolean(let f, _), .textIn(let f, _), .textContains(let f, _):
                read.insert(f)
            case .condition(let c):
                if visited.insert(c).inserted { walk(model.conditions[c].predicate) }
            }
        }
        model.segments.compactMap(\.predicate).forEach(walk)
        model.escalations.map(\.predicate).forEach(walk)
        model.inconsistencies.map(\.predicate).forEach(walk)
        for table in model.tables { table.rules.compactMap(\.predicate).forEach(walk) }
        if let confidence = model.confidenceField, !model.thresholds.isEmpty { read.insert(confidence) }
        return read.sorted().filter { model.fields[$0].optional && model.missingPolicy(forField: $0) == nil }
    }

    /// Segments that no decision table applies to.
    static func segmentsWithoutTables(_ model: MapModel) -> [Int] {
        model.segments.indices.filter { s in !model.tables.contains { $0.applies(inSegment: s) } }
    }

    /// Tables that are the last chance for some segment none of whose tables has an `otherwise`
    /// rule: when no rule of them holds, the case is a `no-rule` gap (or meets the fallback).
    static func lastResortTables(_ model: MapModel) -> Set<Int> {
        var result = Set<Int>()
        for s in model.segments.indices {
            let applicable = model.tables.indices.filter { model.tables[$0].applies(inSegment: s) }
            let catchAll = applicable.contains { t in model.tables[t].rules.contains { $0.predicate == nil } }
            if !catchAll, let last = applicable.last { result.insert(last) }
        }
        return result
    }
}
