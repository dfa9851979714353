import DecisionMap
import Dispatch
import Foundation

/// How to run a simulation.
public struct SimulationOptions: Sendable {
    /// A column holding the route a person chose, to compare with the map's.
    public var expectColumn: String?
    /// Cases per week, to turn workload into weekly hours against each route's capacity.
    public var casesPerWeek: Double?
    /// Worker threads; the report is the same for any number.
    public var jobs: Int
    /// Cases per batch handed to a worker.
    public var batchSize: Int = 4096
    /// How many examples, rejected rows and disagreements a report lists (all are counted).
    public var listLimit: Int = 10
    /// The format of the per-case decision lines, when they are wanted.
    public var decisionsFormat: DecisionsFormat?

    public init(expectColumn: String? = nil, casesPerWeek: Double? = nil,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.expectColumn = expectColumn
        self.casesPerWeek = casesPerWeek
        self.jobs = max(1, jobs)
    }
}

public enum DecisionsFormat: String, Sendable {
    case csv, jsonl
}

/// A case file that cannot be simulated at all (as opposed to a bad row, which is rejected and
/// counted).
public struct SimulationError: Error, Sendable {
    public var message: String
    public var help: String?

    public init(_ message: String, help: String? = nil) {
        self.message = message
        self.help = help
    }
}

/// One routed case, for callers that compare decisions case by case (`dmap test`, `dmap diff`).
public struct RoutedRow: Sendable {
    /// The row as read.
    public var row: CaseRow
    /// The `id` column, else `row N`: the id every report uses.
    public var id: String
    /// The case as the simulator bound it; `map.explain(record)` gives the decision with its trace.
    public var record: CaseRecord
    public var decision: Decision
}

/// Runs a map over a stream of cases. Rows are read on the calling thread and bound and routed in
/// batches on `jobs` workers; batch results are merged in file order, so the report, the decision
/// lines and the rejected rows come out byte for byte the same for any number of workers. Memory
/// stays bounded: at most `2 × jobs` batches are in flight.
public struct Simulator: Sendable {
    public let map: DecisionMap
    public let options: SimulationOptions
    let deciders: DeciderIndex

    public init(map: DecisionMap, options: SimulationOptions) {
        self.map = map
        self.options = options
        deciders = DeciderIndex(map.model)
    }

    /// Where each field, the id and the expected route are found in the file. For CSV these are
    /// header indices; JSON objects are looked up by key, object by object, since objects need not
    /// all have the same keys.
    struct ColumnPlan: Sendable {
        var fieldColumn: [Int?]
        var idColumn: Int?
        var expectColumn: Int?
        var ignored: [String]
        var absent: [String]
        /// The keys the simulator reads, for JSON rows.
        var used: Set<String>
        var byKey: Bool
        /// Column name → field name, for in-memory cases keyed by field names.
        var aliases: [String: String] = [:]
    }

    /// A plan for JSON rows: every field by its column name.
    func keyPlan() -> ColumnPlan {
        let fields = map.model.fields
        let keys = fields.map(\.column)
        // A field's own name is accepted as well as its column, as `DecisionMap.record` does; the
        // column wins when an object has both.
        let aliases = Dictionary(fields.filter { $0.name != $0.column }.map { ($0.column, $0.name) }, uniquingKeysWith: { a, _ in a })
        return ColumnPlan(fieldColumn: Array(fields.indices), idColumn: fields.count,
                          expectColumn: options.expectColumn == nil ? nil : fields.count + 1, ignored: [], absent: [],
                          used: Set(keys + Array(aliases.values) + ["id"] + (options.expectColumn.map { [$0] } ?? [])),
                          byKey: true, aliases: aliases)
    }

    func plan(columns: [String], checkRequired: Bool) throws(SimulationError) -> ColumnPlan {
        let fields = map.model.fields
        let index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var fieldColumn: [Int?] = []
        var absent: [String] = []
        for field in fields {
            let column = index[field.column]
            if column == nil {
                if checkRequired && !field.optional {
                    let guess = Suggestions.closest(to: field.column, in: columns)
                    var help = guess.map { "did you mean `\($0)`? rename the column, or map it with `column \"\($0)\"` on the input" }
                        ?? "the file's columns are " + columns.map { "`\($0)`" }.joined(separator: ", ")
                    if columns.count == 1, let only = columns.first, only.contains(";") || only.contains("\t") {
                        help = "the header is one column, `\(only.prefix(40))…`: dmap reads comma-separated CSV; is the file separated by `\(only.contains(";") ? ";" : "tab")`?"
                    }
                    throw SimulationError(
                        "the case file has no column `\(field.column)`, which the map needs for field `\(field.name)`",
                        help: help)
                }
                absent.append(field.column)
            }
            fieldColumn.append(column)
        }
        var expect: Int?
        if let name = options.expectColumn {
            guard let column = index[name] else {
                let guess = Suggestions.closest(to: name, in: columns)
                throw SimulationError("the case file has no column `\(name)` to compare with (`--expect`)",
                                      help: guess.map { "did you mean `\($0)`?" })
            }
            expect = column
        }
        let used = Set(fields.map(\.column) + ["id"] + (options.expectColumn.map { [$0] } ?? []))
        return ColumnPlan(fieldColumn: fieldColumn, idColumn: index["id"], expectColumn: expect,
                          ignored: columns.filter { !used.contains($0) }, absent: absent, used: used, byKey: false)
    }

    /// Simulates every case of `reader`.
    ///
    /// - Parameters:
    ///   - decisions: receives the per-case decision lines in file order (when
    ///     `options.decisionsFormat` is set), header first.
    ///   - rejects: receives every rejected row, in file order.
    ///   - cases: receives every routed case, batch by batch in file order, on the calling thread.
    ///     Only asked for by callers that need each case; without it the simulator keeps none.
    ///   - progress: called on the reading thread with the number of rows read so far.
    /// - Throws: `SimulationError` when the file lacks a needed column or cannot be read.
    public func run(_ reader: inout CaseFileReader, source: String,
                    decisions: ((String) -> Void)? = nil, rejects: ((RejectedRow) -> Void)? = nil,
                    cases: (([RoutedRow]) -> Void)? = nil,
                    progress: ((Int) -> Void)? = nil) throws(SimulationError) -> SimulationReport {
        let plan = reader.format == .csv ? try plan(columns: reader.columns, checkRequired: true) : keyPlan()
        // The reader's error stops the stream; it is thrown once the rows read so far are merged.
        var failure: SimulationError?
        let report = withoutActuallyEscaping({ () -> CaseFileRow? in
            do {
                return try reader.next()
            } catch let error as CaseFileError {
                failure = SimulationError("\(source)\(error.position.map { ":\($0.line):\($0.column)" } ?? ""): \(error.message)")
            } catch {
                failure = SimulationError("\(source): \(error)")
            }
            return nil
        }) { next in
            run(plan: plan, next: next, source: source, decisions: decisions, rejects: rejects, cases: cases, progress: progress)
        }
        if let failure { throw failure }
        return report
    }

    /// Simulates cases given as values keyed by column name (or field name), as a Swift program
    /// holds them: the same binding, router and report as a case file. Keys that name no field are
    /// ignored and listed in the report; a case's `id` key names it in the report.
    public func run(cases values: some Sequence<[String: CaseValue]>, source: String = "<cases>") -> SimulationReport {
        var iterator = values.makeIterator()
        var row = 0
        let columns = CaseColumns([])
        let plan = keyPlan()
        return withoutActuallyEscaping({ () -> CaseFileRow? in
            guard let values = iterator.next() else { return nil }
            row += 1
            var object = JSONObject()
            for key in values.keys.sorted() { object.append(key, JSONValue(values[key]!)) }
            return .row(CaseRow(json: JSONRecord(rowNumber: row, line: row, object: object), columns: columns))
        }) { next in
            run(plan: plan, next: next, source: source, decisions: nil, rejects: nil, cases: nil, progress: nil)
        }
    }

    private func run(plan: ColumnPlan, next: () -> CaseFileRow?, source: String,
                     decisions: ((String) -> Void)?, rejects: ((RejectedRow) -> Void)?,
                     cases: (([RoutedRow]) -> Void)?, progress: ((Int) -> Void)?) -> SimulationReport {
        if let format = options.decisionsFormat, format == .csv, let decisions {
            decisions("id,row,route,outcome,segment,gap,line\n")
        }
        var total = Tally(map: map, deciderCount: deciders.all.count, limit: options.listLimit,
                          expecting: plan.expectColumn != nil)
        var extraKeys: [String] = []
        var seenExtra = Set<String>()

        let queue = DispatchQueue(label: "dmap.simulate", attributes: .concurrent)
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: options.jobs * 2)
        let finished = FinishedBatches()
        var nextToMerge = 0
        var batchNumber = 0
        var rowsRead = 0

        func mergeReady() {
            while let ready = finished.take(nextToMerge) {
                total.merge(ready.tally)
                if let decisions, !ready.decisionLines.isEmpty { decisions(ready.decisionLines) }
                if let rejects { ready.rejected.forEach(rejects) }
                if let cases, !ready.routed.isEmpty { cases(ready.routed) }
                nextToMerge += 1
            }
        }

        var batch: [CaseFileRow] = []
        batch.reserveCapacity(options.batchSize)
        let keepRows = cases != nil
        func dispatch() {
            let rows = batch
            let number = batchNumber
            batchNumber += 1
            batch.removeAll(keepingCapacity: true)
            slots.wait()
            queue.async(group: group) {
                finished.put(number, self.process(rows, plan: plan, keepRows: keepRows))
                slots.signal()
            }
            mergeReady()
        }

        while let row = next() {
            if plan.byKey, case .row(let r) = row {
                for key in r.keys where !plan.used.contains(key) && seenExtra.insert(key).inserted {
                    extraKeys.append(key)
                }
            }
            batch.append(row)
            rowsRead += 1
            if batch.count == options.batchSize {
                dispatch()
                progress?(rowsRead)
            }
        }
        if !batch.isEmpty { dispatch() }
        group.wait()
        mergeReady()
        progress?(rowsRead)
        return SimulationReport(map: map, source: source, options: options, tally: total, deciders: deciders,
                                ignoredColumns: plan.ignored + extraKeys, absentColumns: plan.absent)
    }

    /// Finished batches waiting to be merged in order; filled by workers, drained by the reader.
    final class FinishedBatches: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Int: BatchResult] = [:]

        func put(_ number: Int, _ result: BatchResult) {
            lock.lock()
            results[number] = result
            lock.unlock()
        }

        func take(_ number: Int) -> BatchResult? {
            lock.lock()
            defer { lock.unlock() }
            return results.removeValue(forKey: number)
        }
    }

    struct BatchResult: Sendable {
        var tally: Tally
        var decisionLines: String
        var rejected: [RejectedRow]
        var routed: [RoutedRow]
    }

    /// Binds and routes one batch. Runs on a worker; touches nothing shared. With `keepRows`, every
    /// routed case is kept for the `cases` callback.
    func process(_ rows: [CaseFileRow], plan: ColumnPlan, keepRows: Bool = false) -> BatchResult {
        let model = map.model
        var tally = Tally(map: map, deciderCount: deciders.all.count, limit: options.listLimit,
                          expecting: plan.expectColumn != nil)
        var record = map.makeRecord()
        let binder = ByteBinder(map: map)
        var lines = ""
        var rejected: [RejectedRow] = []
        var routed: [RoutedRow] = []
        let routeNames = model.routes.map(\.name)
        let segmentName = { (s: Int) in model.segments[s].name }
        for entry in rows {
            let row: CaseRow
            switch entry {
            case .rejected(let r):
                tally.reject(r)
                rejected.append(r)
                continue
            case .row(let r):
                row = r
            }
            record.reset()
            // Column `c` of the plan: a header index for CSV, a key for JSON.
            func value(_ c: Int) -> RawCaseValue {
                guard plan.byKey else { return row.value(at: c) }
                let key = c < model.fields.count ? model.fields[c].column : c == model.fields.count ? "id" : options.expectColumn!
                if let alias = plan.aliases[key], case .null? = row.value(forKey: key) {
                    return row.value(forKey: alias) ?? .null
                }
                return row.value(forKey: key) ?? .null
            }
            if let csv = row.csvRecord {
                csv.withFields { cell in
                    for (f, column) in plan.fieldColumn.enumerated() {
                        if let column { binder.bind(cell(column), toField: f, in: &record) }
                    }
                }
            } else {
                for (f, column) in plan.fieldColumn.enumerated() {
                    if let column { map.bind(CaseValue(value(column)), toField: f, in: &record) }
                }
            }
            let decision = map.route(record)
            if let f = decision.field, decision.isInvalidData, tally.invalidExamples[f] == nil {
                tally.invalidExamples[f] = (row.rowNumber, record.problems[f] ?? "required field `\(model.fields[f].name)` is missing")
            }
            let id = { () -> String in
                if let c = plan.idColumn, case .text(let s) = value(c) { return s }
                if let c = plan.idColumn, case .number(let n) = value(c) { return JSONValue.number(n).rendered() }
                return "row \(row.rowNumber)"
            }
            tally.count(decision, decider: deciders.index(decision.decider), id: id(), row: row.rowNumber, record: record,
                        segmentName: segmentName)
            if let column = plan.expectColumn {
                var expected: String?
                switch value(column) {
                case .text(let s): expected = s.trimmingCharacters(in: .whitespaces)
                case .null: expected = nil
                case .number(let n): expected = JSONValue.number(n).rendered()
                case .bool(let b): expected = String(b)
                case .other(let s): expected = s
                }
                if let expected, !expected.isEmpty {
                    let actual = decision.route.map { routeNames[$0] }
                    var counts = tally.agreement!.confusion[expected] ?? Array(repeating: 0, count: routeNames.count + 1)
                    counts[decision.route ?? routeNames.count] += 1
                    tally.agreement!.confusion[expected] = counts
                    tally.agreement!.compared += 1
                    if actual == expected {
                        tally.agreement!.agreed += 1
                    } else if tally.agreement!.disagreements.count < options.listLimit {
                        tally.agreement!.disagreements.append(
                            (CaseReference(id: id(), row: row.rowNumber, segment: decision.segment.map(segmentName)), expected, actual))
                    }
                } else {
                    tally.agreement!.withoutExpectation += 1
                }
            }
            if let format = options.decisionsFormat {
                lines += DecisionLine.render(decision, id: id(), row: row.rowNumber, record: record, map: map, format: format)
            }
            if keepRows { routed.append(RoutedRow(row: row, id: id(), record: record, decision: decision)) }
        }
        return BatchResult(tally: tally, decisionLines: lines, rejected: rejected, routed: routed)
    }
}

extension CaseValue {
    /// A value read from a case file.
    init(_ raw: RawCaseValue) {
        switch raw {
        case .null: self = .missing
        case .text(let s): self = s.isEmpty ? .missing : .text(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .other(let description): self = .unsupported(description)
        }
    }
}

/// One line of `--decisions`: id, row, route, outcome, segment, gap kind, and the line of the
/// map that decided it.
enum DecisionLine {
    static func render(_ d: Decision, id: String, row: Int, record: CaseRecord, map: DecisionMap,
                       format: DecisionsFormat) -> String {
        let model = map.model
        let route = d.route.map { model.routes[$0].name }
        let segment = d.segment.map { model.segments[$0].name }
        // A gap has no deciding rule; its line is where the map stopped: the last traced step with
        // a line (gaps are few, so explaining them costs little).
        let line = d.decider.map { model.line(map.describe($0).range) }
            ?? map.explain(record).trace.last(where: { $0.line != nil })?.line
        switch format {
        case .csv:
            return [csvField(id), String(row), route ?? "", d.outcome.rawValue, segment ?? "", d.gap?.rawValue ?? "",
                    line.map(String.init) ?? ""].joined(separator: ",") + "\n"
        case .jsonl:
            let object: JSONValue = [
                "id": .string(id), "row": .number(Double(row)), "route": route.map { .string($0) } ?? .null,
                "outcome": .string(d.outcome.rawValue), "segment": segment.map { .string($0) } ?? .null,
                "gap": d.gap.map { .string($0.rawValue) } ?? .null, "line": line.map { .number(Double($0)) } ?? .null,
            ]
            return object.rendered() + "\n"
        }
    }
}

/// A CSV field per RFC 4180: quoted when asked, or when it must be (a comma, quote or line break).
package func csvField(_ s: String, quoted: Bool = false) -> String {
    guard quoted || s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacing("\"", with: "\"\"") + "\""
}
