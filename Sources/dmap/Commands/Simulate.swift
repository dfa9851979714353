import DecisionMap
import DecisionMapSimulation
import DecisionMapViews
import Foundation

enum SimulateCommand {
    static let spec = CommandSpec(
        name: ["simulate"], abstract: "Run a map over a file of cases and report where work lands.",
        discussion: """
            Routes every case of FILE (CSV, JSON Lines or a JSON array of objects) through MAP with the \
            same router as `dmap route`, and reports: cases read = routed + rejected; routes, outcomes \
            and segments; automation rate; gaps by kind with example ids; how many cases each rule, \
            threshold, escalation and policy decided; workload per route and owner; and, with \
            --expect, agreement with the route a person chose. --html also writes the same report as \
            a page for people: charts, the gaps with their map lines, and the map's diagram. Columns are matched to the map's \
            inputs by name (or the input's `column`); extra columns are ignored and listed. A row \
            that cannot be read is rejected with its row number and counted. Streams the file on \
            every core; the report is the same for any --jobs. Exit status: 0 when every case got \
            a route, 1 when some are gaps or rows were rejected, 2 on a usage error.
            """,
        positionals: [PositionalSpec("MAP", help: "The decision map.")],
        options: [
            CaseOptions.cases,
            CaseOptions.input,
            .option("--format", value: "FORMAT", help: "Report format.", allowed: ["text", "json"], default: "text"),
            .option("--html", value: "OUT", help: "Also write the report as one self-contained HTML page, with charts and the map."),
            .option("--expect", value: "COLUMN", help: "Compare with the route in this column (agreement, confusion table)."),
            CaseOptions.perWeek,
            .option("--decisions", value: "OUT", help: "Write one line per case (CSV, or JSON Lines for .jsonl)."),
            .option("--rejects", value: "OUT", help: "Write every rejected row as CSV (row, line in the file, reason)."),
            CaseOptions.jobs,
            CaseOptions.examples,
        ],
        examples: [
            "dmap simulate decision-maps/customer-triage.dmap --cases decision-maps/customer-triage.cases.csv",
            "dmap simulate triage.dmap --cases cases.csv --expect expected_route --per-week 5000",
            "dmap simulate triage.dmap --cases cases.jsonl --format json --decisions out.csv",
            "dmap simulate triage.dmap --cases cases.csv --per-week 5000 --html report.html",
        ])

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        var options: SimulationOptions
        let path = arguments.value("--cases")!
        let format: CaseFileFormat
        do {
            (options, format) = try CaseOptions.read(arguments)
        } catch {
            Terminal.err(error.rendered + "\n")
            return .usage
        }
        options.expectColumn = arguments.value("--expect")
        // The report goes to standard output; a second output there would mix into it.
        for option in ["--html", "--decisions", "--rejects"] where arguments.value(option) == "-" {
            Terminal.err(UsageError("`\(option) -` would mix into the report on standard output", help: "give a file name",
                                    command: spec).rendered + "\n")
            return .usage
        }
        guard let map = loadMap(arguments.positional("MAP")!, printWarnings: false) else { return .failure }
        guard let input = CaseOptions.open(path) else { return .failure }
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
                rejectsOut!.write("row,line,reason\n")
            }
        } catch {
            Terminal.error(error.message)
            return .failure
        }

        let counter = ByteCounter()
        let size = path == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        let progress = Progress(total: size, counter: counter, enabled: Terminal.stderrIsTerminal)
        let report: SimulationReport
        do {
            var reader = try CaseFileReader(format: format, source: CountingSource(FileHandleByteSource(input), counter))
            report = try Simulator(map: map, options: options).run(
                &reader, source: path == "-" ? "<stdin>" : path,
                decisions: decisionsOut.map { out in { out.write($0) } },
                rejects: rejectsOut.map { out in { out.write("\($0.rowNumber),\($0.line),\(csvField($0.reason))\n") } },
                progress: { progress.update(rows: $0) })
        } catch let error as SimulationError {
            progress.clear()
            Terminal.error(error.message, help: error.help)
            return .failure
        } catch let error as CaseFileError {
            progress.clear()
            Terminal.error("\(path)\(error.position.map { ":\($0.line):\($0.column)" } ?? ""): \(error.message)")
            return .failure
        } catch {
            progress.clear()
            Terminal.error("\(path): \(error)")
            return .failure
        }
        progress.clear()
        decisionsOut?.close()
        rejectsOut?.close()
        if arguments.value("--format") == "json" {
            Terminal.out(report.json().rendered(pretty: true) + "\n")
        } else {
            Terminal.out(report.text())
        }
        if let htmlOut {
            // The diagram as `dmap graph --lint` draws it: the static checks mark where gaps end.
            let graph = MapGraph(map.model)
            htmlOut.write(report.html(graph: graph.highlighting(GraphCommand.highlighter.highlights(for: map.model, in: graph),
                                                                 note: GraphCommand.highlighter.note)))
            htmlOut.close()
        }
        return report.undecided > 0 || report.rejected > 0 ? .failure : .success
    }
}

/// The case-file options `dmap simulate` and `dmap diff` share, declared and read in one place.
enum CaseOptions {
    static let cases = OptionSpec.option("--cases", value: "FILE", help: "The case file, or `-` for standard input.", required: true)
    static let input = OptionSpec.option("--input", value: "FORMAT", help: "Case file format (default: from the extension, else csv).",
                                         allowed: ["csv", "jsonl", "json"])
    static let perWeek = OptionSpec.option("--per-week", value: "N", help: "Scale workload to N cases per week, against each route's capacity.")
    static let jobs = OptionSpec.option("--jobs", value: "N", help: "Worker threads.", default: "all cores")
    static let examples = OptionSpec.option("--examples", value: "N", help: "How many example ids each list shows.", default: "10")

    /// The simulation options and the case file's format.
    static func read(_ arguments: ParsedArguments) throws(UsageError) -> (SimulationOptions, CaseFileFormat) {
        var options = SimulationOptions()
        let path = arguments.value("--cases")!
        if let jobs = try arguments.int("--jobs", range: 1...512) { options.jobs = jobs }
        if let limit = try arguments.int("--examples", range: 1...100_000) { options.listLimit = limit }
        if let perWeek = arguments.value("--per-week") {
            guard let n = Double(perWeek), n > 0, n.isFinite else {
                throw UsageError("`--per-week` expects a positive number of cases, got `\(perWeek)`", command: arguments.command)
            }
            options.casesPerWeek = n
        }
        let format: CaseFileFormat
        if let name = arguments.value("--input") {
            format = CaseFileFormat(rawValue: name)!
        } else {
            format = path == "-" ? .csv : CaseFileFormat(path: path) ?? .csv
        }
        return (options, format)
    }

    /// Opens the case file, or standard input for `-`; prints why not and returns nil when it cannot.
    static func open(_ path: String) -> FileHandle? {
        if path == "-" { return .standardInput }
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
