import DecisionMap

// A partial report as JSON (`dmap simulate --partial`): versioned, and self-contained — it holds
// its map's text and content hash, so `dmap merge` needs nothing but the parts. The layout is
// dmap's own and may change with its version; parts merge only with parts of the same version.

extension PartialReport {
    /// The version of this layout; a part of another version is refused.
    public static let formatVersion = 1

    /// The part as JSON.
    public func json() -> JSONValue {
        let o = options
        var optionsJSON = JSONObject()
        optionsJSON.append("examples", JSONValue(o.listLimit))
        optionsJSON.append("perWeek", o.casesPerWeek.map { JSONValue($0) } ?? .null)
        optionsJSON.append("expect", optional(o.expectColumn))
        optionsJSON.append("id", optional(o.idColumn))
        optionsJSON.append("allowMissingColumns", strings(o.allowedMissingColumns))
        optionsJSON.append("setThresholds", .array(map.thresholdSettings.map { ["target": .string($0.target.description), "value": .number($0.value)] }))
        optionsJSON.append("sweeps", .array(o.sweeps.map { ["target": .string($0.target.description), "points": .array($0.points.map { JSONValue($0) })] }))
        optionsJSON.append("targets", strings(o.targets.map(\.description)))
        var columnsJSON = JSONObject()
        columnsJSON.append("inputs", .array(columns.inputs.map { [.string($0.field), optional($0.column)] }))
        columnsJSON.append("id", optional(columns.id))
        columnsJSON.append("expect", optional(columns.expect))
        columnsJSON.append("allowedMissing", strings(columns.allowedMissing))
        columnsJSON.append("unused", strings(columns.unused))
        return [
            "dmapPartialReport": JSONValue(Self.formatVersion),
            "dmapVersion": .string(DecisionMap.toolVersion),
            "map": ["file": .string(map.model.source.name), "sha256": .string(mapHash), "text": .string(mapText)],
            "source": .string(source),
            "sourceIsOneFile": .bool(sourceIsOneFile),
            "delimiter": delimiter.map { .string(String(UnicodeScalar($0))) } ?? .null,
            "lines": ["afterHeader": JSONValue(linesAfterHeader), "dataLines": dataLines.map { JSONValue($0) } ?? .null],
            "options": .object(optionsJSON),
            "columns": .object(columnsJSON),
            "tally": tally.json(),
        ]
    }

    /// Reads a part back.
    ///
    /// - Parameter name: the part's file name, for errors.
    /// - Throws: `PartialReportError` for JSON that is not a partial report, a part of another
    ///   layout or dmap version, a map that does not check or does not match its hash.
    public init(json value: JSONValue, name: String) throws(PartialReportError) {
        let top = PartReader(value, path: name)
        guard case .object(let object) = value, object["dmapPartialReport"] != nil else {
            throw PartialReportError("`\(name)` is not a partial report", help: "write one with `dmap simulate MAP --cases FILE --partial OUT`")
        }
        let version = try top.int("dmapPartialReport")
        let tool = try top.string("dmapVersion")
        guard version == Self.formatVersion, tool == DecisionMap.toolVersion else {
            throw PartialReportError("`\(name)` was written by dmap \(tool) (partial report format \(version)); this is dmap \(DecisionMap.toolVersion) (format \(Self.formatVersion))",
                                     help: "simulate the part again with this dmap")
        }
        let mapJSON = try top.object("map")
        let text = try mapJSON.string("text")
        guard SHA256.hex(text.utf8) == (try mapJSON.string("sha256")) else {
            throw PartialReportError("`\(name)` is damaged: its map does not match its sha256")
        }
        guard let written = DecisionMap.compile(SourceFile(name: try mapJSON.string("file"), text: text)).map else {
            throw PartialReportError("the map in `\(name)` does not check", help: "run `dmap check` on the map it was simulated with")
        }
        let o = try top.object("options")
        var options = SimulationOptions(jobs: 1)
        let settings = try o.array("setThresholds").map { item throws(PartialReportError) in
            ThresholdSetting(ThresholdTarget(try item.string("target")), try item.number("value"))
        }
        let map: DecisionMap
        do throws(ThresholdError) {
            map = settings.isEmpty ? written : try written.settingThresholds(settings)
        } catch {
            throw PartialReportError("`\(name)`: \(error.message)")
        }
        options.sweeps = try o.array("sweeps").map { item throws(PartialReportError) in
            let target = ThresholdTarget(try item.string("target"))
            let points = try item.array("points").map { point throws(PartialReportError) in try point.number() }
            do throws(ThresholdError) { return try ThresholdSweep(map: map, target, points: points) } catch {
                throw PartialReportError("`\(name)`: \(error.message)")
            }
        }
        options.targets = try o.array("targets").map { item throws(PartialReportError) in
            let text = try item.string()
            do throws(ThresholdError) { return try SweepTarget(text) } catch {
                throw PartialReportError("`\(name)`: \(error.message)")
            }
        }
        options.listLimit = try o.int("examples")
        guard options.listLimit > 0 else { throw PartialReportError("`\(name)`: options.examples must be positive") }
        options.casesPerWeek = try o.optionalNumber("perWeek")
        options.expectColumn = try o.optionalString("expect")
        options.idColumn = try o.optionalString("id")
        options.allowedMissingColumns = try o.array("allowMissingColumns").map { item throws(PartialReportError) in try item.string() }

        let c = try top.object("columns")
        let inputs = try c.array("inputs").map { item throws(PartialReportError) -> (field: String, column: String?) in
            let pair = try item.array()
            guard pair.count == 2 else { throw item.error("expected [field, column]") }
            return (try pair[0].string(), try pair[1].optionalString())
        }
        guard inputs.map(\.field) == map.model.fields.map(\.name) else {
            throw PartialReportError("`\(name)`: columns.inputs do not list the map's inputs")
        }
        let columns = SimulationReport.Columns(
            inputs: inputs, id: try c.optionalString("id"), expect: try c.optionalString("expect"),
            allowedMissing: try c.array("allowedMissing").map { item throws(PartialReportError) in try item.string() },
            unused: try c.array("unused").map { item throws(PartialReportError) in try item.string() })

        let delimiterText = try top.optionalString("delimiter")
        guard delimiterText.map({ $0.utf8.count == 1 }) ?? true else { throw PartialReportError("`\(name)`: delimiter must be one character") }
        let lines = try top.object("lines")
        var tally = Tally(map: map, deciderCount: DeciderIndex(map.model).all.count, limit: options.listLimit,
                          expecting: columns.expect != nil, sweeps: options.sweeps)
        try tally.fill(from: try top.object("tally"), map: map)
        self.init(map: map, options: options, source: try top.string("source"), sourceIsOneFile: try top.bool("sourceIsOneFile"),
                  tally: tally, columns: columns, delimiter: delimiterText?.utf8.first, dataLines: try lines.optionalInt("dataLines"),
                  linesAfterHeader: try lines.int("afterHeader"))
    }
}

extension Tally {
    func json() -> JSONValue {
        func ints(_ a: [Int]) -> JSONValue { .array(a.map { JSONValue($0) }) }
        var o: JSONObject = [
            "read": JSONValue(read), "routed": JSONValue(routed), "rejected": JSONValue(rejected),
            "byRoute": ints(byRoute), "byOutcome": ints(byOutcome), "bySegment": ints(bySegment), "routeBySegment": ints(routeBySegment),
            "gaps": ints(gaps), "gapsCaught": ints(gapsCaught), "gapBySegment": ints(gapBySegment), "gapByField": ints(gapByField),
            "deciders": ints(deciders), "missingByField": ints(missingByField), "invalidByField": ints(invalidByField),
            "otherBadValues": ints(otherBadValues), "automatedHighRisk": ints(automatedHighRisk),
        ]
        o.append("gapExamples", .array(gapExamples.map { .array($0.map { ["case": $0.reference.json, "record": $0.record.partJSON] }) }))
        o.append("invalidExamples", .array(invalidExamples.map { $0.map { ["row": JSONValue($0.row), "problem": .string($0.problem)] } ?? .null }))
        o.append("badValues", .array(badValues.map { values in
            .array(values.sorted { String.precedesInBytes($0.key, $1.key) }.map { [.string($0.key), JSONValue($0.value.count), .string($0.value.problem), JSONValue($0.value.firstRow)] })
        }))
        o.append("automatedHighRiskExamples", .array(automatedHighRiskExamples.map { .array($0.map(\.json)) }))
        o.append("rejects", .array(rejects.map { r in
            ["row": JSONValue(r.rowNumber), "line": JSONValue(r.line), "id": optional(r.id),
             "position": r.position.map { [JSONValue($0.line), JSONValue($0.column)] } ?? .null, "reason": .string(r.reason)]
        }))
        o.append("multiLineRecords", JSONValue(multiLineRecords))
        o.append("swallowed", JSONValue(swallowed))
        o.append("swallowedExamples", .array(swallowedExamples.map { ["case": $0.reference.json, "line": JSONValue($0.line), "lastLine": JSONValue($0.lastLine)] }))
        o.append("agreement", agreement.map { a in
            [
                "byRoute": ints(a.byRoute),
                "others": .array(a.others.sorted { String.precedesInBytes($0.key, $1.key) }.map { [.string($0.key), ints($0.value)] }),
                "agreed": JSONValue(a.agreed), "compared": JSONValue(a.compared), "withoutExpectation": JSONValue(a.withoutExpectation),
                "disagreements": .array(a.disagreements.map {
                    ["case": $0.0.json, "expected": .string($0.expected), "actual": optional($0.actual)]
                }),
            ]
        } ?? .null)
        o.append("sweeps", .array(sweeps.map { ["kept": ints($0.kept), "reviewed": ints($0.reviewed), "fixed": ints($0.fixed)] }))
        return .object(o)
    }

    /// Fills a tally made for `map` (so every array has its length) from its JSON.
    mutating func fill(from t: PartReader, map: DecisionMap) throws(PartialReportError) {
        read = try t.int("read")
        routed = try t.int("routed")
        rejected = try t.int("rejected")
        try t.fill(&byRoute, "byRoute")
        try t.fill(&byOutcome, "byOutcome")
        try t.fill(&bySegment, "bySegment")
        try t.fill(&routeBySegment, "routeBySegment")
        try t.fill(&gaps, "gaps")
        try t.fill(&gapsCaught, "gapsCaught")
        try t.fill(&gapBySegment, "gapBySegment")
        try t.fill(&gapByField, "gapByField")
        try t.fill(&deciders, "deciders")
        try t.fill(&missingByField, "missingByField")
        try t.fill(&invalidByField, "invalidByField")
        try t.fill(&otherBadValues, "otherBadValues")
        try t.fill(&automatedHighRisk, "automatedHighRisk")
        let fieldCount = map.model.fields.count
        gapExamples = try t.lists("gapExamples", count: gapExamples.count) { item throws(PartialReportError) in
            (try CaseReference(item.object("case")), try CaseRecord(part: item.object("record"), fieldCount: fieldCount))
        }
        let examples = try t.array("invalidExamples")
        guard examples.count == invalidExamples.count else { throw t.error("invalidExamples: expected \(invalidExamples.count)") }
        invalidExamples = try examples.map { item throws(PartialReportError) in
            item.isNull ? nil : (try item.int("row"), try item.string("problem"))
        }
        badValues = try t.lists("badValues", count: badValues.count) { item throws(PartialReportError) -> (String, BadValue) in
            let v = try item.array()
            guard v.count == 4 else { throw item.error("expected [value, cases, problem, first row]") }
            return (try v[0].string(), BadValue(count: try v[1].int(), problem: try v[2].string(), firstRow: try v[3].int()))
        }.map { Dictionary($0, uniquingKeysWith: { a, _ in a }) }
        automatedHighRiskExamples = try t.lists("automatedHighRiskExamples", count: automatedHighRiskExamples.count) { item throws(PartialReportError) in
            try CaseReference(item)
        }
        rejects = try t.array("rejects").map { r throws(PartialReportError) in
            var row = RejectedRow(rowNumber: try r.int("row"), line: try r.int("line"), reason: try r.string("reason"))
            row.id = try r.optionalString("id")
            if let p = try r.optionalArray("position") {
                guard p.count == 2 else { throw r.error("position must be [line, column]") }
                row.position = CaseFilePosition(line: try p[0].int(), column: try p[1].int())
            }
            return row
        }
        multiLineRecords = try t.int("multiLineRecords")
        swallowed = try t.int("swallowed")
        swallowedExamples = try t.array("swallowedExamples").map { s throws(PartialReportError) in
            (try CaseReference(s.object("case")), try s.int("line"), try s.int("lastLine"))
        }
        let agreementJSON = try t.optionalObject("agreement")
        guard (agreementJSON == nil) == (agreement == nil) else {
            throw t.error("agreement must be there exactly when the columns have an expected route")
        }
        if let a = agreementJSON {
            try a.fill(&agreement!.byRoute, "byRoute")
            var others: [String: [Int]] = [:]
            for item in try a.array("others") {
                let pair = try item.array()
                guard pair.count == 2 else { throw item.error("expected [label, counts]") }
                var counts = Array(repeating: 0, count: agreement!.routeCount + 1)
                try pair[1].fill(&counts)
                others[try pair[0].string()] = counts
            }
            agreement!.others = others
            agreement!.agreed = try a.int("agreed")
            agreement!.compared = try a.int("compared")
            agreement!.withoutExpectation = try a.int("withoutExpectation")
            agreement!.disagreements = try a.array("disagreements").map { d throws(PartialReportError) in
                (try CaseReference(d.object("case")), try d.string("expected"), try d.optionalString("actual"))
            }
        }
        let sweepJSON = try t.array("sweeps")
        guard sweepJSON.count == sweeps.count else { throw t.error("sweeps: expected \(sweeps.count)") }
        for (k, s) in sweepJSON.enumerated() {
            try s.fill(&sweeps[k].kept, "kept")
            try s.fill(&sweeps[k].reviewed, "reviewed")
            try s.fill(&sweeps[k].fixed, "fixed")
        }
    }
}

extension CaseReference {
    var json: JSONValue { ["id": .string(id), "row": JSONValue(row), "segment": optional(segment)] }

    init(_ r: PartReader) throws(PartialReportError) {
        self.init(id: try r.string("id"), row: try r.int("row"), segment: try r.optionalString("segment"))
    }
}

extension CaseRecord {
    /// Values and texts (null and empty where a field is not present), states as one letter each
    /// (`p`resent, `m`issing, `i`nvalid), and the problems of invalid fields.
    var partJSON: JSONValue {
        [
            "values": .array(values.indices.map { states[$0] == .present && values[$0].isFinite ? .number(values[$0]) : .null }),
            "states": .string(String(states.map { $0 == .present ? "p" : $0 == .missing ? "m" : "i" })),
            // A field that is not present keeps the text of an earlier case in the reused record.
            "texts": strings(texts.indices.map { states[$0] == .present ? texts[$0] : "" }),
            "problems": .array(problems.sorted { $0.key < $1.key }.map { [JSONValue($0.key), .string($0.value)] }),
        ]
    }

    init(part r: PartReader, fieldCount: Int) throws(PartialReportError) {
        let values = try r.array("values").map { v throws(PartialReportError) in v.isNull ? 0 : try v.number() }
        let states = try r.string("states").map { c throws(PartialReportError) -> State in
            switch c {
            case "p": .present
            case "m": .missing
            case "i": .invalid
            default: throw r.error("states: `\(c)` is not p, m or i")
            }
        }
        let texts = try r.array("texts").map { v throws(PartialReportError) in try v.string() }
        guard values.count == fieldCount, states.count == fieldCount, texts.count == fieldCount else {
            throw r.error("expected \(fieldCount) values, states and texts")
        }
        var problems: [Int: String] = [:]
        for item in try r.array("problems") {
            let pair = try item.array()
            guard pair.count == 2, let field = try? pair[0].int(), (0..<fieldCount).contains(field) else {
                throw item.error("expected [field, problem]")
            }
            problems[field] = try pair[1].string()
        }
        self.init(values: values, states: states, texts: texts, problems: problems)
    }
}

private func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
private func strings(_ texts: [String]) -> JSONValue { .array(texts.map { .string($0) }) }

/// Typed access to a part's JSON; every mismatch is an error naming the path in the part.
struct PartReader {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    func error(_ message: String) -> PartialReportError { PartialReportError("\(path): \(message)", help: "the part is damaged; simulate it again") }

    private func member(_ key: String) throws(PartialReportError) -> PartReader {
        guard case .object(let o) = value else { throw error("expected an object") }
        guard let v = o[key] else { throw error("`\(key)` is missing") }
        return PartReader(v, path: path + "." + key)
    }

    func object(_ key: String) throws(PartialReportError) -> PartReader {
        let m = try member(key)
        guard case .object = m.value else { throw m.error("expected an object") }
        return m
    }

    func optionalObject(_ key: String) throws(PartialReportError) -> PartReader? {
        let m = try member(key)
        return m.value.isNull ? nil : try object(key)
    }

    func array() throws(PartialReportError) -> [PartReader] {
        guard case .array(let a) = value else { throw error("expected an array") }
        return a.enumerated().map { PartReader($1, path: "\(path)[\($0)]") }
    }

    func array(_ key: String) throws(PartialReportError) -> [PartReader] { try member(key).array() }

    func optionalArray(_ key: String) throws(PartialReportError) -> [PartReader]? {
        let m = try member(key)
        return m.value.isNull ? nil : try m.array()
    }

    func number() throws(PartialReportError) -> Double {
        guard case .number(let n) = value else { throw error("expected a number") }
        return n
    }

    func int() throws(PartialReportError) -> Int {
        let n = try number()
        guard n >= 0, n <= 9_007_199_254_740_992, n.rounded() == n else { throw error("expected a count") }
        return Int(n)
    }

    func string() throws(PartialReportError) -> String {
        guard case .string(let s) = value else { throw error("expected a string") }
        return s
    }

    func optionalString() throws(PartialReportError) -> String? { value.isNull ? nil : try string() }

    var isNull: Bool { value.isNull }

    func number(_ key: String) throws(PartialReportError) -> Double { try member(key).number() }
    func int(_ key: String) throws(PartialReportError) -> Int { try member(key).int() }
    func string(_ key: String) throws(PartialReportError) -> String { try member(key).string() }
    func bool(_ key: String) throws(PartialReportError) -> Bool {
        let m = try member(key)
        guard case .bool(let b) = m.value else { throw m.error("expected true or false") }
        return b
    }
    func optionalString(_ key: String) throws(PartialReportError) -> String? { try member(key).optionalString() }
    func optionalInt(_ key: String) throws(PartialReportError) -> Int? {
        let m = try member(key)
        return m.isNull ? nil : try m.int()
    }
    func optionalNumber(_ key: String) throws(PartialReportError) -> Double? {
        let m = try member(key)
        return m.isNull ? nil : try m.number()
    }

    /// Fills `counts` from an array of exactly as many counts.
    func fill(_ counts: inout [Int]) throws(PartialReportError) {
        let items = try array()
        guard items.count == counts.count else { throw error("expected \(counts.count) counts, found \(items.count)") }
        for (i, item) in items.enumerated() { counts[i] = try item.int() }
    }

    func fill(_ counts: inout [Int], _ key: String) throws(PartialReportError) { try member(key).fill(&counts) }

    /// An array of `count` arrays, each item read by `read`.
    func lists<T>(_ key: String, count: Int, _ read: (PartReader) throws(PartialReportError) -> T) throws(PartialReportError) -> [[T]] {
        let outer = try member(key)
        let lists = try outer.array()
        guard lists.count == count else { throw outer.error("expected \(count) lists, found \(lists.count)") }
        return try lists.map { list throws(PartialReportError) in try list.array().map(read) }
    }
}
