import DecisionMap
import Foundation

// The per-case path of a simulation, shared by every input format: bind a row, route it, count
// it. CSV chunks reach it as byte fields (`CSVChunkRow`), other formats as `CaseRow`s; the
// generic `CaseCounter.count` is specialised for each, so the CSV path makes no string and no
// array per case unless a case has to be named (an example, a rejected row, a decision line).

/// What the per-case path reads from a row, whatever the file's format.
protocol SimulatedRow {
    var rowNumber: Int { get }
    func bind(into record: inout CaseRecord, _ rows: RowBinder)
    /// The case's id: its id column, else `row N`.
    func id(_ rows: RowBinder) -> String
    /// The expected route's index (-1: a value that names no route), with the value when it names
    /// none; nil when the row has no expected route.
    func expected(_ rows: RowBinder) -> (route: Int, label: String?)?
    /// An input's value as written.
    func text(field: Int, _ rows: RowBinder) -> String
    /// CSV: the lines the record spans, and whether a later one looks like a row of its own.
    var span: (line: Int, lastLine: Int, looksLikeRows: Bool)? { get }
}

extension CaseRow: SimulatedRow {
    func bind(into record: inout CaseRecord, _ rows: RowBinder) { rows.bind(self, into: &record) }
    func id(_ rows: RowBinder) -> String { rows.id(self) }
    func expected(_ rows: RowBinder) -> (route: Int, label: String?)? {
        guard let label = rows.expected(self) else { return nil }
        let route = rows.routeIndex[label] ?? -1
        return (route, route < 0 ? label : nil)
    }
    func text(field: Int, _ rows: RowBinder) -> String { rows.text(self, field: field) }
    var span: (line: Int, lastLine: Int, looksLikeRows: Bool)? {
        csvRecord.map { ($0.line, $0.lastLine, $0.looksLikeSeveralRows) }
    }
}

/// One record of a CSV chunk, bound straight from its bytes.
struct CSVChunkRow: SimulatedRow {
    let fields: CSVFields
    let rowNumber: Int
    let span: (line: Int, lastLine: Int, looksLikeRows: Bool)?

    @inline(__always)
    func bind(into record: inout CaseRecord, _ rows: RowBinder) {
        rows.inputColumns.withUnsafeBufferPointer { columns in
            rows.bytes.bind(row: fields.base, bounds: fields.bounds, columns: columns, into: &record)
        }
    }

    func id(_ rows: RowBinder) -> String {
        guard let column = rows.binding.idColumn, !fields[column].isEmpty else { return "row \(rowNumber)" }
        return fields.text(column)
    }

    @inline(__always)
    func expected(_ rows: RowBinder) -> (route: Int, label: String?)? {
        guard let column = rows.binding.expectColumn else { return nil }
        var cell = fields[column]
        // Trimmed of spaces and tabs, as `RowBinder.expected` trims.
        while let first = cell.first, first == 0x20 || first == 0x09 { cell = UnsafeBufferPointer(rebasing: cell.dropFirst()) }
        while let last = cell.last, last == 0x20 || last == 0x09 { cell = UnsafeBufferPointer(rebasing: cell.dropLast()) }
        guard !cell.isEmpty else { return nil }
        let route = rows.routeBytes.firstIndex { name in
            name.count == cell.count && name.withUnsafeBufferPointer { memcmp($0.baseAddress!, cell.baseAddress!, cell.count) == 0 }
        } ?? -1
        return (route, route < 0 ? String(decoding: cell, as: UTF8.self) : nil)
    }

    func text(field f: Int, _ rows: RowBinder) -> String {
        rows.binding.inputColumns[f].map(fields.text) ?? ""
    }
}

/// Counts cases into one batch's result: the routing, the sweeps, the data-quality lists, the
/// agreement, the decision lines, and the routed rows when they are kept.
struct CaseCounter {
    let map: DecisionMap
    let options: SimulationOptions
    let deciders: DeciderIndex
    let rows: RowBinder
    let routeNames: [String]
    // For sweeps: each segment's threshold in this run and its review decision.
    let below: [Double]
    let reviews: [Decision?]

    var tally: Tally
    var record: CaseRecord
    var lines = ""
    var rejected: [RejectedRow] = []
    var routed: [RoutedRow] = []

    init(_ simulator: Simulator, rows: RowBinder) {
        map = simulator.map
        options = simulator.options
        deciders = simulator.deciders
        self.rows = rows
        let model = map.model
        routeNames = model.routes.map(\.name)
        below = model.segments.indices.map { simulator.map.threshold(inSegment: $0) ?? -.infinity }
        reviews = model.segments.indices.map { simulator.map.threshold(inSegment: $0) == nil ? nil : simulator.map.reviewDecision(inSegment: $0) }
        tally = Tally(map: map, deciderCount: deciders.all.count, limit: options.listLimit,
                      expecting: rows.binding.expectColumn != nil, sweeps: options.sweeps)
        record = map.makeRecord()
    }

    var result: Simulator.BatchResult {
        Simulator.BatchResult(tally: tally, decisionLines: lines, rejected: rejected, routed: routed)
    }

    mutating func reject(_ row: RejectedRow) {
        tally.reject(row)
        rejected.append(row)
    }

    /// Binds, routes and counts one case. `keep` makes the routed row to hand to a `cases`
    /// callback, when there is one.
    @inline(__always)
    mutating func count<Row: SimulatedRow>(_ row: Row, keep: ((String, CaseRecord, Decision) -> RoutedRow)? = nil) {
        record.reset()
        row.bind(into: &record, rows)
        let expected = row.expected(rows)
        let decision: Decision
        if tally.sweeps.isEmpty {
            decision = map.route(record)
        } else {
            // One routing answers every threshold: past the threshold, and where it was met.
            let (past, reach) = map.routePastThreshold(record)
            let review = reach.flatMap { reviews[$0.segment] }
            decision = if let reach, let review, reach.confidence < below[reach.segment] { review } else { past }
            for k in tally.sweeps.indices {
                tally.sweeps[k].count(past: past, reach: reach, decision: decision, review: review, expected: expected?.route)
            }
        }
        if record.hasInvalid {
            for f in record.states.indices where record.states[f] == .invalid {
                tally.badValue(field: f, row.text(field: f, rows), problem: record.problem(f) ?? "", row: row.rowNumber)
            }
        }
        if let f = decision.field, decision.isInvalidData, tally.invalidExamples[f] == nil {
            tally.invalidExamples[f] = (row.rowNumber, record.problem(f) ?? "required field `\(map.model.fields[f].name)` is missing")
        }
        // The id only when something names the case.
        var id: String?
        func name() -> String {
            if let id { return id }
            let made = row.id(rows)
            id = made
            return made
        }
        let model = map.model
        if let span = row.span, span.lastLine > span.line {
            tally.multiLineRecords += 1
            if span.looksLikeRows {
                tally.swallowed += 1
                if tally.swallowedExamples.count < options.listLimit {
                    tally.swallowedExamples.append((CaseReference(id: name(), row: row.rowNumber, segment: nil), span.line, span.lastLine))
                }
            }
        }
        tally.count(decision, decider: deciders.index(decision.decider), id: name(), row: row.rowNumber, record: record,
                    segmentName: { model.segments[$0].name })
        if tally.agreement != nil {
            if let expected {
                tally.agreement!.count(expected: expected.route, label: expected.label ?? routeNames[expected.route], actual: decision.route)
                let agrees = expected.route >= 0 && decision.route == expected.route
                if !agrees, tally.agreement!.disagreements.count < options.listLimit {
                    tally.agreement!.disagreements.append(
                        (CaseReference(id: name(), row: row.rowNumber, segment: decision.segment.map { model.segments[$0].name }),
                         expected.label ?? routeNames[expected.route], decision.route.map { routeNames[$0] }))
                }
            } else {
                tally.agreement!.withoutExpectation += 1
            }
        }
        if let format = options.decisionsFormat {
            lines += DecisionLine.render(decision, id: name(), row: row.rowNumber, record: record, map: map, format: format)
        }
        if let keep { routed.append(keep(name(), record, decision)) }
    }
}

extension Simulator {
    /// Binds and routes one batch of rows. Runs on a worker; touches nothing shared. With
    /// `keepRows`, every routed case is kept for the `cases` callback.
    func process(_ batch: [CaseFileRow], _ rows: RowBinder, keepRows: Bool = false) -> BatchResult {
        var counter = CaseCounter(self, rows: rows)
        for entry in batch {
            switch entry {
            case .rejected(let r):
                counter.reject(r)
            case .row(let row):
                counter.count(row, keep: keepRows ? { RoutedRow(row: row, id: $0, record: $1, decision: $2) } : nil)
            }
        }
        return counter.result
    }

    /// Parses, binds and routes one CSV chunk. Runs on a worker; touches nothing shared.
    func process(_ chunk: CSVChunk, _ rows: RowBinder, scanner: inout CSVChunkScanner) -> BatchResult {
        var counter = CaseCounter(self, rows: rows)
        scanner.forEachRecord(in: chunk) { record, fields in
            switch record {
            case .rejected(let r):
                counter.reject(r)
            case .fields(let rowNumber, let line, let lastLine, let looksLikeRows):
                counter.count(CSVChunkRow(fields: fields, rowNumber: rowNumber, span: (line, lastLine, looksLikeRows)))
            }
        }
        return counter.result
    }
}
