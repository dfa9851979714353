import DecisionMap
import DecisionMapViews

enum GraphCommand {
    static let spec = CommandSpec(
        name: ["graph"], abstract: "Draw a map as a diagram: Mermaid, DOT or SVG.",
        discussion: """
            Draws the map in routing order: the case, the data checks, the risk segments, the \
            mandatory escalations, the inconsistency checks, the confidence thresholds, the \
            decision tables and the fallback, and the routes they send work to (automated, team \
            and escalation routes differ in shape and colour). `svg` is laid out by dmap itself; \
            `mermaid` is for Markdown docs, `dot` for Graphviz and other tools. The output is the \
            same, byte for byte, on every run. `--lint` draws the findings of `dmap lint` on the \
            boxes they are about.
            """,
        positionals: [PositionalSpec("MAP", help: "The decision map (`-` reads standard input).")],
        options: [
            .option("--format", value: "FORMAT", help: "Output format.", allowed: ["mermaid", "dot", "svg"], default: "svg"),
            .flag("--lint", help: "Highlight problems on the diagram."),
            .option("--output", short: "-o", value: "FILE", help: "Write to FILE instead of standard output."),
        ],
        examples: [
            "dmap graph decision-maps/customer-triage.dmap --lint -o triage.svg",
            "dmap graph triage.dmap --format mermaid >> README.md",
            "dmap graph triage.dmap --format dot | dot -Tpdf -o triage.pdf",
        ],
        exitStatus: ExitStatusSpec(clean: "the diagram was written (with highlights or not)"))

    /// What `--lint` draws: the findings of `dmap lint`, on the nodes they are about.
    static let highlighter: any GraphHighlighter = LintHighlighter()

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        guard let map = loadMap(arguments.positional("MAP")!, printWarnings: false) else { return .cannotRun }
        var graph = MapGraph(map.model)
        if arguments.flag("--lint") {
            graph = graph.highlighting(highlighter.highlights(for: map.model, in: graph), note: highlighter.note)
        }
        let text = switch arguments.value("--format") ?? "svg" {
        case "mermaid": MermaidRenderer.render(graph)
        case "dot": DotRenderer.render(graph)
        default: SVGRenderer.render(graph)
        }
        do {
            try Terminal.write(text, to: arguments.value("--output") ?? "-")
        } catch {
            Terminal.error(error.message)
            return .cannotRun
        }
        return .clean
    }
}
