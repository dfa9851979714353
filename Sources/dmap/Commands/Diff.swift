import DecisionMap
import DecisionMapEvaluation
import DecisionMapSimulation
import Foundation

enum DiffCommand {
    static let spec = CommandSpec(
        name: ["diff"], abstract: "Compare two versions of a map over the same cases.",
        discussion: """
            Routes every case of FILE through OLD and through NEW with the simulator of `dmap \
            simulate`, and reports: what changed in the map (segments, routes, rules, thresholds, \
            escalations, policies, … added, removed, changed or moved, with their lines in each \
            version); every case whose route, outcome or segment changed, grouped by transition \
            (`billing_team → auto_resolve: 312 cases, e.g. …`; the JSON lists every case); gaps \
            introduced and closed; the workload change per route and owner; and the rules, \
            thresholds, escalations and policies that decide a different number of cases. Columns \
            bind to inputs and ids as in `dmap simulate`. --set-threshold applies to NEW: diff a map \
            with itself to see which cases a threshold what-if moves.
            """,
        positionals: [
            PositionalSpec("OLD", help: "The map before the change."),
            PositionalSpec("NEW", help: "The map after the change."),
        ],
        options: [
            CaseOptions.cases,
            CaseOptions.input,
            CaseOptions.delimiter,
            .option("--format", value: "FORMAT", help: "Report format.", allowed: ["text", "json"], default: "text"),
            .flag("--fail-on-change", help: "Exit 1 when any case changed route, outcome or segment."),
            CaseOptions.id,
            CaseOptions.allowMissingColumn,
            CaseOptions.perWeek,
            ThresholdOptions.setThreshold,
            CaseOptions.jobs,
            CaseOptions.examples,
        ],
        examples: [
            "dmap diff triage.dmap triage-new.dmap --cases cases.csv",
            "git show main:triage.dmap > /tmp/old.dmap && dmap diff /tmp/old.dmap triage.dmap --cases cases.csv --fail-on-change",
            "dmap diff old.dmap new.dmap --cases cases.jsonl --format json --per-week 5000",
            "dmap diff claims.dmap claims.dmap --cases claims.csv --set-threshold otherwise=0.8   # what the what-if changes",
        ],
        exitStatus: ExitStatusSpec(
            clean: "the diff was made (and, with --fail-on-change, no case changed)",
            notClean: "with --fail-on-change: some case changed route, outcome or segment",
            cannotRun: "the command could not run: a usage error, a file that cannot be read, a map with errors, an input with no column, a case file without cases"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let options: SimulationOptions
        let format: CaseFileFormat
        let delimiter: UInt8?
        do {
            (options, format) = try CaseOptions.read(arguments)
            delimiter = try CaseOptions.delimiter(arguments)
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        guard let old = loadMap(arguments.positional("OLD")!, printWarnings: false),
              let written = loadMap(arguments.positional("NEW")!, printWarnings: false)
        else { return .cannotRun }
        let new: DecisionMap
        do {
            new = try ThresholdOptions.apply(arguments, to: written)
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }

        // Each version reads the cases once: a file is opened twice; standard input is read into
        // memory first.
        let path = arguments.value("--cases")!
        var stdinBytes: [UInt8]?
        if path == "-" {
            do {
                stdinBytes = try Terminal.read("-", limit: 1 << 30)
            } catch {
                Terminal.error(error.message)
                return .cannotRun
            }
        } else if CaseOptions.open(path) == nil {
            return .cannotRun
        }
        let report: DiffReport
        do {
            report = try DecisionDiff.run(old: old, new: new, source: path == "-" ? "<stdin>" : path, options: options) {
                if let bytes = stdinBytes { return try CaseFileReader(format: format, source: BytesByteSource(bytes), delimiter: delimiter) }
                guard let handle = CaseOptions.open(path) else { throw SimulationError("cannot read `\(path)`") }
                return try CaseFileReader(format: format, source: FileHandleByteSource(handle), delimiter: delimiter)
            }
        } catch {
            Terminal.error(error)
            return .cannotRun
        }
        if arguments.value("--format") == "json" {
            Terminal.out(report.json().rendered(pretty: true) + "\n")
        } else {
            Terminal.out(report.text())
        }
        return arguments.flag("--fail-on-change") && report.changed > 0 ? .notClean : .clean
    }
}
