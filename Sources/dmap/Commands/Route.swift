import DecisionMap

enum RouteCommand {
    static let spec = CommandSpec(
        name: ["route"], abstract: "Route one case through a map and explain why.",
        discussion: """
            CASE is a JSON object keyed like a row of a case file (column names, or the fields' own \
            names; `id` allowed), \
            or `-` for standard input; `--set` adds or overrides single values, and may replace \
            CASE altogether. The result names the route, the outcome, the segment, any gap, and \
            the trace: every step with the map line that decided it. Exit status: 0 when the \
            case got a route, 1 when it is a gap or the case is malformed, 2 on a usage error.
            """,
        positionals: [
            PositionalSpec("MAP", help: "The decision map."),
            PositionalSpec("CASE", help: "A JSON object file, or `-` for standard input.", optional: true),
        ],
        options: [
            .option("--set", value: "FIELD=VALUE", help: "Set one value (empty VALUE = missing).", repeatable: true),
            .option("--format", value: "FORMAT", help: "Output format.", allowed: ["text", "json"], default: "text"),
        ],
        examples: [
            "dmap route decision-maps/customer-triage.dmap case.json",
            "dmap route triage.dmap --set category=billing --set amount=120 --set tier=gold ...",
            "echo '{\"category\": \"fraud\"}' | dmap route triage.dmap - --format json",
        ])

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let sets: [(key: String, value: String)]
        do {
            sets = try arguments.pairs("--set")
        } catch {
            Terminal.err(error.rendered + "\n")
            return .usage
        }
        guard let map = loadMap(arguments.positional("MAP")!, printWarnings: false) else { return .failure }
        var values: [String: CaseValue] = [:]
        if let path = arguments.positional("CASE") {
            do {
                let bytes = try Terminal.read(path, limit: 64 << 20)
                guard case .object(let object) = try JSONValue.parse(bytes) else {
                    Terminal.error("\(path): a case must be a JSON object, such as {\"category\": \"billing\"}")
                    return .failure
                }
                for member in object.members { values[member.key] = CaseValue(json: member.value) }
            } catch let error as InputError {
                Terminal.error(error.message)
                return .failure
            } catch let error as JSONError {
                Terminal.error("\(path):\(error.line):\(error.column): \(error.message)")
                return .failure
            } catch {
                Terminal.error("\(error)")
                return .failure
            }
        } else if sets.isEmpty {
            Terminal.err(UsageError("give a CASE file, `-`, or values with `--set`", command: spec).rendered + "\n")
            return .usage
        }
        for (key, value) in sets { values[key] = value.isEmpty ? .missing : .text(value) }
        var routed: RoutedCase
        do {
            routed = try map.explain(values)
            switch values["id"] {
            case .text(let id)?: routed.id = id
            case .number(let n)?: routed.id = JSONValue.number(n).rendered()
            default: break
            }
        } catch {
            for message in error.messages { Terminal.error(message) }
            return .failure
        }
        if arguments.value("--format") == "json" {
            Terminal.out(RouteOutput.json(routed).rendered(pretty: true) + "\n")
        } else {
            Terminal.out(RouteOutput.text(routed, map: map))
        }
        return routed.route == nil ? .failure : .success
    }
}

/// How a routed case is shown.
enum RouteOutput {
    static func text(_ routed: RoutedCase, map: DecisionMap) -> String {
        var out = ""
        if let id = routed.id { out += "case:     \(id)\n" }
        out += "route:    \(routed.route ?? "none")\n"
        out += "outcome:  \(routed.outcome.rawValue)\n"
        if let s = routed.segment, let segment = map.model.segments.first(where: { $0.name == s }) {
            out += "segment:  \(s) (risk \(segment.risk.rawValue))\n"
        } else {
            out += "segment:  none\n"
        }
        if let gap = routed.gap {
            out += "gap:      \(gap.rawValue)" + (routed.field.map { " (field `\($0)`)" } ?? "") + "\n"
        }
        out += "\nwhy:\n" + TraceStep.text(routed.trace)
        return out
    }

    static func json(_ routed: RoutedCase) -> JSONValue {
        var gap: JSONValue = .null
        if let kind = routed.gap {
            gap = ["kind": .string(kind.rawValue), "field": routed.field.map { .string($0) } ?? .null]
        }
        return [
            "id": routed.id.map { .string($0) } ?? .null,
            "route": routed.route.map { .string($0) } ?? .null,
            "outcome": .string(routed.outcome.rawValue),
            "segment": routed.segment.map { .string($0) } ?? .null,
            "gap": gap,
            "trace": .array(routed.trace.map { step in
                ["step": .string(step.kind.rawValue), "line": step.line.map { .number(Double($0)) } ?? .null,
                 "detail": .string(step.detail)]
            }),
        ]
    }
}
