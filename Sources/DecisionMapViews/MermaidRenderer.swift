/// Renders a `MapGraph` as a Mermaid flowchart (`flowchart LR`), for Markdown docs: one subgraph
/// per stage, in routing order, linked stage to stage; an edge for every place that sends cases
/// to a route. Route kinds differ in shape (automated: stadium, team: box, escalation: hexagon)
/// and colour; segments are coloured by risk; highlighted nodes get a red outline and their
/// messages.
///
/// Every string from the map is written inside double quotes with Mermaid's entity codes for
/// the characters that would end the label or be read as markup (`#quot;`, `#lt;`, `#35;`...);
/// the title, in the front matter, is a YAML string.
public enum MermaidRenderer {
    /// The Mermaid text of a graph (front matter with the title, then the flowchart), ending in a
    /// line break.
    public static func render(_ graph: MapGraph) -> String {
        var lines = ["---", "title: " + yamlQuoted(graph.title), "---", "flowchart LR"]
        for stage in graph.stages {
            let nodes = graph.nodes(in: stage.kind)
            guard !nodes.isEmpty else { continue }
            lines.append("  subgraph \(stage.id)[\"\(escape(stage.title))\"]")
            for node in nodes {
                let (open, close) = shape(node.kind)
                lines.append("    \(node.id)\(open)\"\(label(node))\"\(close)")
            }
            lines.append("  end")
        }
        let present = graph.stages.filter { !graph.nodes(in: $0.kind).isEmpty }
        for (a, b) in zip(present, present.dropFirst()) {
            lines.append("  \(a.id) ==> \(b.id)")
        }
        for edge in graph.edges {
            let arrow = edge.kind == .gap ? "-.->" : "-->"
            lines.append("  \(edge.from) \(arrow)|\"\(escape(edge.label))\"| \(edge.to)")
        }
        lines += classDefinitions.map { "  " + $0 }
        // One `class` line per class, nodes in drawing order; `lint` comes last so its red
        // outline wins over the kind's colours.
        var classes: [(name: String, ids: [String])] = []
        for node in graph.nodes {
            for name in [className(node.kind)] + (node.warnings.isEmpty ? [] : ["lint"]) {
                if let i = classes.firstIndex(where: { $0.name == name }) {
                    classes[i].ids.append(node.id)
                } else {
                    classes.append((name, [node.id]))
                }
            }
        }
        classes.sort { ($0.name == "lint" ? 1 : 0) < ($1.name == "lint" ? 1 : 0) }
        for (name, ids) in classes { lines.append("  class \(ids.joined(separator: ",")) \(name)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes text for a double-quoted Mermaid label: entity codes for the quote, markup
    /// characters, `#` (which starts an entity code) and backticks (Markdown strings); line breaks
    /// become spaces.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "`": out += "#96;"
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func label(_ node: MapGraph.Node) -> String {
        var parts: [String] = []
        if let badge = node.badge { parts.append("<small>" + escape(badge) + "</small>") }
        parts.append("<b>" + escape(node.title) + "</b>")
        parts += node.rows.map { escape($0.fullText) }
        parts += node.warnings.map { "⚠ " + escape($0) }
        return parts.joined(separator: "<br/>")
    }

    private static func shape(_ kind: MapGraph.Node.Kind) -> (String, String) {
        switch kind {
        case .start, .route(.automated), .fallback, .gap: ("([", "])")
        case .route(.escalation): ("{{", "}}")
        case .table: ("[[", "]]")
        case .escalation: (">", "]")
        case .invalidPolicy, .missingPolicy, .inconsistency: ("[/", "/]")
        case .threshold: ("[\\", "\\]")
        default: ("[", "]")
        }
    }

    static func className(_ kind: MapGraph.Node.Kind) -> String {
        switch kind {
        case .start: "start"
        case .owners: "owners"
        case .validate, .invalidPolicy, .missingPolicy: "data"
        case .segment(let risk): "risk_" + risk.rawValue
        case .escalation: "escalate"
        case .inconsistency: "inconsistent"
        case .threshold: "threshold"
        case .table: "table"
        case .fallback: "fallback"
        case .route(let style): style.rawValue
        case .gap: "gap"
        case .none: "none"
        }
    }

    private static let classDefinitions = [
        "classDef start fill:#f1f5f9,stroke:#475569,color:#0f172a",
        "classDef owners fill:#ffffff,stroke:#94a3b8,color:#334155",
        "classDef data fill:#f8fafc,stroke:#64748b,color:#334155",
        "classDef risk_low fill:#f0fdf4,stroke:#15803d,color:#14532d,stroke-width:2px",
        "classDef risk_medium fill:#fffbeb,stroke:#d97706,color:#78350f,stroke-width:2px",
        "classDef risk_high fill:#fff7ed,stroke:#ea580c,color:#7c2d12,stroke-width:2px",
        "classDef risk_critical fill:#fef2f2,stroke:#b91c1c,color:#7f1d1d,stroke-width:2px",
        "classDef escalate fill:#fff7ed,stroke:#ea580c,color:#7c2d12",
        "classDef inconsistent fill:#fefce8,stroke:#ca8a04,color:#713f12",
        "classDef threshold fill:#faf5ff,stroke:#9333ea,color:#581c87",
        "classDef table fill:#eff6ff,stroke:#2563eb,color:#1e3a8a",
        "classDef fallback fill:#f1f5f9,stroke:#334155,color:#0f172a",
        "classDef automated fill:#ecfdf5,stroke:#059669,color:#064e3b,stroke-width:2px",
        "classDef team fill:#eef2ff,stroke:#4f46e5,color:#312e81,stroke-width:2px",
        "classDef escalation fill:#fff7ed,stroke:#ea580c,color:#7c2d12,stroke-width:3px",
        "classDef gap fill:#fef2f2,stroke:#dc2626,color:#7f1d1d,stroke-dasharray:5 3",
        "classDef none fill:#ffffff,stroke:#cbd5e1,color:#64748b,stroke-dasharray:4 3",
        "classDef lint stroke:#dc2626,stroke-width:4px",
    ]

    /// A YAML double-quoted scalar, for the front matter's title. Mermaid shows that title as
    /// it is (entity codes stay literal) and stalls on markup in it, so `<` and `>` become the
    /// look-alike quotation marks `‹` and `›`.
    private static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "‹"
            case ">": out += "›"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
