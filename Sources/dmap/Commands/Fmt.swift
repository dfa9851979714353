import DecisionMap

enum FmtCommand {
    static let spec = CommandSpec(
        name: ["fmt"], abstract: "Rewrite decision maps in canonical form.",
        discussion: """
            Rewrites each map in place in the canonical layout: sections in a fixed order, items \
            aligned in columns, one item per line, comments and descriptions kept (see \
            docs/swift-api.md#canonical-text). With no FILE, or `-`, reads standard input and \
            writes the result to standard output. A map with syntax errors is not touched: its \
            errors are reported instead. With --check nothing is written; the files that are not \
            canonical are listed. Exit status: 0 when every map is (or now is) canonical, 1 when a \
            map has syntax errors or, with --check, is not canonical, 2 on a usage error.
            """,
        positionals: [PositionalSpec("FILE", help: "Map files (`-` reads standard input).", optional: true, variadic: true)],
        options: [
            .flag("--check", help: "Write nothing; list the maps that are not canonical and exit 1 if there are any.")
        ],
        examples: ["dmap fmt decision-maps/*.dmap", "dmap fmt --check decision-maps/*.dmap", "dmap fmt < draft.dmap"])

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let check = arguments.flag("--check")
        let paths = arguments.positionals("FILE")
        var failed = false
        for path in paths.isEmpty ? ["-"] : paths {
            guard let source = readMapSource(path) else {
                failed = true
                continue
            }
            let (text, diagnostics) = MapFormatter.format(source)
            guard let text else {
                Terminal.err(DiagnosticRenderer(source: source).text(diagnostics))
                Terminal.err("\(source.name): not formatted: the map has syntax errors\n")
                failed = true
                continue
            }
            let canonical = Array(text.utf8) == source.bytes
            if check {
                if !canonical {
                    Terminal.out(source.name + "\n")
                    failed = true
                }
            } else if path == "-" {
                Terminal.out(text)
            } else if !canonical {
                do {
                    try Terminal.write(text, to: path)
                } catch {
                    Terminal.error(error.message)
                    failed = true
                }
            }
        }
        return failed ? .failure : .success
    }
}
