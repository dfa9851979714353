import DecisionMap
import Foundation

// Parallel CSV reading: the reading thread cuts the input into chunks of whole records, and the
// workers parse their chunks. Finding where records end needs the quoting state, so the cut is
// found by a pass that follows exactly the state machine of `CSVReader.scan` (field starts,
// quoted fields, doubled quotes, and the rest of a physical line skipped after a quoting problem)
// but records nothing: one comparison per byte, except that a line without quotes is found with
// `memchr` and a line with simple quoted fields with the scanner's eight-byte reader (tests
// compare both shortcuts with the state machine). The workers then scan their chunk with
// `CSVReader.scan` itself, so every record, rejected row, row number and line is what the
// sequential reader gives.

/// Whole records of a CSV file, `storage[range]`, lent by the input buffer: what one worker parses.
struct CSVChunk: Sendable {
    var storage: [UInt8]
    var range: Range<Int>
    /// The row number of the chunk's first record, less one (the rows before it).
    var rowsBefore: Int
    /// The line where the chunk starts.
    var firstLine: Int
    /// The offset of the chunk's first byte in the whole input.
    var byteOffset: Int
    /// How many records (rows) it holds.
    var rows: Int
}

extension CSVReader {
    /// The next chunk of whole records, of about `targetBytes` (more when one record is longer);
    /// nil at the end of the input.
    ///
    /// - Throws: a ``CaseFileError`` for a record longer than the reader's `maxRecordBytes`, or a
    ///   read error of the source.
    mutating func nextChunk(targetBytes: Int) throws -> CSVChunk? {
        if skipLineFeed {
            if input.available == 0, try !input.refill() { return nil }
            skipLineFeed = false
            if input.storage[input.start] == 0x0A { input.start += 1 }
        }
        while input.available < targetBytes, try input.refill() {}
        guard input.available > 0 else { return nil }
        while true {
            let atEOF = input.atEOF
            let delimiter = self.delimiter
            let found = input.withAvailableBytes { Self.wholeRecords($0, atEOF: atEOF, delimiter: delimiter) }
            if found.end > 0 {
                let byteOffset = input.inputOffset
                let (storage, range) = input.lend(found.end)
                let chunk = CSVChunk(storage: storage, range: range, rowsBefore: rowNumber, firstLine: line, byteOffset: byteOffset, rows: found.rows)
                rowNumber += found.rows
                line += found.lines
                lastByteIsBreak = Self.isBreak(storage[range.upperBound - 1])
                return chunk
            }
            if input.available > maxRecordBytes {
                throw CaseFileError(message: "record is longer than \(maxRecordBytes) bytes; is a quote unbalanced?",
                                    position: CaseFilePosition(line: line, column: 1))
            }
            guard try input.refill() else { continue }
        }
    }

    /// Where the last whole record in `bytes` (which start at a record) ends, with how many records
    /// (blank lines are none) and line breaks come before that point. A record ending in CR takes
    /// the LF after it; a record that might continue past the bytes (or whose CR might be followed
    /// by an LF not read yet) is left out unless `atEOF`.
    /// (`lineAtATime: false` runs the state machine on every byte, for tests to compare with.)
    static func wholeRecords(_ bytes: UnsafeBufferPointer<UInt8>, atEOF: Bool, delimiter comma: UInt8,
                             lineAtATime: Bool = true) -> (end: Int, rows: Int, lines: Int) {
        enum State { case recordStart, fieldStart, unquoted, quoted, quoteSeen, skipLine }
        let n = bytes.count
        guard n > 0, let p = bytes.baseAddress else { return (0, 0, 0) }
        let lf = lineFeed, cr = carriageReturn, q = quote
        // Bytes that end a run of plain bytes: in an unquoted field the delimiter, a quote and the
        // line breaks; in a quoted field a quote and the line breaks.
        let stops = (unquoted: ByteSet(comma, lf, cr, q), quoted: ByteSet(lf, cr, q, q))
        var state = State.recordStart
        var end = 0, rows = 0, lines = 0
        var breaks = 0  // line breaks inside the current record
        var i = 0
        // Ends a record at the line break at `i`; false when that cannot be decided yet.
        @inline(__always) func endRecord(blank: Bool) -> Bool {
            var after = i + 1
            if p[i] == cr {
                if after == n, !atEOF { return false }
                if after < n, p[after] == lf { after += 1 }
            }
            lines += breaks + 1
            if !blank { rows += 1 }
            breaks = 0
            end = after
            i = after
            state = .recordStart
            return true
        }
        // Where the next `byte` is at or after `i` (n: none). The next quote and carriage return are
        // found once and again only when passed, so a plain line costs one `memchr` (two with CR LF).
        @inline(__always) func next(_ byte: UInt8, from i: Int) -> Int {
            memchr(p + i, Int32(byte), n - i).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - p } ?? n
        }
        var nextQuote = -1, nextReturn = -1
        var scratch = [Int](repeating: 0, count: 256)
        scan: while i < n {
            // The common record, a line without quotes, found by `memchr` instead of a byte at a
            // time; anything else goes through the state machine below.
            if lineAtATime, state == .recordStart, case let j = next(lf, from: i), j < n {
                if nextQuote < i { nextQuote = next(q, from: i) }
                if nextReturn < i { nextReturn = next(cr, from: i) }
                // (A carriage return right before the line feed is a CR LF line end.)
                if nextQuote > j, nextReturn > j || (nextReturn == j - 1 && j - 1 > i) {
                    lines += 1
                    if j > i { rows += 1 }
                    end = j + 1
                    i = j + 1
                    continue
                }
                // A line with quoted fields: the record scanner's eight-byte path, which reads
                // exactly what the state machine reads or declines.
                if p[i] != lf, p[i] != cr, let record = scratch.withUnsafeMutableBufferPointer({
                    CSVReader.scanOneLine(p + i, n - i, comma, $0)
                }), case .record(let raw) = record {
                    lines += 1
                    rows += 1
                    i += raw.length + (raw.endsWithCR ? 1 : 0)
                    end = i
                    continue
                }
            }
            let b = p[i]
            switch state {
            case .recordStart, .fieldStart:
                if b == lf || b == cr {
                    if !endRecord(blank: state == .recordStart) { break scan }
                    continue
                }
                if b == q {
                    state = .quoted
                } else if b != comma {
                    state = .unquoted
                } else {
                    state = .fieldStart
                }
                i += 1
            case .unquoted:
                // The common case: plain bytes.
                var c = b
                let stop = stops.unquoted
                while !stop.contains(c) {
                    i += 1
                    if i == n { break scan }
                    c = p[i]
                }
                if c == comma {
                    state = .fieldStart
                    i += 1
                } else if c == q {
                    state = .skipLine
                    i += 1
                } else if !endRecord(blank: false) {
                    break scan
                }
            case .quoted:
                var c = b
                let stop = stops.quoted
                while !stop.contains(c) {
                    i += 1
                    if i == n { break scan }
                    c = p[i]
                }
                if c == q {
                    state = .quoteSeen
                    i += 1
                } else if c == lf {
                    breaks += 1
                    i += 1
                } else {
                    if i + 1 == n, !atEOF { break scan }
                    breaks += 1
                    i += i + 1 < n && p[i + 1] == lf ? 2 : 1
                }
            case .quoteSeen:
                if b == q {
                    state = .quoted
                    i += 1
                } else if b == comma {
                    state = .fieldStart
                    i += 1
                } else if b == lf || b == cr {
                    if !endRecord(blank: false) { break scan }
                } else {
                    state = .skipLine
                    i += 1
                }
            case .skipLine:
                if b == lf || b == cr {
                    if !endRecord(blank: false) { break scan }
                } else {
                    i += 1
                }
            }
        }
        // At the end of the input, what is left is one last record (unterminated, or with an
        // unterminated quote, which the scan rejects).
        if atEOF, i >= n, end < n, state != .recordStart {
            rows += 1
            lines += breaks
            end = n
        }
        return (end, rows, lines)
    }
}

/// A set of up to four bytes (the delimiter, quote and line breaks) as 256 bits: a membership test
/// costs a shift, where a table would cost building it per call.
private struct ByteSet {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        for byte in [a, b, c, d] {
            let bit: UInt64 = 1 << UInt64(byte & 63)
            switch byte >> 6 {
            case 0: words.0 |= bit
            case 1: words.1 |= bit
            case 2: words.2 |= bit
            default: words.3 |= bit
            }
        }
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let word = switch byte >> 6 {
        case 0: words.0
        case 1: words.1
        case 2: words.2
        default: words.3
        }
        return (word >> UInt64(byte & 63)) & 1 != 0
    }
}

/// The records of one chunk, scanned with `CSVReader.scan`: each record's fields (as offsets into
/// the chunk, or into a scratch buffer when doubled quotes had to be undone), or the reason it is
/// rejected. Allocates nothing per record once its buffers have grown.
struct CSVChunkScanner {
    let delimiter: UInt8
    let header: [String]
    let idColumn: Int?
    /// Field bounds of the current record: `bounds[2f]..<bounds[2f + 1]` for `f < fieldCount`, in
    /// the chunk, or in `scratch` when doubled quotes had to be undone.
    var bounds: [Int] = []
    var fieldCount = 0
    var scratch: [UInt8] = []

    init(delimiter: UInt8, header: [String], idColumn: Int?) {
        self.delimiter = delimiter
        self.header = header
        self.idColumn = idColumn
    }

    enum Record {
        /// A record with `header.count` fields; `lastLine` later than `line` when it spans lines,
        /// `looksLikeRows` when a later line of it looks like a row of its own.
        case fields(rowNumber: Int, line: Int, lastLine: Int, looksLikeRows: Bool)
        case rejected(RejectedRow)
    }

    /// Calls `body` for every record of `chunk`, in order, with the record's fields (valid only
    /// during the call).
    mutating func forEachRecord(in chunk: CSVChunk, _ body: (Record, CSVFields) -> Void) {
        chunk.storage.withUnsafeBufferPointer { storage in
            let all = UnsafeBufferPointer(rebasing: storage[chunk.range])
            var position = 0
            var line = chunk.firstLine
            var row = chunk.rowsBefore
            var skipLineFeed = false
            while position < all.count {
                if skipLineFeed {
                    skipLineFeed = false
                    if all[position] == CSVReader.lineFeed {
                        position += 1
                        continue
                    }
                }
                let rest = UnsafeBufferPointer(rebasing: all[position...])
                let outcome = CSVReader.scan(rest, atEOF: true, delimiter: delimiter, bounds: &bounds)
                switch outcome {
                case .needMore:
                    return  // unreachable: the chunk ends at a record end and is scanned as the end
                case .blank(let endsWithCR):
                    position += 1
                    line += 1
                    skipLineFeed = endsWithCR
                case .record(let raw):
                    row += 1
                    fieldCount = raw.fieldCount
                    let record: Record
                    if raw.problem == nil, !raw.nonASCII, fieldCount == header.count,
                       raw.lineBreaks == (CSVReader.isBreak(rest[raw.length - 1]) ? 1 : 0) {
                        // The common record: well formed, on one line (its only line break, if
                        // any, ends it; the last record of a file may have none).
                        record = .fields(rowNumber: row, line: line, lastLine: line, looksLikeRows: false)
                    } else if case .rejected(let rejected) = classify(raw, rest, row: row, line: line) {
                        record = .rejected(rejected)
                    } else {
                        let span = CSVReader.span(UnsafeBufferPointer(rebasing: rest[0..<raw.length]), lineBreaks: raw.lineBreaks,
                                                  delimiter: delimiter, fieldCount: header.count)
                        record = .fields(rowNumber: row, line: line, lastLine: line + span.innerBreaks, looksLikeRows: span.looksLikeRows)
                    }
                    if case .fields = record, raw.hasDoubledQuotes {
                        undoDoubledQuotes(rest)
                        scratch.withUnsafeBufferPointer { base in
                            bounds.withUnsafeBufferPointer { body(record, CSVFields(base: base, bounds: UnsafeBufferPointer(rebasing: $0[0..<2 * fieldCount]))) }
                        }
                    } else {
                        bounds.withUnsafeBufferPointer { body(record, CSVFields(base: rest, bounds: UnsafeBufferPointer(rebasing: $0[0..<2 * fieldCount]))) }
                    }
                    position += raw.length
                    line += raw.lineBreaks
                    skipLineFeed = raw.endsWithCR
                }
            }
        }
    }

    /// A rejected record, or the record's row and line; as `CSVReader.next` decides.
    private func classify(_ raw: CSVReader.RawScan, _ bytes: UnsafeBufferPointer<UInt8>, row: Int, line: Int) -> Record {
        func locate(_ offset: Int) -> CaseFilePosition {
            var counter = TextPositionCounter()
            counter.advance(over: UnsafeBufferPointer(rebasing: bytes[0..<offset]))
            return CaseFilePosition(line: line + counter.line - 1, column: counter.column)
        }
        func rawField(_ index: Int?) -> String? {
            guard let index, index < fieldCount else { return nil }
            let field = UnsafeBufferPointer(rebasing: bytes[bounds[2 * index]..<bounds[2 * index + 1]])
            guard !field.isEmpty, UTF8Validation.firstInvalidOffset(in: field) == nil else { return nil }
            return String(decoding: field, as: UTF8.self)
        }
        if let problem = raw.problem {
            return .rejected(RejectedRow(rowNumber: row, line: line, position: locate(problem.offset), reason: problem.kind.message))
        }
        if fieldCount != header.count {
            var rejected = RejectedRow(rowNumber: row, line: line,
                                       reason: "row has \(fieldCount) \(fieldCount == 1 ? "field" : "fields"), header has \(header.count)")
            rejected.id = rawField(idColumn)
            return .rejected(rejected)
        }
        if raw.nonASCII {
            for f in 0..<fieldCount {
                let start = bounds[2 * f]
                guard let bad = UTF8Validation.firstInvalidOffset(in: UnsafeBufferPointer(rebasing: bytes[start..<bounds[2 * f + 1]])) else { continue }
                var rejected = RejectedRow(rowNumber: row, line: line, position: locate(start + bad),
                                           reason: "invalid UTF-8 in field \(f + 1) (`\(header[f])`)")
                if f != idColumn { rejected.id = rawField(idColumn) }
                return .rejected(rejected)
            }
        }
        return .fields(rowNumber: row, line: line, lastLine: line, looksLikeRows: false)
    }

    /// Copies the record's fields into `scratch` with every `""` made one `"`.
    private mutating func undoDoubledQuotes(_ bytes: UnsafeBufferPointer<UInt8>) {
        scratch.removeAll(keepingCapacity: true)
        for f in 0..<fieldCount {
            let start = bounds[2 * f], end = bounds[2 * f + 1]
            let newStart = scratch.count
            var i = start
            while i < end {
                let b = bytes[i]
                scratch.append(b)
                i += b == CSVReader.quote ? 2 : 1
            }
            bounds[2 * f] = newStart
            bounds[2 * f + 1] = scratch.count
        }
    }
}

/// The fields of one CSV record, as bytes: valid only during the call that hands them out.
struct CSVFields {
    let base: UnsafeBufferPointer<UInt8>
    let bounds: UnsafeBufferPointer<Int>

    var count: Int { bounds.count / 2 }

    @inline(__always)
    subscript(_ f: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: base[bounds[2 * f]..<bounds[2 * f + 1]])
    }

    /// A field as text.
    func text(_ f: Int) -> String { String(decoding: self[f], as: UTF8.self) }
}
