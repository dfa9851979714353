import DecisionMap

// A streaming CSV reader (RFC 4180) for case files.
//
// Rules, including where this reader is more lenient than the RFC or has to choose:
// - The first non-blank record is the header. Its names must be unique (empty names are allowed,
//   for the unnamed index column some tools write, but such a column cannot be referenced).
// - Fields are separated by commas, or by the delimiter given or found: when none is given, the
//   first line decides, as in DuckDB's sniffer: the most frequent of `,` `;` tab `|` outside quotes
//   (a comma when there is a tie or none). A field that starts with `"` is quoted: it may contain
//   delimiters, line breaks and doubled quotes (`""` is one `"`), and must be followed by a
//   delimiter or the end of
//   the record. Spaces around fields are data, never trimmed.
// - A record ends at LF, CRLF or a lone CR (outside quotes); the last record may lack a line break.
// - A completely empty line is skipped (it is not a record with one empty field), but it still counts
//   for line numbers. A line of spaces is a record.
// - A UTF-8 byte-order mark at the start is skipped.
// - Row numbers count data records (1 = the first record after the header), rejected ones included;
//   line numbers count physical lines (the header is usually line 1), including the line breaks
//   inside quoted fields, so a record's line is where it starts in an editor.
//
// A bad record is rejected and reading goes on: a field count different from the header's, a `"`
// inside an unquoted field or text after a closing quote (after which the rest of that physical line
// is skipped, the only safe place to resynchronise), invalid UTF-8, or a quoted field still open at
// the end of the file. Problems with the header itself stop reading (`CaseFileError`): without a
// header no row means anything.
//
// Speed: the reader scans its input buffer in place; a finished record is copied out in one block
// into storage that is reused from record to record, with field boundaries as offsets, so reading a
// record allocates nothing once the buffers have grown, unless the caller still holds the previous
// record (then copy-on-write gives it fresh storage).

/// One data record of a CSV file.
public struct CSVRecord: Sendable {
    /// 1-based; 1 is the first record after the header.
    public internal(set) var rowNumber: Int
    /// The line where the record starts (the header is usually line 1).
    public internal(set) var line: Int
    /// The offset of the record's first byte in the input (a byte-order mark counts).
    public internal(set) var byteOffset: Int = 0
    /// The line where the record ends: later than `line` when a quoted field holds line breaks.
    public internal(set) var lastLine: Int = 0
    /// The record spans lines, and one of its later lines has as many separators as the header:
    /// probably rows swallowed by a quote that was never closed where it should have been.
    public internal(set) var looksLikeSeveralRows = false
    /// The record's bytes; fields are `bytes[bounds[2i]..<bounds[2i+1]]`, quotes already removed.
    var bytes: [UInt8] = []
    var bounds: [Int] = []

    init() {
        rowNumber = 0
        line = 0
    }

    /// The number of fields (always the header's field count for a record the reader returned).
    public var count: Int { bounds.count / 2 }

    /// Field `index` as text (valid UTF-8 is guaranteed by the reader).
    public func field(_ index: Int) -> String {
        withFieldBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether field `index` is empty (an empty cell, or `""`).
    public func isEmptyField(_ index: Int) -> Bool {
        bounds[2 * index] == bounds[2 * index + 1]
    }

    /// Calls `body` with the UTF-8 bytes of field `index`, without making a `String`. The buffer is
    /// valid only during the call.
    public func withFieldBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = bounds[2 * index]
        let end = bounds[2 * index + 1]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Calls `body` with a function from field index to that field's UTF-8 bytes, pinning the
    /// record's storage once for all its fields (the simulator binds every cell of a row this
    /// way). The buffers are valid only during the call.
    public func withFields<R>(_ body: ((Int) -> UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBufferPointer { all in
            try bounds.withUnsafeBufferPointer { b in
                try body { UnsafeBufferPointer(rebasing: all[b[2 * $0]..<b[2 * $0 + 1]]) }
            }
        }
    }

    /// All fields as text.
    public var fields: [String] { (0..<count).map(field) }

    /// Where each field was written in `input`, the bytes the reader read: byte ranges, with the
    /// quotes of a quoted field. Lets a caller rewrite some cells of a file and keep every other
    /// byte as it was. `input` must be the whole input this record came from.
    ///
    /// The reader keeps no raw positions per record (the simulator would pay for them); they follow
    /// from the fields instead, because a quoted field is always written as `"`, its text with every
    /// `"` doubled, and `"`, and an unquoted field as its text.
    public func fieldRanges(in input: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        var position = byteOffset
        for index in 0..<count {
            let length = bounds[2 * index + 1] - bounds[2 * index]
            var written = length
            if position < input.count, input[position] == UInt8(ascii: "\"") {
                let quotes = bytes[bounds[2 * index]..<bounds[2 * index + 1]].reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }
                written = length + quotes + 2
            }
            ranges.append(position..<position + written)
            position += written + 1
        }
        return ranges
    }
}

/// What ``CSVReader`` produces for each data record.
public enum CSVRow: Sendable {
    case record(CSVRecord)
    case rejected(RejectedRow)
}

/// Streams the records of a CSV file; see the rules at the top of this file.
public struct CSVReader {
    /// The column names from the header row.
    public private(set) var header: [String]

    var input: ByteSourceBuffer
    let maxRecordBytes: Int
    /// The line of `input.start`.
    var line = 1
    var rowNumber = 0
    /// The previous record ended with CR; an LF right after it belongs to the same line break.
    var skipLineFeed = false
    /// The line where the data rows start, and whether the input read so far ends with a line
    /// break: together with `line`, how many physical lines the data had.
    var firstDataLine = 1
    var lastByteIsBreak = true
    /// Reused storage for the current record.
    private var record = CSVRecord()
    /// Reused storage `scan` writes field bounds to.
    private var scanBounds: [Int] = []
    /// The byte that separates fields.
    public let delimiter: UInt8
    /// The column holding case ids, to name a rejected row by its id where it has one.
    public var idColumn: Int?

    /// Reads the header. Throws ``CaseFileError`` for an empty file (no header row), a broken or
    /// non-UTF-8 header, or duplicate column names.
    ///
    /// - Parameters:
    ///   - chunkSize: how many bytes to read at a time.
    ///   - maxRecordBytes: a longer record (usually an unbalanced quote) is a fatal ``CaseFileError``
    ///     rather than unbounded memory.
    ///   - delimiter: the byte between fields; nil finds it from the first line.
    public init(source: some ByteSource, chunkSize: Int = CaseFileDefaults.chunkSize, maxRecordBytes: Int = CaseFileDefaults.maxRecordBytes,
                delimiter: UInt8? = nil) throws {
        input = ByteSourceBuffer(source: source, chunkSize: chunkSize)
        self.maxRecordBytes = maxRecordBytes
        header = []
        try input.skipByteOrderMark()
        if let delimiter {
            self.delimiter = delimiter
        } else {
            // Up to the first line break (or 64 KiB): enough for any header.
            while input.available < 1 << 16, !input.withAvailableBytes({ $0.contains(0x0A) }) {
                if try !input.refill() { break }
            }
            self.delimiter = input.withAvailableBytes(Self.sniff)
        }
        guard let scanned = try scanNextRecord() else {
            throw CaseFileError(message: "empty file: no header row")
        }
        let headerLine = line
        if let problem = scanned.problem {
            throw CaseFileError(message: "in the header: " + problem.message, position: problem.position)
        }
        if let invalid = scanned.invalidUTF8 {
            throw CaseFileError(
                message: "invalid UTF-8 in the header (column \(invalid.field + 1))", position: invalid.position)
        }
        materialize(scanned)
        let names = record.fields
        var firstColumn: [String: Int] = [:]
        for (i, name) in names.enumerated() where !name.isEmpty {
            if let first = firstColumn[name] {
                throw CaseFileError(
                    message: "duplicate column name `\(name)` in the header (columns \(first + 1) and \(i + 1))",
                    position: CaseFilePosition(line: headerLine, column: 1))
            }
            firstColumn[name] = i
        }
        header = names
        finish(scanned)
        firstDataLine = line
    }

    /// The physical lines after the header read so far (blank ones too).
    public var dataLines: Int { line - firstDataLine + (lastByteIsBreak ? 0 : 1) }

    static func isBreak(_ b: UInt8) -> Bool { b == lineFeed || b == carriageReturn }

    /// How many line breaks a record holds inside (not counting the one that ends it), and whether
    /// a line after its first has as many separators as the header: rows a stray quote swallowed.
    static func span(_ record: UnsafeBufferPointer<UInt8>, lineBreaks: Int, delimiter: UInt8, fieldCount: Int) -> (innerBreaks: Int, looksLikeRows: Bool) {
        let endsWithBreak = record.last.map(isBreak) ?? false
        let inner = lineBreaks - (endsWithBreak ? 1 : 0)
        guard inner > 0 else { return (0, false) }
        var separators = 0
        var firstLine = true
        var i = 0
        let end = record.count - (endsWithBreak ? 1 : 0)
        while i < end {
            let b = record[i]
            if isBreak(b) {
                if !firstLine && separators == fieldCount - 1 { return (inner, true) }
                firstLine = false
                separators = 0
                if b == carriageReturn, i + 1 < end, record[i + 1] == lineFeed { i += 1 }
            } else if b == delimiter {
                separators += 1
            }
            i += 1
        }
        return (inner, !firstLine && separators == fieldCount - 1)
    }

    /// The next record or rejected row, or `nil` at the end of the input.
    public mutating func next() throws -> CSVRow? {
        guard let scanned = try scanNextRecord() else { return nil }
        defer { finish(scanned) }
        rowNumber += 1
        let startLine = line
        if let problem = scanned.problem {
            return .rejected(
                RejectedRow(rowNumber: rowNumber, line: startLine, position: problem.position, reason: problem.message))
        }
        let fieldCount = scanned.fieldCount
        if fieldCount != header.count {
            var rejected = RejectedRow(
                rowNumber: rowNumber, line: startLine,
                reason: "row has \(fieldCount) \(fieldCount == 1 ? "field" : "fields"), header has \(header.count)")
            rejected.id = rawField(idColumn, of: scanned)
            return .rejected(rejected)
        }
        if let invalid = scanned.invalidUTF8 {
            let name = header[invalid.field]
            var rejected = RejectedRow(
                rowNumber: rowNumber, line: startLine, position: invalid.position,
                reason: "invalid UTF-8 in field \(invalid.field + 1) (`\(name)`)")
            if invalid.field != idColumn { rejected.id = rawField(idColumn, of: scanned) }
            return .rejected(rejected)
        }
        let span = input.withAvailableBytes {
            Self.span(UnsafeBufferPointer(rebasing: $0[0..<scanned.length]), lineBreaks: scanned.lineBreaks, delimiter: delimiter,
                      fieldCount: header.count)
        }
        materialize(scanned)
        record.rowNumber = rowNumber
        record.line = startLine
        record.lastLine = startLine + span.innerBreaks
        record.looksLikeSeveralRows = span.looksLikeRows
        record.byteOffset = input.inputOffset
        return .record(record)
    }

    // MARK: Scanning

    /// A record found in the buffer: `length` bytes from `input.start` (terminator included), with
    /// field bounds (relative to `input.start`) in `record.bounds`.
    private struct Scanned {
        var length: Int
        var lineBreaks: Int
        var endsWithCR: Bool
        var fieldCount: Int
        var hasDoubledQuotes: Bool
        var problem: (message: String, position: CaseFilePosition)?
        var invalidUTF8: (field: Int, position: CaseFilePosition)?

        init(length: Int, lineBreaks: Int, endsWithCR: Bool, fieldCount: Int, hasDoubledQuotes: Bool) {
            self.length = length
            self.lineBreaks = lineBreaks
            self.endsWithCR = endsWithCR
            self.fieldCount = fieldCount
            self.hasDoubledQuotes = hasDoubledQuotes
        }
    }

    /// Finds the next record, skipping blank lines and reading more input as needed; `nil` at the
    /// end of the input. Does not consume the record (see ``finish(_:)``).
    private mutating func scanNextRecord() throws -> Scanned? {
        var bounds = scanBounds
        scanBounds = []
        defer { scanBounds = bounds }
        while true {
            if skipLineFeed {
                if input.available == 0, try !input.refill() { return nil }
                skipLineFeed = false
                if input.storage[input.start] == 0x0A { input.start += 1 }
            }
            if input.available == 0, try !input.refill() { return nil }
            let atEOF = input.atEOF
            let outcome = input.withAvailableBytes { bytes in
                Self.scan(bytes, atEOF: atEOF, delimiter: delimiter, bounds: &bounds)
            }
            switch outcome {
            case .needMore:
                if input.available > maxRecordBytes {
                    throw CaseFileError(
                        message: "record is longer than \(maxRecordBytes) bytes; is a quote unbalanced?",
                        position: CaseFilePosition(line: line, column: 1))
                }
                _ = try input.refill()
            case .blank(let endsWithCR):
                input.start += 1
                line += 1
                skipLineFeed = endsWithCR
            case .record(let raw):
                record.bounds.removeAll(keepingCapacity: true)
                record.bounds.append(contentsOf: bounds[0..<2 * raw.fieldCount])
                var scanned = Scanned(
                    length: raw.length, lineBreaks: raw.lineBreaks, endsWithCR: raw.endsWithCR,
                    fieldCount: raw.fieldCount, hasDoubledQuotes: raw.hasDoubledQuotes)
                if let problem = raw.problem {
                    scanned.problem = (problem.kind.message, locate(problem.offset))
                } else if raw.nonASCII, let invalid = findInvalidUTF8(record.bounds) {
                    scanned.invalidUTF8 = (invalid.field, locate(invalid.offset))
                }
                return scanned
            }
        }
    }

    /// A field of a scanned record as text, as written (a doubled quote stays doubled); nil when
    /// the record has no such field or it is empty or not UTF-8.
    private func rawField(_ index: Int?, of scanned: Scanned) -> String? {
        guard let index, index < scanned.fieldCount else { return nil }
        return input.withAvailableBytes { bytes in
            let field = UnsafeBufferPointer(rebasing: bytes[record.bounds[2 * index]..<record.bounds[2 * index + 1]])
            guard !field.isEmpty, UTF8Validation.firstInvalidOffset(in: field) == nil else { return nil }
            return String(decoding: field, as: UTF8.self)
        }
    }

    /// Consumes a scanned record.
    private mutating func finish(_ scanned: Scanned) {
        if scanned.length > 0 { lastByteIsBreak = Self.isBreak(input.storage[input.start + scanned.length - 1]) }
        input.start += scanned.length
        line += scanned.lineBreaks
        skipLineFeed = scanned.endsWithCR
    }

    /// Copies the scanned record out of the input buffer and undoes doubled quotes.
    private mutating func materialize(_ scanned: Scanned) {
        var bytes = record.bytes
        record.bytes = []
        bytes.removeAll(keepingCapacity: true)
        let contentEnd = record.bounds.last ?? 0
        input.withAvailableBytes { available in
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: available[0..<contentEnd]))
        }
        if scanned.hasDoubledQuotes {
            bytes.withUnsafeMutableBufferPointer { buffer in
                for field in 0..<record.bounds.count / 2 {
                    let start = record.bounds[2 * field]
                    let end = record.bounds[2 * field + 1]
                    guard var read = buffer[start..<end].firstIndex(of: UInt8(ascii: "\"")) else { continue }
                    var write = read
                    while read < end {
                        let b = buffer[read]
                        buffer[write] = b
                        write += 1
                        read += b == UInt8(ascii: "\"") ? 2 : 1
                    }
                    record.bounds[2 * field + 1] = write
                }
            }
        }
        record.bytes = bytes
    }

    /// The line and column of `offset` (relative to `input.start`, where line `line` begins).
    private func locate(_ offset: Int) -> CaseFilePosition {
        var counter = TextPositionCounter()
        input.withAvailableBytes { bytes in
            counter.advance(over: UnsafeBufferPointer(rebasing: bytes[0..<offset]))
        }
        return CaseFilePosition(line: line + counter.line - 1, column: counter.column)
    }

    /// The first field with invalid UTF-8 and the offset of the bad byte, checking the raw field
    /// bytes (doubled quotes are ASCII, so they change nothing).
    private func findInvalidUTF8(_ bounds: [Int]) -> (field: Int, offset: Int)? {
        input.withAvailableBytes { bytes in
            for field in 0..<bounds.count / 2 {
                let start = bounds[2 * field]
                let fieldBytes = UnsafeBufferPointer(rebasing: bytes[start..<bounds[2 * field + 1]])
                if let bad = UTF8Validation.firstInvalidOffset(in: fieldBytes) {
                    return (field, start + bad)
                }
            }
            return nil
        }
    }

    /// A record `scan` found: plain values only, so passing one around costs no reference count.
    struct RawScan {
        var length: Int
        var lineBreaks: Int
        var endsWithCR: Bool
        var hasDoubledQuotes: Bool
        var nonASCII: Bool
        /// How many fields: their bounds are the first `2 × fieldCount` entries of the bounds.
        var fieldCount: Int
        var problem: (kind: ScanProblem, offset: Int)?
    }

    /// Why a record's quoting is broken.
    enum ScanProblem {
        case unterminatedQuote, textAfterClosingQuote, quoteInUnquotedField

        var message: String {
            switch self {
            case .unterminatedQuote: "the quoted field opened here runs to the end of the file: its closing quote is missing"
            case .textAfterClosingQuote: "unexpected text after a closing quote"
            case .quoteInUnquotedField: "unexpected `\"` in an unquoted field"
            }
        }
    }

    enum ScanOutcome {
        /// The record continues past the available bytes.
        case needMore
        /// An empty line (one line-break byte).
        case blank(endsWithCR: Bool)
        case record(RawScan)
    }

    static var quote: UInt8 { UInt8(ascii: "\"") }
    /// The delimiters the sniffer considers, in order of preference on a tie.
    public static let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]

    /// The most frequent delimiter on the first line, outside quotes; a comma on a tie or none.
    static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        var counts = [Int](repeating: 0, count: delimiters.count)
        var quoted = false
        for b in bytes {
            if b == quote { quoted.toggle() }
            if !quoted, b == lineFeed || b == carriageReturn { break }
            if !quoted, let i = delimiters.firstIndex(of: b) { counts[i] += 1 }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return counts[best] > 0 ? delimiters[best] : delimiters[0]
    }
    static var lineFeed: UInt8 { 0x0A }
    static var carriageReturn: UInt8 { 0x0D }

    /// Scans one record at the start of `bytes` (non-empty), writing its field bounds to the start
    /// of `bounds` (storage: its count is its capacity, grown as a record needs). Restartable: when
    /// the record runs past the available bytes it returns `.needMore` and is scanned again from
    /// its start once more input is there, so no state survives a refill.
    /// (`plainLines: false` reads every record with the state machine, for tests to compare with.)
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool, delimiter: UInt8, bounds: inout [Int],
                     plainLines: Bool = true) -> ScanOutcome {
        if bounds.isEmpty { bounds = [Int](repeating: 0, count: 64) }
        while true {
            if let outcome = bounds.withUnsafeMutableBufferPointer({
                scan(bytes, atEOF: atEOF, delimiter: delimiter, into: $0, plainLines: plainLines)
            }) {
                return outcome
            }
            bounds = [Int](repeating: 0, count: 2 * bounds.count)
        }
    }

    /// The common record, on one line ending in LF or CR LF, its fields plain or quoted (without
    /// doubled quotes), read eight bytes at a time: what the state machine below gives for it, or
    /// nil for anything else (a quote inside an unquoted field, text after a closing quote, a
    /// doubled quote, a line break inside quotes, a carriage return not right before the line
    /// feed; no line end within whole words of `p[0..<n]`; more fields than `bounds` holds),
    /// which the state machine then reads.
    @inline(__always)
    static func scanOneLine(_ p: UnsafePointer<UInt8>, _ n: Int, _ comma: UInt8, _ bounds: UnsafeMutableBufferPointer<Int>) -> ScanOutcome? {
        let ones: UInt64 = 0x0101_0101_0101_0101, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // 0x80 in exactly the bytes of `v` that are zero.
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 { ~(((v & low7) &+ low7) | v | low7) }
        // The bytes before the first marked one (all of them when none is).
        @inline(__always) func before(_ marks: UInt64) -> UInt64 { marks == 0 ? UInt64.max : ((marks & (0 &- marks)) >> 7) &- 1 }
        @inline(__always) func word(_ i: Int) -> UInt64 { UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) }
        let commas = ones &* UInt64(comma), lineFeeds = ones &* UInt64(lineFeed)
        let returns = ones &* UInt64(carriageReturn), quotes = ones &* UInt64(quote)
        var i = 0
        var high: UInt64 = 0
        var fields = FieldBounds(bounds)
        // The record's end at `i` (a line feed, or a carriage return right before one), or nil.
        @inline(__always) func end(at i: Int) -> ScanOutcome? {
            let cr = p[i] == carriageReturn
            guard !cr || (i + 1 < n && p[i + 1] == lineFeed) else { return nil }
            return .record(RawScan(length: i + 1, lineBreaks: 1, endsWithCR: cr, hasDoubledQuotes: false,
                                   nonASCII: high & (ones << 7) != 0, fieldCount: fields.count, problem: nil))
        }
        while true {
            // At the start of a field.
            if i < n, p[i] == quote {
                let start = i + 1
                i = start
                // To the closing quote; a line break before it, or a doubled quote, is the state machine's.
                while true {
                    guard i + 8 <= n else { return nil }
                    let x = word(i)
                    let q = zeroBytes(x ^ quotes)
                    let inside = before(q)
                    if (zeroBytes(x ^ lineFeeds) | zeroBytes(x ^ returns)) & inside != 0 { return nil }
                    high |= x & inside
                    if q == 0 {
                        i += 8
                        continue
                    }
                    i += q.trailingZeroBitCount >> 3
                    break
                }
                guard i + 1 < n else { return nil }
                let after = p[i + 1]
                guard after == comma || after == lineFeed || after == carriageReturn, fields.add(start, i) else { return nil }
                i += 1
                if after != comma { return end(at: i) }
                i += 1
            } else {
                let start = i
                while true {
                    guard i + 8 <= n else { return nil }
                    let x = word(i)
                    let stops = zeroBytes(x ^ commas) | zeroBytes(x ^ lineFeeds) | zeroBytes(x ^ returns) | zeroBytes(x ^ quotes)
                    high |= x & before(stops)
                    if stops == 0 {
                        i += 8
                        continue
                    }
                    i += stops.trailingZeroBitCount >> 3
                    break
                }
                let stop = p[i]
                guard stop != quote, fields.add(start, i) else { return nil }
                if stop != comma { return end(at: i) }
                i += 1
            }
        }
    }

    /// Where a scan writes a record's field bounds: fixed storage, filled from its start.
    struct FieldBounds {
        let storage: UnsafeMutableBufferPointer<Int>
        private var written = 0

        init(_ storage: UnsafeMutableBufferPointer<Int>) { self.storage = storage }

        /// How many fields were added.
        var count: Int { written / 2 }

        /// Adds a field's bounds; false when the storage is full.
        @inline(__always)
        mutating func add(_ start: Int, _ end: Int) -> Bool {
            guard written + 2 <= storage.count else { return false }
            storage[written] = start
            storage[written + 1] = end
            written += 2
            return true
        }
    }

    /// `scan` into fixed storage: nil when the record has more fields than `bounds` holds.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool, delimiter comma: UInt8,
                             into bounds: UnsafeMutableBufferPointer<Int>, plainLines: Bool) -> ScanOutcome? {
        // Bytes above this one are never special in an unquoted field (the common case).
        let plain = max(comma, quote)
        let n = bytes.count
        let p = bytes.baseAddress!
        if p[0] == lineFeed { return .blank(endsWithCR: false) }
        if p[0] == carriageReturn { return .blank(endsWithCR: true) }
        if plainLines, let plain = scanOneLine(p, n, comma, bounds) { return plain }

        var i = 0
        var lineBreaks = 0
        var high: UInt8 = 0
        var doubledQuotes = false
        var problem: (kind: ScanProblem, offset: Int)?
        var fields = FieldBounds(bounds)

        @inline(__always) func done(length: Int, breaks: Int, endsWithCR: Bool) -> ScanOutcome {
            .record(
                RawScan(
                    length: length, lineBreaks: breaks, endsWithCR: endsWithCR, hasDoubledQuotes: doubledQuotes,
                    nonASCII: high >= 0x80, fieldCount: fields.count, problem: nil))
        }

        fields: while true {
            // At the start of a field.
            if i == n {
                // Only reachable after a comma: an empty last field.
                guard atEOF else { return .needMore }
                guard fields.add(i, i) else { return nil }
                return done(length: n, breaks: lineBreaks, endsWithCR: false)
            }
            if p[i] == quote {
                let opening = i
                i += 1
                let fieldStart = i
                while true {
                    while i < n {
                        let b = p[i]
                        if b > quote {
                            high |= b
                            i += 1
                            continue
                        }
                        if b == quote || b == lineFeed || b == carriageReturn { break }
                        i += 1
                    }
                    if i == n {
                        guard atEOF else { return .needMore }
                        return .record(
                            RawScan(
                                length: n, lineBreaks: lineBreaks, endsWithCR: false, hasDoubledQuotes: doubledQuotes,
                                nonASCII: high >= 0x80, fieldCount: fields.count, problem: (.unterminatedQuote, opening)))
                    }
                    let b = p[i]
                    if b == lineFeed {
                        lineBreaks += 1
                        i += 1
                        continue
                    }
                    if b == carriageReturn {
                        if i + 1 == n, !atEOF { return .needMore }
                        lineBreaks += 1
                        i += i + 1 < n && p[i + 1] == lineFeed ? 2 : 1
                        continue
                    }
                    // A quote: doubled, or the closing one.
                    if i + 1 == n {
                        guard atEOF else { return .needMore }
                        guard fields.add(fieldStart, i) else { return nil }
                        return done(length: n, breaks: lineBreaks, endsWithCR: false)
                    }
                    let after = p[i + 1]
                    if after == quote {
                        doubledQuotes = true
                        i += 2
                        continue
                    }
                    guard fields.add(fieldStart, i) else { return nil }
                    i += 1
                    if after == comma {
                        i += 1
                        continue fields
                    }
                    if after == lineFeed { return done(length: i + 1, breaks: lineBreaks + 1, endsWithCR: false) }
                    if after == carriageReturn {
                        return done(length: i + 1, breaks: lineBreaks + 1, endsWithCR: true)
                    }
                    problem = (.textAfterClosingQuote, i)
                    break fields
                }
            } else {
                let fieldStart = i
                while i < n {
                    let b = p[i]
                    high |= b
                    if b > plain {
                        i += 1
                        continue
                    }
                    if b == comma || b == lineFeed || b == carriageReturn || b == quote { break }
                    i += 1
                }
                if i == n {
                    guard atEOF else { return .needMore }
                    guard fields.add(fieldStart, n) else { return nil }
                    return done(length: n, breaks: lineBreaks, endsWithCR: false)
                }
                let b = p[i]
                if b == quote {
                    problem = (.quoteInUnquotedField, i)
                    break fields
                }
                guard fields.add(fieldStart, i) else { return nil }
                if b == comma {
                    i += 1
                    continue fields
                }
                return done(length: i + 1, breaks: lineBreaks + 1, endsWithCR: b == carriageReturn)
            }
        }

        // After a quoting problem, skip the rest of the physical line.
        while i < n, p[i] != lineFeed, p[i] != carriageReturn { i += 1 }
        var scanned = RawScan(
            length: n, lineBreaks: lineBreaks, endsWithCR: false, hasDoubledQuotes: doubledQuotes,
            nonASCII: high >= 0x80, fieldCount: fields.count, problem: problem)
        if i == n {
            guard atEOF else { return .needMore }
        } else {
            scanned.length = i + 1
            scanned.lineBreaks += 1
            scanned.endsWithCR = p[i] == carriageReturn
        }
        return .record(scanned)
    }
}
