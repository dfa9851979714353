import DecisionMap
import Dispatch
import Foundation

/// How to run a simulation.
public struct SimulationOptions: Sendable {
    /// A column holding the route a person chose, to compare with the map's.
    public var expectColumn: String?
    /// Cases per week, to turn workload into weekly hours against each route's capacity.
    public var casesPerWeek: Double?
    /// Worker threads (with one, the calling thread does the work); the report is the same for any
    /// number.
    public var jobs: Int
    /// Cases per batch handed to a worker (JSON, and CSV when every case is kept).
    public var batchSize: Int = 4096
    /// Bytes of CSV per chunk handed to a worker.
    public var chunkBytes: Int = 1 << 20
    /// How many examples, rejected rows and disagreements a report lists (all are counted).
    public var listLimit: Int = 10
    /// The format of the per-case decision lines, when they are wanted.
    public var decisionsFormat: DecisionsFormat?
    /// The column holding case ids; nil: the map's `ids`, else a column `id`, else row numbers.
    public var idColumn: String?
    /// Inputs (by name) that may have no column in the file: every case then lacks them. Without
    /// this, an input with no column stops the run.
    public var allowedMissingColumns: [String] = []
    /// Confidence thresholds to sweep in the same pass (`--sweep`), each made for the simulated map.
    public var sweeps: [ThresholdSweep] = []
    /// Goals for the sweeps (`--target`): each sweep recommends its best point that meets them all.
    public var targets: [SweepTarget] = []
    /// About how many cases the run will read, when known (`dmap simulate` guesses it from the
    /// file's size): a table of the map's decisions (`DecisionMap.tabulated`) is built when it
    /// pays, at most one cell per 32 cases (filling a cell costs about two routings, on one
    /// thread). Nil: a table of up to 65,536 cells.
    public var expectedCases: Int?

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
    /// More lines of detail, one thing each.
    public var notes: [String]

    public init(_ message: String, help: String? = nil, notes: [String] = []) {
        self.message = message
        self.help = help
        self.notes = notes
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
/// batches on `jobs` workers (with one job, on the calling thread too); batch results are merged in
/// file order, so the report, the decision lines and the rejected rows come out byte for byte the
/// same for any number of workers. Memory stays bounded: at most `2 × jobs` batches are in flight.
public struct Simulator: Sendable {
    public let map: DecisionMap
    public let options: SimulationOptions
    let deciders: DeciderIndex

    public init(map: DecisionMap, options: SimulationOptions) {
        self.map = map.tabulated(limit: options.expectedCases.map { $0 / 32 } ?? DecisionMap.tableLimit)
        self.options = options
        deciders = DeciderIndex(map.model)
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
    /// - Throws: `SimulationError` when the file lacks a column the map needs, has no cases, or
    ///   cannot be read.
    public func run(_ reader: inout CaseFileReader, source: String,
                    decisions: ((String) -> Void)? = nil, rejects: ((RejectedRow) -> Void)? = nil,
                    cases: (([RoutedRow]) -> Void)? = nil,
                    progress: ((Int) -> Void)? = nil) throws(SimulationError) -> SimulationReport {
        try runPartial(&reader, source: source, decisions: decisions, rejects: rejects, cases: cases, progress: progress).report()
    }

    /// Simulates as `run` does, and returns what was counted before it becomes a report: to write
    /// as a part (`dmap simulate --partial`) and merge with parts of other case files.
    public func runPartial(_ reader: inout CaseFileReader, source: String,
                           decisions: ((String) -> Void)? = nil, rejects: ((RejectedRow) -> Void)? = nil,
                           cases: (([RoutedRow]) -> Void)? = nil,
                           progress: ((Int) -> Void)? = nil) throws(SimulationError) -> PartialReport {
        if reader.holdsNoObject {
            throw SimulationError("no cases in `\(source)`", help: "the file holds no JSON object")
        }
        let binding = try ColumnBinding(map: map, columns: reader.columns, options: options, file: source)
        reader.idColumn = binding.idColumn
        let rows = RowBinder(map: map, binding: binding, keyed: reader.format != .csv)
        let delimiter = reader.delimiter
        // The reader's error stops the stream; it is thrown once the rows read so far are merged.
        var failure: SimulationError?
        var finished: PartialReport
        if reader.format == .csv, cases == nil {
            // CSV is cut into chunks of whole records, which the workers parse.
            let header = reader.columns
            finished = withoutActuallyEscaping({ () -> WorkUnit? in
                do {
                    return try reader.nextCSVChunk(targetBytes: options.chunkBytes).map(WorkUnit.chunk)
                } catch {
                    failure = Self.readError(error, source: source)
                }
                return nil
            }) { next in
                run(rows, next: next, source: source, decisions: decisions, rejects: rejects, cases: nil, progress: progress,
                    delimiter: delimiter, header: header)
            }
        } else {
            var batch: [CaseFileRow] = []
            var extraKeys: [String] = []
            var seenExtra = Set(rows.binding.unused)
            finished = withoutActuallyEscaping({ () -> WorkUnit? in
                batch.removeAll(keepingCapacity: true)
                do {
                    while batch.count < options.batchSize, let row = try reader.next() {
                        if rows.keyed, case .row(let r) = row {
                            for key in r.keys where !rows.reads(key) && seenExtra.insert(key).inserted { extraKeys.append(key) }
                        }
                        batch.append(row)
                    }
                } catch {
                    failure = Self.readError(error, source: source)
                }
                return batch.isEmpty ? nil : .rows(batch)
            }) { next in
                run(rows, next: next, source: source, decisions: decisions, rejects: rejects, cases: cases, progress: progress,
                    delimiter: delimiter, header: [])
            }
            finished.columns.unused += extraKeys
        }
        if let failure { throw failure }
        finished.dataLines = reader.dataLines
        finished.linesAfterHeader = reader.linesAfterHeader
        if finished.read == 0 {
            throw SimulationError("no cases in `\(source)`",
                                  help: reader.format == .csv ? "the file has a header but no rows" : "the file holds no JSON object")
        }
        return finished
    }

    /// The error that stopped reading, in the compiler convention.
    public static func readError(_ error: any Error, source: String) -> SimulationError {
        if let error = error as? CaseFileError {
            return SimulationError("\(source)\(error.position.map { ":\($0.line):\($0.column)" } ?? ""): \(error.message)")
        }
        return SimulationError("\(source): \(error)")
    }

    /// Simulates cases given as values keyed by column name (or field name), as a Swift program
    /// holds them: the same binding, router and report as a case file. Keys that name no field are
    /// ignored and listed in the report; a case's `id` key names it in the report. A case may leave
    /// out any key: it is then missing.
    public func run(cases values: some Sequence<[String: CaseValue]>, source: String = "<cases>") -> SimulationReport {
        var iterator = values.makeIterator()
        var row = 0
        let columns = CaseColumns([])
        let rows = RowBinder(map: map, binding: ColumnBinding(keyedBy: map, options: options), keyed: true)
        var extraKeys: [String] = []
        var seenExtra = Set<String>()
        var part = withoutActuallyEscaping({ () -> WorkUnit? in
            var batch: [CaseFileRow] = []
            while batch.count < options.batchSize, let values = iterator.next() {
                row += 1
                var object = JSONObject()
                for key in values.keys.sorted(by: String.precedesInBytes) {
                    object.append(key, JSONValue(values[key]!))
                    if !rows.reads(key), seenExtra.insert(key).inserted { extraKeys.append(key) }
                }
                batch.append(.row(CaseRow(json: JSONRecord(rowNumber: row, line: row, object: object), columns: columns)))
            }
            return batch.isEmpty ? nil : .rows(batch)
        }) { next in
            run(rows, next: next, source: source, decisions: nil, rejects: nil, cases: nil, progress: nil, delimiter: nil, header: [])
        }
        part.columns.unused += extraKeys
        part.linesAfterHeader = row
        return part.report()
    }

    /// The first row of `reader` that `wanted` picks, by row number and id, bound and routed as a
    /// simulation would: for `dmap route --cases FILE --row N | --case ID`. Rows are read in order
    /// and only the picked one is bound; nil when no row is picked.
    ///
    /// - Throws: `SimulationError` as `run` does, when the file's columns do not fit the map.
    public func find(in reader: inout CaseFileReader, source: String,
                     where wanted: (_ row: Int, _ id: String) -> Bool) throws(SimulationError) -> (RoutedRow?, ColumnBinding) {
        let binding = try ColumnBinding(map: map, columns: reader.columns, options: options, file: source)
        reader.idColumn = binding.idColumn
        let rows = RowBinder(map: map, binding: binding, keyed: reader.format != .csv)
        var record = map.makeRecord()
        while true {
            let next: CaseFileRow?
            do {
                next = try reader.next()
            } catch {
                throw Self.readError(error, source: source)
            }
            switch next {
            case nil:
                return (nil, binding)
            case .rejected(let rejected):
                if wanted(rejected.rowNumber, rejected.id ?? "row \(rejected.rowNumber)") {
                    throw SimulationError("row \(rejected.rowNumber) (line \(rejected.line)) of `\(source)` cannot be read: \(rejected.reason)")
                }
            case .row(let row):
                let id = rows.id(row)
                guard wanted(row.rowNumber, id) else { continue }
                record.reset()
                rows.bind(row, into: &record)
                return (RoutedRow(row: row, id: id, record: record, decision: map.route(record)), binding)
            }
        }
    }

    /// A piece of work for one worker: a batch of rows, or a chunk of CSV records.
    enum WorkUnit {
        case rows([CaseFileRow])
        case chunk(CSVChunk)

        var rowCount: Int {
            switch self {
            case .rows(let rows): rows.count
            case .chunk(let chunk): chunk.rows
            }
        }
    }

    /// Reads work units on the calling thread, processes them on `jobs` workers (at most `2 × jobs`
    /// in flight; with one job, on the calling thread), and merges their results in file order.
    private func run(_ rows: RowBinder, next: () -> WorkUnit?, source: String,
                     decisions: ((String) -> Void)?, rejects: ((RejectedRow) -> Void)?,
                     cases: (([RoutedRow]) -> Void)?, progress: ((Int) -> Void)?, delimiter: UInt8?,
                     header: [String]) -> PartialReport {
        if let format = options.decisionsFormat, format == .csv, let decisions {
            decisions("id,row,route,outcome,segment,gap,line\n")
        }
        var total = Tally(map: map, deciderCount: deciders.all.count, limit: options.listLimit,
                          expecting: rows.binding.expectColumn != nil, sweeps: options.sweeps)
        let queue = DispatchQueue(label: "dmap.simulate", attributes: .concurrent)
        let group = DispatchGroup()
        // At most `jobs` units are processed at once, and at most `2 × jobs` are read ahead.
        let slots = DispatchSemaphore(value: options.jobs * 2)
        let running = DispatchSemaphore(value: options.jobs)
        let finished = FinishedBatches()
        var nextToMerge = 0
        var unitNumber = 0
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

        let keepRows = cases != nil
        let delimiterByte = delimiter ?? UInt8(ascii: ",")
        @Sendable func process(_ unit: WorkUnit) -> BatchResult {
            switch unit {
            case .rows(let batch):
                return self.process(batch, rows, keepRows: keepRows)
            case .chunk(let chunk):
                var scanner = CSVChunkScanner(delimiter: delimiterByte, header: header, idColumn: rows.binding.idColumn)
                return self.process(chunk, rows, scanner: &scanner)
            }
        }
        while let unit = next() {
            let number = unitNumber
            unitNumber += 1
            rowsRead += unit.rowCount
            if options.jobs == 1 {
                // One job is one thread: the unit is processed where it was read, with no hand-off.
                finished.put(number, process(unit))
            } else {
                slots.wait()
                queue.async(group: group) {
                    running.wait()
                    defer { running.signal() }
                    finished.put(number, process(unit))
                    slots.signal()
                }
            }
            mergeReady()
            progress?(rowsRead)
        }
        group.wait()
        mergeReady()
        progress?(rowsRead)
        return PartialReport(map: map, options: options, source: source, tally: total, columns: SimulationReport.Columns(map: map, binding: rows.binding),
                             delimiter: delimiter, dataLines: nil, linesAfterHeader: 0)
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
}

/// Reads one row's values through a `ColumnBinding`: the inputs into a case record, the id, the
/// expected route, and an input's value as written (for the data-quality report). CSV rows are
/// bound from their bytes; JSON rows by key, object by object, since objects need not all have the
/// same keys (an input's `column "…"` key, else its own name).
struct RowBinder: Sendable {
    let map: DecisionMap
    let binding: ColumnBinding
    let keyed: Bool
    let bytes: ByteBinder
    /// CSV: per input, the column it reads (-1: none), for `ByteBinder.bind(row:…)`.
    let inputColumns: [Int]
    /// The routes' names, and as UTF-8, to match expected routes.
    let routeIndex: [String: Int]
    let routeBytes: [[UInt8]]
    /// JSON rows: per input, the keys that may hold it, the column's first.
    private let keys: [[String]]
    private let idKey: String?
    private let expectKey: String?
    private let readKeys: Set<String>

    init(map: DecisionMap, binding: ColumnBinding, keyed: Bool) {
        self.map = map
        self.binding = binding
        self.keyed = keyed
        bytes = ByteBinder(map: map)
        inputColumns = binding.inputColumns.map { $0 ?? -1 }
        routeIndex = Dictionary(map.model.routes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        routeBytes = map.model.routes.map { Array($0.name.utf8) }
        keys = map.model.fields.map { $0.column == $0.name ? [$0.name] : [$0.column, $0.name] }
        idKey = binding.idColumn.map { binding.columns[$0] } ?? (keyed ? "id" : nil)
        expectKey = binding.expectColumn.map { binding.columns[$0] }
        readKeys = Set(keys.joined() + [idKey, expectKey].compactMap { $0 })
    }

    /// Whether a JSON key is one the binding reads.
    func reads(_ key: String) -> Bool { readKeys.contains(key) }

    private func value(_ row: CaseRow, key: String?, column: Int?) -> RawCaseValue {
        if keyed {
            guard let key else { return .null }
            return row.value(forKey: key) ?? .null
        }
        guard let column else { return .null }
        return row.value(at: column)
    }

    private func value(_ row: CaseRow, field f: Int) -> RawCaseValue {
        guard keyed else { return binding.inputColumns[f].map(row.value(at:)) ?? .null }
        for key in keys[f] {
            if let value = row.value(forKey: key), value != .null { return value }
        }
        return .null
    }

    func bind(_ row: CaseRow, into record: inout CaseRecord) {
        if let csv = row.csvRecord {
            csv.withFields { cell in
                for (f, column) in binding.inputColumns.enumerated() {
                    if let column { bytes.bind(cell(column), toField: f, in: &record) }
                }
            }
        } else {
            for f in map.model.fields.indices {
                map.bind(CaseValue(value(row, field: f), typed: keyed), toField: f, in: &record)
            }
        }
    }

    /// The case's id: its id column, else `row N`.
    func id(_ row: CaseRow) -> String {
        switch value(row, key: idKey, column: binding.idColumn) {
        case .text(let s) where !s.isEmpty: s
        case .number(let n): JSONValue.number(n).rendered()
        default: "row \(row.rowNumber)"
        }
    }

    /// The expected route, trimmed; nil when the cell is empty.
    func expected(_ row: CaseRow) -> String? {
        let text: String? = switch value(row, key: expectKey, column: binding.expectColumn) {
        case .text(let s): s.trimmingSpaces
        case .null: nil
        case .number(let n): JSONValue.number(n).rendered()
        case .bool(let b): String(b)
        case .other(let s): s
        }
        return text?.isEmpty == false ? text : nil
    }

    /// An input's value as written in the row, for the data-quality report.
    func text(_ row: CaseRow, field f: Int) -> String {
        switch value(row, field: f) {
        case .text(let s): s
        case .number(let n): JSONValue.number(n).rendered()
        case .bool(let b): String(b)
        case .other(let s): s
        case .null: ""
        }
    }
}

extension CaseValue {
    /// A value read from a case file; `typed` for JSON, whose strings are never numbers.
    init(_ raw: RawCaseValue, typed: Bool) {
        switch raw {
        case .null: self = .missing
        case .text(let s): self = s.isEmpty ? .missing : typed ? .string(s) : .text(s)
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
            return [csvField(id), String(row), route ?? SimulationReport.noRoute, d.outcome.rawValue, segment ?? SimulationReport.noRoute,
                    d.gap?.rawValue ?? "",
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
