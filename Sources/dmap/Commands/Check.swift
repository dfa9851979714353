import DecisionMap

enum CheckCommand {
    static let spec = CommandSpec(
        name: ["check"], abstract: "Check decision maps for errors.",
        discussion: """
            Parses and checks each map: syntax, names, types, ranges. Every error in a file is \
            reported in one run, in the compiler convention FILE:LINE:COL, with the source line, \
            a caret under the problem and, where possible, a suggestion.
            """,
        positionals: [PositionalSpec("FILE", help: "Map files (`-` reads standard input).", variadic: true)],
        options: [
            .option("--format", value: "FORMAT", help: "Output format.", allowed: ["text", "json"], default: "text")
        ],
        examples: ["dmap check decision-maps/*.dmap", "dmap check --format json triage.dmap"],
        exitStatus: ExitStatusSpec(clean: "every map is valid (warnings allowed)", notClean: "some map has an error",
                                   cannotRun: "the command could not run: a usage error, a file that cannot be read"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let json = arguments.value("--format") == "json"
        var status = ExitCode.clean
        var reports: [JSONValue] = []
        for path in arguments.positionals("FILE") {
            guard let source = readMapSource(path) else {
                status = .cannotRun
                reports.append(["file": .string(path), "valid": false, "diagnostics": []])
                continue
            }
            let (map, diagnostics) = DecisionMap.compile(source)
            if map == nil { status = status.worse(.notClean) }
            if json {
                reports.append(["file": .string(source.name), "valid": .bool(map != nil),
                                "diagnostics": .array(diagnostics.map { DiagnosticJSON.value($0, source: source) })])
                continue
            }
            if !diagnostics.isEmpty { Terminal.err(DiagnosticRenderer(source: source).text(diagnostics)) }
            if let map {
                let m = map.model
                let warnings = diagnostics.filter { $0.severity == .warning }.count
                Terminal.out("\(source.name): ok — \(m.fields.count) inputs, \(m.segments.count) segments, "
                    + "\(m.routes.count) routes, \(m.tables.reduce(0) { $0 + $1.rules.count }) rules"
                    + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "") + "\n")
            } else {
                let errors = diagnostics.filter { $0.severity == .error }.count
                Terminal.err("\(source.name): \(errors) error\(errors == 1 ? "" : "s")\n")
            }
        }
        if json { Terminal.out(JSONValue.object(["files": .array(reports)]).rendered(pretty: true) + "\n") }
        return status
    }
}
