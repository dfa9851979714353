import XCTest
@testable import dmap

final class ArgumentsTests: XCTestCase {
    static let simulate = CommandSpec(
        name: ["simulate"],
        abstract: "Run a decision map over a file of cases and summarize the outcomes.",
        discussion: """
            Each case is routed through MAP and the outcomes are counted per leaf. With --expect, \
            each outcome is compared with the expected outcome in the given column of the cases \
            file, and any mismatch makes dmap exit with status 1.
            """,
        positionals: [PositionalSpec("MAP", help: "The decision map to run.")],
        options: [
            .option("--cases", value: "FILE", help: "The cases to run; `-` reads standard input.", required: true),
            .option("--format", value: "FORMAT", help: "Output format.", allowed: ["text", "json"], default: "text"),
            .option("--expect", value: "COLUMN", help: "Compare each outcome with the expected outcome in COLUMN."),
            .option("--per-week", value: "N", help: "Scale the counts to N cases per week."),
            .option("--decisions", value: "OUT", help: "Write each case's decision to OUT."),
            .option("--rejects", value: "OUT", help: "Write the cases that could not be routed to OUT."),
            .option("--jobs", short: "-j", value: "N", help: "How many cases to route in parallel.",
                    default: "number of CPUs"),
            .option("--input", value: "FORMAT", help: "The format of the cases file, when its extension does not tell.",
                    allowed: ["csv", "jsonl", "json"]),
            .option("--html", value: "OUT", help: "Also write an HTML report to OUT."),
        ],
        examples: [
            "dmap simulate loans.dmap --cases cases.csv",
            "dmap simulate loans.dmap --cases - --input jsonl --format json < cases.jsonl",
        ],
        exitStatus: ExitStatusSpec(clean: "every case got a route", notClean: "some cases are gaps"))

    static let table = CommandTable(
        overview: "Check, run and test decision maps.",
        version: "1.2.3",
        commands: [
            CommandSpec(
                name: ["check"], abstract: "Check decision maps for errors.",
                positionals: [PositionalSpec("FILE", help: "The maps to check.", variadic: true)]),
            CommandSpec(
                name: ["route"], abstract: "Route one case through a map and explain the path taken.",
                positionals: [PositionalSpec("MAP", help: "The map."), PositionalSpec("CASE", help: "The case.")],
                options: [
                    .option("--set", value: "field=value", help: "Override a field of the case.", repeatable: true),
                    .option("--format", value: "FORMAT", help: "Output format.", allowed: ["text", "json"]),
                ]),
            simulate,
            CommandSpec(
                name: ["fmt"], abstract: "Format maps in place.",
                positionals: [PositionalSpec("FILE", help: "The maps.", optional: true, variadic: true)],
                options: [.flag("--check", help: "Only report unformatted maps.")]),
            CommandSpec(
                name: ["diff"], abstract: "Compare the decisions of two versions of a map.",
                positionals: [
                    PositionalSpec("OLD", help: "The old map."), PositionalSpec("NEW", help: "The new map."),
                ]),
            CommandSpec(
                name: ["cases", "generate"], abstract: "Generate random cases for a map.",
                positionals: [PositionalSpec("MAP", help: "The map.")],
                options: [
                    .option("--count", value: "N", help: "How many cases.", required: true),
                    .option("--seed", value: "S", help: "Random seed."),
                ]),
        ])

    // MARK: Helpers

    func parse(_ line: String, _ command: CommandSpec = simulate) throws -> ParsedArguments {
        try command.parse(line.split(separator: " ").map(String.init))
    }

    func resolve(_ line: String) throws -> (CommandSpec, ParsedArguments) {
        try Self.table.resolve(line.split(separator: " ").map(String.init))
    }

    /// The usage error thrown by `body`, as (message, help).
    func usageError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line)
        -> (String, String?)
    {
        do {
            _ = try body()
            XCTFail("no error thrown", file: file, line: line)
        } catch let error as UsageError {
            return (error.message, error.help)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
        return ("", nil)
    }

    func assertError(
        _ line: String, _ message: String, help: String? = nil, command: CommandSpec = simulate,
        file: StaticString = #filePath, line number: UInt = #line
    ) {
        let (actual, actualHelp) = usageError({ try parse(line, command) }, file: file, line: number)
        XCTAssertEqual(actual, message, file: file, line: number)
        XCTAssertEqual(actualHelp, help, file: file, line: number)
    }

    // MARK: Parsing

    func testOptionForms() throws {
        let args = try parse("m.dmap --cases c.csv --format=json -j 4 --input jsonl")
        XCTAssertEqual(args.positional("MAP"), "m.dmap")
        XCTAssertEqual(args.value("--cases"), "c.csv")
        XCTAssertEqual(args.value("--format"), "json")
        XCTAssertEqual(args.value("--jobs"), "4")
        XCTAssertEqual(args.value("--input"), "jsonl")
        XCTAssertNil(args.value("--html"), "defaults are for help only")
        XCTAssertFalse(args.flag("--help"))
    }

    func testOptionsAndPositionalsInAnyOrder() throws {
        let args = try parse("--cases=c.csv m.dmap --expect=a=b")
        XCTAssertEqual(args.positional("MAP"), "m.dmap")
        XCTAssertEqual(args.value("--expect"), "a=b")
    }

    func testDoubleDashEndsOptionsAndDashIsPositional() throws {
        let args = try parse("--cases - -- --weird-map")
        XCTAssertEqual(args.positional("MAP"), "--weird-map")
        XCTAssertEqual(args.value("--cases"), "-")
        let fmt = try parse("--check -- -", Self.table.commands[3])
        XCTAssertTrue(fmt.flag("--check"))
        XCTAssertEqual(fmt.positionals("FILE"), ["-"])
    }

    func testNegativeNumbersAreValues() throws {
        let args = try parse("m --count -5 --seed -1.5", Self.table.commands[5])
        XCTAssertEqual(args.value("--count"), "-5")
        XCTAssertEqual(args.value("--seed"), "-1.5")
    }

    func testRepeatableOption() throws {
        let route = Self.table.commands[1]
        let args = try parse("m c --set a=1 --set=b= --format text", route)
        XCTAssertEqual(args.values("--set"), ["a=1", "b="])
        XCTAssertEqual(try args.pairs("--set").map { "\($0.key)|\($0.value)" }, ["a|1", "b|"])
        XCTAssertEqual(try parse("m c", route).values("--set"), [])
    }

    func testVariadicPositionals() throws {
        let check = Self.table.commands[0]
        XCTAssertEqual(try parse("a b c", check).positionals("FILE"), ["a", "b", "c"])
        let fmt = Self.table.commands[3]
        XCTAssertEqual(try parse("", fmt).positionals("FILE"), [])
        XCTAssertNil(try parse("", fmt).positional("FILE"))
        XCTAssertFalse(try parse("", fmt).flag("--check"))
    }

    func testHelpFlagWinsOverOtherErrors() throws {
        XCTAssertTrue(try parse("--fromat xml -h").flag("--help"))
        XCTAssertTrue(try parse("--help").flag("--help"))
        assertError("m --cases c -- --help", "unexpected argument `--help`")
    }

    // MARK: Parse errors

    func testUnknownOption() {
        assertError("m --cases c --fromat json", "unknown option `--fromat`", help: "did you mean `--format`?")
        assertError("m --cases c --fromat=json", "unknown option `--fromat`", help: "did you mean `--format`?")
        assertError("m --cases c --perweek 3", "unknown option `--perweek`",
                    help: "did you mean `--per-week`?")
        // The only option it begins is the one meant; a prefix of several suggests none of them.
        assertError("m --cases c --decis out.csv", "unknown option `--decis`", help: "did you mean `--decisions`?")
        assertError("m --cases c --e x", "unknown option `--e`")
        assertError("m --cases c --verbose", "unknown option `--verbose`")
        assertError("m --cases c -x", "unknown option `-x`")
    }

    func testMissingValue() {
        assertError("m --cases c --format", "`--format` expects a value: text or json")
        assertError("m --cases c --input --format json", "`--input` expects a value: csv, jsonl or json")
        assertError("m --cases", "`--cases` expects a value: FILE")
    }

    func testValueNotAllowed() {
        assertError("m --cases c --format xml", "`--format` must be one of text, json; got `xml`")
        assertError("m --cases c --format jsno", "`--format` must be one of text, json; got `jsno`",
                    help: "did you mean `json`?")
        assertError("m --cases c --format=", "`--format` must be one of text, json; got ``")
    }

    func testPositionalErrors() {
        assertError("--cases c", "missing MAP")
        assertError("m --cases c extra", "unexpected argument `extra`")
        let route = Self.table.commands[1]
        assertError("", "missing MAP", command: route)
        assertError("m", "missing CASE", command: route)
        assertError("m c d", "unexpected argument `d`", command: route)
        assertError("", "missing FILE", command: Self.table.commands[0])
    }

    func testMissingRequiredOption() {
        assertError("m", "missing `--cases FILE`")
    }

    func testOptionGivenTwice() {
        assertError("m --cases a --cases b", "`--cases` can only be given once")
        assertError("m --cases a --format text --format=json", "`--format` can only be given once")
    }

    func testFlagWithValue() {
        assertError("--check=yes", "`--check` does not take a value", command: Self.table.commands[3])
    }

    // MARK: Typed accessors

    func testInt() throws {
        let args = try parse("m --cases c -j 4 --per-week 0")
        XCTAssertEqual(try args.int("--jobs", range: 1...), 4)
        XCTAssertEqual(try args.int("--per-week"), 0)
        XCTAssertNil(try args.int("--html"))
        XCTAssertEqual(
            usageError { try args.int("--per-week", range: 1...) }.0,
            "`--per-week` expects a whole number of at least 1, got `0`")
        XCTAssertEqual(
            usageError { try args.int("--jobs", range: 1...3) }.0,
            "`--jobs` expects a whole number from 1 to 3, got `4`")
        XCTAssertEqual(
            usageError { try args.int("--jobs", range: Int.min...3) }.0,
            "`--jobs` expects a whole number of at most 3, got `4`")
        let bad = try parse("m --cases c --jobs x")
        XCTAssertEqual(
            usageError { try bad.int("--jobs", range: 1...) }.0,
            "`--jobs` expects a whole number of at least 1, got `x`")
        XCTAssertEqual(usageError { try bad.int("--jobs") }.0, "`--jobs` expects a whole number, got `x`")
        do {
            _ = try bad.int("--jobs")
        } catch {
            XCTAssertEqual(error.command?.name, ["simulate"], "typed errors carry the command for its usage")
        }
    }

    func testPairs() throws {
        let args = try parse("m c --set amount --set =1", Self.table.commands[1])
        XCTAssertEqual(usageError { try args.pairs("--set") }.0, "`--set` expects field=value, got `amount`")
    }

    // MARK: Command table

    func testResolveCommands() throws {
        var (command, args) = try resolve("route m c --set x=1")
        XCTAssertEqual(command.name, ["route"])
        XCTAssertEqual(args.positional("CASE"), "c")
        (command, args) = try resolve("cases generate m --count 3")
        XCTAssertEqual(command.name, ["cases", "generate"])
        XCTAssertEqual(try args.int("--count", range: 1...), 3)
    }

    func testResolveHelpAndVersion() throws {
        for line in ["--help", "-h", "help"] {
            let (command, args) = try resolve(line)
            XCTAssertEqual(command.name, ["help"], line)
            XCTAssertEqual(args.positionals("COMMAND"), [], line)
        }
        for line in ["help simulate", "simulate --help", "simulate -h --bogus", "--help simulate"] {
            let (command, args) = try resolve(line)
            XCTAssertEqual(command.name, ["help"], line)
            XCTAssertEqual(args.positionals("COMMAND"), ["simulate"], line)
        }
        for line in ["help cases generate", "cases generate --help"] {
            XCTAssertEqual(try resolve(line).1.positionals("COMMAND"), ["cases", "generate"], line)
        }
        XCTAssertEqual(try resolve("help --help").1.positionals("COMMAND"), ["help"])
        XCTAssertEqual(try resolve("--version").0.name, ["version"])
        XCTAssertEqual(Self.table.versionText, "dmap 1.2.3")
    }

    func testResolveErrors() {
        func check(_ line: String, _ message: String, _ help: String? = nil, file: StaticString = #filePath,
                   line number: UInt = #line) {
            let (actual, actualHelp) = usageError({ try resolve(line) }, file: file, line: number)
            XCTAssertEqual(actual, message, file: file, line: number)
            XCTAssertEqual(actualHelp, help, file: file, line: number)
        }
        check("", "missing command")
        check("simlate m", "unknown command `simlate`", "did you mean `simulate`?")
        check("frobnicate", "unknown command `frobnicate`")
        check("cases", "unknown command `cases`", "did you mean `cases generate`?")
        check("cases --count 3", "unknown command `cases`", "did you mean `cases generate`?")
        check("cases genrate m", "unknown command `cases genrate`", "did you mean `cases generate`?")
        check("cases make m", "unknown command `cases make`", "did you mean `cases generate`?")
        check("help simlate", "unknown command `simlate`", "did you mean `simulate`?")
        check("help simulate extra", "unexpected argument `extra`")
        check("--verison", "unknown option `--verison`", "did you mean `--version`?")
        check("--version extra", "unexpected argument `extra`")
        check("simulate m --cases c --fromat json", "unknown option `--fromat`", "did you mean `--format`?")
    }

    // MARK: Rendering

    func testRenderedErrors() {
        XCTAssertEqual(
            UsageError("unknown option `--fromat`", help: "did you mean `--format`?", command: Self.simulate).rendered,
            """
            dmap: error: unknown option `--fromat`
            help: did you mean `--format`?
            usage: dmap simulate MAP --cases FILE [--format text|json] [--expect COLUMN]
                                 [--per-week N] [--decisions OUT] [--rejects OUT] [--jobs N]
                                 [--input csv|jsonl|json] [--html OUT]
            run `dmap help simulate` for details
            """)
        XCTAssertEqual(
            UsageError("missing CASE", command: Self.table.commands[1]).rendered,
            """
            dmap: error: missing CASE
            usage: dmap route MAP CASE [--set field=value]... [--format text|json]
            run `dmap help route` for details
            """)
        XCTAssertEqual(
            UsageError("unknown command `simlate`", help: "did you mean `simulate`?").rendered,
            """
            dmap: error: unknown command `simlate`
            help: did you mean `simulate`?
            usage: dmap [--version] [--help] COMMAND [ARGUMENTS]
            run `dmap --help` for a list of commands
            """)
    }

    func testCommandHelp() {
        let help = Self.table.helpText(for: ["simulate"])
        XCTAssertEqual(help, Self.simulate.helpText)
        XCTAssertEqual(
            help,
            """
            usage: dmap simulate MAP --cases FILE [--format text|json] [--expect COLUMN]
                                 [--per-week N] [--decisions OUT] [--rejects OUT] [--jobs N]
                                 [--input csv|jsonl|json] [--html OUT]

            Run a decision map over a file of cases and summarize the outcomes.

            Each case is routed through MAP and the outcomes are counted per leaf. With
            --expect, each outcome is compared with the expected outcome in the given column
            of the cases file, and any mismatch makes dmap exit with status 1.

            ARGUMENTS:
              MAP                  The decision map to run.

            OPTIONS:
                  --cases FILE     The cases to run; `-` reads standard input.
                  --format FORMAT  Output format. [default: text]
                                   [possible values: text, json]
                  --expect COLUMN  Compare each outcome with the expected outcome in COLUMN.
                  --per-week N     Scale the counts to N cases per week.
                  --decisions OUT  Write each case's decision to OUT.
                  --rejects OUT    Write the cases that could not be routed to OUT.
              -j, --jobs N         How many cases to route in parallel.
                                   [default: number of CPUs]
                  --input FORMAT   The format of the cases file, when its extension does not
                                   tell. [possible values: csv, jsonl, json]
                  --html OUT       Also write an HTML report to OUT.
              -h, --help           Show this help.

            EXIT STATUS:
              0                    every case got a route
              1                    some cases are gaps
              2                    the command could not run: a usage error, a file that
                                   cannot be read or written, a map with errors

            EXAMPLES:
              dmap simulate loans.dmap --cases cases.csv
              dmap simulate loans.dmap --cases - --input jsonl --format json < cases.jsonl
            """)
        for line in help.split(separator: "\n") {
            XCTAssertLessThanOrEqual(line.count, 80, String(line))
            XCTAssertFalse(line.hasSuffix(" "), String(line))
        }
    }

    func testShortCommandHelpAndLongTerms() {
        let spec = CommandSpec(
            name: ["lint"], abstract: "Lint maps.",
            positionals: [PositionalSpec("MAP", help: "", variadic: true)],
            options: [
                .option("--a-very-long-option-name-indeed", value: "VALUE", help: "Goes on its own line."),
            ])
        XCTAssertEqual(
            spec.helpText,
            """
            usage: dmap lint MAP... [--a-very-long-option-name-indeed VALUE]

            Lint maps.

            ARGUMENTS:
              MAP

            OPTIONS:
                  --a-very-long-option-name-indeed VALUE
                          Goes on its own line.
              -h, --help  Show this help.

            EXIT STATUS:
              0           the command did its job
              2           the command could not run: a usage error, a file that cannot be
                          read or written, a map with errors
            """)
    }

    func testOverview() {
        XCTAssertEqual(Self.table.helpText(for: []), Self.table.helpText(for: ["nonsense"]))
        XCTAssertEqual(
            Self.table.helpText(for: []),
            """
            usage: dmap [--version] [--help] COMMAND [ARGUMENTS]

            Check, run and test decision maps.

            COMMANDS:
              check           Check decision maps for errors.
              route           Route one case through a map and explain the path taken.
              simulate        Run a decision map over a file of cases and summarize the
                              outcomes.
              fmt             Format maps in place.
              diff            Compare the decisions of two versions of a map.
              cases generate  Generate random cases for a map.
              help            Show help for dmap or one of its commands.
              version         Print dmap's version.

            OPTIONS:
              -h, --help      Show this help.
                  --version   Print dmap's version.

            EXIT STATUS (every command):
              0               clean: the command did its job and the answer is clean
              1               not clean: gaps, rejected rows, findings, failed golden cases,
                              changes
              2               could not run: a usage error, an unreadable file, a map with
                              errors, absent columns, no cases

            run `dmap help COMMAND` for details on a command
            """)
    }

    func testExitCodesFollowOneRuleAndTheWorseWins() {
        XCTAssertEqual(ExitCode.clean.rawValue, 0)
        XCTAssertEqual(ExitCode.notClean.rawValue, 1)
        XCTAssertEqual(ExitCode.cannotRun.rawValue, 2)
        XCTAssertEqual(ExitCode.clean.worse(.notClean), .notClean)
        XCTAssertEqual(ExitCode.cannotRun.worse(.notClean), .cannotRun)
        XCTAssertEqual(ExitCode.notClean.worse(.clean), .notClean)
    }
}
