import DecisionMap
import DecisionMapEvaluation
import DecisionMapSimulation
import Foundation

enum TestCommand {
    static let spec = CommandSpec(
        name: ["test"], abstract: "Check maps against their golden cases.",
        discussion: """
            Runs every map that has a golden file beside it (NAME.tests.csv for NAME.dmap): each \
            golden case is routed and compared with its `expect_route` (`none` for no route) and, \
            where given, `expect_outcome` and `expect_segment`. A PATH is a map, a golden file, or \
            a folder searched for golden files, hidden folders skipped (default: the current \
            folder). Each failure shows the case id, its row, what was expected, what happened, and \
            the trace of what happened. The last line is `N passed, M failed`. --update first \
            lists every expectation that differs from what the map does now, then rewrites those \
            cells, keeping every other byte of the file: for changes you made on purpose. Columns \
            bind to inputs and ids as in `dmap simulate`.
            """,
        positionals: [PositionalSpec("PATH", help: "Maps, golden files or folders (default: `.`).", optional: true, variadic: true)],
        options: [
            .option("--junit", value: "OUT", help: "Also write the results as JUnit XML, for CI systems."),
            .flag("--update", help: "Rewrite the expectations that fail from what the map does now."),
            CaseOptions.id,
            CaseOptions.jobs,
        ],
        examples: [
            "dmap test",
            "dmap test decision-maps --junit test-results.xml",
            "dmap test decision-maps/customer-triage.dmap --update",
        ],
        exitStatus: ExitStatusSpec(
            clean: "every golden case passed",
            notClean: "some golden case failed",
            cannotRun: "the command could not run: a usage error, no golden file, a golden file or map that cannot be read, a map with errors, a golden file without `expect_route` or with an input missing"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let options: SimulationOptions
        do {
            (options, _) = try CaseOptions.read(arguments)
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        let paths = arguments.positionals("PATH")
        let (targets, problems) = discover(paths.isEmpty ? ["."] : paths)
        if targets.isEmpty && problems.isEmpty {
            Terminal.error("no golden files in " + (paths.isEmpty ? ["."] : paths).map { "`\($0)`" }.joined(separator: ", "),
                           help: "a map's golden cases are in NAME.tests.csv beside NAME.dmap; see docs/evaluation.md")
        }
        // In file order, each file's output as soon as it has run.
        let work = (problems.map { (file: $0.file, result: Optional($0), target: Optional<(map: String, golden: String)>.none) }
            + targets.map { (file: $0.golden, result: nil, target: Optional($0)) }).sorted { String.precedesInBytes($0.file, $1.file) }
        var results: [GoldenResult] = []
        for item in work {
            let result = item.result ?? run(item.target!, options: options, update: arguments.flag("--update"))
            Terminal.out(result.text())
            results.append(result)
        }
        let passed = results.reduce(0) { $0 + $1.passed }, failed = results.reduce(0) { $0 + $1.failed }
        Terminal.out("\(passed) passed, \(failed) failed\n")
        if let out = arguments.value("--junit") {
            do {
                try Terminal.write(JUnitReport.xml(results), to: out)
            } catch {
                Terminal.error(error.message)
                return .cannotRun
            }
        }
        if results.isEmpty || results.contains(where: { if case .failure = $0.run { true } else { false } }) { return .cannotRun }
        return failed > 0 ? .notClean : .clean
    }

    /// Runs one golden file; with `update`, rewrites its failing expectations first and runs it again.
    private static func run(_ target: (map: String, golden: String), options: SimulationOptions, update: Bool) -> GoldenResult {
        func failure(_ message: String, help: String? = nil) -> GoldenResult {
            GoldenResult(map: target.map, file: target.golden, run: .failure(SimulationError(message, help: help)))
        }
        guard let map = loadMap(target.map, printWarnings: false) else {
            return failure("the map `\(target.map)` has errors", help: "`dmap check \(target.map)` shows them")
        }
        let bytes: [UInt8]
        do {
            bytes = try Terminal.read(target.golden, limit: 1 << 30)
        } catch {
            return failure(error.message)
        }
        let suite = GoldenSuite(map: map, options: options)
        var result = GoldenResult(map: target.map, file: target.golden,
                                  run: Result { () throws(SimulationError) in try suite.run(bytes, file: target.golden) })
        guard update, case .success(let run) = result.run else { return result }
        let changes = run.updates
        guard !changes.isEmpty else { return result }
        for change in changes { Terminal.out(change.text(file: target.golden)) }
        do {
            let updated = try GoldenRewriter.apply(changes, to: bytes)
            try Terminal.write(updated, to: target.golden, atomic: true)
            result.run = Result { () throws(SimulationError) in try suite.run(updated, file: target.golden) }
        } catch let error as InputError {
            return failure(error.message)
        } catch {
            return failure("\(target.golden): \(error)")
        }
        Terminal.out("\(target.golden): updated \(changes.count) expectation\(changes.count == 1 ? "" : "s")\n")
        return result
    }

    /// The golden files (with their maps) that `paths` name, and what is wrong with the paths that
    /// name none: a map without a golden file, a golden file without a map, a path that does not exist.
    static func discover(_ paths: [String]) -> (targets: [(map: String, golden: String)], problems: [GoldenResult]) {
        var goldens: [String] = []
        var problems: [GoldenResult] = []
        let files = FileManager.default
        func problem(_ path: String, _ message: String, help: String? = nil) {
            problems.append(GoldenResult(map: path, file: path, run: .failure(SimulationError(message, help: help))))
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problem(path, "no such file or folder `\(path)`")
                continue
            }
            if isDirectory.boolValue {
                goldens += goldenFiles(in: path)
            } else if path.hasSuffix(GoldenFile.suffix) {
                goldens.append(path)
            } else if path.hasSuffix(".dmap") {
                let golden = GoldenFile.path(forMap: path)
                if files.fileExists(atPath: golden) {
                    goldens.append(golden)
                } else {
                    problem(path, "`\(path)` has no golden file", help: "write its golden cases in `\(golden)`; see docs/evaluation.md")
                }
            } else {
                problem(path, "`\(path)` is neither a map (.dmap) nor a golden file (\(GoldenFile.suffix))")
            }
        }
        var seen = Set<String>()
        var targets: [(map: String, golden: String)] = []
        for golden in goldens where seen.insert(golden).inserted {
            let map = GoldenFile.mapPath(forGolden: golden)!
            if files.fileExists(atPath: map) {
                targets.append((map, golden))
            } else {
                problem(golden, "no map `\(map)` beside the golden file `\(golden)`")
            }
        }
        return (targets, problems)
    }

    /// Golden files under a folder, sorted, skipping hidden folders (`.git`, `.build`).
    private static func goldenFiles(in folder: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var found: [String] = []
        for name in entries.sorted(by: String.precedesInBytes) where !name.hasPrefix(".") {
            let path = folder == "." ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                found += goldenFiles(in: path)
            } else if name.hasSuffix(GoldenFile.suffix) {
                found.append(path)
            }
        }
        return found
    }
}
