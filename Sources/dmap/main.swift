import DecisionMap
import Foundation

let version = DecisionMap.toolVersion

/// Every command: its spec (for parsing and help) and what runs it.
let commands: [(spec: CommandSpec, run: (ParsedArguments) -> ExitCode)] = [
    (CheckCommand.spec, CheckCommand.run),
    (RouteCommand.spec, RouteCommand.run),
    (LintCommand.spec, LintCommand.run),
    (SimulateCommand.spec, SimulateCommand.run),
    (MergeCommand.spec, MergeCommand.run),
    (TestCommand.spec, TestCommand.run),
    (DiffCommand.spec, DiffCommand.run),
    (CasesGenerateCommand.spec, CasesGenerateCommand.run),
    (FmtCommand.spec, FmtCommand.run),
    (BenchCommand.spec, BenchCommand.run),
    (GraphCommand.spec, GraphCommand.run),
    (LspCommand.spec, LspCommand.run),
]

let table = CommandTable(
    overview: "Write, check, route, simulate and lint decision maps: the decision logic around AI.",
    version: version, commands: commands.map(\.spec))

@MainActor func main() -> ExitCode {
    // Bare `dmap`: what a first-time user needs is the list of commands, not a usage error.
    if CommandLine.arguments.count < 2 {
        Terminal.err(table.helpText(for: []) + "\n")
        return .cannotRun
    }
    do {
        let (command, arguments) = try table.resolve(Array(CommandLine.arguments.dropFirst()))
        switch command.name {
        case ["help"]:
            Terminal.out(table.helpText(for: arguments.positionals("COMMAND")) + "\n")
            return .clean
        case ["version"]:
            Terminal.out(table.versionText + "\n")
            return .clean
        default:
            guard let entry = commands.first(where: { $0.spec.name == command.name }) else { return .cannotRun }
            return entry.run(arguments)
        }
    } catch {
        Terminal.err(error.rendered + "\n")
        return .cannotRun
    }
}

exit(main().rawValue)
