/// Renders a `MapGraph` in Graphviz's DOT language, for other tools: one cluster per stage, each
/// one rank, in routing order from left to right; an edge for every place that sends
/// cases to a route. Shapes and colours follow the SVG (automated: rounded box, team: box,
/// escalation: hexagon; segments by risk); highlighted nodes get a red outline and their
/// messages; every node has its full text as a tooltip.
///
/// Every id and string is written as a DOT quoted string, with `\` and `"` escaped and line
/// breaks as `\n`, so no text from a map can end a string or inject attributes.
public enum DotRenderer {
    /// The DOT text of a graph, ending in a line break.
    public static func render(_ graph: MapGraph) -> String {
        var lines = [
            "digraph \(quote(graph.title)) {",
            "  graph [rankdir=LR, compound=true, newrank=true, nodesep=0.3, ranksep=0.7, fontname=\"Helvetica\", "
                + "labelloc=t, fontsize=18, label=\(quote(graph.title + (graph.subtitle.isEmpty ? "" : "\n" + graph.subtitle)))];",
            "  node [shape=box, style=\"filled\", fontname=\"Helvetica\", fontsize=10, margin=\"0.12,0.06\"];",
            "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#64748b\", fontcolor=\"#475569\"];",
        ]
        let present = graph.stages.filter { !graph.nodes(in: $0.kind).isEmpty }
        for stage in present {
            lines.append("  subgraph \(quote("cluster_" + stage.kind.rawValue)) {")
            lines.append("    label=\(quote(stage.title + "\n" + stage.caption)); style=\"rounded,dashed\"; color=\"#cbd5e1\"; fontsize=12;")
            let nodes = graph.nodes(in: stage.kind)
            for node in nodes {
                lines.append("    \(quote(node.id)) [\(attributes(node))];")
            }
            // One rank per stage, nodes top to bottom in map order: with `rankdir=LR` a flat edge
            // puts its tail below its head, hence the chain from the last node up.
            lines.append("    { rank=same; " + nodes.map { quote($0.id) + ";" }.joined(separator: " ") + " }")
            for (a, b) in zip(nodes, nodes.dropFirst()) {
                lines.append("    \(quote(b.id)) -> \(quote(a.id)) [style=invis];")
            }
            lines.append("  }")
        }
        // The stages left to right: one bold edge per step, cluster to cluster.
        for (a, b) in zip(present, present.dropFirst()) {
            let first = graph.nodes(in: a.kind)[0].id
            let next = graph.nodes(in: b.kind)[0].id
            lines.append("  \(quote(first)) -> \(quote(next)) [ltail=\(quote("cluster_" + a.kind.rawValue)), "
                + "lhead=\(quote("cluster_" + b.kind.rawValue)), penwidth=2, color=\"#94a3b8\", arrowhead=vee];")
        }
        for edge in graph.edges {
            var attributes = ["label=\(quote(edge.label))"]
            if edge.kind == .gap { attributes += ["style=dashed", "color=\"#dc2626\"", "fontcolor=\"#b91c1c\""] }
            lines.append("  \(quote(edge.from)) -> \(quote(edge.to)) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A DOT quoted string: `"` and `\` escaped, line breaks as `\n` (centred lines).
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func attributes(_ node: MapGraph.Node) -> String {
        var text = [node.badge, node.title].compactMap { $0 } + node.rows.map(\.fullText)
        text += node.warnings.map { "⚠ " + $0 }
        let (shape, style, fill, stroke) = look(node.kind)
        let highlighted = !node.warnings.isEmpty
        var attributes = [
            "label=\(quote(text.joined(separator: "\n")))", "tooltip=\(quote(node.fullText))",
            "shape=\(shape)", "style=\(quote(style))", "fillcolor=\(quote(fill))",
            "color=\(quote(highlighted ? "#dc2626" : stroke))",
        ]
        if highlighted { attributes.append("penwidth=3") }
        return attributes.joined(separator: ", ")
    }

    private static func look(_ kind: MapGraph.Node.Kind) -> (shape: String, style: String, fill: String, stroke: String) {
        switch kind {
        case .start: ("box", "rounded,filled", "#f1f5f9", "#475569")
        case .owners: ("box", "filled", "#ffffff", "#94a3b8")
        case .validate, .invalidPolicy, .missingPolicy: ("box", "filled", "#f8fafc", "#64748b")
        case .segment(let risk):
            switch risk {
            case .low: ("box", "filled", "#f0fdf4", "#15803d")
            case .medium: ("box", "filled", "#fffbeb", "#d97706")
            case .high: ("box", "filled", "#fff7ed", "#ea580c")
            case .critical: ("box", "filled", "#fef2f2", "#b91c1c")
            }
        case .escalation: ("box", "filled", "#fff7ed", "#ea580c")
        case .inconsistency: ("box", "filled", "#fefce8", "#ca8a04")
        case .threshold: ("box", "filled", "#faf5ff", "#9333ea")
        case .table: ("box", "filled", "#eff6ff", "#2563eb")
        case .fallback: ("box", "rounded,filled", "#f1f5f9", "#334155")
        case .route(.automated): ("box", "rounded,filled,bold", "#ecfdf5", "#059669")
        case .route(.team): ("box", "filled,bold", "#eef2ff", "#4f46e5")
        case .route(.escalation): ("hexagon", "filled,bold", "#fff7ed", "#ea580c")
        case .gap: ("box", "rounded,filled,dashed", "#fef2f2", "#dc2626")
        case .none: ("box", "dashed", "#ffffff", "#cbd5e1")
        }
    }
}
