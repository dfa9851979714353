import DecisionMap

/// Something that finds problems worth drawing on a map's diagram: `dmap graph --lint` asks one
/// for highlights and draws them as red nodes with a ⚠ and the message.
///
/// `LintHighlighter` draws `dmap lint`'s findings; another source plugs in the same way, mapping
/// its findings to nodes, for example with `MapGraph.nodeID(covering:)` on each source range.
public protocol GraphHighlighter: Sendable {
    /// Where the highlights come from, for the legend: "dmap lint findings".
    var note: String { get }

    /// The highlights for a map.
    ///
    /// - Parameters:
    ///   - model: the checked map.
    ///   - graph: its diagram, to look node ids up in.
    /// - Returns: highlights in the order to draw them.
    func highlights(for model: MapModel, in graph: MapGraph) -> [GraphHighlight]
}
