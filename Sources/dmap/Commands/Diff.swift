import DecisionMap
import DecisionMapAnalysis
import DecisionMapEvaluation
import DecisionMapSimulation
import Foundation

enum DiffCommand {
    static let spec = CommandSpec(
        name: ["diff"], abstract: "Show every case a map change moves; prove a change safe.",
        discussion: """
            Without --cases, compares OLD and NEW over every case the two versions can be given, \
            statically: the exact regions of the input space where they decide differently (a \
            decision is the route and the outcome; a region where only the segment changes is \
            listed apart), each with a witness case that `dmap route` routes one way with OLD and \
            the other with NEW, grouped by transition; or "equivalent" when no case is decided \
            differently. The versions may differ in inputs, enumeration values, ranges and \
            optionality: they are compared over the union, and a case one version accepts and the \
            other rejects is a change. --git REV FILE compares FILE as it was at REV (`git show`) \
            with the working copy.

            With --cases FILE, also routes every case of FILE through both versions with the \
            simulator of `dmap simulate`, and reports: what changed in the map (segments, routes, \
            rules, thresholds, … added, removed, changed or moved, with their lines); every case \
            whose route, outcome or segment changed, grouped by transition; gaps introduced and \
            closed; the workload change per route and owner; the rules, thresholds, escalations and \
            policies that decide a different number of cases; and how many of the file's cases fall \
            in each static region. Columns bind to inputs and ids as in `dmap simulate`. \
            --set-threshold applies to NEW: diff a map with itself to see what a what-if moves.

            Guards for CI: --fail-on-change (exit 1 when any region, or any case, changes), --check \
            no-new-automation (exit 1 when a region moves cases from a person, a review, a data \
            policy or a gap to an automated route), --check no-new-gaps (exit 1 when a region moves \
            cases into a gap). An approximate analysis proves nothing, so the guards fail on it.
            """,
        positionals: [
            PositionalSpec("OLD", help: "The map before the change (with --git: the map file, compared with its version at REV)."),
            PositionalSpec("NEW", help: "The map after the change.", optional: true),
        ],
        options: [
            .option("--cases", value: "FILE", help: "Also route the cases of FILE through both versions (`-`: standard input)."),
            .option("--git", value: "REV", help: "Compare OLD as it was at git revision REV with the working copy."),
            CaseOptions.input,
            CaseOptions.delimiter,
            .option("--format", value: "FORMAT", help: "Report format.", allowed: ["text", "json"], default: "text"),
            .flag("--fail-on-change", help: "Exit 1 when any region (or, with --cases, any case) changes."),
            .option("--check", value: "GUARD", help: "Exit 1 when a change breaks GUARD.", allowed: StaticDiff.Check.allCases.map(\.rawValue),
                    repeatable: true),
            .option("--html", value: "OUT", help: "Also write the diff as one self-contained HTML page."),
            CaseOptions.id,
            CaseOptions.allowMissingColumn,
            CaseOptions.perWeek,
            ThresholdOptions.setThreshold,
            CaseOptions.jobs,
            CaseOptions.examples,
        ],
        examples: [
            "dmap diff triage.dmap triage-new.dmap",
            "dmap diff --git main triage.dmap --check no-new-automation",
            "dmap diff triage.dmap triage-new.dmap --cases cases.csv --fail-on-change",
            "dmap diff old.dmap new.dmap --format json",
            "dmap diff claims.dmap claims.dmap --set-threshold otherwise=0.8   # what the what-if changes",
        ],
        exitStatus: ExitStatusSpec(
            clean: "the diff was made (and no guard given failed)",
            notClean: "a guard failed: --fail-on-change and something changed, a --check found a change it forbids, or the analysis is approximate under a guard",
            cannotRun: "the command could not run: a usage error, a file or revision that cannot be read, a map with errors, inputs that change kind (compare those over --cases), an input with no column, a case file without cases"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let options: SimulationOptions
        let format: CaseFileFormat
        let delimiter: UInt8?
        let checks: [StaticDiff.Check]
        do {
            (options, format) = try CaseOptions.read(arguments)
            delimiter = try CaseOptions.delimiter(arguments)
            checks = arguments.values("--check").compactMap(StaticDiff.Check.init(rawValue:))
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        if arguments.value("--html") == "-" {
            Terminal.err(UsageError("`--html -` would mix into the report on standard output", help: "give a file name", command: spec).rendered + "\n")
            return .cannotRun
        }
        guard let (old, written) = loadVersions(arguments) else { return .cannotRun }
        let new: DecisionMap
        do {
            new = try ThresholdOptions.apply(arguments, to: written)
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        let analysis: StaticDiff
        do {
            analysis = try StaticDiff.compare(old: old, new: new)
        } catch {
            Terminal.error(error.message, help: error.help)
            return .cannotRun
        }

        var report: DiffReport?
        var counts: [Int]?
        var outside = 0
        if let path = arguments.value("--cases") {
            var byChange: [String: Int] = [:]
            let index = Dictionary(analysis.changes.enumerated().map { (key($1.from, $1.to), $0) }, uniquingKeysWith: { a, _ in a })
            guard let run = simulate(old, new, path: path, format: format, delimiter: delimiter, options: options, each: { was, now in
                guard was != now else { return }
                let k = key(was, now)
                if index[k] == nil { outside += 1 } else { byChange[k, default: 0] += 1 }
            }) else { return .cannotRun }
            report = run
            counts = analysis.changes.map { byChange[key($0.from, $0.to)] ?? 0 }
        }

        let oldName = arguments.value("--git").map { "\(arguments.positional("OLD")!) at \($0)" } ?? arguments.positional("OLD")!
        let newName = arguments.value("--git") == nil ? arguments.positional("NEW")! : arguments.positional("OLD")!
        let failed = checks.map { ($0, analysis.violations(of: $0)) }
        if arguments.value("--format") == "json" {
            var object: JSONObject
            if let report, case .object(let o) = report.json() {
                object = o
            } else {
                object = ["old": ["file": .string(oldName), "title": .string(old.model.title)],
                          "new": ["file": .string(newName), "title": .string(new.model.title), "whatIf": .array(new.whatIf.map { .string($0) })]]
            }
            for member in analysis.jsonMembers(cases: counts).members { object.append(member.key, member.value) }
            object.append("checks", .array(failed.map { check, violations in
                ["check": .string(check.rawValue), "passed": .bool(violations.isEmpty && analysis.exact),
                 "violations": .number(Double(violations.count))]
            }))
            Terminal.out(JSONValue.object(object).rendered(pretty: true) + "\n")
        } else {
            var out: String
            if let report {
                out = report.text() + "\nEVERY CASE (static analysis, not only the file's)\n"
            } else {
                out = "Diff of \"\(old.model.title)\"" + (new.model.title == old.model.title ? "" : " → \"\(new.model.title)\"") + " over every case\n"
                out += "  old  \(oldName)\n  new  \(newName)\n"
                for what in new.whatIf { out += "  what-if (new): \(what)\n" }
                out += "\n" + MapDiff(old: old.model, new: new.model).text() + "\n"
            }
            out += analysis.text(cases: counts)
            if outside > 0 {
                out += "  note: \(outside) changed cases of the file fall in no region above (values the analysis does not model)\n"
            }
            for (check, violations) in failed {
                out += "\ncheck \(check.rawValue): " + (!analysis.exact ? "FAILED: the analysis is approximate and proves nothing"
                    : violations.isEmpty ? "passed" : "FAILED: \(violations.count) \(violations.count == 1 ? "region breaks" : "regions break") it") + "\n"
                for v in violations { out += "  \(v.from.label) → \(v.to.label), segment \(v.to.segment ?? "none")\n" }
            }
            Terminal.out(out)
        }
        if let html = arguments.value("--html") {
            do {
                try Terminal.write(analysis.html(old: oldName, new: newName, whatIf: new.whatIf, cases: counts, checks: failed), to: html)
            } catch {
                Terminal.error(error.message)
                return .cannotRun
            }
        }
        let changed = !analysis.changes.isEmpty || (report?.changed ?? 0) > 0 || !analysis.exact
        if arguments.flag("--fail-on-change") && changed { return .notClean }
        if failed.contains(where: { !$0.1.isEmpty || !analysis.exact }) { return .notClean }
        return .clean
    }

    /// The two versions: OLD and NEW, or with --git, OLD at REV and OLD in the working copy.
    private static func loadVersions(_ arguments: ParsedArguments) -> (DecisionMap, DecisionMap)? {
        let first = arguments.positional("OLD")!
        guard let rev = arguments.value("--git") else {
            guard let second = arguments.positional("NEW") else {
                Terminal.err(UsageError("give OLD and NEW, or --git REV FILE", command: spec).rendered + "\n")
                return nil
            }
            guard let old = loadMap(first, printWarnings: false), let new = loadMap(second, printWarnings: false) else { return nil }
            return (old, new)
        }
        if arguments.positional("NEW") != nil {
            Terminal.err(UsageError("with --git, give one map file: its version at \(rev) is compared with the working copy", command: spec).rendered + "\n")
            return nil
        }
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // `REV:./FILE` reads FILE relative to the current directory, as the user named it.
        git.arguments = ["git", "show", "\(rev):./\(first)"]
        let out = Pipe(), err = Pipe()
        (git.standardOutput, git.standardError) = (out, err)
        do {
            try git.run()
        } catch {
            Terminal.error("cannot run git: \(error.localizedDescription)")
            return nil
        }
        let bytes = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        git.waitUntilExit()
        guard git.terminationStatus == 0 else {
            Terminal.error("cannot read `\(first)` at `\(rev)` with git", help: message.split(separator: "\n").first.map(String.init))
            return nil
        }
        let source = SourceFile(name: "\(first)@\(rev)", bytes: [UInt8](bytes))
        let (compiled, diagnostics) = DecisionMap.compile(source)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { Terminal.err(DiagnosticRenderer(source: source).text(errors)) }
        guard let old = compiled, let new = loadMap(first, printWarnings: false) else { return nil }
        return (old, new)
    }

    /// Routes the case file through both versions (the case-based diff).
    private static func simulate(_ old: DecisionMap, _ new: DecisionMap, path: String, format: CaseFileFormat, delimiter: UInt8?,
                                 options: SimulationOptions, each: @escaping (CaseState, CaseState) -> Void) -> DiffReport? {
        // Each version reads the cases once: a file is opened twice; standard input is read into
        // memory first.
        var stdinBytes: [UInt8]?
        if path == "-" {
            do {
                stdinBytes = try Terminal.read("-", limit: 1 << 30)
            } catch {
                Terminal.error(error.message)
                return nil
            }
        } else if CaseOptions.open(path) == nil {
            return nil
        }
        do {
            return try DecisionDiff.run(old: old, new: new, source: path == "-" ? "<stdin>" : path, options: options, cases: {
                if let bytes = stdinBytes { return try CaseFileReader(format: format, source: BytesByteSource(bytes), delimiter: delimiter) }
                guard let handle = CaseOptions.open(path) else { throw SimulationError("cannot read `\(path)`") }
                return try CaseFileReader(format: format, source: FileHandleByteSource(handle), delimiter: delimiter)
            }, each: each)
        } catch {
            Terminal.error(error)
            return nil
        }
    }

    private static func key(_ from: StaticDiff.State, _ to: StaticDiff.State) -> String {
        "\(from.route ?? "\u{0}")|\(from.outcome.rawValue)|\(from.segment ?? "\u{0}")>\(to.route ?? "\u{0}")|\(to.outcome.rawValue)|\(to.segment ?? "\u{0}")"
    }

    private static func key(_ from: CaseState, _ to: CaseState) -> String {
        key(StaticDiff.State(route: from.route, outcome: from.outcome, segment: from.segment),
            StaticDiff.State(route: to.route, outcome: to.outcome, segment: to.segment))
    }
}
