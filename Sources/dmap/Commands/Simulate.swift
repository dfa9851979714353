import DecisionMap
import DecisionMapSimulation
import DecisionMapViews
import Foundation

enum SimulateCommand {
    static let spec = CommandSpec(
        name: ["simulate"], abstract: "Run a map over a file of cases and report where work lands.",
        discussion: """
            Routes every case of FILE (CSV, JSON Lines or a JSON array of objects) through MAP with the \
            same router as `dmap route`, and reports: cases read = routed + gaps + rejected; routes, \
            outcomes and segments; automation rate; gaps by kind with example ids and the command \
            that reproduces one; high-risk cases that automation finished with no person; how many \
            cases each rule, threshold, escalation and policy decided; invalid values as written; \
            workload per route and owner; and, with --expect, agreement with the route a person \
            chose. --html also writes the same report as a page for people: charts, the gaps with \
            their map lines, and the map's diagram.

            Columns: an input reads the column its `column "…"` names, else the column named like \
            the input. An input with no column stops the run before any case is routed (the error \
            names the closest columns and the ones the map does not read); --allow-missing-column \
            accepts it, and the report says so first. Case ids come from --id, else the map's \
            `ids "…"`, else a column `id` (any case), else row numbers. Columns the map does not read \
            are listed. A row that cannot be read is rejected with its row number and counted. \
            Streams the file on every core; the report is the same for any --jobs.

            Thresholds: --set-threshold runs the map as if a confidence threshold were another value             (the report says so first). --sweep evaluates a threshold at every point of a range in the             same pass and reports, per point, outcomes, automation, review cases and hours, people's             hours, cost and, with --expect, agreement and automated errors; --target recommends the             point with the most automation that meets every goal.
            """,
        positionals: [PositionalSpec("MAP", help: "The decision map.")],
        options: [
            CaseOptions.cases,
            CaseOptions.input,
            CaseOptions.delimiter,
            .option("--format", value: "FORMAT", help: "Report format.", allowed: ["text", "json"], default: "text"),
            .option("--html", value: "OUT", help: "Also write the report as one self-contained HTML page, with charts and the map."),
            .option("--expect", value: "COLUMN", help: "Compare with the route in this column (agreement, confusion table)."),
            CaseOptions.id,
            CaseOptions.allowMissingColumn,
            CaseOptions.perWeek,
            ThresholdOptions.setThreshold,
            ThresholdOptions.sweep,
            ThresholdOptions.target,
            .option("--decisions", value: "OUT", help: "Write one line per case (CSV, or JSON Lines for .jsonl)."),
            .option("--rejects", value: "OUT", help: "Write every rejected row as CSV (row, line in the file, id, reason)."),
            .option("--partial", value: "OUT", help: "Also write what was counted, for `dmap merge` (`-`: to standard output, instead of the report)."),
            CaseOptions.jobs,
            CaseOptions.examples,
        ],
        examples: [
            "dmap simulate decision-maps/customer-triage.dmap --cases decision-maps/customer-triage.cases.csv",
            "dmap simulate triage.dmap --cases cases.csv --expect expected_route --per-week 5000",
            "dmap simulate triage.dmap --cases export.csv --id TicketID --allow-missing-column subject",
            "dmap simulate triage.dmap --cases cases.jsonl --format json --decisions out.csv",
            "dmap simulate triage.dmap --cases cases.csv --per-week 5000 --html report.html",
            "dmap simulate claims.dmap --cases claims.csv --expect expected_route --sweep otherwise=0.5..1/0.05 --target 'automated-error<=2%'",
            "dmap simulate claims.dmap --cases claims.csv --set-threshold suspected_fraud=0.9",
            "dmap simulate triage.dmap --cases monday.csv --partial monday.part.json",
        ],
        exitStatus: ExitStatusSpec(
            clean: "every case got a route and every row was read",
            notClean: "some cases are gaps, rows were rejected, a quoted field swallowed lines that look like rows, or no point of a sweep meets the --target",
            cannotRun: "the command could not run: a usage error, a file that cannot be read or written, a map with errors, an input with no column, a case file without cases"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        var options: SimulationOptions
        let path = arguments.value("--cases")!
        let format: CaseFileFormat
        let delimiter: UInt8?
        do {
            (options, format) = try CaseOptions.read(arguments)
            delimiter = try CaseOptions.delimiter(arguments)
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        options.expectColumn = arguments.value("--expect")
        // The report goes to standard output; a second output there would mix into it.
        for option in ["--html", "--decisions", "--rejects"] where arguments.value(option) == "-" {
            Terminal.err(UsageError("`\(option) -` would mix into the report on standard output", help: "give a file name",
                                    command: spec).rendered + "\n")
            return .cannotRun
        }
        guard let written = loadMap(arguments.positional("MAP")!, printWarnings: false) else { return .cannotRun }
        let map: DecisionMap
        do {
            map = try ThresholdOptions.apply(arguments, to: written)
            (options.sweeps, options.targets) = try ThresholdOptions.sweeps(arguments, for: map, options: options)
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        guard let input = CaseOptions.open(path) else { return .cannotRun }
        var decisionsOut: OutputFile?
        var rejectsOut: OutputFile?
        var htmlOut: OutputFile?
        do throws(InputError) {
            if let out = arguments.value("--html") {
                htmlOut = try OutputFile(out)
            }
            if let out = arguments.value("--decisions") {
                options.decisionsFormat = out.hasSuffix(".jsonl") || out.hasSuffix(".ndjson") ? .jsonl : .csv
                decisionsOut = try OutputFile(out)
            }
            if let out = arguments.value("--rejects") {
                rejectsOut = try OutputFile(out)
                rejectsOut!.write("row,line,id,reason\n")
            }
        } catch {
            Terminal.error(error.message)
            return .cannotRun
        }

        let counter = ByteCounter()
        let size = path == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        // A case takes some 40 bytes or more in any case file.
        options.expectedCases = size.map { $0 / 40 }
        let progress = Progress(total: size, counter: counter, enabled: Terminal.stderrIsTerminal)
        let part: PartialReport
        do {
            var reader = try CaseOptions.reader(format: format, source: CountingSource(FileHandleByteSource(input), counter), path: path,
                                                delimiter: delimiter)
            part = try Simulator(map: map, options: options).runPartial(
                &reader, source: CaseOptions.name(path),
                decisions: decisionsOut.map { out in { out.write($0) } },
                rejects: rejectsOut.map { out in
                    { out.write("\($0.rowNumber),\($0.line),\(csvField($0.id ?? "")),\(csvField($0.reason))\n") }
                },
                progress: { progress.update(rows: $0) })
        } catch {
            progress.clear()
            Terminal.error(error)
            return .cannotRun
        }
        progress.clear()
        decisionsOut?.close()
        rejectsOut?.close()
        return finish(part, arguments, html: htmlOut)
    }

    /// Writes the part (`--partial`), the report (unless the part went to standard output) and the
    /// HTML page, and gives the exit status: what `simulate` and `merge` end with.
    static func finish(_ part: PartialReport, _ arguments: ParsedArguments, html htmlOut: OutputFile?) -> ExitCode {
        if let out = arguments.value("--partial") {
            do throws(InputError) {
                try Terminal.write(part.json().rendered(pretty: false) + "\n", to: out)
            } catch {
                Terminal.error(error.message)
                return .cannotRun
            }
        }
        let report = part.report()
        if arguments.value("--partial") != "-" {
            Terminal.out(arguments.value("--format") == "json" ? report.json().rendered(pretty: true) + "\n" : report.text())
        }
        if let htmlOut {
            // The diagram as `dmap graph --lint` draws it: the static checks mark where gaps end.
            let model = part.map.model
            let graph = MapGraph(model)
            htmlOut.write(report.html(graph: graph.highlighting(GraphCommand.highlighter.highlights(for: model, in: graph),
                                                                 note: GraphCommand.highlighter.note)))
            htmlOut.close()
        }
        let missedTarget = !report.targets.isEmpty && report.sweeps.contains { $0.recommended == nil }
        return report.undecided > 0 || report.rejected > 0 || report.swallowed > 0 || missedTarget ? .notClean : .clean
    }
}

/// The case-file options `dmap simulate`, `dmap route`, `dmap diff` and `dmap test` share,
/// declared and read in one place.
enum CaseOptions {
    static let cases = OptionSpec.option("--cases", value: "FILE", help: "The case file, or `-` for standard input.", required: true)
    static let input = OptionSpec.option("--input", value: "FORMAT", help: "Case file format (default: from the extension, else csv).",
                                         allowed: ["csv", "jsonl", "json"])
    static let delimiter = OptionSpec.option(
        "--delimiter", value: "SEP", help: "CSV field separator: `,` `;` `tab` `|` (default: found from the header line).")
    static let id = OptionSpec.option("--id", value: "COLUMN", help: "The column of case ids (default: the map's `ids`, else a column `id`, else row numbers).")
    static let allowMissingColumn = OptionSpec.option(
        "--allow-missing-column", value: "FIELD", help: "Run although input FIELD has no column: every case lacks it.", repeatable: true)
    static let perWeek = OptionSpec.option("--per-week", value: "N", help: "Scale workload to N cases per week, against each route's capacity.")
    static let jobs = OptionSpec.option("--jobs", value: "N", help: "Worker threads.", default: "all cores")
    static let examples = OptionSpec.option("--examples", value: "N", help: "How many example ids each list shows.", default: "10")

    /// The simulation options and the case file's format.
    static func read(_ arguments: ParsedArguments) throws(UsageError) -> (SimulationOptions, CaseFileFormat) {
        var options = SimulationOptions()
        let declared = Set(arguments.command.allOptions.map(\.long))
        if declared.contains("--jobs"), let jobs = try arguments.int("--jobs", range: 1...512) { options.jobs = jobs }
        if declared.contains("--examples"), let limit = try arguments.int("--examples", range: 1...100_000) { options.listLimit = limit }
        if declared.contains("--per-week"), let perWeek = arguments.value("--per-week") {
            guard let n = Double(perWeek), n > 0, n.isFinite else {
                throw UsageError("`--per-week` expects a positive number of cases, got `\(perWeek)`", command: arguments.command)
            }
            options.casesPerWeek = n
        }
        if declared.contains("--id") { options.idColumn = arguments.value("--id") }
        if declared.contains("--allow-missing-column") { options.allowedMissingColumns = arguments.values("--allow-missing-column") }
        let path = declared.contains("--cases") ? arguments.value("--cases") ?? "-" : "-"
        let format: CaseFileFormat
        if declared.contains("--input"), let name = arguments.value("--input") {
            format = CaseFileFormat(rawValue: name)!
        } else {
            format = path == "-" ? .csv : CaseFileFormat(path: path) ?? .csv
        }
        return (options, format)
    }

    /// The CSV delimiter `--delimiter` names; nil to find it from the header line.
    static func delimiter(_ arguments: ParsedArguments) throws(UsageError) -> UInt8? {
        guard arguments.command.allOptions.contains(where: { $0.long == "--delimiter" }), let text = arguments.value("--delimiter") else { return nil }
        switch text {
        case ",", "comma": return UInt8(ascii: ",")
        case ";", "semicolon": return UInt8(ascii: ";")
        case "tab", "\t", "\\t": return 0x09
        case "|", "pipe": return UInt8(ascii: "|")
        default:
            throw UsageError("`--delimiter` must be `,`, `;`, `tab` or `|`; got `\(text)`", command: arguments.command)
        }
    }

    /// How a case file is named in reports: `<stdin>` for `-`.
    static func name(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Opens a case file for reading, with an empty file reported as a file without cases.
    static func reader(format: CaseFileFormat, source: some ByteSource, path: String, delimiter: UInt8? = nil) throws(SimulationError) -> CaseFileReader {
        do {
            return try CaseFileReader(format: format, source: source, delimiter: delimiter)
        } catch let error as CaseFileError where error.message.hasPrefix("empty file") {
            throw SimulationError("no cases in `\(name(path))`", help: "the file is empty")
        } catch {
            throw Simulator.readError(error, source: name(path))
        }
    }

    /// Opens the case file, or standard input for `-`; prints why not and returns nil when it cannot.
    static func open(_ path: String) -> FileHandle? {
        if path == "-" { return .standardInput }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            Terminal.error("`\(path)` is a folder, not a case file")
            return nil
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            Terminal.error(FileManager.default.fileExists(atPath: path) ? "cannot read `\(path)`" : "no such file `\(path)`")
            return nil
        }
        return handle
    }
}

/// A buffered output file (or standard output for `-`).
final class OutputFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(_ path: String) throws(InputError) {
        if path == "-" {
            handle = .standardOutput
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw InputError("cannot write `\(path)`")
        }
        handle = h
    }

    func write(_ text: String) {
        buffer += text.utf8
        if buffer.count > 1 << 20 { flush() }
    }

    func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        if handle !== FileHandle.standardOutput { try? handle.close() }
    }
}

/// Counts bytes read, for the progress line's time estimate.
final class ByteCounter: @unchecked Sendable {
    var bytes = 0
}

struct CountingSource: ByteSource {
    var base: FileHandleByteSource
    let counter: ByteCounter

    init(_ base: FileHandleByteSource, _ counter: ByteCounter) {
        self.base = base
        self.counter = counter
    }

    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        let n = try base.read(into: buffer)
        counter.bytes += n
        return n
    }
}

/// The progress line on a terminal: cases done, rate, time left. Silent when stderr is not a
/// terminal or the run is short.
final class Progress {
    let total: Int?
    let counter: ByteCounter
    let enabled: Bool
    let start = Date()
    var lastShown = Date()
    var shown = false

    init(total: Int?, counter: ByteCounter, enabled: Bool) {
        self.total = total
        self.counter = counter
        self.enabled = enabled
    }

    func update(rows: Int) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 1, now.timeIntervalSince(lastShown) > 0.25 else { return }
        lastShown = now
        shown = true
        let rate = Double(rows) / elapsed
        var line = "\r\(rows) cases, \(Int(rate)) cases/s"
        if let total, counter.bytes > 0 {
            let left = elapsed * Double(total - counter.bytes) / Double(counter.bytes)
            line += String(format: ", about %.0f s left", max(0, left))
        }
        Terminal.err(line + "   ")
    }

    func clear() {
        if shown { Terminal.err("\r\u{1B}[K") }
    }
}
