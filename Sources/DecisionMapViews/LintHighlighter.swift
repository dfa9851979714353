import DecisionMap
import DecisionMapAnalysis

/// Draws `dmap lint`'s findings on the map diagram (`dmap graph --lint`, and the map in the HTML
/// report): each active finding on the smallest node that covers its source range. Findings with
/// no node of their own (the map header, an input) go on the node that holds them, or are left to
/// `dmap lint`.
public struct LintHighlighter: GraphHighlighter {
    public init() {}

    /// Says in the legend where the highlights come from.
    public var note: String { "dmap lint findings" }

    /// The active (not silenced) findings of `Linter.lint` on the map's source, in source order.
    public func highlights(for model: MapModel, in graph: MapGraph) -> [GraphHighlight] {
        Linter.lint(model.source).active.compactMap { finding in
            // Ownership and input findings point at the header or an input line, which the diagram
            // draws as the owners and validation boxes.
            let node = switch finding.id {
            case "unanswered-ownership": "owners"
            case "missing-data-policy": "validate"
            default: graph.nodeID(covering: finding.diagnostic.range)
            }
            guard let node else { return nil }
            var message = finding.diagnostic.message
            if let gap = finding.gap { message += " (\(gap.rawValue))" }
            return GraphHighlight(node: node, check: finding.id, message: message)
        }
    }
}
