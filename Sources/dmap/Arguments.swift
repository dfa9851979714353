import DecisionMap

// A small table-driven command-line parser and help renderer for dmap.
//
// Commands are described by `CommandSpec` values collected in a `CommandTable`; `resolve` turns
// the arguments into a command and its `ParsedArguments`, and every help screen and usage line
// is rendered from the same specs. Nothing here prints or exits: parsing returns values or
// throws `UsageError`, and help is returned as text.

/// The exit status of `dmap`: one rule for every command.
enum ExitCode: Int32, Sendable {
    /// 0: the command did its job and the answer is clean.
    case clean = 0
    /// 1: the command did its job and the answer is "not clean": gaps, rejected rows, findings,
    /// failed golden cases, changes.
    case notClean = 1
    /// 2: the command could not do its job: a usage error, a file that cannot be read or written,
    /// a map with errors, absent columns, a case file without cases.
    case cannotRun = 2

    /// The worse of two statuses: could not run beats not clean beats clean.
    func worse(_ other: ExitCode) -> ExitCode { rawValue >= other.rawValue ? self : other }
}

/// What each exit status means for one command, for its help screen.
struct ExitStatusSpec: Sendable, Equatable {
    var clean: String
    /// Nil for commands whose answer cannot be "not clean".
    var notClean: String?
    var cannotRun = "the command could not run: a usage error, a file that cannot be read or written, a map with errors"
}

/// An option of a command: a flag (`--check`) or an option with a value (`--format json` or
/// `--format=json`). Names are written with their dashes.
struct OptionSpec: Sendable, Equatable {
    var long: String
    var short: String?
    /// The value's placeholder (`FILE`, `N`), or nil for a flag.
    var valueName: String?
    var help: String
    var repeatable = false
    var required = false
    /// If set, the only values accepted.
    var allowedValues: [String]?
    /// The default as shown in help; `ParsedArguments.value` does not substitute it.
    var defaultValue: String?

    static func flag(_ long: String, short: String? = nil, help: String) -> OptionSpec {
        OptionSpec(long: long, short: short, valueName: nil, help: help)
    }

    static func option(
        _ long: String, short: String? = nil, value: String, help: String, allowed: [String]? = nil,
        default defaultValue: String? = nil, repeatable: Bool = false, required: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            long: long, short: short, valueName: value, help: help, repeatable: repeatable,
            required: required, allowedValues: allowed, defaultValue: defaultValue)
    }

    /// How the option reads in a usage line: `--format text|json`, `--cases FILE`, `--check`.
    var synopsis: String {
        guard let valueName else { return long }
        return long + " " + (allowedValues?.joined(separator: "|") ?? valueName)
    }
}

/// A positional argument. A variadic one takes all the arguments left for it (`FILE...`).
struct PositionalSpec: Sendable, Equatable {
    var name: String
    var help: String
    var optional: Bool
    var variadic: Bool

    init(_ name: String, help: String, optional: Bool = false, variadic: Bool = false) {
        (self.name, self.help, self.optional, self.variadic) = (name, help, optional, variadic)
    }

    var synopsis: String {
        let text = variadic ? name + "..." : name
        return optional ? "[\(text)]" : text
    }
}

/// A command: its name path (`["cases", "generate"]`), help texts, arguments and options.
struct CommandSpec: Sendable, Equatable {
    var name: [String]
    var abstract: String
    var discussion = ""
    var positionals: [PositionalSpec] = []
    var options: [OptionSpec] = []
    var examples: [String] = []
    var exitStatus = ExitStatusSpec(clean: "the command did its job")

    var fullName: String { name.joined(separator: " ") }

    /// `-h/--help`, which every command accepts.
    static let helpOption = OptionSpec.flag("--help", short: "-h", help: "Show this help.")
    var allOptions: [OptionSpec] { options + [Self.helpOption] }

    static let help = CommandSpec(
        name: ["help"], abstract: "Show help for dmap or one of its commands.",
        positionals: [
            PositionalSpec("COMMAND", help: "The command to describe.", optional: true, variadic: true)
        ],
        examples: ["dmap help simulate", "dmap help cases generate"],
        exitStatus: ExitStatusSpec(clean: "the help was shown", cannotRun: "no such command"))
    static let version = CommandSpec(name: ["version"], abstract: "Print dmap's version.",
                                     exitStatus: ExitStatusSpec(clean: "the version was shown", cannotRun: "a usage error"))
}

/// A command line that could not be understood. Shown as `rendered`; exits with `ExitCode.cannotRun`.
struct UsageError: Error, Equatable {
    var message: String
    var help: String?
    /// The command whose usage to show, or nil for the tool's.
    var command: CommandSpec?

    init(_ message: String, help: String? = nil, command: CommandSpec? = nil) {
        (self.message, self.help, self.command) = (message, help, command)
    }

    var rendered: String {
        var lines = ["dmap: error: \(message)"]
        if let help { lines.append("help: \(help)") }
        if let command {
            lines += [command.usage, "run `dmap help \(command.fullName)` for details"]
        } else {
            lines += [CommandTable.usage, "run `dmap --help` for a list of commands"]
        }
        return lines.joined(separator: "\n")
    }
}

/// The options and positionals given to a command, keyed by long option name / positional name.
struct ParsedArguments: Sendable, Equatable {
    let command: CommandSpec
    let optionValues: [String: [String]]
    let positionalValues: [String: [String]]

    func flag(_ name: String) -> Bool {
        checkDeclared(name, value: false)
        return optionValues[name] != nil
    }

    /// The option's value if given (the last one for a repeatable option).
    func value(_ name: String) -> String? { values(name).last }

    func values(_ name: String) -> [String] {
        checkDeclared(name, value: true)
        return optionValues[name] ?? []
    }

    func positional(_ name: String) -> String? { positionals(name).first }

    func positionals(_ name: String) -> [String] {
        precondition(command.positionals.contains { $0.name == name }, "\(command.fullName) has no \(name)")
        return positionalValues[name] ?? []
    }

    /// The option's value as a whole number in `range`, or nil if the option was not given.
    func int(_ name: String, range: ClosedRange<Int> = Int.min...Int.max) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        if let number = Int(text), range.contains(number) { return number }
        let bounds = switch (range.lowerBound, range.upperBound) {
        case (Int.min, Int.max): ""
        case (let low, Int.max): " of at least \(low)"
        case (Int.min, let high): " of at most \(high)"
        case (let low, let high): " from \(low) to \(high)"
        }
        throw UsageError("`\(name)` expects a whole number\(bounds), got `\(text)`", command: command)
    }

    func int(_ name: String, range: PartialRangeFrom<Int>) throws(UsageError) -> Int? {
        try int(name, range: range.lowerBound...Int.max)
    }

    /// The values of an option such as `--set field=value`, split at their first `=`.
    func pairs(_ name: String) throws(UsageError) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        for text in values(name) {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                let shape = command.allOptions.first { $0.long == name }?.valueName ?? "KEY=VALUE"
                throw UsageError("`\(name)` expects \(shape), got `\(text)`", command: command)
            }
            pairs.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
        }
        return pairs
    }

    /// Traps on a misspelled name in the code: a flag read as a value, or an undeclared option.
    private func checkDeclared(_ name: String, value: Bool) {
        let option = command.allOptions.first { $0.long == name }
        precondition(
            option.map { ($0.valueName != nil) == value } ?? false,
            "`\(command.fullName)` declares no \(value ? "option with a value" : "flag") \(name)")
    }
}

extension CommandSpec {
    /// Parses the arguments after the command's name. If `-h`/`--help` appears before `--`, the
    /// result is just that flag, whatever else is wrong.
    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        if arguments.prefix(while: { $0 != "--" }).contains(where: { $0 == "-h" || $0 == "--help" }) {
            return ParsedArguments(command: self, optionValues: ["--help": []], positionalValues: [:])
        }
        var options: [String: [String]] = [:]
        var words: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                words += arguments[index...]
                break
            }
            guard isOption(argument) else {
                words.append(argument)
                continue
            }
            var (name, inline): (String, String?) = (argument, nil)
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            guard let option = allOptions.first(where: { $0.long == name || $0.short == name }) else {
                throw error("unknown option `\(name)`", help: didYouMean(name, allOptions.map(\.long)))
            }
            guard option.valueName != nil else {
                if inline != nil { throw error("`\(option.long)` does not take a value") }
                options[option.long] = []
                continue
            }
            if options[option.long] != nil, !option.repeatable {
                throw error("`\(option.long)` can only be given once")
            }
            if inline == nil, index < arguments.count, !isOption(arguments[index]) {
                inline = arguments[index]
                index += 1
            }
            guard let value = inline else {
                let expected = option.allowedValues.map(list) ?? option.valueName!
                throw error("`\(option.long)` expects a value: \(expected)")
            }
            if let allowed = option.allowedValues, !allowed.contains(value) {
                throw error(
                    "`\(option.long)` must be one of \(allowed.joined(separator: ", ")); got `\(value)`",
                    help: didYouMean(value, allowed))
            }
            options[option.long, default: []].append(value)
        }
        let assigned = try assign(words)
        if let missing = self.options.first(where: { $0.required && options[$0.long] == nil }) {
            throw error("missing `\(missing.synopsis)`")
        }
        return ParsedArguments(command: self, optionValues: options, positionalValues: assigned)
    }

    /// Hands the positional words to the positional specs in order; a variadic spec takes all the
    /// words not needed by the required specs after it.
    private func assign(_ words: [String]) throws(UsageError) -> [String: [String]] {
        var result: [String: [String]] = [:]
        var rest = words[...]
        for (i, spec) in positionals.enumerated() {
            let spare = rest.count - positionals[(i + 1)...].filter { !$0.optional }.count
            let count = spec.variadic
                ? max(spare, spec.optional ? 0 : 1) : (spec.optional ? min(spare, 1) : 1)
            if !spec.optional, rest.isEmpty { throw error("missing \(spec.name)") }
            result[spec.name] = Array(rest.prefix(max(count, 0)))
            rest = rest.dropFirst(max(count, 0))
        }
        if let extra = rest.first {
            // `dmap simulate MAP cases.csv`: the case file given where the option belongs.
            let caseFile = [".csv", ".jsonl", ".ndjson", ".json"].contains { extra.lowercased().hasSuffix($0) }
            let help = caseFile && options.contains { $0.long == "--cases" } ? "did you mean `--cases \(extra)`?" : nil
            throw error("unexpected argument `\(extra)`", help: help)
        }
        return result
    }

    private func error(_ message: String, help: String? = nil) -> UsageError {
        UsageError(message, help: help, command: self)
    }

    /// `usage: dmap simulate MAP --cases FILE [--format text|json] ...`, wrapped at 80 columns.
    var usage: String {
        let words = positionals.map(\.synopsis) + options.map { option in
            (option.required ? option.synopsis : "[\(option.synopsis)]") + (option.repeatable ? "..." : "")
        }
        return hanging("usage: dmap \(fullName)", words)
    }

    /// The full help screen: usage, abstract, discussion, arguments, options and examples.
    var helpText: String {
        var lines = [usage, ""] + wrap(abstract)
        if !discussion.isEmpty { lines += [""] + wrap(discussion) }
        let arguments = positionals.map { ("  " + $0.name, $0.help) }
        let options = allOptions.map { option in
            let left = "  " + (option.short.map { $0 + ", " } ?? "    ") + option.long
                + (option.valueName.map { " " + $0 } ?? "")
            let notes = [  // Kept whole when wrapping: no-break spaces, replaced in `columns`.
                option.defaultValue.map { "[default: \($0)]" },
                option.allowedValues.map { "[possible values: \($0.joined(separator: ", "))]" },
            ].compactMap { $0?.replacing(" ", with: "\u{A0}") }
            return (left, ([option.help] + notes).joined(separator: " "))
        }
        let statuses = [("  0", exitStatus.clean), ("  1", exitStatus.notClean), ("  2", exitStatus.cannotRun)]
            .compactMap { code, text in text.map { (code, $0) } }
        lines += columns([("ARGUMENTS:", arguments), ("OPTIONS:", options), ("EXIT STATUS:", statuses)])
        if !examples.isEmpty { lines += ["", "EXAMPLES:"] + examples.map { "  " + $0 } }
        return lines.joined(separator: "\n")
    }
}

/// All of the tool's commands, with the built-in `help` and `version` appended.
struct CommandTable: Sendable {
    let commands: [CommandSpec]
    let overview: String
    let version: String

    init(overview: String, version: String, commands: [CommandSpec]) {
        (self.overview, self.version) = (overview, version)
        self.commands = commands + [.help, .version]
    }

    static let usage = "usage: dmap [--version] [--help] COMMAND [ARGUMENTS]"

    var versionText: String { "dmap \(version)" }

    /// Resolves the arguments (without the program name) to a command and its arguments.
    /// `dmap --help`, `dmap help X` and `dmap X --help` all resolve to the `help` command, whose
    /// `COMMAND` positional holds the command's name path (empty for the overview); `--version`
    /// resolves to the `version` command.
    func resolve(_ argv: [String]) throws(UsageError) -> (CommandSpec, ParsedArguments) {
        guard let first = argv.first else { throw UsageError("missing command") }
        var (command, rest) = (CommandSpec.help, Array(argv.dropFirst()))
        switch first {
        case "-h", "--help": break
        case "--version": command = .version
        case _ where isOption(first):
            throw UsageError("unknown option `\(first)`", help: didYouMean(first, ["--help", "--version"]))
        default: (command, rest) = try lookup(argv)
        }
        let parsed = try command.parse(rest)
        if parsed.flag("--help") { return helpResult(for: command.name) }
        // `dmap help "cases generate"` names a two-word command in one argument.
        let topic = command.name == ["help"] ? parsed.positionals("COMMAND").flatMap { $0.split(separator: " ").map(String.init) } : []
        if !topic.isEmpty {
            // `dmap help cases` describes the group's only command.
            let group = commands.filter { $0.name.count > 1 && $0.name[0] == topic[0] }
            if topic.count == 1, group.count == 1 { return helpResult(for: group[0].name) }
            let (described, extra) = try lookup(topic)
            if let word = extra.first { throw UsageError("unexpected argument `\(word)`", command: .help) }
            return helpResult(for: described.name)
        }
        return (command, parsed)
    }

    /// The help for the command named `path`, or the tool overview if `path` is empty or unknown.
    func helpText(for path: [String]) -> String {
        if let command = commands.first(where: { $0.name == path }) { return command.helpText }
        let rows = commands.map { ("  " + $0.fullName, $0.abstract) }
        let options = [("  -h, --help", "Show this help."), ("      --version", "Print dmap's version.")]
        let statuses = [
            ("  0", "clean: the command did its job and the answer is clean"),
            ("  1", "not clean: gaps, rejected rows, findings, failed golden cases, changes"),
            ("  2", "could not run: a usage error, an unreadable file, a map with errors, absent columns, no cases"),
        ]
        return ([Self.usage, ""] + wrap(overview)
            + columns([("COMMANDS:", rows), ("OPTIONS:", options), ("EXIT STATUS (every command):", statuses)])
            + ["", "run `dmap help COMMAND` for details on a command"]).joined(separator: "\n")
    }

    private func helpResult(for path: [String]) -> (CommandSpec, ParsedArguments) {
        (.help, ParsedArguments(command: .help, optionValues: [:], positionalValues: ["COMMAND": path]))
    }

    /// The command named by the longest prefix of `words`, and the words after its name.
    private func lookup(_ words: [String]) throws(UsageError) -> (CommandSpec, [String]) {
        let matches = commands.filter { words.starts(with: $0.name) }
        if let command = matches.max(by: { $0.name.count < $1.name.count }) {
            return (command, Array(words.dropFirst(command.name.count)))
        }
        let group = commands.filter { $0.name.count > 1 && $0.name[0] == words[0] }
        // `dmap cases --help` describes the group's only command.
        if group.count == 1, let next = words.dropFirst().first, next == "--help" || next == "-h" {
            return (group[0], Array(words.dropFirst()))
        }
        let typed = words.prefix(!group.isEmpty && words.count > 1 && !isOption(words[1]) ? 2 : 1)
            .joined(separator: " ")
        let suggestion = closest(typed, commands.map(\.fullName)).map { [$0] } ?? group.map(\.fullName)
        let help = suggestion.isEmpty
            ? nil : "did you mean " + suggestion.map { "`\($0)`" }.joined(separator: " or ") + "?"
        throw UsageError("unknown command `\(typed)`", help: help)
    }
}

// MARK: - Text helpers

/// Whether an argument is an option rather than a value: `-` (stdin) and numbers are values.
private func isOption(_ argument: String) -> Bool {
    argument.hasPrefix("-") && argument != "-" && Double(argument) == nil
}

/// "text or json", "csv, jsonl or json".
private func list(_ items: [String]) -> String {
    items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
}

private func didYouMean(_ typed: String, _ candidates: [String]) -> String? {
    closest(typed, candidates).map { "did you mean `\($0)`?" }
}

/// The candidate nearest to `typed`, if within a plausible typo's distance, or the only one it
/// begins (`--out` finds `--output`). Leading dashes are ignored, so `fromat` finds `--format`.
private func closest(_ typed: String, _ candidates: [String]) -> String? {
    func bare(_ s: String) -> String { String(s.drop { $0 == "-" }) }
    let prefixed = candidates.filter { bare(typed).count >= 2 && bare($0).hasPrefix(bare(typed)) }
    if prefixed.count == 1 { return prefixed[0] }
    guard let guess = Suggestions.closest(to: bare(typed), in: candidates.map(bare)) else { return nil }
    return candidates.first { bare($0) == guess }
}

private let lineWidth = 80

/// Greedily fills lines of at most `width` characters with `words` (a longer word gets its own line).
private func fill(_ words: [String], width: Int) -> [String] {
    var lines: [String] = []
    for word in words {
        if let last = lines.last, last.count + 1 + word.count <= width {
            lines[lines.count - 1] += " " + word
        } else {
            lines.append(word)
        }
    }
    return lines
}

/// Wraps each line of `text` separately, keeping its leading indentation on continuation lines.
private func wrap(_ text: String, width: Int = lineWidth) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
        let indent = String(line.prefix { $0 == " " })
        let words = line.split(separator: " ").map(String.init)
        return words.isEmpty ? [""] : fill(words, width: width - indent.count).map { indent + $0 }
    }
}

/// `lead` followed by `words`, continuation lines aligned under the first word.
private func hanging(_ lead: String, _ words: [String]) -> String {
    let lines = fill(words, width: lineWidth - lead.count - 1)
    let pad = String(repeating: " ", count: lead.count + 1)
    return ([lead + (lines.isEmpty ? "" : " " + lines[0])] + lines.dropFirst().map { pad + $0 })
        .joined(separator: "\n")
}

/// Titled two-column sections sharing one help column, as wide as the widest term of up to 30
/// characters; a longer term puts its help on the next line. Empty sections are skipped; each section is preceded by a blank line.
private func columns(_ sections: [(title: String, rows: [(String, String)])]) -> [String] {
    let column = (sections.flatMap(\.rows).map(\.0.count).filter { $0 <= 30 }.max() ?? 0) + 2
    let pad = String(repeating: " ", count: column)
    var lines: [String] = []
    for (title, rows) in sections where !rows.isEmpty {
        lines += ["", title]
        for (term, help) in rows {
            var text = help.isEmpty ? [] : wrap(help, width: lineWidth - column).map { pad + $0 }
            if term.count + 2 <= column, !text.isEmpty {
                text[0] = term + text[0].dropFirst(term.count)
            } else {
                text.insert(term, at: 0)
            }
            lines += text.map { $0.replacing("\u{A0}", with: " ") }
        }
    }
    return lines
}
