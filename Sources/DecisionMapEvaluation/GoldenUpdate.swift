import DecisionMap
import DecisionMapSimulation

/// One expectation cell `dmap test --update` rewrites.
public struct ExpectationChange: Hashable, Sendable {
    public var id: String
    public var rowNumber: Int
    public var line: Int
    /// `expect_route`, `expect_outcome` or `expect_segment`.
    public var column: String
    public var old: String
    public var new: String
}

extension GoldenRun {
    /// The cells that must change for every routed case to pass: an `expect_route` that differs
    /// from the route the map chose (or is empty), and a non-empty `expect_outcome` or
    /// `expect_segment` that differs. Empty outcome and segment cells stay empty: they are not
    /// checked, and filling them in would add expectations nobody asked for. Rejected rows are
    /// left alone; no expectation can fix them.
    public var updates: [ExpectationChange] {
        var changes: [ExpectationChange] = []
        for c in cases {
            func change(_ column: String, _ old: String?, _ new: String, always: Bool) {
                guard let old, always || !old.isEmpty, old != new else { return }
                changes.append(ExpectationChange(id: c.id, rowNumber: c.rowNumber, line: c.line, column: column, old: old, new: new))
            }
            change(GoldenFile.routeColumn, c.expectedRoute, c.actualRouteCell, always: true)
            change(GoldenFile.outcomeColumn, c.expectedOutcome, c.actualOutcomeCell, always: false)
            change(GoldenFile.segmentColumn, c.expectedSegment, c.actualSegmentCell, always: false)
        }
        return changes
    }
}

/// Rewrites expectation cells in a golden file and leaves every other byte as it was: other cells,
/// their quoting, the order of rows and columns, line endings, a byte-order mark.
public enum GoldenRewriter {
    /// - Parameters:
    ///   - changes: the cells to rewrite, from `GoldenRun.updates`.
    ///   - bytes: the golden file the changes were computed from.
    /// - Returns: the new contents; `bytes` unchanged when there are no changes.
    /// - Throws: `CaseFileError` when the file cannot be read (it was readable when it ran).
    public static func apply(_ changes: [ExpectationChange], to bytes: [UInt8]) throws -> [UInt8] {
        guard !changes.isEmpty else { return bytes }
        var byRow: [Int: [ExpectationChange]] = [:]
        for change in changes { byRow[change.rowNumber, default: []].append(change) }
        var reader = try CSVReader(source: BytesByteSource(bytes))
        let header = reader.header
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var copied = 0
        while let row = try reader.next() {
            guard case .record(let record) = row, let rowChanges = byRow[record.rowNumber] else { continue }
            let ranges = record.fieldRanges(in: bytes)
            let replacements = rowChanges.compactMap { change -> (Range<Int>, String)? in
                header.firstIndex(of: change.column).map { (ranges[$0], change.new) }
            }.sorted { $0.0.lowerBound < $1.0.lowerBound }
            for (range, value) in replacements {
                output += bytes[copied..<range.lowerBound]
                // A cell that was quoted stays quoted; otherwise quote only when the value needs it.
                let wasQuoted = range.count >= 2 && bytes[range.lowerBound] == UInt8(ascii: "\"")
                output += Array(csvField(value, quoted: wasQuoted).utf8)
                copied = range.upperBound
            }
        }
        output += bytes[copied...]
        return output
    }
}
