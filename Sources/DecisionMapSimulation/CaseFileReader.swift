import DecisionMap
import Foundation

// Reading case files: the byte sources they come from, the shared row and error types, the
// JSON Lines and JSON-array readers, and `CaseFileReader`, which puts CSV, JSON Lines and JSON arrays
// behind one interface for the simulator.
//
// Everything streams: a reader holds one chunk of input (1 MiB by default) plus the record being
// read, so memory does not grow with the number of cases. The library never opens files; the caller
// hands in a `ByteSource`.

// MARK: - Byte sources

/// Where a reader gets its bytes. The caller owns opening and closing; the library only reads.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes into the start of `buffer` and returns how many were read.
    /// Returning 0 means the end of the input (a source may return fewer bytes than asked for at
    /// any time, as pipes do; readers cope with any split). `buffer` is never empty.
    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int
}

/// Reads from a `FileHandle`: a file, a pipe or standard input.
public struct FileHandleByteSource: ByteSource {
    public let fileHandle: FileHandle

    public init(_ fileHandle: FileHandle) {
        self.fileHandle = fileHandle
    }

    public mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        guard let data = try fileHandle.read(upToCount: buffer.count), !data.isEmpty else { return 0 }
        return data.copyBytes(to: buffer)
    }
}

/// Reads from bytes in memory, for tests and for input that is already loaded.
public struct BytesByteSource: ByteSource, Sendable {
    public let bytes: [UInt8]
    /// The most bytes one `read` returns, to imitate short reads (tests use 1 to split every field
    /// and line ending across reads).
    public let maxReadSize: Int
    private var offset = 0

    public init(_ bytes: [UInt8], maxReadSize: Int = .max) {
        precondition(maxReadSize > 0, "maxReadSize must be positive")
        self.bytes = bytes
        self.maxReadSize = maxReadSize
    }

    public init(_ text: String, maxReadSize: Int = .max) {
        self.init(Array(text.utf8), maxReadSize: maxReadSize)
    }

    public mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        let n = min(buffer.count, maxReadSize, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + n]))
        }
        offset += n
        return n
    }
}

/// A window on a byte source: `storage[start..<end]` holds bytes read but not yet consumed. Refilling
/// keeps the unconsumed bytes (moved to the front), so a reader can ask for more when a record does
/// not fit and then look at the whole record contiguously.
struct ByteSourceBuffer {
    private var source: any ByteSource
    private(set) var storage: [UInt8]
    var start = 0
    private(set) var end = 0
    private(set) var atEOF = false
    /// How many bytes of the input lie before `storage[0]`: moved out when a refill shifts the
    /// unconsumed bytes to the front.
    private var discarded = 0
    let chunkSize: Int

    init(source: some ByteSource, chunkSize: Int) {
        precondition(chunkSize > 0, "chunkSize must be positive")
        self.source = source
        self.chunkSize = chunkSize
        storage = []
    }

    /// The number of unconsumed bytes.
    var available: Int { end - start }

    /// The offset of `start` in the whole input.
    var inputOffset: Int { discarded + start }

    /// Reads more input after the unconsumed bytes. Returns `false` at the end of the input (and
    /// from then on). Reads at least `chunkSize`, and at least as much as is already pending, so a
    /// long record is re-scanned only a logarithmic number of times.
    mutating func refill() throws -> Bool {
        if atEOF { return false }
        let pending = end - start
        if start > 0 {
            if pending > 0 {
                storage.withUnsafeMutableBufferPointer { buffer in
                    let base = buffer.baseAddress!
                    base.update(from: base + start, count: pending)
                }
            }
            discarded += start
            start = 0
            end = pending
        }
        let want = max(chunkSize, pending)
        if storage.count - end < want {
            // A fresh zeroed array is a memset, even in debug builds; copy the pending bytes over.
            var grown = [UInt8](repeating: 0, count: end + want)
            let pending = end
            if pending > 0 {
                grown.withUnsafeMutableBufferPointer { target in
                    storage.withUnsafeBufferPointer { source in
                        target.baseAddress!.update(from: source.baseAddress!, count: pending)
                    }
                }
            }
            storage = grown
        }
        // Take the storage out while the source writes into it, so neither is accessed twice.
        var buffer = storage
        storage = []
        defer { storage = buffer }
        let n = try buffer.withUnsafeMutableBufferPointer { buffer in
            try source.read(into: UnsafeMutableBufferPointer(rebasing: buffer[end..<end + want]))
        }
        precondition(n >= 0 && n <= want, "ByteSource.read returned an impossible count")
        if n == 0 {
            atEOF = true
            return false
        }
        self.end += n
        return true
    }

    /// Makes at least `count` bytes available unless the input ends first; returns whether it did.
    mutating func ensure(_ count: Int) throws -> Bool {
        while available < count {
            if try !refill() { return false }
        }
        return true
    }

    /// Skips a UTF-8 byte-order mark at the current position, if there is one.
    mutating func skipByteOrderMark() throws {
        _ = try ensure(3)
        if available >= 3, storage[start] == 0xEF, storage[start + 1] == 0xBB, storage[start + 2] == 0xBF {
            start += 3
        }
    }

    /// Calls `body` with the unconsumed bytes.
    func withAvailableBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }
}

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

// MARK: - JSON Lines

/// One JSON object read from a JSON Lines file or a JSON array.
public struct JSONRecord: Equatable, Sendable {
    /// 1-based; see ``RejectedRow/rowNumber``.
    public var rowNumber: Int
    /// The line where the object starts.
    public var line: Int
    public var object: JSONObject

    public init(rowNumber: Int, line: Int, object: JSONObject) {
        self.rowNumber = rowNumber
        self.line = line
        self.object = object
    }
}

/// What a JSON reader produces for each row.
public enum JSONRow: Equatable, Sendable {
    case record(JSONRecord)
    case rejected(RejectedRow)
}

/// Streams a JSON Lines (NDJSON) file: one JSON object per line.
///
/// Lines end with LF; a CR before the LF is ignored. Blank lines (only spaces, tabs and CR) are
/// skipped but counted for line numbers. A UTF-8 byte-order mark at the start is skipped. A line that
/// is not valid JSON, or is valid JSON but not an object, is rejected (with the parser's line and
/// column for syntax errors) and reading goes on with the next line, since every line stands alone.
public struct JSONLinesReader {
    private var input: ByteSourceBuffer
    private var parser = JSONParser()
    private let maxLineBytes: Int
    private var line = 1
    private var rowNumber = 0
    private var started = false

    /// - Parameters:
    ///   - chunkSize: how many bytes to read at a time.
    ///   - maxLineBytes: a longer line is a fatal ``CaseFileError``.
    public init(source: some ByteSource, chunkSize: Int = CaseFileDefaults.chunkSize, maxLineBytes: Int = CaseFileDefaults.maxRecordBytes) {
        input = ByteSourceBuffer(source: source, chunkSize: chunkSize)
        self.maxLineBytes = maxLineBytes
    }

    /// The next object or rejected line, or `nil` at the end of the input.
    public mutating func next() throws -> JSONRow? {
        if !started {
            started = true
            try input.skipByteOrderMark()
        }
        while true {
            if input.available == 0, try !input.refill() { return nil }
            // Find the end of the line; if it is not in the buffer yet, read more.
            let newline: Int? = input.withAvailableBytes { bytes in
                guard let base = bytes.baseAddress, let found = memchr(base, 0x0A, bytes.count) else { return nil }
                return UnsafeRawPointer(found) - UnsafeRawPointer(base)
            }
            if newline == nil, !input.atEOF {
                if input.available > maxLineBytes {
                    throw CaseFileError(
                        message: "line is longer than \(maxLineBytes) bytes",
                        position: CaseFilePosition(line: line, column: 1))
                }
                _ = try input.refill()
                continue
            }
            let lineLength = newline ?? input.available
            let lineNumber = line
            line += 1
            defer { input.start += newline.map { $0 + 1 } ?? lineLength }

            let nextRowNumber = rowNumber + 1
            let row: JSONRow? = input.withAvailableBytes { bytes in
                var content = UnsafeBufferPointer(rebasing: bytes[0..<lineLength])
                if let last = content.last, last == 0x0D {
                    content = UnsafeBufferPointer(rebasing: content.dropLast())
                }
                if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
                return Self.row(from: content, rowNumber: nextRowNumber, line: lineNumber, parser: &parser)
            }
            if let row {
                rowNumber = nextRowNumber
                return row
            }
        }
    }

    /// Parses one line into a record or a rejection.
    static func row(
        from content: UnsafeBufferPointer<UInt8>, rowNumber: Int, line: Int, parser: inout JSONParser
    ) -> JSONRow {
        do throws(JSONError) {
            let value = try parser.parse(content)
            guard case .object(let object) = value else {
                return .rejected(
                    RejectedRow(
                        rowNumber: rowNumber, line: line,
                        reason: "expected a JSON object, found \(value.kindDescription)"))
            }
            return .record(JSONRecord(rowNumber: rowNumber, line: line, object: object))
        } catch {
            return .rejected(
                RejectedRow(
                    rowNumber: rowNumber, line: line,
                    position: CaseFilePosition(line: line + error.line - 1, column: error.column),
                    reason: error.message))
        }
    }
}

// MARK: - JSON arrays

/// Streams a JSON file whose top level is an array of objects, one element at a time, so a 1 GB
/// array never becomes one `JSONValue`.
///
/// Each element is delimited by a quick scan (matching brackets outside strings) and then parsed on
/// its own. An element that is valid JSON but not an object is rejected and reading goes on. A
/// syntax error, though, is fatal (a ``CaseFileError`` with line and column): once the structure is
/// broken there is no reliable way to find where the next element starts, and guessing would turn
/// one error into many misleading ones. A UTF-8 byte-order mark at the start is skipped.
public struct JSONArrayReader {
    private enum State {
        case start, firstElementOrEnd, elementAfterComma, commaOrEnd, trailing, finished
    }

    private var input: ByteSourceBuffer
    private var parser = JSONParser()
    private let maxElementBytes: Int
    /// The position of `input.start`.
    private var position = TextPositionCounter()
    private var state = State.start
    private var rowNumber = 0

    /// - Parameters:
    ///   - chunkSize: how many bytes to read at a time.
    ///   - maxElementBytes: a longer element is a fatal ``CaseFileError``.
    public init(source: some ByteSource, chunkSize: Int = CaseFileDefaults.chunkSize, maxElementBytes: Int = CaseFileDefaults.maxRecordBytes) {
        input = ByteSourceBuffer(source: source, chunkSize: chunkSize)
        self.maxElementBytes = maxElementBytes
    }

    /// The next element, or `nil` after the closing `]`. After a thrown error it returns `nil`.
    public mutating func next() throws -> JSONRow? {
        do {
            return try advance()
        } catch {
            state = .finished
            throw error
        }
    }

    private var here: CaseFilePosition { CaseFilePosition(line: position.line, column: position.column) }

    private mutating func advance() throws -> JSONRow? {
        while true {
            switch state {
            case .finished:
                return nil
            case .start:
                try input.skipByteOrderMark()
                guard let b = try skipWhitespace() else {
                    throw CaseFileError(message: "empty file: expected a JSON array of case objects", position: here)
                }
                guard b == UInt8(ascii: "[") else {
                    throw CaseFileError(
                        message: "expected `[`: a JSON case file must be an array of case objects", position: here)
                }
                consume(1)
                state = .firstElementOrEnd
            case .firstElementOrEnd, .elementAfterComma:
                guard let b = try skipWhitespace() else {
                    throw CaseFileError(message: "unexpected end of input, expected an array element", position: here)
                }
                if b == UInt8(ascii: "]") {
                    if state == .elementAfterComma {
                        throw CaseFileError(message: "trailing comma before `]`", position: here)
                    }
                    consume(1)
                    state = .trailing
                    continue
                }
                let row = try readElement()
                state = .commaOrEnd
                return row
            case .commaOrEnd:
                guard let b = try skipWhitespace() else {
                    throw CaseFileError(
                        message: "unexpected end of input, expected `,` or `]` after an array element",
                        position: here)
                }
                if b == UInt8(ascii: ",") {
                    state = .elementAfterComma
                } else if b == UInt8(ascii: "]") {
                    state = .trailing
                } else {
                    throw CaseFileError(message: "expected `,` or `]` after an array element", position: here)
                }
                consume(1)
            case .trailing:
                if try skipWhitespace() != nil {
                    throw CaseFileError(message: "unexpected content after the JSON array", position: here)
                }
                state = .finished
                return nil
            }
        }
    }

    /// Consumes `count` bytes, keeping the position up to date.
    private mutating func consume(_ count: Int) {
        var position = self.position
        input.withAvailableBytes { bytes in
            position.advance(over: UnsafeBufferPointer(rebasing: bytes[0..<count]))
        }
        self.position = position
        input.start += count
    }

    /// Skips JSON whitespace and returns the next byte without consuming it, or `nil` at the end.
    private mutating func skipWhitespace() throws -> UInt8? {
        while true {
            if input.available == 0, try !input.refill() { return nil }
            let (skipped, next): (Int, UInt8?) = input.withAvailableBytes { bytes in
                var i = 0
                while i < bytes.count {
                    let b = bytes[i]
                    if b != 0x20, b != 0x0A, b != 0x0D, b != 0x09 { return (i, b) }
                    i += 1
                }
                return (i, nil)
            }
            consume(skipped)
            if let next { return next }
        }
    }

    /// Reads the element at the current position (not whitespace, not `]`).
    private mutating func readElement() throws -> JSONRow {
        var length: Int?
        while true {
            length = input.withAvailableBytes { Self.elementLength(in: $0, atEOF: input.atEOF) }
            if length != nil { break }
            if input.available > maxElementBytes {
                throw CaseFileError(message: "array element is larger than \(maxElementBytes) bytes", position: here)
            }
            _ = try input.refill()
        }
        let count = length!
        rowNumber += 1
        let line = position.line
        let parsed: Result<JSONValue, JSONError> = input.withAvailableBytes { bytes in
            Result { () throws(JSONError) -> JSONValue in
                try parser.parse(UnsafeBufferPointer(rebasing: bytes[0..<count]))
            }
        }
        switch parsed {
        case .failure(let error):
            // Place the error in the file: advance a copy of the position over the element's bytes.
            var errorPosition = position
            input.withAvailableBytes { bytes in
                errorPosition.advance(over: UnsafeBufferPointer(rebasing: bytes[0..<min(error.offset, count)]))
            }
            throw CaseFileError(
                message: error.message,
                position: CaseFilePosition(line: errorPosition.line, column: errorPosition.column))
        case .success(let value):
            consume(count)
            guard case .object(let object) = value else {
                return .rejected(
                    RejectedRow(
                        rowNumber: rowNumber, line: line,
                        reason: "expected a JSON object, found \(value.kindDescription)"))
            }
            return .record(JSONRecord(rowNumber: rowNumber, line: line, object: object))
        }
    }

    /// The length of the element at the start of `bytes`: a bracketed value up to its matching
    /// bracket (brackets inside strings ignored), a string up to its closing quote, or a bare scalar
    /// up to the next delimiter. `nil` when more input is needed. The scan does not validate; the
    /// parser does that afterwards. At the end of the input it returns everything left, so that the
    /// parser reports what is missing.
    static func elementLength(in bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool) -> Int? {
        let n = bytes.count
        guard n > 0 else { return atEOF ? 0 : nil }
        let first = bytes[0]
        var i = 0
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            var depth = 0
            while i < n {
                let b = bytes[i]
                i += 1
                if b == UInt8(ascii: "\"") {
                    // Skip the string, escapes included.
                    while i < n {
                        let c = bytes[i]
                        if c == UInt8(ascii: "\"") { break }
                        i += c == UInt8(ascii: "\\") ? 2 : 1
                    }
                    i += 1
                } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                    depth += 1
                } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { return i }
                }
            }
        } else if first == UInt8(ascii: "\"") {
            i = 1
            while i < n {
                let b = bytes[i]
                if b == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if b == UInt8(ascii: "\"") { return i + 1 }
                i += 1
            }
        } else {
            while i < n {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "{"),
                    UInt8(ascii: "["), UInt8(ascii: "\""), 0x20, 0x0A, 0x0D, 0x09:
                    return max(i, 1)
                default:
                    i += 1
                }
            }
        }
        return atEOF ? n : nil
    }
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

    public let format: CaseFileFormat
    /// The column names, in order.
    public var columns: [String] { columnTable.names }

    private let columnTable: CaseColumns
    private var csv: CSVReader?
    private var jsonLines: JSONLinesReader?
    private var jsonArray: JSONArrayReader?
    /// Rows read ahead while looking for the first JSON object, returned before reading on.
    private var pending: [JSONRow] = []
    private var pendingIndex = 0

    /// Opens the stream: reads the CSV header, or reads ahead to the first JSON object.
    /// Throws ``CaseFileError`` when there is no usable header or the JSON is broken before any
    /// object.
    public init(format: CaseFileFormat, source: some ByteSource, chunkSize: Int = CaseFileDefaults.chunkSize) throws {
        self.format = format
        switch format {
        case .csv:
            let reader = try CSVReader(source: source, chunkSize: chunkSize)
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
            while let row = try lines?.next() ?? array?.next() {
                pending.append(row)
                if case .record(let record) = row {
                    names = record.object.keys
                    break
                }
                if pending.count >= Self.maxRowsBeforeFirstObject {
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
