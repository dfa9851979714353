import DecisionMap
import DecisionMapSimulation

/// The golden-file convention.
///
/// A map's golden cases live beside it: `NAME.tests.csv` for `NAME.dmap`. A golden file is a case
/// file (CSV, RFC 4180, one column per input, named as the map reads them, and an optional `id`)
/// with these extra columns:
///
/// | column | required | meaning |
/// |---|---|---|
/// | `expect_route` | yes | the route the case must take; `none` when it must get no route (a gap without fallback) |
/// | `expect_outcome` | no | `decided`, `escalated`, `review`, `data-policy`, `fallback` or `gap`; empty: not checked |
/// | `expect_segment` | no | the case's segment; `none` when it must have none; empty: not checked |
///
/// `none` is the word every report uses for "no route"; `-`, the spelling of earlier versions,
/// is read the same.
/// | `note` | no | why the case is there; shown when it fails |
///
/// An empty `expect_route` is not "no route": it is a case nobody has decided yet, and it fails
/// until someone writes a route or `none` (or `dmap test --update` fills it in).
public enum GoldenFile {
    public static let routeColumn = "expect_route"
    public static let outcomeColumn = "expect_outcome"
    public static let segmentColumn = "expect_segment"
    public static let noteColumn = "note"
    /// The value that means "no route" or "no segment".
    public static let none = SimulationReport.noRoute
    /// The earlier spelling of `none`, still read.
    public static let oldNone = "-"
    /// What a golden file's name ends with.
    public static let suffix = ".tests.csv"

    /// The columns that are not case values.
    public static let reservedColumns: Set<String> = ["id", routeColumn, outcomeColumn, segmentColumn, noteColumn]

    /// The golden file of a map: `triage.dmap` → `triage.tests.csv`.
    public static func path(forMap map: String) -> String {
        (map.hasSuffix(".dmap") ? String(map.dropLast(5)) : map) + suffix
    }

    /// The map of a golden file: `triage.tests.csv` → `triage.dmap`; nil for another name.
    public static func mapPath(forGolden golden: String) -> String? {
        golden.hasSuffix(suffix) ? String(golden.dropLast(suffix.count)) + ".dmap" : nil
    }
}

/// One golden case and how the map routed it.
public struct GoldenCase: Sendable {
    /// A cell of the case, as written in the file.
    public struct Cell: Hashable, Sendable {
        public var column: String
        public var value: String
    }

    /// The `id` column, else `row N`.
    public var id: String
    /// 1-based among the data rows; see `RejectedRow.rowNumber`.
    public var rowNumber: Int
    /// The line of the file where the row starts.
    public var line: Int
    /// The row's non-empty cells other than `id`, the expectations and the note, in column order.
    public var cells: [Cell]
    public var note: String?
    /// The expectations as written, without surrounding spaces; nil when the file has no such column.
    public var expectedRoute: String
    public var expectedOutcome: String?
    public var expectedSegment: String?
    /// What the map did. The trace is filled in for failing cases only.
    public var actual: RoutedCase
    /// Expectations that are not well-formed (an unknown route, an empty `expect_route`, …).
    public var problems: [String]
    /// The columns those problems are in.
    public var problemColumns: Set<String>
    public var passed: Bool

    /// The three expectation cells as `--update` would write them for what the map did.
    public var actualRouteCell: String { actual.route ?? GoldenFile.none }
    public var actualOutcomeCell: String { actual.outcome.rawValue }
    public var actualSegmentCell: String { actual.segment ?? GoldenFile.none }
}

/// The result of running one golden file.
public struct GoldenRun: Sendable {
    public enum Entry: Sendable {
        case tested(GoldenCase)
        /// A row the reader could not use: it fails, and `--update` cannot fix it.
        case rejected(RejectedRow)
    }

    /// The golden file, as named to the runner.
    public var file: String
    /// Every row, in file order.
    public var entries: [Entry]
    /// Remarks about the file as a whole, such as a column the map does not read.
    public var warnings: [String]
    /// The simulation report of the golden cases: coverage, segments, and so on.
    public var report: SimulationReport

    public var passed: Int { cases.filter(\.passed).count }
    public var failed: Int { entries.count - passed }

    /// The routed cases, in file order.
    public var cases: [GoldenCase] {
        entries.compactMap { if case .tested(let c) = $0 { c } else { nil } }
    }
}

/// Runs golden files against a map.
public struct GoldenSuite: Sendable {
    public let map: DecisionMap
    /// How the simulator reads the files: worker threads (the result is the same for any
    /// number), the id column, inputs allowed to have no column.
    public var options: SimulationOptions

    public init(map: DecisionMap, jobs: Int = 1) {
        self.init(map: map, options: SimulationOptions(jobs: jobs))
    }

    public init(map: DecisionMap, options: SimulationOptions) {
        self.map = map
        self.options = options
        self.options.listLimit = 10
        self.options.expectColumn = nil
    }

    /// Routes every case of a golden file with the simulator (the same reader, binding and router
    /// as `dmap simulate`) and checks it against its expectations.
    ///
    /// - Parameters:
    ///   - bytes: the golden file's contents.
    ///   - file: its name, for messages.
    /// - Returns: every row's result, in file order.
    /// - Throws: `SimulationError` when the file cannot be run at all: no header, no
    ///   `expect_route` column, or a column the map needs is absent.
    public func run(_ bytes: [UInt8], file: String) throws(SimulationError) -> GoldenRun {
        var reader: CaseFileReader
        do {
            reader = try CaseFileReader(format: .csv, source: BytesByteSource(bytes))
        } catch let error as CaseFileError {
            throw SimulationError("\(file)\(error.position.map { ":\($0.line):\($0.column)" } ?? ""): \(error.message)")
        } catch {
            throw SimulationError("\(file): \(error)")
        }
        let columns = reader.columns
        guard let routeColumn = columns.firstIndex(of: GoldenFile.routeColumn) else {
            let guess = Suggestions.closest(to: GoldenFile.routeColumn, in: columns)
            throw SimulationError(
                "\(file): no `\(GoldenFile.routeColumn)` column",
                help: guess.map { "did you mean `\($0)`? rename the column to `\(GoldenFile.routeColumn)`" }
                    ?? "add a column `\(GoldenFile.routeColumn)` with the route each case must take (`none` for no route)")
        }
        let layout = Layout(
            columns: columns, route: routeColumn, outcome: columns.firstIndex(of: GoldenFile.outcomeColumn),
            segment: columns.firstIndex(of: GoldenFile.segmentColumn), note: columns.firstIndex(of: GoldenFile.noteColumn))

        var tested: [GoldenCase] = []
        var rejected: [RejectedRow] = []
        let report = try Simulator(map: map, options: options).run(
            &reader, source: file, rejects: { rejected.append($0) },
            cases: { rows in for row in rows { tested.append(check(row, layout)) } })

        // Both lists are in file order; merge them by row number.
        var entries: [GoldenRun.Entry] = []
        entries.reserveCapacity(tested.count + rejected.count)
        var r = 0
        for c in tested {
            while r < rejected.count, rejected[r].rowNumber < c.rowNumber {
                entries.append(.rejected(rejected[r]))
                r += 1
            }
            entries.append(.tested(c))
        }
        entries += rejected[r...].map { .rejected($0) }

        let mapColumns = map.model.fields.map(\.column)
        let warnings = report.ignoredColumns.filter { !GoldenFile.reservedColumns.contains($0) }.map { column in
            "column `\(column)` is not an input of the map and is ignored"
                + (Suggestions.closest(to: column, in: mapColumns).map { "; did you mean `\($0)`?" } ?? "")
        }
        return GoldenRun(file: file, entries: entries, warnings: warnings, report: report)
    }

    /// Where the expectation columns are.
    struct Layout {
        var columns: [String]
        var route: Int
        var outcome: Int?
        var segment: Int?
        var note: Int?
    }

    private func check(_ routed: RoutedRow, _ layout: Layout) -> GoldenCase {
        let model = map.model
        let row = routed.row
        func cell(_ column: Int?) -> String? {
            guard let column else { return nil }
            return switch row.value(at: column) {
            case .null: ""
            case .text(let s): s.trimmed
            default: "\(row.value(at: column))"
            }
        }
        let actual = RoutedCase(map: map, decision: routed.decision, trace: [])
        func expectation(_ column: Int?) -> String? { cell(column).map { $0 == GoldenFile.oldNone ? GoldenFile.none : $0 } }
        let expectedRoute = expectation(layout.route)!
        let expectedOutcome = cell(layout.outcome)
        let expectedSegment = expectation(layout.segment)
        var problems: [String] = []
        var problemColumns = Set<String>()
        var passed = true
        func problem(_ column: String, _ message: String) {
            problems.append(message)
            problemColumns.insert(column)
            passed = false
        }

        let routeNames = model.routes.map(\.name)
        if expectedRoute.isEmpty {
            problem(GoldenFile.routeColumn, "`\(GoldenFile.routeColumn)` is empty: write the route this case must take, or `none`")
        } else if expectedRoute != GoldenFile.none, !routeNames.contains(expectedRoute) {
            problem(GoldenFile.routeColumn, "`\(expectedRoute)` is not a route of the map"
                + (Suggestions.closest(to: expectedRoute, in: routeNames).map { "; did you mean `\($0)`?" } ?? ""))
        } else if expectedRoute != (actual.route ?? GoldenFile.none) {
            passed = false
        }
        if let expected = expectedOutcome, !expected.isEmpty {
            if Outcome(rawValue: expected) == nil {
                let names = Outcome.allCases.map(\.rawValue)
                problem(GoldenFile.outcomeColumn, "`\(expected)` is not an outcome"
                    + (Suggestions.closest(to: expected, in: names).map { "; did you mean `\($0)`?" }
                        ?? "; outcomes are " + names.map { "`\($0)`" }.joined(separator: ", ")))
            } else if expected != actual.outcome.rawValue {
                passed = false
            }
        }
        if let expected = expectedSegment, !expected.isEmpty {
            let segmentNames = model.segments.map(\.name)
            if expected != GoldenFile.none, !segmentNames.contains(expected) {
                problem(GoldenFile.segmentColumn, "`\(expected)` is not a segment of the map"
                    + (Suggestions.closest(to: expected, in: segmentNames).map { "; did you mean `\($0)`?" } ?? ""))
            } else if expected != (actual.segment ?? GoldenFile.none) {
                passed = false
            }
        }

        var result = GoldenCase(
            id: routed.id, rowNumber: row.rowNumber, line: row.line,
            cells: layout.columns.indices.compactMap { column in
                guard !GoldenFile.reservedColumns.contains(layout.columns[column]), let value = cell(column), !value.isEmpty
                else { return nil }
                return GoldenCase.Cell(column: layout.columns[column], value: value)
            },
            note: cell(layout.note).flatMap { $0.isEmpty ? nil : $0 },
            expectedRoute: expectedRoute, expectedOutcome: expectedOutcome, expectedSegment: expectedSegment,
            actual: actual, problems: problems, problemColumns: problemColumns, passed: passed)
        if !passed {
            // Only failures are explained: the trace is what a person reads to decide who is right.
            let (decision, trace) = map.explain(routed.record)
            result.actual = RoutedCase(map: map, decision: decision, trace: trace)
        }
        return result
    }
}

extension String {
    /// Without leading and trailing spaces and tabs, as the binder reads cells.
    var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
