import DecisionMap
import DecisionMapSimulation
import Foundation

enum BenchCommand {
    static let spec = CommandSpec(
        name: ["bench"], abstract: "Measure how fast a map routes cases (use a release build).",
        discussion: """
            Generates distinct synthetic cases for MAP in memory (see `dmap cases generate`), binds \
            them once, then routes --count cases on one core, cycling through them, and reports \
            cases per second. Binding, generation and building the map's case table (a decision \
            per combination of the pieces its conditions split each field into, when they are at \
            most one per four cases) are not timed: this measures routing. Run it from a release \
            build: `swift run -c release dmap bench route MAP`.
            """,
        positionals: [
            PositionalSpec("WHAT", help: "What to measure: `route`."),
            PositionalSpec("MAP", help: "The decision map."),
        ],
        options: [
            .option("--count", value: "N", help: "Cases to route.", default: "5000000"),
            .flag("--scan", help: "Route with the router alone: no case table, and every rule of every table read, without the index large tables get."),
            .option("--distinct", value: "N", help: "Distinct generated cases to cycle through.", default: "100000"),
            .option("--seed", value: "S", help: "Seed for the generated cases.", default: "1"),
        ],
        examples: ["swift run -c release dmap bench route decision-maps/customer-triage.dmap"],
        exitStatus: ExitStatusSpec(clean: "the benchmark ran"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let count: Int, distinct: Int, seed: Int
        do {
            count = try arguments.int("--count", range: 1...) ?? 5_000_000
            distinct = try arguments.int("--distinct", range: 1...) ?? 100_000
            seed = try arguments.int("--seed", range: 0...) ?? 1
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        guard arguments.positional("WHAT") == "route" else {
            Terminal.err(UsageError("unknown benchmark `\(arguments.positional("WHAT")!)`", help: "the benchmark is `route`",
                                    command: spec).rendered + "\n")
            return .cannotRun
        }
        guard let loaded = loadMap(arguments.positional("MAP")!) else { return .cannotRun }
        let map = arguments.flag("--scan") ? loaded.scanningTables() : loaded.tabulated(limit: count / 4)
        var generator = CaseGenerator(map: map, seed: UInt64(seed))
        var records: [CaseRecord] = (0..<min(distinct, count)).map { _ in
            var record = map.makeRecord()
            for (f, value) in generator.next().enumerated() { map.bind(value, toField: f, in: &record) }
            return record
        }
        let clock = ContinuousClock()
        var routed: [Int] = []
        let elapsed = clock.measure { routed = map.routeAll(&records, count: count) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = Double(count) / seconds
        Terminal.out("""
            map:      \(map.model.title)
            cases:    \(count) routed (\(records.count) distinct, seed \(seed)), one core
            time:     \(String(format: "%.3f", seconds)) s
            rate:     \(String(format: "%.2f", rate / 1e6)) million cases/s (\(String(format: "%.0f", 1e9 / rate)) ns per case)
            table:    \(map.tableSize.map { "\($0.cells) combinations of pieces, \($0.answered) answered" } ?? "none (routed rule by rule)")
            routes:   \(zip(map.model.routes.map(\.name) + ["(none)"], routed).filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", "))

            """)
        return .clean
    }
}
