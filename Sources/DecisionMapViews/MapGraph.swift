import DecisionMap

/// A decision map as a diagram: the steps of the routing order as columns (stages), the items of
/// the map as nodes in them, and an edge wherever an item sends cases to a route. The three
/// renderers (`MermaidRenderer`, `DotRenderer`, `SVGRenderer`) draw this value and nothing else,
/// so they show the same things; tests compare it structurally.
///
/// Node ids are stable (`segment_critical`, `route_billing_team`, `table_route`,
/// `escalation_1`) and contain only ASCII letters, digits and `_`, so every output format can use
/// them as they are.
public struct MapGraph: Hashable, Sendable {
    /// The map's title.
    public var title: String
    /// Version and description, for a subtitle.
    public var subtitle: String
    /// The columns, in routing order.
    public var stages: [Stage]
    /// Every node, stage by stage, in the order they are drawn.
    public var nodes: [Node]
    /// Every edge, in the order of their source nodes.
    public var edges: [Edge]
    /// What the highlights are, for the legend (such as "static checks (full lint: dmap lint)");
    /// nil when nothing is highlighted.
    public var highlightNote: String?

    /// The node with this id.
    public func node(_ id: String) -> Node? { nodes.first { $0.id == id } }

    /// The nodes of a stage, in order.
    public func nodes(in stage: Stage.Kind) -> [Node] { nodes.filter { $0.stage == stage } }

    /// The node drawn for the map item at `range`: the smallest node whose range covers it (a
    /// table rather than the whole map). Use this to attach findings that carry a source range,
    /// such as `dmap lint`'s, to nodes.
    public func nodeID(covering range: SourceRange) -> String? {
        nodes.filter { $0.range != .none && $0.range.start <= range.start && range.end <= $0.range.end }
            .min { ($0.range.end - $0.range.start) < ($1.range.end - $1.range.start) }?.id
    }

    /// This graph with highlights attached to their nodes. Highlights naming no node are dropped.
    ///
    /// - Parameters:
    ///   - highlights: messages by node id, drawn in the order given.
    ///   - note: the legend's description of where the highlights come from.
    public func highlighting(_ highlights: [GraphHighlight], note: String) -> MapGraph {
        var copy = self
        for h in highlights {
            if let i = copy.nodes.firstIndex(where: { $0.id == h.node }) { copy.nodes[i].warnings.append(h.message) }
        }
        copy.highlightNote = note
        return copy
    }

    /// A column of the diagram: one step of the routing order.
    public struct Stage: Hashable, Sendable {
        /// The steps, in routing order.
        public enum Kind: String, Hashable, Sendable, CaseIterable {
            case intake, data, segments, escalation, inconsistency, uncertainty, tables, routes
        }

        /// Which step.
        public var kind: Kind
        /// The column heading, such as "Segments".
        public var title: String
        /// One line on what the step does, such as "first that holds".
        public var caption: String

        /// The group id used by Mermaid and DOT: `stage_segments`.
        public var id: String { "stage_" + kind.rawValue }
    }

    /// One box of the diagram.
    public struct Node: Hashable, Sendable {
        /// What a node stands for; decides its shape and colours.
        public enum Kind: Hashable, Sendable {
            /// Where a case enters.
            case start
            /// The five ownership questions and who answers them.
            case owners
            /// Validation against the inputs.
            case validate
            case invalidPolicy, missingPolicy
            case segment(RiskLevel)
            case escalation, inconsistency, threshold
            case table(HitPolicy)
            case fallback
            case route(RouteKind.Style)
            /// Where undecided cases end when there is no fallback.
            case gap
            /// Stands in for an empty step ("no mandatory escalations").
            case none
        }

        /// Stable and unique; see `MapGraph`.
        public var id: String
        /// The column the node is drawn in.
        public var stage: Stage.Kind
        /// What the node stands for.
        public var kind: Kind
        /// The main line: a name, a reason, a threshold.
        public var title: String
        /// A short tag drawn beside the title: the risk level, the hit policy, the route kind.
        public var badge: String?
        /// The lines under the title.
        public var rows: [Row]
        /// The item's `##` description.
        public var doc: String?
        /// The map text the node stands for (a table's covers its rules); `.none` for nodes that
        /// stand for no one item.
        public var range: SourceRange
        /// Highlight messages (from `--lint`), drawn in red.
        public var warnings: [String] = []

        /// Everything the node says, in full: for tooltips and accessible names.
        public var fullText: String {
            var lines = [title + (badge.map { " (\($0))" } ?? "")]
            lines += rows.map(\.fullText)
            if let doc { lines.append(doc) }
            lines += warnings.map { "⚠ " + $0 }
            return lines.joined(separator: "\n")
        }
    }

    /// A line of a node. A row with a target says where it sends cases (`→ billing_team`); the
    /// edge for it leaves the node at that row.
    public struct Row: Hashable, Sendable {
        /// How a row is set.
        public enum Style: String, Hashable, Sendable {
            /// Ordinary text.
            case text
            /// A condition, as written in the map.
            case condition
            /// Secondary facts (owner, SLA, capacity).
            case detail
        }

        /// The row's text, without the target.
        public var text: String
        /// How the row is set.
        public var style: Style
        /// The name of the route (or "gap") this row sends cases to.
        public var target: String?
        /// The id of that route's node (or the gap node).
        public var targetNode: String?

        /// A row; `target` is the route's name as shown, `node` its node id.
        public init(_ text: String, _ style: Style = .text, target: String? = nil, node: String? = nil) {
            self.text = text
            self.style = style
            self.target = target
            targetNode = node
        }

        /// The text with its target: `1. when x is a → desk`.
        public var fullText: String {
            guard let target else { return text }
            return text.isEmpty ? "→ " + target : text + " → " + target
        }
    }

    /// Cases flow from one node to another (always into a route or the gap node).
    public struct Edge: Hashable, Sendable {
        /// Which kind of step sends the cases.
        public enum Kind: String, Hashable, Sendable {
            case invalidData = "invalid-data", missingData = "missing-data"
            case escalation, inconsistency, review, decision, fallback
            /// Undecided cases, when there is no fallback.
            case gap
        }

        /// The id of the node the cases come from.
        public var from: String
        /// The id of the route (or gap) node they go to.
        public var to: String
        /// Which kind of step sends them.
        public var kind: Kind
        /// Short text for the edge, such as "rules 2, 5" or "below 0.95".
        public var label: String
        /// The rows of `from` the edge leaves from; empty: the node as a whole.
        public var rows: [Int]
    }
}

/// A message drawn on a node: a gap or a lint finding.
public struct GraphHighlight: Hashable, Sendable {
    /// The id of the node it belongs to.
    public var node: String
    /// A stable id of the check that found it, such as `no-owner`.
    public var check: String
    /// One line, lowercase, names in backticks.
    public var message: String

    /// A highlight on the node with id `node`.
    public init(node: String, check: String, message: String) {
        self.node = node
        self.check = check
        self.message = message
    }
}

extension RouteKind {
    /// How a route is drawn: the kind without its queue or role name.
    public enum Style: String, Hashable, Sendable, CaseIterable {
        case automated, team, escalation
    }

    /// How routes of this kind are drawn.
    public var style: Style {
        switch self {
        case .automated: .automated
        case .team: .team
        case .escalation: .escalation
        }
    }
}

// MARK: - Building

extension MapGraph {
    /// Builds the diagram of a checked map.
    ///
    /// - Parameter model: the map (`DecisionMap.model`).
    public init(_ model: MapModel) {
        var builder = GraphBuilder(model)
        self = builder.build()
    }

    /// A node id from a kind and a name, safe in Mermaid, DOT and XML: `route_billing_team`.
    /// A name with characters other than ASCII letters, digits and `_` (names may hold any
    /// letter) is replaced by its position, `route_3`; names never start with a digit, so the
    /// two forms cannot collide.
    public static func id(_ prefix: String, _ name: String, index: Int) -> String {
        let plain = name.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "_"
        }
        return prefix + "_" + (plain ? name : String(index + 1))
    }

    /// The node id of route `index` of a model.
    public static func routeID(_ model: MapModel, _ index: Int) -> String {
        id("route", model.routes[index].name, index: index)
    }

    /// The node id of segment `index` of a model.
    public static func segmentID(_ model: MapModel, _ index: Int) -> String {
        id("segment", model.segments[index].name, index: index)
    }

    /// The node id of decision table `index` of a model.
    public static func tableID(_ model: MapModel, _ index: Int) -> String {
        id("table", model.tables[index].name, index: index)
    }

    /// The node id of the gap node (drawn when there is no fallback).
    public static let gapID = "gap"
}

private struct GraphBuilder {
    let model: MapModel
    let syntax: MapSyntax
    var nodes: [MapGraph.Node] = []
    var edges: [MapGraph.Edge] = []

    init(_ model: MapModel) {
        self.model = model
        syntax = model.syntax
    }

    mutating func build() -> MapGraph {
        let stages: [MapGraph.Stage] = [
            .init(kind: .intake, title: "Case", caption: "a case arrives"),
            .init(kind: .data, title: "Data checks", caption: "invalid or missing values"),
            .init(kind: .segments, title: "Segments", caption: "first that holds"),
            .init(kind: .escalation, title: "Escalation", caption: "mandatory, overrides the rest"),
            .init(kind: .inconsistency, title: "Inconsistency", caption: "conflicting signals"),
            .init(kind: .uncertainty, title: "Uncertainty", caption: "low confidence → review"),
            .init(kind: .tables, title: "Decision tables", caption: "first applicable table that decides"),
            .init(kind: .routes, title: "Routes", caption: "where the work goes"),
        ]
        intake()
        dataChecks()
        segments()
        escalations()
        inconsistencies()
        uncertainty()
        tables()
        routes()
        var subtitle: [String] = []
        if let version = syntax.header?.version { subtitle.append("version " + version) }
        if let description = syntax.header?.description { subtitle.append(description) }
        // Edges in the order of their source nodes, so every renderer lists them the same way.
        let order = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
        let sorted = edges.enumerated().sorted { a, b in
            (order[a.element.from] ?? 0, a.offset) < (order[b.element.from] ?? 0, b.offset)
        }.map(\.element)
        return MapGraph(title: model.title, subtitle: subtitle.joined(separator: " · "), stages: stages,
                        nodes: nodes, edges: sorted, highlightNote: nil)
    }

    // MARK: Stages

    private mutating func intake() {
        let fields = model.fields
        var rows = [MapGraph.Row("\(fields.count) input\(fields.count == 1 ? "" : "s")")]
        let fromModel = fields.filter(\.fromModel).map(\.name)
        if !fromModel.isEmpty { rows.append(.init("from a model: " + fromModel.joined(separator: ", "), .detail)) }
        let optional = fields.filter(\.optional).map(\.name)
        if !optional.isEmpty { rows.append(.init("optional: " + optional.joined(separator: ", "), .detail)) }
        nodes.append(.init(id: "start", stage: .intake, kind: .start, title: "Case arrives", badge: "START", rows: rows,
                           doc: syntax.header?.description, range: .none))

        let owners = OwnershipQuestion.allCases.map { question in
            MapGraph.Row("\(question.rawValue): " + (model.owners[question] ?? "—"), .detail)
        }
        let range = syntax.owners.map(\.range).reduce(SourceRange.none) { $0.union($1) }
        nodes.append(.init(id: "owners", stage: .intake, kind: .owners, title: "Owners", badge: "OWNERSHIP", rows: owners,
                           doc: OwnershipQuestion.allCases.map { "\($0.rawValue): \($0.question)" }.joined(separator: "; "),
                           range: range))
    }

    private mutating func dataChecks() {
        nodes.append(.init(id: "validate", stage: .data, kind: .validate, title: "Validate values", badge: "VALIDATION",
                           rows: [.init("each value against its input"),
                                  .init("outside the schema: invalid-data policy", .detail),
                                  .init("missing where a step needs it: missing-data policy", .detail)],
                           doc: nil, range: .none))
        for (kind, policies, declared) in [(MapGraph.Node.Kind.invalidPolicy, model.invalidPolicies, syntax.invalid),
                                           (.missingPolicy, model.missingPolicies, syntax.missing)] {
            let invalid = kind == .invalidPolicy
            for (i, policy) in policies.enumerated() {
                let id = (invalid ? "invalid_" : "missing_") + "\(i + 1)"
                let fields = policy.fields.isEmpty ? "any other field" : policy.fields.map { model.fields[$0].name }.joined(separator: ", ")
                nodes.append(.init(id: id, stage: .data, kind: kind, title: fields,
                                   badge: invalid ? "INVALID-DATA POLICY" : "MISSING-DATA POLICY",
                                   rows: [sendsTo(policy.route)],
                                   doc: declared.indices.contains(i) ? declared[i].doc : nil, range: policy.range))
                edges.append(.init(from: id, to: MapGraph.routeID(model, policy.route), kind: invalid ? .invalidData : .missingData,
                                   label: invalid ? "invalid" : "missing", rows: [0]))
            }
        }
        guard model.fallback == nil else { return }
        // Without a fallback, data the policies do not cover ends as a gap.
        if model.fields.indices.contains(where: { model.invalidPolicy(forField: $0) == nil }) {
            edges.append(.init(from: "validate", to: MapGraph.gapID, kind: .gap, label: "invalid, no policy", rows: [1]))
        }
        if !GapPaths.uncoveredOptionalFields(model).isEmpty {
            edges.append(.init(from: "validate", to: MapGraph.gapID, kind: .gap, label: "missing, no policy", rows: [2]))
        }
    }

    private mutating func segments() {
        for (i, segment) in model.segments.enumerated() {
            let condition = syntax.segments.indices.contains(i) ? syntax.segments[i].condition : nil
            let text = condition.map { "when " + conditionText($0) } ?? (segment.predicate == nil ? "otherwise: every other case" : "")
            nodes.append(.init(id: MapGraph.segmentID(model, i), stage: .segments, kind: .segment(segment.risk),
                               title: segment.name, badge: segment.risk.rawValue.uppercased() + " RISK",
                               rows: [.init(text, .condition)], doc: segment.doc, range: segment.range))
        }
        guard model.fallback == nil else { return }
        if let last = model.segments.indices.last, model.segments[last].predicate != nil {
            edges.append(.init(from: MapGraph.segmentID(model, last), to: MapGraph.gapID, kind: .gap,
                               label: "no segment holds", rows: []))
        }
        for s in GapPaths.segmentsWithoutTables(model) {
            edges.append(.init(from: MapGraph.segmentID(model, s), to: MapGraph.gapID, kind: .gap,
                               label: "no table applies", rows: []))
        }
    }

    private mutating func escalations() {
        for (i, escalation) in model.escalations.enumerated() {
            let id = "escalation_\(i + 1)"
            let declared = syntax.escalations.indices.contains(i) ? syntax.escalations[i] : nil
            var rows: [MapGraph.Row] = []
            if let condition = declared?.condition { rows.append(.init("when " + conditionText(condition), .condition)) }
            if let sla = escalation.slaMinutes { rows.append(.init("SLA " + durationText(sla), .detail)) }
            rows.append(sendsTo(escalation.route))
            nodes.append(.init(id: id, stage: .escalation, kind: .escalation,
                               title: escalation.reason.map(quoted) ?? "Escalation \(i + 1)", badge: "MANDATORY ESCALATION",
                               rows: rows, doc: declared?.doc, range: escalation.range))
            edges.append(.init(from: id, to: MapGraph.routeID(model, escalation.route), kind: .escalation, label: "escalate",
                               rows: [rows.count - 1]))
        }
        if model.escalations.isEmpty { nodes.append(placeholder(.escalation, "No mandatory escalation")) }
    }

    private mutating func inconsistencies() {
        for (i, inconsistency) in model.inconsistencies.enumerated() {
            let id = "inconsistency_\(i + 1)"
            let declared = syntax.inconsistencies.indices.contains(i) ? syntax.inconsistencies[i] : nil
            var rows: [MapGraph.Row] = []
            if let condition = declared?.condition { rows.append(.init("when " + conditionText(condition), .condition)) }
            rows.append(sendsTo(inconsistency.route))
            nodes.append(.init(id: id, stage: .inconsistency, kind: .inconsistency,
                               title: inconsistency.reason.map(quoted) ?? "Inconsistency \(i + 1)", badge: "INCONSISTENT DATA",
                               rows: rows, doc: declared?.doc, range: inconsistency.range))
            edges.append(.init(from: id, to: MapGraph.routeID(model, inconsistency.route), kind: .inconsistency,
                               label: "inconsistent", rows: [rows.count - 1]))
        }
        if model.inconsistencies.isEmpty { nodes.append(placeholder(.inconsistency, "No inconsistency checks")) }
    }

    private mutating func uncertainty() {
        let field = model.confidenceField.map { model.fields[$0].name } ?? "confidence"
        let declared = syntax.uncertainty?.thresholds ?? []
        for (i, threshold) in model.thresholds.enumerated() {
            let id = "threshold_\(i + 1)"
            let scope = threshold.segments.isEmpty ? "otherwise: every other segment"
                : "in " + threshold.segments.map { model.segments[$0].name }.joined(separator: ", ")
            // The threshold as written (`0.90`), not as parsed (`0.9`).
            let below = declared.indices.contains(i) ? (declared[i].below.spelling ?? number(threshold.below)) : number(threshold.below)
            nodes.append(.init(id: id, stage: .uncertainty, kind: .threshold, title: "\(field) < \(below)", badge: "REVIEW THRESHOLD",
                               rows: [.init(scope, .condition), sendsTo(threshold.route)],
                               doc: declared.indices.contains(i) ? declared[i].doc : nil, range: threshold.range))
            edges.append(.init(from: id, to: MapGraph.routeID(model, threshold.route), kind: .review, label: "below \(below)", rows: [1]))
        }
        if model.thresholds.isEmpty { nodes.append(placeholder(.uncertainty, "No confidence thresholds")) }
    }

    private mutating func tables() {
        let lastResort = model.fallback == nil ? GapPaths.lastResortTables(model) : []
        for (t, table) in model.tables.enumerated() {
            let id = MapGraph.tableID(model, t)
            let declared = syntax.tables.indices.contains(t) ? syntax.tables[t] : nil
            var rows = [MapGraph.Row(table.segments.isEmpty ? "in every segment"
                                     : "in " + table.segments.map { model.segments[$0].name }.joined(separator: ", "), .detail)]
            // One edge per route, leaving from every rule that names it.
            var byRoute: [(route: Int, rows: [Int], rules: [Int])] = []
            for (r, rule) in table.rules.enumerated() {
                let condition = declared.flatMap { $0.rules.indices.contains(r) ? $0.rules[r].condition : nil }
                let text = condition.map { "when " + conditionText($0) } ?? (rule.predicate == nil ? "otherwise" : "")
                var row = sendsTo(rule.route)
                row.text = "\(r + 1). " + text
                row.style = .condition
                rows.append(row)
                if let k = byRoute.firstIndex(where: { $0.route == rule.route }) {
                    byRoute[k].rows.append(rows.count - 1)
                    byRoute[k].rules.append(r + 1)
                } else {
                    byRoute.append((rule.route, [rows.count - 1], [r + 1]))
                }
            }
            if lastResort.contains(t) {
                rows.append(.init("no rule holds", .detail, target: "gap", node: MapGraph.gapID))
            }
            nodes.append(.init(id: id, stage: .tables, kind: .table(table.policy), title: table.name,
                               badge: "DECISION TABLE · " + table.policy.rawValue.uppercased(), rows: rows,
                               doc: declared?.doc, range: table.rules.map(\.range).reduce(table.range) { $0.union($1) }))
            for group in byRoute {
                let label = (group.rules.count == 1 ? "rule " : "rules ") + group.rules.map(String.init).joined(separator: ", ")
                edges.append(.init(from: id, to: MapGraph.routeID(model, group.route), kind: .decision, label: label, rows: group.rows))
            }
            if lastResort.contains(t) {
                edges.append(.init(from: id, to: MapGraph.gapID, kind: .gap, label: "no rule holds", rows: [rows.count - 1]))
            }
        }
        if let fallback = model.fallback {
            nodes.append(.init(id: "fallback", stage: .tables, kind: .fallback, title: "Anything undecided", badge: "FALLBACK",
                               rows: [.init("still reported as a gap", .detail), sendsTo(fallback.route)],
                               doc: syntax.fallback?.doc, range: fallback.range))
            edges.append(.init(from: "fallback", to: MapGraph.routeID(model, fallback.route), kind: .fallback,
                               label: "fallback", rows: [1]))
        }
    }

    private mutating func routes() {
        let currency = syntax.header?.currency.map { " " + $0 } ?? ""
        for (r, route) in model.routes.enumerated() {
            var rows: [MapGraph.Row] = []
            switch route.kind {
            case .automated: rows.append(.init("handled by the digital worker"))
            case .team(let queue): rows.append(.init(queue))
            case .escalation(let role): rows.append(.init(role))
            }
            if let owner = route.owner { rows.append(.init("owner: " + owner, .detail)) }
            var timing: [String] = []
            if let handle = route.handleMinutes { timing.append("handle " + durationText(handle)) }
            if let sla = route.slaMinutes { timing.append("SLA " + durationText(sla)) }
            if !timing.isEmpty { rows.append(.init(timing.joined(separator: " · "), .detail)) }
            var load: [String] = []
            if let capacity = route.capacityHoursPerWeek { load.append(number(capacity) + " h/week") }
            if let cost = route.cost { load.append("cost " + money(cost) + currency) }
            if !load.isEmpty { rows.append(.init(load.joined(separator: " · "), .detail)) }
            nodes.append(.init(id: MapGraph.routeID(model, r), stage: .routes, kind: .route(route.kind.style),
                               title: route.name, badge: route.kind.keyword.uppercased(), rows: rows,
                               doc: route.doc, range: route.range))
        }
        if edges.contains(where: { $0.to == MapGraph.gapID }) {
            nodes.append(.init(id: MapGraph.gapID, stage: .routes, kind: .gap, title: "Undecided", badge: "GAP",
                               rows: [.init("no fallback: these cases get no route"),
                                      .init("reported as gaps by dmap simulate", .detail)],
                               doc: nil, range: .none))
        }
    }

    // MARK: Helpers

    /// A row that only says where cases go: `→ billing_team`.
    private func sendsTo(_ route: Int) -> MapGraph.Row {
        .init("", target: model.routes[route].name, node: MapGraph.routeID(model, route))
    }

    private func placeholder(_ stage: MapGraph.Stage.Kind, _ title: String) -> MapGraph.Node {
        .init(id: "none_" + stage.rawValue, stage: stage, kind: .none, title: title, badge: nil,
              rows: [.init("the map has none", .detail)], doc: nil, range: .none)
    }
}

private func quoted(_ text: String) -> String { "“" + text + "”" }

/// A number as people write it: `12`, `0.95`; the same digits on every platform.
func number(_ value: Double) -> String { JSONNumberFormatter.format(value) }

/// An amount of money: whole amounts as they are (`9`), others with cents (`0.20`).
func money(_ value: Double) -> String {
    guard value != value.rounded(), abs(value) < 1e12 else { return number(value) }
    let cents = Int64((abs(value) * 100).rounded())
    let fraction = cents % 100
    return (value < 0 ? "-" : "") + String(cents / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
}

/// A duration in the largest unit that divides it: `30 min`, `4 h`, `2 days`.
func durationText(_ minutes: Double) -> String {
    if minutes >= 1440, (minutes / 1440).rounded() == minutes / 1440 {
        let days = minutes / 1440
        return number(days) + (days == 1 ? " day" : " days")
    }
    if minutes >= 60, (minutes / 60).rounded() == minutes / 60 { return number(minutes / 60) + " h" }
    return number(minutes) + " min"
}

/// Where undecided cases can leave the flow, read from the map's structure alone, so the diagram
/// can draw the paths to the gap box. (Whether cases really take them is `dmap lint`'s question.)
enum GapPaths {
    /// Optional fields some condition reads that have no missing-data policy.
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
