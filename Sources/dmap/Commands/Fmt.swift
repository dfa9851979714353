import DecisionMap

enum FmtCommand {
    static let spec = CommandSpec(
        name: ["fmt"], abstract: "Rewrite decision maps in canonical form.",
        discussion: """
            Rewrites each map in place in the canonical layout: sections in a fixed order, items \
            aligned in columns, one item per line, comments and descriptions kept (see \
            docs/swift-api.md#canonical-text). With no FILE, or `-`, reads standard input and \
            writes the result to standard output. A map with syntax errors is not touched: its \
            errors are reported instead. With --check nothing is written; each map that is not \
            canonical is named with its first line that differs, as it is and as it would be.
            """,
        positionals: [PositionalSpec("FILE", help: "Map files (`-` reads standard input).", optional: true, variadic: true)],
        options: [
            .flag("--check", help: "Write nothing; name the maps that are not canonical and exit 1 if there are any.")
        ],
        examples: ["dmap fmt decision-maps/*.dmap", "dmap fmt --check decision-maps/*.dmap", "dmap fmt < draft.dmap"],
        exitStatus: ExitStatusSpec(clean: "every map is (or now is) canonical",
                                   notClean: "with --check: some map is not canonical",
                                   cannotRun: "the command could not run: a usage error, a file that cannot be read or written, a map with syntax errors"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let check = arguments.flag("--check")
        let paths = arguments.positionals("FILE")
        var status = ExitCode.clean
        for path in paths.isEmpty ? ["-"] : paths {
            guard let source = readMapSource(path) else {
                status = .cannotRun
                continue
            }
            let (text, diagnostics) = MapFormatter.format(source)
            guard let text else {
                Terminal.err(DiagnosticRenderer(source: source).text(diagnostics))
                Terminal.err("\(source.name): not formatted: the map has syntax errors\n")
                status = .cannotRun
                continue
            }
            let canonical = Array(text.utf8) == source.bytes
            if check {
                if !canonical {
                    Terminal.out(firstDifference(source, text))
                    status = status.worse(.notClean)
                }
            } else if path == "-" {
                Terminal.out(text)
            } else if !canonical {
                do {
                    try Terminal.write(text, to: path)
                } catch {
                    Terminal.error(error.message)
                    status = .cannotRun
                }
            }
        }
        return status
    }

    /// `FILE:LINE: not canonical`, then the first line that differs as it is and as `fmt` writes it.
    static func firstDifference(_ source: SourceFile, _ formatted: String) -> String {
        func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }
        let old = lines(String(decoding: source.bytes, as: UTF8.self)), new = lines(formatted)
        let line = (0..<min(old.count, new.count)).first { old[$0] != new[$0] } ?? min(old.count, new.count)
        func shown(_ lines: [Substring]) -> String { line < lines.count ? "`\(lines[line])`" : "(end of file)" }
        return "\(source.name):\(line + 1): not canonical\n  is:        \(shown(old))\n  canonical: \(shown(new))\n"
    }
}
