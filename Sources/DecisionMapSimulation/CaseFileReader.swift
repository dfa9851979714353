import DecisionMap
import Foundation

// Reading case files: the row and error types the readers share, and `CaseFileReader`, which puts
// CSV (CSVReader.swift), JSON Lines and JSON arrays (JSONCaseReaders.swift) behind one interface
// for the simulator.
//
// Everything streams: a reader holds one chunk of input (1 MiB by default) plus the record being
// read, so memory does not grow with the number of cases. The library never opens files; the caller
// hands in a `ByteSource` (ByteSource.swift).

// MARK: - Rows and errors

/// A place in a case file: 1-based line, and 1-based column counted in Unicode scalars.
public struct CaseFilePosition: Equatable, Hashable, Sendable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A row the reader could not use. Reading goes on with the next row: one bad case must not stop a
/// simulation of millions, but every rejection is reported with where it happened.
public struct RejectedRow: Equatable, Sendable, CustomStringConvertible {
    /// The row's number among the data rows, 1-based (for CSV the first row after the header;
    /// for JSON Lines the first non-blank line; for a JSON array the first element).
    public var rowNumber: Int
    /// The line where the row starts, 1-based.
    public var line: Int
    /// Where exactly the problem is, when it is one spot (a stray quote, a JSON syntax error); `nil`
    /// when it concerns the whole row (a wrong field count, a JSON value that is not an object).
    public var position: CaseFilePosition?
    /// Why the row was rejected: lowercase, no final period.
    public var reason: String

    public init(rowNumber: Int, line: Int, position: CaseFilePosition? = nil, reason: String) {
        self.rowNumber = rowNumber
        self.line = line
        self.position = position
        self.reason = reason
    }

    /// The case's id, when the reader could split the row into fields and it has one.
    public var id: String?

    /// `row 7 (line 9): reason`.
    public var description: String { "row \(rowNumber) (line \(line)): \(reason)" }
}

/// A problem that stops reading a case file: no header, a broken header, JSON-array syntax that
/// cannot be resynchronised, a record too long to be real. (Errors of the byte source itself are
/// passed on unchanged.)
public struct CaseFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong: lowercase, no final period.
    public var message: String
    /// Where, when known.
    public var position: CaseFilePosition?

    public init(message: String, position: CaseFilePosition? = nil) {
        self.message = message
        self.position = position
    }

    /// `line:column: message`, or just the message.
    public var description: String {
        if let position { "\(position.line):\(position.column): \(message)" } else { message }
    }
}

/// Default sizes for the case-file readers.
public enum CaseFileDefaults {
    /// How many bytes a reader asks its source for at a time: large enough that the per-read cost
    /// vanishes, small enough to be irrelevant for memory.
    public static let chunkSize = 1 << 20
    /// The longest record, line or array element a reader accepts before giving up: far beyond any
    /// real case, but it stops an unbalanced quote from reading a whole large file into memory.
    public static let maxRecordBytes = 64 << 20
}

// MARK: - The common interface

/// The case-file formats dmap reads.
public enum CaseFileFormat: String, Sendable, CaseIterable {
    /// Comma-separated values with a header row (RFC 4180).
    case csv
    /// JSON Lines: one JSON object per line.
    case jsonl
    /// One JSON array of objects.
    case json

    /// The format for a file extension, with or without the dot, in any case: `csv`; `jsonl` or
    /// `ndjson`; `json`.
    public init?(fileExtension: String) {
        var ext = fileExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "csv": self = .csv
        case "jsonl", "ndjson": self = .jsonl
        case "json": self = .json
        default: return nil
        }
    }

    /// The format for a path, by the extension of its last component.
    public init?(path: String) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        self.init(fileExtension: String(name[name.index(after: dot)...]))
    }
}

/// One value of a case as read from a file, before the map's field types interpret it.
public enum RawCaseValue: Equatable, Sendable {
    /// Missing: a JSON `null`, a key the object does not have, or an empty CSV cell.
    case null
    /// A CSV cell or a JSON string (a JSON `""` stays an empty text: in JSON it was written on purpose).
    case text(String)
    /// A JSON number.
    case number(Double)
    /// A JSON boolean.
    case bool(Bool)
    /// A JSON array or object, which no field type accepts; kept as a short description (compact
    /// JSON, cut after 40 characters) for the error message.
    case other(String)

    /// The value for a JSON value.
    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .string(let s): self = .text(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .array, .object:
            let text = value.rendered()
            self = .other(text.count > 40 ? String(text.prefix(39)) + "…" : text)
        }
    }
}

/// One case read from a file.
///
/// Values are looked up by column index, an index into ``CaseFileReader/columns``; for CSV that is
/// one array access, for JSON a check of the same position in the object (objects usually repeat
/// the first object's key order) and a scan otherwise.
public struct CaseRow: Sendable {
    /// 1-based; see ``RejectedRow/rowNumber``.
    public let rowNumber: Int
    /// The line where the row starts.
    public let line: Int

    private enum Storage: Sendable {
        case csv(CSVRecord)
        case json(JSONObject, CaseColumns)
    }

    private let storage: Storage

    init(csv record: CSVRecord) {
        rowNumber = record.rowNumber
        line = record.line
        storage = .csv(record)
    }

    init(json record: JSONRecord, columns: CaseColumns) {
        rowNumber = record.rowNumber
        line = record.line
        storage = .json(record.object, columns)
    }

    /// The value of column `index`. An empty CSV cell and an absent JSON key are `.null`.
    public func value(at index: Int) -> RawCaseValue {
        switch storage {
        case .csv(let record):
            return record.isEmptyField(index) ? .null : .text(record.field(index))
        case .json(let object, let columns):
            let members = object.members
            let name = columns.names[index]
            if index < members.count, members[index].key == name { return RawCaseValue(members[index].value) }
            for member in members where member.key == name { return RawCaseValue(member.value) }
            return .null
        }
    }

    /// The value under `key`: for JSON rows the object's own key (objects may differ in their
    /// keys), for CSV rows nil (use `value(at:)` with the header's index).
    public func value(forKey key: String) -> RawCaseValue? {
        guard case .json(let object, _) = storage else { return nil }
        for member in object.members where member.key == key { return RawCaseValue(member.value) }
        return .null
    }

    /// The CSV record behind a CSV row (nil for JSON rows), so the simulator can bind its cells
    /// from their bytes without making strings.
    public var csvRecord: CSVRecord? {
        guard case .csv(let record) = storage else { return nil }
        return record
    }

    /// All values, in column order.
    public var values: [RawCaseValue] {
        let count =
            switch storage {
            case .csv(let record): record.count
            case .json(_, let columns): columns.names.count
            }
        return (0..<count).map(value(at:))
    }

    /// The keys of a JSON row's object, in its order; empty for CSV.
    public var keys: [String] {
        guard case .json(let object, _) = storage else { return [] }
        return object.keys
    }

    /// The keys of a JSON object that are not columns (the columns come from the first object), in
    /// the object's order, so the caller can report them; always empty for CSV.
    public var extraKeys: [String] {
        guard case .json(let object, let columns) = storage else { return [] }
        return object.keys.filter { !columns.set.contains($0) }
    }
}

/// Column names with a set for membership tests, shared by all rows of a reader.
struct CaseColumns: Sendable {
    let names: [String]
    let set: Set<String>

    init(_ names: [String]) {
        self.names = names
        set = Set(names)
    }
}

/// What ``CaseFileReader`` produces for each row.
public enum CaseFileRow: Sendable {
    case row(CaseRow)
    case rejected(RejectedRow)
}

/// Reads a case file of any format as one stream of rows with a fixed list of columns.
///
/// The columns are known as soon as the reader is made: for CSV they are the header; for JSON
/// they are the keys of the first object, in its order (the reader reads ahead to it, keeping any
/// rows before it). A later object may lack some of those keys (their values are `.null`) or have
/// others (see ``CaseRow/extraKeys``).
///
/// ```swift
/// let handle = try FileHandle(forReadingFrom: url)
/// var reader = try CaseFileReader(format: CaseFileFormat(path: url.path) ?? .csv,
///                                 source: FileHandleByteSource(handle))
/// let amount = reader.columnIndex(of: "amount")
/// while let row = try reader.next() {
///     switch row {
///     case .row(let row): … row.value(at: amount!) …
///     case .rejected(let rejected): … report rejected.rowNumber, rejected.line, rejected.reason …
///     }
/// }
/// ```
public struct CaseFileReader {
    /// How many rejected rows may come before the first JSON object before the file is taken not to
    /// be a case file at all; bounds the read-ahead.
    public static var maxRowsBeforeFirstObject: Int { 1000 }
    /// How many JSON objects are read ahead to learn the columns: the keys of these, in the order
    /// they first appear (as DuckDB samples a JSON file before binding it).
    public static var jsonSampleSize: Int { 1000 }

    public let format: CaseFileFormat
    /// The column names, in order.
    public var columns: [String] { columnTable.names }
    /// The CSV delimiter, given or found; nil for JSON.
    public var delimiter: UInt8? { csv?.delimiter }

    /// The column holding case ids, so that a rejected row can still be named by its id where
    /// the reader got as far as splitting it into fields (CSV).
    public var idColumn: Int? {
        didSet { csv?.idColumn = idColumn }
    }

    private let columnTable: CaseColumns
    private var csv: CSVReader?
    private var jsonLines: JSONLinesReader?
    private var jsonArray: JSONArrayReader?
    /// Rows read ahead while learning the JSON columns, returned before reading on.
    private var pending: [JSONRow] = []
    private var pendingIndex = 0

    /// Opens the stream: reads the CSV header, or reads ahead over the first JSON objects.
    /// Throws ``CaseFileError`` when there is no usable header or the JSON is broken before any
    /// object.
    ///
    /// - Parameter delimiter: CSV only: the byte between fields; nil finds it from the first line.
    public init(format: CaseFileFormat, source: some ByteSource, chunkSize: Int = CaseFileDefaults.chunkSize,
                delimiter: UInt8? = nil) throws {
        self.format = format
        switch format {
        case .csv:
            let reader = try CSVReader(source: source, chunkSize: chunkSize, delimiter: delimiter)
            columnTable = CaseColumns(reader.header)
            csv = reader
        case .jsonl, .json:
            var lines: JSONLinesReader?
            var array: JSONArrayReader?
            if format == .jsonl {
                lines = JSONLinesReader(source: source, chunkSize: chunkSize)
            } else {
                array = JSONArrayReader(source: source, chunkSize: chunkSize)
            }
            var names: [String] = []
            var seen = Set<String>()
            var objects = 0
            while objects < Self.jsonSampleSize, let row = try lines?.next() ?? array?.next() {
                pending.append(row)
                if case .record(let record) = row {
                    objects += 1
                    for key in record.object.keys where seen.insert(key).inserted { names.append(key) }
                } else if objects == 0, pending.count >= Self.maxRowsBeforeFirstObject {
                    throw CaseFileError(
                        message: "no JSON object in the first \(pending.count) rows: this is not a case file")
                }
            }
            columnTable = CaseColumns(names)
            jsonLines = lines
            jsonArray = array
        }
    }

    /// The index of the column `name`, if there is one.
    public func columnIndex(of name: String) -> Int? {
        columnTable.names.firstIndex(of: name)
    }

    /// For CSV: the next chunk of whole records (see `CSVReader.nextChunk`); nil at the end.
    mutating func nextCSVChunk(targetBytes: Int) throws -> CSVChunk? {
        try csv!.nextChunk(targetBytes: targetBytes)
    }

    /// For CSV: the physical lines after the header read so far; nil for JSON.
    public var dataLines: Int? { csv?.dataLines }

    /// The physical lines read so far after the header (CSV) or in all (JSON): how far line
    /// numbers move when this file is merged after another (`PartialReport.merge`).
    var linesAfterHeader: Int { csv?.dataLines ?? jsonLines?.linesRead ?? jsonArray?.linesRead ?? 0 }

    /// For JSON: the file holds no object at all (it is empty, or every row was rejected), so it
    /// has no columns to bind.
    public var holdsNoObject: Bool {
        format != .csv && !pending.contains { if case .record = $0 { true } else { false } }
    }

    /// The next row, or `nil` at the end. Rejected rows do not stop the stream; a thrown error does.
    public mutating func next() throws -> CaseFileRow? {
        if csv != nil {
            switch try csv!.next() {
            case nil: return nil
            case .record(let record): return .row(CaseRow(csv: record))
            case .rejected(let rejected): return .rejected(rejected)
            }
        }
        let row: JSONRow?
        if pendingIndex < pending.count {
            row = pending[pendingIndex]
            pendingIndex += 1
            if pendingIndex == pending.count {
                pending = []
                pendingIndex = 0
            }
        } else if jsonLines != nil {
            row = try jsonLines!.next()
        } else if jsonArray != nil {
            row = try jsonArray!.next()
        } else {
            row = nil
        }
        switch row {
        case nil: return nil
        case .record(let record): return .row(CaseRow(json: record, columns: columnTable))
        case .rejected(let rejected): return .rejected(rejected)
        }
    }
}
