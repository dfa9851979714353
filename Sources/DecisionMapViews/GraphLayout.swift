import DecisionMap

/// Where everything of a `MapGraph` goes in the SVG picture, in whole pixels.
///
/// The layout is layered and deterministic, with no search and no randomness:
/// - one column per stage, in routing order; nodes stacked top to bottom in map order;
/// - a column is as wide as its widest text up to a per-stage limit; longer text wraps at
///   spaces, and past a few lines is cut with an ellipsis (the SVG keeps the full text in a
///   tooltip);
/// - every edge ends in the routes column. Edges from the tables column cross the one gutter in
///   between. Edges from further left run orthogonally: right into the gutter after their column,
///   down a trunk shared by all edges of that column to the same route, along a corridor below
///   all boxes, and up the route's trunk in the last gutter. Every trunk and corridor track has
///   its own lane, ordered so that tracks of routes higher up lie further left and higher, which
///   keeps lines from running over each other; no line crosses a box.
public struct GraphLayout: Hashable, Sendable {
    /// A point in pixels; y grows downwards.
    public struct Point: Hashable, Sendable {
        public var x: Int
        public var y: Int
    }

    /// A rectangle in pixels: top-left corner and size.
    public struct Rect: Hashable, Sendable {
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        public var maxX: Int { x + width }
        public var maxY: Int { y + height }

        /// Whether the two share interior (touching edges do not count).
        public func intersects(_ other: Rect) -> Bool {
            x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
        }
    }

    /// How a piece of text is drawn; each has its own font size (see `metrics`).
    public enum TextStyle: String, Hashable, Sendable {
        case kicker, title, text, condition, detail, target, warning
    }

    /// A run of text on a line. `target` runs say which route kind (or the gap) they name.
    public struct Span: Hashable, Sendable {
        public var text: String
        public var style: TextStyle
        /// For `target` runs: the id of the node named.
        public var node: String?
    }

    /// One line of text: its baseline and runs, drawn left to right.
    public struct Line: Hashable, Sendable {
        public var x: Int
        public var baseline: Int
        public var spans: [Span]
    }

    /// A node placed: its frame and its text, line by line.
    public struct Box: Hashable, Sendable {
        public var node: MapGraph.Node
        public var frame: Rect
        public var lines: [Line]
        /// For each row of the node, the height at which edges leave it.
        public var rowPorts: [Int]
        /// Whether some text was cut; the full text is in the tooltip either way.
        public var truncated: Bool
    }

    /// A stage placed: where its boxes go.
    public struct Column: Hashable, Sendable {
        public var stage: MapGraph.Stage
        public var x: Int
        public var width: Int
    }

    /// An edge routed through the lanes.
    public struct EdgePath: Hashable, Sendable {
        public var edge: MapGraph.Edge
        /// One polyline per row the edge leaves from (or one for the whole node).
        public var polylines: [[Point]]
    }

    /// A legend entry: a sample drawn in `sample`, and its label.
    public struct LegendItem: Hashable, Sendable {
        public enum Sample: Hashable, Sendable {
            case route(RouteKind.Style), risk(String), edge, gapEdge, highlight
        }

        public var sample: Sample
        public var label: String
        public var x: Int
        public var y: Int
    }

    /// The size of the picture.
    public var width: Int
    public var height: Int
    /// The stages that have nodes, left to right.
    public var columns: [Column]
    /// Every node, in the graph's order.
    public var boxes: [Box]
    /// Every edge whose ends are both in the picture, in the graph's order.
    public var edges: [EdgePath]
    /// The legend entries, left to right and row by row.
    public var legend: [LegendItem]
    /// The heading baseline and the top of the first box.
    public var headerBaseline: Int

    // MARK: Constants

    static let margin = 28
    static let padX = 12
    static let padTop = 8
    static let padBottom = 9
    static let nodeGap = 14
    static let track = 9
    static let segmentBar = 7

    /// The font of a text style, as the SVG's style sheet sets it.
    public static func metrics(_ style: TextStyle) -> TextMetrics {
        switch style {
        case .kicker: TextMetrics(size: 10, bold: true)
        case .title: TextMetrics(size: 13, bold: true)
        case .text, .condition: TextMetrics(size: 12)
        case .detail: TextMetrics(size: 11)
        case .target: TextMetrics(size: 12, bold: true)
        case .warning: TextMetrics(size: 11, bold: true)
        }
    }

    static func lineHeight(_ style: TextStyle) -> Int {
        switch style {
        case .kicker: 14
        case .title: 17
        case .text, .condition, .target: 16
        case .detail: 15
        case .warning: 15
        }
    }

    static func maxLines(_ style: TextStyle) -> Int {
        switch style {
        case .title, .detail: 3
        case .condition, .warning: 5
        default: 2
        }
    }

    static func widthLimit(_ stage: MapGraph.Stage.Kind) -> (min: Int, max: Int) {
        switch stage {
        case .intake: (150, 230)
        case .data: (150, 210)
        case .segments: (160, 240)
        case .escalation, .inconsistency: (160, 230)
        case .uncertainty: (150, 220)
        case .tables: (200, 310)
        case .routes: (170, 250)
        }
    }

    // MARK: Layout

    /// Lays out a graph.
    public init(_ graph: MapGraph) {
        let stages = graph.stages.filter { !graph.nodes(in: $0.kind).isEmpty }
        let titleTop = Self.margin
        headerBaseline = titleTop + (graph.subtitle.isEmpty ? 56 : 80)
        let boxTop = headerBaseline + 34

        // Column widths from their text.
        let widths = stages.map { stage -> Int in
            let natural = graph.nodes(in: stage.kind).map(Self.naturalWidth).max() ?? 0
            let limit = Self.widthLimit(stage.kind)
            return min(max(natural, limit.min), limit.max)
        }

        // Boxes, column by column (x filled in once the gutters are known).
        var boxes: [Box] = []
        var columnOf: [String: Int] = [:]
        for (c, stage) in stages.enumerated() {
            var y = boxTop
            for node in graph.nodes(in: stage.kind) {
                let box = Self.box(node, width: widths[c], y: y)
                boxes.append(box)
                if columnOf[node.id] == nil { columnOf[node.id] = c }
                y = box.frame.maxY + Self.nodeGap
            }
        }
        let index = Dictionary(boxes.enumerated().map { ($1.node.id, $0) }, uniquingKeysWith: { first, _ in first })
        let last = stages.count - 1

        // Which edges need which lanes. `MapGraph` sends every edge into the last column; an edge
        // that does not go there (from a graph built by hand) is drawn as a straight line.
        let edges = graph.edges.filter { index[$0.from] != nil && index[$0.to] != nil }
        let laned = edges.filter { columnOf[$0.to] == last && columnOf[$0.from]! < last }
        let targetOrder = boxes.indices.filter { columnOf[boxes[$0].node.id] == last }.map { boxes[$0].node.id }
        let isLong = Set(laned.filter { columnOf[$0.from]! < last - 1 }.map(\.to))
        var direct: [String: [Int]] = [:]  // target → heights of the edges from the column next to it
        for edge in laned where columnOf[edge.from]! == last - 1 {
            let source = boxes[index[edge.from]!]
            direct[edge.to, default: []] += edge.rows.isEmpty || source.rowPorts.isEmpty
                ? [Self.port(of: source)] : edge.rows.map { source.rowPorts[min($0, source.rowPorts.count - 1)] }
        }
        let routedTargets = Self.laneOrder(
            targetOrder.filter { isLong.contains($0) || direct[$0] != nil }.map { t in
                (id: t, port: Self.port(of: boxes[index[t]!]), sources: direct[t] ?? [], long: isLong.contains(t))
            })
        let longTargets = routedTargets.filter(isLong.contains)
        var gutterTargets = [[String]](repeating: [], count: stages.count)
        for edge in laned {
            let c = columnOf[edge.from]!
            guard c < last - 1, !gutterTargets[c].contains(edge.to) else { continue }
            gutterTargets[c].append(edge.to)
        }
        // In a column's gutter, trunks whose corridor track lies lower run further left, so no
        // corridor track crosses a trunk of the same gutter.
        for c in gutterTargets.indices {
            gutterTargets[c].sort { longTargets.firstIndex(of: $0)! > longTargets.firstIndex(of: $1)! }
        }

        // Gutters and column positions.
        var columns: [Column] = []
        var x = Self.margin
        var gutterStart = [Int](repeating: 0, count: stages.count)
        for (c, stage) in stages.enumerated() {
            columns.append(Column(stage: stage, x: x, width: widths[c]))
            x += widths[c]
            gutterStart[c] = x
            if c == last { break }
            let lanes = c == last - 1 ? routedTargets.count : gutterTargets[c].count
            x += max(44, 2 * 16 + max(0, lanes - 1) * Self.track)
        }
        let contentWidth = x + Self.margin
        for i in boxes.indices {
            boxes[i].frame.x = columns[stages.firstIndex { $0.kind == boxes[i].node.stage }!].x
            let left = boxes[i].frame.x + Self.padX + (boxes[i].node.stage == .segments ? Self.segmentBar : 0)
            for l in boxes[i].lines.indices { boxes[i].lines[l].x = left }
        }

        // Lanes.
        let lowest = boxes.map(\.frame.maxY).max() ?? boxTop
        let corridorTop = lowest + 18
        func trunkX(_ c: Int, _ target: String) -> Int {
            gutterStart[c] + 16 + gutterTargets[c].firstIndex(of: target)! * Self.track
        }
        func routeTrunkX(_ target: String) -> Int {
            gutterStart[last - 1] + 16 + routedTargets.firstIndex(of: target)! * Self.track
        }
        func corridorY(_ target: String) -> Int { corridorTop + longTargets.firstIndex(of: target)! * Self.track }

        var paths: [EdgePath] = []
        for edge in edges {
            let source = boxes[index[edge.from]!]
            let target = boxes[index[edge.to]!]
            let c = columnOf[edge.from]!
            let end = Point(x: target.frame.x, y: Self.port(of: target))
            let starts = edge.rows.isEmpty || source.rowPorts.isEmpty
                ? [Self.port(of: source)]
                : edge.rows.map { source.rowPorts[min($0, source.rowPorts.count - 1)] }
            var polylines: [[Point]] = []
            let hasLane = columnOf[edge.to] == last && c < last
            for y in starts {
                let start = Point(x: source.frame.maxX, y: y)
                if !hasLane {
                    polylines.append([start, end])
                } else if c == last - 1 {
                    let tx = routeTrunkX(edge.to)
                    polylines.append(Self.simplify([start, Point(x: tx, y: y), Point(x: tx, y: end.y), end]))
                } else {
                    let gx = trunkX(c, edge.to), cy = corridorY(edge.to), tx = routeTrunkX(edge.to)
                    polylines.append(Self.simplify([start, Point(x: gx, y: y), Point(x: gx, y: cy), Point(x: tx, y: cy),
                                                    Point(x: tx, y: end.y), end]))
                }
            }
            paths.append(EdgePath(edge: edge, polylines: polylines))
        }

        // Legend below everything.
        let legendTop = (longTargets.isEmpty ? lowest : corridorTop + (longTargets.count - 1) * Self.track) + 40
        var items: [(LegendItem.Sample, String)] = [
            (.route(.automated), "automated route"), (.route(.team), "team route"), (.route(.escalation), "escalation route"),
            (.risk("low"), "low risk"), (.risk("medium"), "medium risk"), (.risk("high"), "high risk"),
            (.risk("critical"), "critical risk"), (.edge, "sends cases to"),
        ]
        if graph.node(MapGraph.gapID) != nil { items.append((.gapEdge, "undecided: gap")) }
        if let note = graph.highlightNote { items.append((.highlight, "⚠ " + note)) }
        var legend: [LegendItem] = []
        var lx = Self.margin, ly = legendTop
        let legendFont = Self.metrics(.text)
        let available = max(contentWidth, 760) - Self.margin
        for (sample, label) in items {
            let itemWidth = Self.legendSampleWidth + 8 + legendFont.width(label) + 26
            if lx > Self.margin, lx + itemWidth > available {
                lx = Self.margin
                ly += 30
            }
            legend.append(LegendItem(sample: sample, label: label, x: lx, y: ly))
            lx += itemWidth
        }

        self.columns = columns
        self.boxes = boxes
        self.edges = paths
        self.legend = legend
        let titleWidth = max(Self.metrics(.title).width(graph.title) * 22 / 13, Self.metrics(.text).width(graph.subtitle))
        let legendWidth = (legend.map { $0.x + Self.legendSampleWidth + 8 + legendFont.width($0.label) }.max() ?? 0) + Self.margin
        width = max(contentWidth, Self.margin * 2 + titleWidth, legendWidth)
        height = ly + 14 + Self.margin
    }

    static let legendSampleWidth = 34

    /// The left-to-right order of the trunks in the gutter before the routes column (and so the
    /// top-to-bottom order of the corridor tracks, which keeps those two from crossing): starting
    /// from the routes' own order, pairs are swapped while that lowers the number of places where
    /// a horizontal line (into a route, or out of the column before) crosses another trunk.
    /// Deterministic: fixed start, fixed swap order, strict improvement only.
    static func laneOrder(_ targets: [(id: String, port: Int, sources: [Int], long: Bool)]) -> [String] {
        let spans = targets.map { t -> (top: Int, bottom: Int) in
            let ys = [t.port] + t.sources
            return (ys.min()!, t.long ? Int.max : ys.max()!)
        }
        func crossings(_ order: [Int]) -> Int {
            var position = [Int](repeating: 0, count: order.count)
            for (p, t) in order.enumerated() { position[t] = p }
            var count = 0
            for t in targets.indices {
                for other in targets.indices where other != t {
                    let span = spans[other]
                    // The line into the route runs right of the trunk; lines from the sources, left.
                    if position[other] > position[t], span.top <= targets[t].port, targets[t].port <= span.bottom { count += 1 }
                    if position[other] < position[t] {
                        count += targets[t].sources.filter { span.top <= $0 && $0 <= span.bottom }.count
                    }
                }
            }
            return count
        }
        var order = Array(targets.indices)
        var best = crossings(order)
        var improved = best > 0
        var passes = 0
        while improved, passes < 20 {
            improved = false
            passes += 1
            for i in order.indices {
                for j in order.indices where j > i {
                    order.swapAt(i, j)
                    let cost = crossings(order)
                    if cost < best {
                        best = cost
                        improved = true
                    } else {
                        order.swapAt(i, j)
                    }
                }
            }
        }
        return order.map { targets[$0].id }
    }

    /// The height where edges enter a box: level with its title.
    static func port(of box: Box) -> Int {
        let titleLine = box.lines.first { $0.spans.first?.style == .title }
        return titleLine.map { $0.baseline - 4 } ?? (box.frame.y + box.frame.height / 2)
    }

    /// Drops repeated and collinear points, so corners are real corners.
    static func simplify(_ points: [Point]) -> [Point] {
        var out: [Point] = []
        for p in points {
            if out.last == p { continue }
            if out.count >= 2 {
                let a = out[out.count - 2], b = out[out.count - 1]
                if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) { out.removeLast() }
            }
            out.append(p)
        }
        return out
    }

    /// The width a node would need to show every line unwrapped.
    static func naturalWidth(_ node: MapGraph.Node) -> Int {
        var widest = metrics(.title).width(node.title)
        if let badge = node.badge { widest = max(widest, metrics(.kicker).width(badge)) }
        for row in node.rows {
            var w = metrics(style(row.style)).width(row.text)
            if let target = row.target {
                w += (row.text.isEmpty ? 0 : 8) + metrics(.target).width("→ " + target)
            }
            widest = max(widest, w)
        }
        for warning in node.warnings { widest = max(widest, metrics(.warning).width("⚠ " + warning)) }
        let bar = node.stage == .segments ? segmentBar : 0
        return widest + 2 * padX + bar + 2
    }

    static func style(_ row: MapGraph.Row.Style) -> TextStyle {
        switch row {
        case .text: .text
        case .condition: .condition
        case .detail: .detail
        }
    }

    /// Lays out a node's text in a box of the given width whose top is at `y`.
    static func box(_ node: MapGraph.Node, width: Int, y top: Int) -> Box {
        let bar = node.stage == .segments ? segmentBar : 0
        let inner = width - 2 * padX - bar
        var lines: [Line] = []
        var cursor = top + padTop
        var truncated = false
        func add(_ spans: [Span], _ style: TextStyle) {
            let h = lineHeight(style)
            lines.append(Line(x: 0, baseline: cursor + h - 4, spans: spans))
            cursor += h
        }
        func wrapped(_ text: String, _ style: TextStyle) -> [String] {
            let result = metrics(style).wrap(text, width: inner, maxLines: maxLines(style))
            if result.last?.hasSuffix("…") == true, !text.hasSuffix("…") { truncated = true }
            return result
        }
        if let badge = node.badge {
            let cut = metrics(.kicker).truncate(badge, width: inner)
            truncated = truncated || cut != badge
            add([Span(text: cut, style: .kicker)], .kicker)
        }
        for line in wrapped(node.title, .title) { add([Span(text: line, style: .title)], .title) }
        cursor += 3
        var ports: [Int] = []
        for row in node.rows {
            let style = style(row.style)
            let arrow = row.target.map { "→ " + $0 }
            let targetID = row.targetNode
            let targetFont = metrics(.target)
            if row.text.isEmpty, let arrow {
                let cut = targetFont.truncate(arrow, width: inner)
                truncated = truncated || cut != arrow
                add([Span(text: cut, style: .target, node: targetID)], .target)
                ports.append(lines[lines.count - 1].baseline - 4)
                continue
            }
            let textLines = wrapped(row.text, style)
            for (i, line) in textLines.enumerated() {
                var spans = [Span(text: line, style: style)]
                if i == textLines.count - 1, let arrow,
                   metrics(style).width(line) + 8 + targetFont.width(arrow) <= inner {
                    spans.append(Span(text: arrow, style: .target, node: targetID))
                }
                add(spans, style)
            }
            if let arrow, lines.last?.spans.last?.style != .target {
                let cut = targetFont.truncate(arrow, width: inner)
                truncated = truncated || cut != arrow
                add([Span(text: cut, style: .target, node: targetID)], .target)
            }
            ports.append(lines[lines.count - 1].baseline - 4)
        }
        if !node.warnings.isEmpty {
            cursor += 4
            for warning in node.warnings {
                for line in wrapped("⚠ " + warning, .warning) { add([Span(text: line, style: .warning)], .warning) }
            }
        }
        let height = cursor + padBottom - top
        return Box(node: node, frame: Rect(x: 0, y: top, width: width, height: height), lines: lines,
                   rowPorts: ports, truncated: truncated)
    }
}
