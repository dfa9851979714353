/// Renders a `MapGraph` as a standalone SVG picture, laid out by `GraphLayout`: the map's title,
/// one column per step of the routing order with a heading, a box per node, orthogonal edges into
/// the routes, and a legend. No Graphviz, no fonts read, no randomness: the same graph gives the
/// same bytes.
///
/// Each node is one `<g>` whose `id` is the node id and whose `<title>` holds its full text (the
/// tooltip, also for text the box had to cut). Route kinds differ in shape and colour (automated:
/// green pill, team: indigo box, escalation: orange octagon); segments carry a bar in their risk
/// colour; highlighted nodes get a red outline, a ⚠ marker and their messages in red.
public enum SVGRenderer {
    /// - Parameters:
    ///   - graph: the diagram.
    ///   - standalone: true for a `.svg` file (with an XML declaration); false to embed in HTML.
    public static func render(_ graph: MapGraph, standalone: Bool = true) -> String {
        let layout = GraphLayout(graph)
        var svg = SVGWriter(width: layout.width, height: layout.height, standalone: standalone, attributes: [
            ("role", "img"), ("aria-labelledby", "dmap-map-title"), ("class", "dmap-graph"),
        ])
        svg.element("title", [("id", "dmap-map-title")], text: graph.title + " — decision map")
        svg.style(css)
        definitions(&svg)
        svg.rect(x: 0, y: 0, width: layout.width, height: layout.height, [("class", "background")])
        heading(graph, layout, &svg)
        svg.start("g", [("id", "edges")])
        for path in layout.edges { edge(path, graph, &svg) }
        svg.end()
        svg.start("g", [("id", "nodes")])
        for box in layout.boxes { node(box, graph, &svg) }
        svg.end()
        legend(layout, &svg)
        return svg.finished()
    }

    // MARK: Parts

    private static func definitions(_ svg: inout SVGWriter) {
        svg.start("defs")
        for (id, colour) in [("dmap-arrow", "#64748b"), ("dmap-arrow-gap", "#dc2626"), ("dmap-arrow-step", "#94a3b8")] {
            svg.start("marker", [("id", id), ("viewBox", "0 0 10 10"), ("refX", "9"), ("refY", "5"),
                                 ("markerWidth", "7"), ("markerHeight", "7"), ("orient", "auto")])
            svg.path([(0, 0), (10, 5), (0, 10)], closed: true, [("fill", colour)])
            svg.end()
        }
        svg.end()
    }

    private static func heading(_ graph: MapGraph, _ layout: GraphLayout, _ svg: inout SVGWriter) {
        let m = GraphLayout.margin
        svg.start("g", [("id", "heading")])
        svg.text(graph.title, x: m, y: m + 22, [("class", "map-title")])
        if !graph.subtitle.isEmpty { svg.text(graph.subtitle, x: m, y: m + 44, [("class", "map-subtitle")]) }
        svg.end()
        svg.start("g", [("id", "stages")])
        let titleFont = GraphLayout.metrics(.title), captionFont = GraphLayout.metrics(.detail)
        for (i, column) in layout.columns.enumerated() {
            let centre = column.x + column.width / 2
            svg.start("g", [("id", column.stage.id), ("class", "stage")])
            svg.text(titleFont.truncate(column.stage.title, width: column.width), x: centre, y: layout.headerBaseline,
                     [("class", "stage-title"), ("text-anchor", "middle")])
            svg.text(captionFont.truncate(column.stage.caption, width: column.width), x: centre, y: layout.headerBaseline + 15,
                     [("class", "stage-caption"), ("text-anchor", "middle")])
            svg.path([(column.x, layout.headerBaseline + 22), (column.x + column.width, layout.headerBaseline + 22)],
                     [("class", "stage-rule")])
            if i + 1 < layout.columns.count {
                let y = layout.headerBaseline - 4
                svg.path([(column.x + column.width + 8, y), (layout.columns[i + 1].x - 8, y)],
                         [("class", "step"), ("marker-end", "url(#dmap-arrow-step)")])
            }
            svg.end()
        }
        svg.end()
    }

    private static func edge(_ path: GraphLayout.EdgePath, _ graph: MapGraph, _ svg: inout SVGWriter) {
        let gap = path.edge.kind == .gap
        let from = graph.node(path.edge.from)?.title ?? path.edge.from
        let to = graph.node(path.edge.to)?.title ?? path.edge.to
        svg.start("g", [("class", "edge edge-" + path.edge.kind.rawValue), ("data-from", path.edge.from), ("data-to", path.edge.to)])
        svg.title("\(from) → \(to): \(path.edge.label)")
        for line in path.polylines {
            svg.empty("path", [("d", rounded(line, radius: 6)),
                               ("marker-end", gap ? "url(#dmap-arrow-gap)" : "url(#dmap-arrow)")])
        }
        svg.end()
    }

    private static func node(_ box: GraphLayout.Box, _ graph: MapGraph, _ svg: inout SVGWriter) {
        let node = box.node
        let f = box.frame
        var classes = ["node", "k-" + kindClass(node.kind)]
        if !node.warnings.isEmpty { classes.append("highlighted") }
        svg.start("g", [("id", node.id), ("class", classes.joined(separator: " ")), ("data-stage", node.stage.rawValue)])
        svg.title(node.fullText)
        switch node.kind {
        case .route(.automated):
            svg.rect(x: f.x, y: f.y, width: f.width, height: f.height, radius: 16, [("class", "shape")])
        case .route(.escalation):
            let c = 12
            svg.path([(f.x + c, f.y), (f.maxX - c, f.y), (f.maxX, f.y + c), (f.maxX, f.maxY - c), (f.maxX - c, f.maxY),
                      (f.x + c, f.maxY), (f.x, f.maxY - c), (f.x, f.y + c)], closed: true, [("class", "shape")])
        case .start, .fallback:
            svg.rect(x: f.x, y: f.y, width: f.width, height: f.height, radius: 12, [("class", "shape")])
        default:
            svg.rect(x: f.x, y: f.y, width: f.width, height: f.height, radius: 4, [("class", "shape")])
        }
        if case .segment = node.kind {
            svg.rect(x: f.x + 1, y: f.y + 1, width: GraphLayout.segmentBar - 1, height: f.height - 2, [("class", "risk-bar")])
        }
        for line in box.lines {
            if line.spans.count == 1 {
                svg.text(line.spans[0].text, x: line.x, y: line.baseline, [("class", spanClass(line.spans[0], graph))])
            } else {
                svg.text(runs: line.spans.enumerated().map { i, span in
                    (span.text, [("class", spanClass(span, graph))] + (i > 0 ? [("dx", "8")] : []))
                }, x: line.x, y: line.baseline)
            }
        }
        if !node.warnings.isEmpty {
            // A ⚠ marker on the top-right corner, drawn as a shape so it needs no font.
            let cx = f.maxX - 14, top = f.y - 9
            svg.path([(cx, top), (cx + 11, top + 19), (cx - 11, top + 19)], closed: true, [("class", "lint-marker")])
            svg.text("!", x: cx, y: top + 16, [("class", "lint-marker-text"), ("text-anchor", "middle")])
        }
        svg.end()
    }

    private static func legend(_ layout: GraphLayout, _ svg: inout SVGWriter) {
        guard let first = layout.legend.first else { return }
        svg.start("g", [("id", "legend")])
        svg.path([(GraphLayout.margin, first.y - 26), (layout.width - GraphLayout.margin, first.y - 26)], [("class", "legend-rule")])
        let w = GraphLayout.legendSampleWidth
        for item in layout.legend {
            let (x, y) = (item.x, item.y)
            switch item.sample {
            case .route(let style):
                svg.start("g", [("class", "node k-route-" + style.rawValue)])
                if style == .escalation {
                    svg.path([(x + 5, y - 14), (x + w - 5, y - 14), (x + w, y - 9), (x + w, y), (x + w - 5, y + 5),
                              (x + 5, y + 5), (x, y), (x, y - 9)], closed: true, [("class", "shape")])
                } else {
                    svg.rect(x: x, y: y - 14, width: w, height: 19, radius: style == .automated ? 9 : 3, [("class", "shape")])
                }
                svg.end()
            case .risk(let level):
                svg.start("g", [("class", "node k-segment-" + level)])
                svg.rect(x: x, y: y - 14, width: w, height: 19, radius: 3, [("class", "shape")])
                svg.rect(x: x + 1, y: y - 13, width: 6, height: 17, [("class", "risk-bar")])
                svg.end()
            case .edge:
                svg.path([(x, y - 4), (x + w, y - 4)], [("class", "edge-sample"), ("marker-end", "url(#dmap-arrow)")])
            case .gapEdge:
                svg.path([(x, y - 4), (x + w, y - 4)], [("class", "edge-sample gap-sample"), ("marker-end", "url(#dmap-arrow-gap)")])
            case .highlight:
                svg.start("g", [("class", "node highlighted")])
                svg.rect(x: x, y: y - 14, width: w, height: 19, radius: 3, [("class", "shape")])
                svg.end()
            }
            svg.text(item.label, x: x + w + 8, y: y, [("class", "legend-label")])
        }
        svg.end()
    }

    // MARK: Helpers

    static func kindClass(_ kind: MapGraph.Node.Kind) -> String {
        switch kind {
        case .start: "start"
        case .owners: "owners"
        case .validate: "validate"
        case .invalidPolicy: "invalid-policy"
        case .missingPolicy: "missing-policy"
        case .segment(let risk): "segment-" + risk.rawValue
        case .escalation: "escalation"
        case .inconsistency: "inconsistency"
        case .threshold: "threshold"
        case .table: "table"
        case .fallback: "fallback"
        case .route(let style): "route-" + style.rawValue
        case .gap: "gap"
        case .none: "none"
        }
    }

    private static func spanClass(_ span: GraphLayout.Span, _ graph: MapGraph) -> String {
        guard span.style == .target else { return "t-" + span.style.rawValue }
        switch span.node.flatMap({ graph.node($0)?.kind }) {
        case .route(let style): return "t-target to-" + style.rawValue
        case .gap: return "t-target to-gap"
        default: return "t-target"
        }
    }

    /// Path data for an orthogonal polyline with rounded corners (quadratic curves of at most
    /// `radius`), in whole pixels.
    static func rounded(_ points: [GraphLayout.Point], radius: Int) -> String {
        guard points.count > 2 else {
            return SVGWriter.pathData(points.map { ($0.x, $0.y) })
        }
        func step(_ a: GraphLayout.Point, _ b: GraphLayout.Point) -> (Int, Int, Int) {
            let dx = (b.x - a.x).signum(), dy = (b.y - a.y).signum()
            return (dx, dy, abs(b.x - a.x) + abs(b.y - a.y))
        }
        var d = "M\(points[0].x) \(points[0].y)"
        for i in 1..<(points.count - 1) {
            let (a, p, b) = (points[i - 1], points[i], points[i + 1])
            let (ix, iy, inLength) = step(a, p)
            let (ox, oy, outLength) = step(p, b)
            let r = min(radius, inLength / 2, outLength / 2)
            d += " L\(p.x - ix * r) \(p.y - iy * r) Q\(p.x) \(p.y) \(p.x + ox * r) \(p.y + oy * r)"
        }
        let end = points[points.count - 1]
        return d + " L\(end.x) \(end.y)"
    }

    private static let css = """
        .dmap-graph text { font-family: Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 12px; fill: #334155; }
        .dmap-graph .background { fill: #ffffff; }
        .dmap-graph .map-title { font-size: 22px; font-weight: bold; fill: #0f172a; }
        .dmap-graph .map-subtitle { font-size: 13px; fill: #64748b; }
        .dmap-graph .stage-title { font-size: 13px; font-weight: bold; fill: #0f172a; }
        .dmap-graph .stage-caption { font-size: 11px; fill: #64748b; }
        .dmap-graph .stage-rule, .dmap-graph .legend-rule { stroke: #e2e8f0; stroke-width: 1; fill: none; }
        .dmap-graph .step { stroke: #94a3b8; stroke-width: 2; fill: none; }
        .dmap-graph .edge path { fill: none; stroke: #64748b; stroke-width: 1.5; }
        .dmap-graph .edge-gap path { stroke: #dc2626; stroke-dasharray: 6 4; }
        .dmap-graph .edge-sample { fill: none; stroke: #64748b; stroke-width: 1.5; }
        .dmap-graph .gap-sample { stroke: #dc2626; stroke-dasharray: 6 4; }
        .dmap-graph .shape { stroke-width: 1.5; fill: #ffffff; stroke: #94a3b8; }
        .dmap-graph .t-kicker { font-size: 10px; font-weight: bold; fill: #64748b; }
        .dmap-graph .t-title { font-size: 13px; font-weight: bold; fill: #0f172a; }
        .dmap-graph .t-condition { fill: #1e293b; }
        .dmap-graph .t-detail { font-size: 11px; fill: #64748b; }
        .dmap-graph .t-target { font-weight: bold; }
        .dmap-graph .t-warning { font-size: 11px; font-weight: bold; fill: #b91c1c; }
        .dmap-graph .to-automated { fill: #047857; }
        .dmap-graph .to-team { fill: #4338ca; }
        .dmap-graph .to-escalation { fill: #c2410c; }
        .dmap-graph .to-gap { fill: #b91c1c; }
        .dmap-graph .k-start .shape { fill: #f1f5f9; stroke: #475569; }
        .dmap-graph .k-owners .shape { fill: #ffffff; stroke: #94a3b8; }
        .dmap-graph .k-validate .shape, .dmap-graph .k-invalid-policy .shape, .dmap-graph .k-missing-policy .shape { fill: #f8fafc; stroke: #64748b; }
        .dmap-graph .k-segment-low .shape { fill: #ffffff; stroke: #15803d; }
        .dmap-graph .k-segment-low .risk-bar { fill: #15803d; }
        .dmap-graph .k-segment-low .t-kicker { fill: #15803d; }
        .dmap-graph .k-segment-medium .shape { fill: #ffffff; stroke: #d97706; }
        .dmap-graph .k-segment-medium .risk-bar { fill: #d97706; }
        .dmap-graph .k-segment-medium .t-kicker { fill: #b45309; }
        .dmap-graph .k-segment-high .shape { fill: #ffffff; stroke: #ea580c; }
        .dmap-graph .k-segment-high .risk-bar { fill: #ea580c; }
        .dmap-graph .k-segment-high .t-kicker { fill: #c2410c; }
        .dmap-graph .k-segment-critical .shape { fill: #ffffff; stroke: #b91c1c; }
        .dmap-graph .k-segment-critical .risk-bar { fill: #b91c1c; }
        .dmap-graph .k-segment-critical .t-kicker { fill: #b91c1c; }
        .dmap-graph .k-escalation .shape { fill: #fff7ed; stroke: #ea580c; }
        .dmap-graph .k-escalation .t-kicker { fill: #c2410c; }
        .dmap-graph .k-inconsistency .shape { fill: #fefce8; stroke: #ca8a04; }
        .dmap-graph .k-inconsistency .t-kicker { fill: #a16207; }
        .dmap-graph .k-threshold .shape { fill: #faf5ff; stroke: #9333ea; }
        .dmap-graph .k-threshold .t-kicker { fill: #7e22ce; }
        .dmap-graph .k-table .shape { fill: #eff6ff; stroke: #2563eb; }
        .dmap-graph .k-table .t-kicker { fill: #1d4ed8; }
        .dmap-graph .k-fallback .shape { fill: #f1f5f9; stroke: #334155; }
        .dmap-graph .k-route-automated .shape { fill: #ecfdf5; stroke: #059669; stroke-width: 2; }
        .dmap-graph .k-route-automated .t-kicker { fill: #047857; }
        .dmap-graph .k-route-team .shape { fill: #eef2ff; stroke: #4f46e5; stroke-width: 2; }
        .dmap-graph .k-route-team .t-kicker { fill: #4338ca; }
        .dmap-graph .k-route-escalation .shape { fill: #fff7ed; stroke: #ea580c; stroke-width: 2.5; }
        .dmap-graph .k-route-escalation .t-kicker { fill: #c2410c; }
        .dmap-graph .k-gap .shape { fill: #fef2f2; stroke: #dc2626; stroke-dasharray: 6 4; }
        .dmap-graph .k-gap .t-kicker { fill: #b91c1c; }
        .dmap-graph .k-none .shape { fill: #ffffff; stroke: #cbd5e1; stroke-dasharray: 4 3; }
        .dmap-graph .k-none .t-title { fill: #64748b; font-weight: normal; }
        .dmap-graph .highlighted .shape { stroke: #dc2626; stroke-width: 3; }
        .dmap-graph .lint-marker { fill: #dc2626; stroke: #ffffff; stroke-width: 1.5; }
        .dmap-graph .lint-marker-text { fill: #ffffff; font-size: 12px; font-weight: bold; }
        .dmap-graph .legend-label { fill: #334155; }
        """
}
