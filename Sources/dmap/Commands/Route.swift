import DecisionMap
import DecisionMapSimulation
import Foundation

enum RouteCommand {
    static let spec = CommandSpec(
        name: ["route"], abstract: "Route one case through a map and explain why.",
        discussion: """
            The case is a JSON object (CASE, a file or `-` for standard input), or one row of a case \
            file: `--cases FILE` with `--row N` (the row number the reports use) or `--case ID` (by \
            its id, from `--id`, the map's `ids`, or a column `id`). Keys and columns bind to inputs \
            as in `dmap simulate` (an input's `column "…"`, else its name); other keys are ignored \
            and listed. `--set` adds or overrides single values, and may replace CASE altogether. \
            The result names the route, the outcome, the segment, any gap, and the trace: every \
            step with the map line that decided it.
            """,
        positionals: [
            PositionalSpec("MAP", help: "The decision map."),
            PositionalSpec("CASE", help: "A JSON object file, or `-` for standard input.", optional: true),
        ],
        options: [
            .option("--set", value: "FIELD=VALUE", help: "Set one value (empty VALUE = missing).", repeatable: true),
            .option("--cases", value: "FILE", help: "Route one row of this case file (with --row or --case)."),
            .option("--row", value: "N", help: "The row of --cases to route (1 = the first row after the header)."),
            .option("--case", value: "ID", help: "The case of --cases to route, by its id."),
            CaseOptions.input,
            CaseOptions.delimiter,
            CaseOptions.id,
            CaseOptions.allowMissingColumn,
            ThresholdOptions.setThreshold,
            .option("--format", value: "FORMAT", help: "Output format.", allowed: ["text", "json"], default: "text"),
        ],
        examples: [
            "dmap route decision-maps/customer-triage.dmap decision-maps/examples/fraud-case.json",
            "dmap route triage.dmap --set category=billing --set amount=120 --set tier=gold ...",
            "dmap route triage.dmap --cases cases.csv --case C-0006",
            "dmap route triage.dmap --cases export.csv --id TicketID --row 19 --set confidence=0.99",
            "dmap route claims.dmap --cases claims.csv --case CLM-10007 --set-threshold otherwise=0.9",
            "echo '{\"category\": \"fraud\"}' | dmap route triage.dmap - --format json",
        ],
        exitStatus: ExitStatusSpec(
            clean: "the case got a route",
            notClean: "the case is a gap (no route)",
            cannotRun: "the command could not run: a usage error, a file that cannot be read, a map with errors, a case that is not a JSON object, no such row or case"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let sets: [(key: String, value: String)]
        let row: Int?
        do {
            sets = try arguments.pairs("--set")
            row = try arguments.int("--row", range: 1...)
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        let casesPath = arguments.value("--cases")
        let caseFile = arguments.positional("CASE")
        func usage(_ message: String, help: String? = nil) -> ExitCode {
            Terminal.err(UsageError(message, help: help, command: spec).rendered + "\n")
            return .cannotRun
        }
        if let caseFile, caseFile != "-", CaseFileFormat(path: caseFile).map({ $0 != .json }) ?? false {
            return usage("`\(caseFile)` is a case file, not one case",
                         help: "to route one of its rows, run `dmap route MAP --cases \(caseFile) --row N` or `--case ID`")
        }
        if casesPath != nil {
            if caseFile != nil { return usage("give either CASE or --cases, not both") }
            if (row == nil) == (arguments.value("--case") == nil) { return usage("with --cases, give --row N or --case ID (one of them)") }
        } else if row != nil || arguments.value("--case") != nil {
            return usage("--row and --case pick a row of --cases FILE", help: "add --cases FILE")
        } else if caseFile == nil && sets.isEmpty {
            return usage("give a CASE file, `-`, --cases FILE with --row or --case, or values with --set")
        }
        guard let written = loadMap(arguments.positional("MAP")!, printWarnings: false) else { return .cannotRun }
        let map: DecisionMap
        do {
            map = try ThresholdOptions.apply(arguments, to: written)
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }

        var record: CaseRecord
        var id: String?
        var source: String?
        var ignored: [String] = []
        if let casesPath {
            guard let picked = pick(map, casesPath, row: row, id: arguments.value("--case"), arguments) else { return .cannotRun }
            (record, id, source) = (picked.record, picked.id, "row \(picked.row.rowNumber), line \(picked.row.line) of \(CaseOptions.name(casesPath))")
        } else {
            var values: [String: CaseValue] = [:]
            if let caseFile {
                guard let object = readObject(caseFile) else { return .cannotRun }
                for member in object.members { values[member.key] = CaseValue(json: member.value) }
            }
            (record, ignored) = map.bindLeniently(values)
            switch values["id"] {
            case .string(let s)?, .text(let s)?: id = s
            case .number(let n)?: id = JSONValue.number(n).rendered()
            default: break
            }
        }
        for (key, value) in sets {
            guard let f = map.model.fields.firstIndex(where: { $0.name == key }) ?? map.model.fields.firstIndex(where: { $0.column == key }) else {
                let names = map.model.fields.map(\.name)
                return usage("`--set \(key)=…`: the map has no input `\(key)`",
                             help: Suggestions.closest(to: key, in: names + map.model.fields.map(\.column)).map { "did you mean `\($0)`?" })
            }
            record.states[f] = .missing
            record.reasons[f] = nil
            if !value.isEmpty { map.bind(text: value, toField: f, in: &record) }
        }
        let (decision, trace) = map.explain(record)
        var routed = RoutedCase(map: map, decision: decision, trace: trace)
        routed.id = id
        if arguments.value("--format") == "json" {
            Terminal.out(RouteOutput.json(routed, map: map, source: source, ignoredKeys: ignored).rendered(pretty: true) + "\n")
        } else {
            Terminal.out(RouteOutput.text(routed, map: map, source: source, ignoredKeys: ignored))
        }
        return routed.route == nil ? .notClean : .clean
    }

    /// Reads a case given as a JSON object; prints why not and returns nil when it cannot.
    private static func readObject(_ path: String) -> JSONObject? {
        let bytes: [UInt8]
        do {
            bytes = try Terminal.read(path, limit: 64 << 20)
        } catch {
            Terminal.error(error.message)
            return nil
        }
        var parser = JSONParser.forCases
        let value: JSONValue
        do throws(JSONError) {
            value = try bytes.withUnsafeBufferPointer { buffer throws(JSONError) in try parser.parse(buffer) }
        } catch {
            Terminal.error("\(path):\(error.line):\(error.column): \(error.message)",
                           help: path.hasSuffix(".json") ? nil : "a case is one JSON object; for a row of a case file use --cases FILE --row N")
            return nil
        }
        guard case .object(let object) = value else {
            Terminal.error("\(path): a case must be a JSON object, such as {\"category\": \"billing\"}",
                           help: value.kindDescription == "an array" ? "for one element of a JSON array of cases, use --cases \(path) --row N" : nil)
            return nil
        }
        return object
    }

    /// The row of a case file that `--row` or `--case` names, bound as `dmap simulate` binds it.
    private static func pick(_ map: DecisionMap, _ path: String, row: Int?, id: String?, _ arguments: ParsedArguments) -> RoutedRow? {
        guard let input = CaseOptions.open(path) else { return nil }
        do {
            var (options, format) = try CaseOptions.read(arguments)
            options.expectedCases = 1  // one case is routed: a table of the map's decisions would not pay
            var reader = try CaseOptions.reader(format: format, source: FileHandleByteSource(input), path: path,
                                                delimiter: try CaseOptions.delimiter(arguments))
            let (found, binding) = try Simulator(map: map, options: options).find(in: &reader, source: CaseOptions.name(path)) { n, caseID in
                row.map { $0 == n } ?? (caseID == id)
            }
            guard let found else {
                let what = row.map { "no row \($0)" } ?? "no case `\(id!)`"
                let column = binding.idColumn.map { "column `\(binding.columns[$0])`" }
                Terminal.error("\(what) in `\(CaseOptions.name(path))`",
                               help: row != nil ? nil : column.map { "ids are read from \($0)" } ?? "the file has no id column: use --row N, or name it with --id COLUMN")
                return nil
            }
            return found
        } catch let error as UsageError {
            Terminal.err(error.rendered + "\n")
        } catch let error as SimulationError {
            Terminal.error(error)
        } catch {
            Terminal.error("\(error)")
        }
        return nil
    }
}

/// How a routed case is shown.
enum RouteOutput {
    static func text(_ routed: RoutedCase, map: DecisionMap, source: String? = nil, ignoredKeys: [String] = []) -> String {
        var out = map.whatIf.map { "what-if:  \($0)\n" }.joined()
        if let id = routed.id { out += "case:     \(id)" + (source.map { " (\($0))" } ?? "") + "\n" }
        out += "route:    \(routed.route ?? SimulationReport.noRoute)\n"
        out += "outcome:  \(routed.outcome.rawValue)\n"
        if let s = routed.segment, let segment = map.model.segments.first(where: { $0.name == s }) {
            out += "segment:  \(s) (risk \(segment.risk.rawValue))\n"
        } else {
            out += "segment:  \(SimulationReport.noRoute)\n"
        }
        if let gap = routed.gap {
            out += "gap:      \(gap.rawValue)" + (routed.field.map { " (field `\($0)`)" } ?? "") + "\n"
        }
        out += "\nwhy:\n" + TraceStep.text(routed.trace)
        if !ignoredKeys.isEmpty {
            out += "\nnote: ignored, not inputs of the map: " + ignoredKeys.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    static func json(_ routed: RoutedCase, map: DecisionMap, source: String? = nil, ignoredKeys: [String] = []) -> JSONValue {
        var gap: JSONValue = .null
        if let kind = routed.gap {
            gap = ["kind": .string(kind.rawValue), "field": routed.field.map { .string($0) } ?? .null]
        }
        return [
            "id": routed.id.map { .string($0) } ?? .null,
            "source": source.map { .string($0) } ?? .null,
            "route": routed.route.map { .string($0) } ?? .null,
            "outcome": .string(routed.outcome.rawValue),
            "segment": routed.segment.map { .string($0) } ?? .null,
            "gap": gap,
            "trace": .array(routed.trace.map { step in
                ["step": .string(step.kind.rawValue), "line": step.line.map { .number(Double($0)) } ?? .null,
                 "detail": .string(step.detail)]
            }),
            "ignoredKeys": .array(ignoredKeys.map { .string($0) }),
            "whatIf": .array(map.whatIf.map { .string($0) }),
        ]
    }
}
