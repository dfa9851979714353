import DecisionMap
import DecisionMapSimulation
import Foundation

enum CasesGenerateCommand {
    static let spec = CommandSpec(
        name: ["cases", "generate"], abstract: "Write synthetic cases for a map, as CSV.",
        discussion: """
            Generates cases that cover MAP's input schema: every enum value, the edges of every \
            range and the numbers the map compares with, both booleans, and about 5% missing \
            optional fields (and, with --invalid-rate, some invalid values). Writes CSV with a header (the map's column names) and an `id` column. \
            The same map, count and seed give the same bytes. For exploring a map without data, and \
            for benchmarks.
            """,
        positionals: [PositionalSpec("MAP", help: "The decision map.")],
        options: [
            .option("--count", value: "N", help: "How many cases.", required: true),
            .option("--seed", value: "S", help: "Random seed.", default: "1"),
            .option("--invalid-rate", value: "R", help: "Share of values made invalid on purpose (0 to 1).", default: "0"),
            .option("--output", value: "FILE", help: "Write here instead of standard output."),
        ],
        examples: ["dmap cases generate decision-maps/customer-triage.dmap --count 1000000 --output cases.csv"],
        exitStatus: ExitStatusSpec(clean: "the cases were written"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let count: Int, seed: Int
        do {
            count = try arguments.int("--count", range: 0...) ?? 0
            seed = try arguments.int("--seed", range: 0...) ?? 1
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        guard let map = loadMap(arguments.positional("MAP")!) else { return .cannotRun }
        let out: OutputFile
        do {
            out = try OutputFile(arguments.value("--output") ?? "-")
        } catch {
            Terminal.error(error.message)
            return .cannotRun
        }
        var generator = CaseGenerator(map: map, seed: UInt64(seed))
        if let rate = arguments.value("--invalid-rate") {
            guard let r = Double(rate), (0...1).contains(r) else {
                Terminal.err(UsageError("`--invalid-rate` expects a number from 0 to 1, got `\(rate)`", command: spec).rendered + "\n")
                return .cannotRun
            }
            generator.invalidRate = r
        }
        let digits = String(max(count, 1)).count
        out.write((["id"] + map.model.fields.map(\.column)).map { csvField($0) }.joined(separator: ",") + "\n")
        for i in 1...max(count, 1) where count > 0 {
            let number = String(i)
            var line = "G-" + String(repeating: "0", count: digits - number.count) + number
            for value in generator.next() {
                line += ","
                switch value {
                case .missing, .unsupported: break
                case .text(let s), .string(let s): line += csvField(s)
                case .number(let n): line += format(n)
                case .bool(let b): line += b ? "true" : "false"
                }
            }
            out.write(line + "\n")
        }
        out.close()
        return .clean
    }
}
