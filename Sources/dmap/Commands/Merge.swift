import DecisionMap
import DecisionMapSimulation
import Foundation

enum MergeCommand {
    static let spec = CommandSpec(
        name: ["merge"], abstract: "Merge partial simulation reports into one report.",
        discussion: """
            Reads the parts `dmap simulate --partial` wrote and prints the report one `dmap simulate` \
            over all their cases would print — the same JSON, byte for byte, apart from file names. \
            Rows and lines are numbered as if the case files were one, in the order the parts are \
            given: give the parts of a file in file order (daily runs oldest first). Each part holds \
            its map's text and sha256, so no map file is needed; parts of different maps, --set-threshold \
            values, sweeps, --expect, --id or column bindings are refused, as are parts written by \
            another dmap version.

            --source names the case file the parts were cut from, so the report's commands that \
            reproduce a case point at it (row numbers are that file's). Without it, the parts' names \
            are listed and no reproduce command is shown.
            """,
        positionals: [PositionalSpec("PART", help: "A partial report (`dmap simulate … --partial OUT`), `-` for standard input.", variadic: true)],
        options: [
            .option("--format", value: "FORMAT", help: "Report format.", allowed: ["text", "json"], default: "text"),
            .option("--html", value: "OUT", help: "Also write the report as one self-contained HTML page."),
            CaseOptions.perWeek,
            .option("--expect", value: "COLUMN", help: "Require that the parts compared with the routes in COLUMN (simulate --expect)."),
            .option("--source", value: "NAME", help: "The case file the parts were cut from, for the report and its reproduce commands."),
            .option("--partial", value: "OUT", help: "Also write the merged part, to merge again (`-`: to standard output, instead of the report)."),
        ],
        examples: [
            "dmap merge monday.part.json tuesday.part.json wednesday.part.json --per-week 5000",
            "dmap merge shards/part-*.json --source history.csv --format json",
            "dmap merge week1.part.json week2.part.json --html month.html --partial month.part.json",
        ],
        exitStatus: ExitStatusSpec(
            clean: "every case got a route and every row was read",
            notClean: "some cases are gaps, rows were rejected, a quoted field swallowed lines that look like rows, or no point of a sweep meets the --target",
            cannotRun: "a usage error, a part that cannot be read or was written by another dmap version, parts that do not belong together"))

    /// The largest part read: a part is counts and at most a few thousand examples.
    static let partSizeLimit = 1 << 30

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let paths = arguments.positionals("PART")
        if arguments.value("--html") == "-" {
            Terminal.err(UsageError("`--html -` would mix into the report on standard output", help: "give a file name", command: spec).rendered + "\n")
            return .cannotRun
        }
        if paths.filter({ $0 == "-" }).count > 1 {
            Terminal.err(UsageError("standard input (`-`) can be one part only", command: spec).rendered + "\n")
            return .cannotRun
        }
        let perWeek: Double?
        do throws(UsageError) {
            perWeek = try CaseOptions.read(arguments).0.casesPerWeek
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        var parts: [PartialReport] = []
        for path in paths {
            let name = path == "-" ? "<stdin>" : path
            do {
                let bytes = try Terminal.read(path, limit: partSizeLimit)
                let json: JSONValue
                do throws(JSONError) {
                    json = try JSONValue.parse(bytes)
                } catch {
                    throw PartialReportError("`\(name)` is not a partial report: line \(error.line): \(error.message)",
                                             help: "write one with `dmap simulate MAP --cases FILE --partial OUT`")
                }
                parts.append(try PartialReport(json: json, name: name))
            } catch let error as InputError {
                Terminal.error(error.message)
                return .cannotRun
            } catch let error as PartialReportError {
                Terminal.error(error.message, help: error.help)
                return .cannotRun
            } catch {
                Terminal.error("`\(name)`: \(error)")
                return .cannotRun
            }
        }
        // --per-week applies to every part, whatever each was simulated with.
        if let perWeek { parts = parts.map { $0.with(casesPerWeek: perWeek) } }
        let merged: PartialReport
        do throws(PartialReportError) {
            merged = try PartialReport.merge(parts, names: paths.map { $0 == "-" ? "<stdin>" : $0 }, source: arguments.value("--source"))
        } catch {
            Terminal.error(error.message, help: error.help)
            return .cannotRun
        }
        if let column = arguments.value("--expect"), merged.options.expectColumn != column {
            Terminal.error(merged.options.expectColumn.map { "the parts compared with column `\($0)`, not `\(column)`" }
                               ?? "the parts were simulated without --expect, so they hold no agreement to merge",
                           help: "simulate the parts with --expect \(column) --partial OUT")
            return .cannotRun
        }
        var htmlOut: OutputFile?
        if let out = arguments.value("--html") {
            do throws(InputError) {
                htmlOut = try OutputFile(out)
            } catch {
                Terminal.error(error.message)
                return .cannotRun
            }
        }
        return SimulateCommand.finish(merged, arguments, html: htmlOut)
    }
}
