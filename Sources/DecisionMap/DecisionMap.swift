/// A checked, compiled decision map: immutable, `Sendable`, safe to share across threads.
///
/// ```swift
/// let (map, diagnostics) = DecisionMap.compile(SourceFile(name: "triage.dmap", text: text))
/// let result = try map!.explain(["category": "billing", "amount": 120, ...])
/// ```
public struct DecisionMap: Sendable {
    /// dmap's version: `dmap version` prints it, and partial reports record it.
    public static let toolVersion = "0.1.0"

    /// The checked model: every name resolved.
    public let model: MapModel
    let router: Router
    /// The confidence thresholds this run sets without editing the map (`settingThresholds`), in
    /// the order given; empty for the map as written.
    public let thresholdSettings: [ThresholdSetting]
    /// The what-if thresholds by segment, and the threshold in force per segment (its line's, or
    /// a what-if's).
    let overrides: [Int: Double]
    let belowForSegment: [Double]
    /// The whole map as one table over its cases, for the thresholds in force: `tabulated()`.
    let table: CaseTable?
    /// What `route` reads of `table` per case, without a reference count (`table` keeps it alive).
    private let lookup: CaseTable.Lookup?

    init(model: MapModel, router: Router? = nil, settings: [ThresholdSetting] = [], overrides: [Int: Double] = [:],
         tableLimit: Int = 0) {
        self.model = model
        let router = router ?? Router(model)
        self.router = router
        thresholdSettings = settings
        self.overrides = overrides
        belowForSegment = router.below(overrides)
        let table = tableLimit > 0 ? CaseTable(router: router, below: belowForSegment, limit: min(tableLimit, Self.largestTable)) : nil
        self.table = table
        lookup = table?.lookup
    }

    /// The number of cells of a table `tabulated()` builds by default: filling one routes a case
    /// per cell, about 10 ms at this size. And the most it builds when asked for more.
    package static let tableLimit = 1 << 16
    package static let largestTable = 1 << 20

    /// This map for routing many cases: when the pieces of its fields (values its conditions
    /// treat alike) multiply to at most `limit` combinations, `route` looks the decision up in a
    /// table filled by routing one case of each (see `CaseTable`). Decisions are the same as
    /// without; traces (`explain`) still come from the router. Worth it when there are several
    /// cases per cell: the simulator asks for one cell per 32 cases it expects, `dmap bench
    /// route` for one per four.
    package func tabulated(limit: Int = tableLimit) -> DecisionMap {
        table != nil ? self : DecisionMap(model: model, router: router, settings: thresholdSettings, overrides: overrides, tableLimit: limit)
    }

    /// Whether `tabulated()` found a table for this map: its size and how many cells it answers.
    package var tableSize: (cells: Int, answered: Int)? { table.map { ($0.size, $0.answered) } }

    /// This map routed by the router alone, with every table read rule by rule, without the index
    /// large tables get and without a case table: the same decisions and traces, for measuring
    /// what those gain (`dmap bench route --scan`).
    package func scanningTables() -> DecisionMap {
        DecisionMap(model: model, router: Router(model, indexTables: false), settings: thresholdSettings, overrides: overrides)
    }

    /// Parses and checks a map.
    ///
    /// - Parameter source: the map's text.
    /// - Returns: the map, or nil when there are errors; and every diagnostic (warnings too),
    ///   in source order.
    public static func compile(_ source: SourceFile) -> (map: DecisionMap?, diagnostics: [Diagnostic]) {
        compile(Parser.parseRecovering(source), source: source)
    }

    /// Checks and compiles what `Parser.parseRecovering` made of `source`: for a tool that keeps
    /// the syntax tree too (the language server), so the map is parsed once.
    package static func compile(_ parsed: (syntax: MapSyntax, diagnostics: [Diagnostic], recovered: Set<String>),
                                source: SourceFile) -> (map: DecisionMap?, diagnostics: [Diagnostic]) {
        compile(parsed.syntax, source: source, parseDiagnostics: parsed.diagnostics, recovered: parsed.recovered)
    }

    /// Checks a syntax tree (parsed, or built in Swift) and compiles it.
    public static func compile(_ syntax: MapSyntax, source: SourceFile) -> (map: DecisionMap?, diagnostics: [Diagnostic]) {
        compile(syntax, source: source, parseDiagnostics: [], recovered: [])
    }

    private static func compile(_ syntax: MapSyntax, source: SourceFile,
                                parseDiagnostics: [Diagnostic], recovered: Set<String>) -> (map: DecisionMap?, diagnostics: [Diagnostic]) {
        // A map with syntax errors is still checked, so one run reports name errors too; the
        // items that failed to parse are simply absent.
        var checker = Checker(syntax, source: source)
        let model = checker.check()
        var diagnostics = parseDiagnostics
        if parseDiagnostics.hasErrors {
            // Names declared by items the parser dropped would show up as false "undefined"
            // errors, and a dropped section as a missing one; keep the rest.
            diagnostics += checker.diagnostics.filter {
                $0.id != "missing-section" && !($0.id == "undefined-name" && recovered.contains(source.text($0.range)))
            }
        } else {
            diagnostics += checker.diagnostics
        }
        diagnostics.sort { ($0.range.start, $0.severity.rank) < ($1.range.start, $1.severity.rank) }
        guard let model, !diagnostics.hasErrors else { return (nil, diagnostics) }
        return (DecisionMap(model: model), diagnostics)
    }

    /// A case record with every field missing, sized for this map.
    public func makeRecord() -> CaseRecord { CaseRecord(fieldCount: model.fields.count) }

    /// Routes a bound case. The fast path: no trace, no allocation.
    public func route(_ record: borrowing CaseRecord) -> Decision {
        switch lookup?.find(record) {
        case .decision(let decision): return decision
        case .text(let plain): if let decision = table!.decision(record, plain: plain) { return decision }
        case .router, nil: break
        }
        var trace = NoTrace()
        return router.route(record, below: belowForSegment, &trace)
    }

    /// Routes a bound case and explains every step.
    public func explain(_ record: borrowing CaseRecord) -> (decision: Decision, trace: [TraceStep]) {
        var trace = CollectingTrace(source: model.source)
        let decision = router.route(record, below: belowForSegment, &trace)
        return (decision, trace.steps)
    }

    /// Sets one field of `record` from an outside value, validating it against the schema.
    public func bind(_ value: CaseValue, toField field: Int, in record: inout CaseRecord) {
        model.fields[field].bind(value, at: field, into: &record)
    }

    /// Binds a text value (a CSV cell, a `--set` argument) to a field.
    public func bind(text: String, toField field: Int, in record: inout CaseRecord) {
        model.fields[field].bind(text: text, at: field, into: &record)
    }

    /// Builds a record from values keyed by column name (a row of a case file).
    ///
    /// - Throws: `CaseError` for keys that name no column. `id` is always accepted and ignored.
    public func record(_ values: [String: CaseValue], ignoring extra: Set<String> = ["id"]) throws(CaseError) -> CaseRecord {
        var record = makeRecord()
        var unknown: [String] = []
        var given: [Int: String] = [:]
        var twice: [String] = []
        // Keys in sorted order, so the same case always binds the same way.
        for key in values.keys.sorted(by: String.precedesInBytes) {
            // A key is a column name; a field's own name is accepted too when no column has it.
            if let f = model.fields.firstIndex(where: { $0.column == key }) ?? model.fields.firstIndex(where: { $0.name == key }) {
                if let other = given[f] {
                    twice.append("`\(model.fields[f].name)` is given twice, as `\(other)` and as `\(key)`; give it once")
                    continue
                }
                given[f] = key
                bind(values[key]!, toField: f, in: &record)
            } else if !extra.contains(key) {
                unknown.append(key)
            }
        }
        if !unknown.isEmpty || !twice.isEmpty {
            throw CaseError(unknownKeys: unknown, columns: model.fields.map(\.column), fields: model.fields, also: twice)
        }
        return record
    }

    /// Builds a record from values keyed the way a case file's columns bind to the map (as the
    /// simulator reads JSON cases): each input takes the value under its column name, else under
    /// its own name. Keys that are neither are not an error: they are returned, sorted, so the
    /// caller can say they were ignored (`id` is never listed).
    public func bindLeniently(_ values: [String: CaseValue]) -> (record: CaseRecord, ignoredKeys: [String]) {
        var record = makeRecord()
        var known: Set<String> = ["id"]
        for (f, field) in model.fields.enumerated() {
            known.formUnion([field.column, field.name])
            for key in [field.column, field.name] {
                guard let value = values[key], value != .missing else { continue }
                bind(value, toField: f, in: &record)
                break
            }
        }
        return (record, values.keys.filter { !known.contains($0) }.sorted(by: String.precedesInBytes))
    }

    /// Routes a case given as values keyed by column name, and explains it.
    public func explain(_ values: [String: CaseValue]) throws(CaseError) -> RoutedCase {
        let record = try record(values)
        let (decision, trace) = explain(record)
        return RoutedCase(map: self, decision: decision, trace: trace)
    }

    /// The display name of what decided a case, with its source line.
    public func describe(_ decider: Decider) -> (label: String, range: SourceRange) {
        switch decider {
        case .escalation(let i):
            return (router.text(model.escalations[i].range), model.escalations[i].range)
        case .inconsistency(let i):
            return (router.text(model.inconsistencies[i].range), model.inconsistencies[i].range)
        case .threshold(let i):
            let t = model.thresholds[i]
            let scope = t.segments.isEmpty ? "otherwise" : "in " + t.segments.map { model.segments[$0].name }.joined(separator: ", ")
            // A what-if moves thresholds per segment: name the ones this line's segments now have.
            let moved = model.segments.indices.filter { router.thresholdForSegment[$0] == i && overrides[$0] != nil }
            let whatIf = moved.isEmpty ? "" : " (what-if: " + moved.map { "\(model.segments[$0].name) \(format(belowForSegment[$0]))" }
                .joined(separator: ", ") + ")"
            return ("uncertainty \(scope) below \(format(t.below))" + whatIf, t.range)
        case .missingPolicy(let i):
            let p = model.missingPolicies[i]
            return ("missing " + (p.fields.isEmpty ? "otherwise" : p.fields.map { model.fields[$0].name }.joined(separator: ", ")), p.range)
        case .invalidPolicy(let i):
            let p = model.invalidPolicies[i]
            return ("invalid " + (p.fields.isEmpty ? "otherwise" : p.fields.map { model.fields[$0].name }.joined(separator: ", ")), p.range)
        case .rule(let t, let r):
            return ("\(model.tables[t].name): \(router.text(model.tables[t].rules[r].range))", model.tables[t].rules[r].range)
        case .fallback:
            return ("fallback -> " + (model.fallback.map { model.routes[$0.route].name } ?? ""), model.fallback?.range ?? .none)
        }
    }
}

/// A case that could not be bound to a map: keys that name no column or field, or a field given
/// under both its column name and its own name.
public struct CaseError: Error, Hashable, Sendable {
    public var unknownKeys: [String]
    /// One message per problem, with a suggestion where one is close.
    public var messages: [String]

    init(unknownKeys: [String], columns: [String], fields: [Field], also: [String] = []) {
        self.unknownKeys = unknownKeys
        messages = unknownKeys.map { key in
            if let guess = Suggestions.closest(to: key, in: columns) ?? Suggestions.closest(to: key, in: fields.map(\.name)) {
                return "unknown field `\(key)`; did you mean `\(guess)`?"
            }
            return "unknown field `\(key)`; the map's columns are " + columns.map { "`\($0)`" }.joined(separator: ", ")
        } + also
    }
}

/// A routed case with names instead of indices, for people and JSON.
public struct RoutedCase: Hashable, Sendable {
    /// The case's `id`, when the caller knows it.
    public var id: String?
    public var route: String?
    public var outcome: Outcome
    public var segment: String?
    public var gap: GapKind?
    /// The missing or invalid field behind a data policy or data gap.
    public var field: String?
    public var trace: [TraceStep]
    public var decision: Decision

    public init(map: DecisionMap, decision: Decision, trace: [TraceStep]) {
        let model = map.model
        route = decision.route.map { model.routes[$0].name }
        outcome = decision.outcome
        segment = decision.segment.map { model.segments[$0].name }
        gap = decision.gap
        field = decision.field.map { model.fields[$0].name }
        self.trace = trace
        self.decision = decision
    }
}

extension TraceStep {
    /// A trace as people read it: one step per line, `line N` (when a map line decided the step),
    /// the step's kind and what happened, in aligned columns. The one renderer behind `dmap route`
    /// and the failures `dmap test` reports.
    ///
    /// - Parameters:
    ///   - steps: the trace, in order.
    ///   - indent: put before every line.
    /// - Returns: the lines, each ending in a line break.
    public static func text(_ steps: [TraceStep], indent: String = "  ") -> String {
        let width = steps.map { $0.line.map { "line \($0)".count } ?? 0 }.max() ?? 0
        let kindWidth = max(13, (steps.map(\.kind.rawValue.count).max() ?? 0) + 2)
        var out = ""
        for step in steps {
            let line = step.line.map { "line \($0)" } ?? ""
            out += indent + pad(line, width) + "  " + pad(step.kind.rawValue, kindWidth) + step.detail + "\n"
        }
        return out
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}

extension DecisionMap {
    /// Routes `count` cases, cycling through `records`; the cases per route (the last: none). For
    /// `dmap bench route`, which passes its records `inout`: an element reached through `inout`
    /// is lent to `route` as it lies, where reading it from an array copies it (a reference
    /// count on each of its arrays, a third of the time routing takes).
    package func routeAll(_ records: inout [CaseRecord], count: Int) -> [Int] {
        func route(_ record: inout CaseRecord) -> Decision { self.route(record) }
        var routed = [Int](repeating: 0, count: model.routes.count + 1)
        let none = model.routes.count
        var i = 0
        for _ in 0..<count {
            let decision = route(&records[i])
            routed[decision.route ?? none] += 1
            i += 1
            if i == records.count { i = 0 }
        }
        return routed
    }
}
