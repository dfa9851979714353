import DecisionMap
import Foundation

// The JSON case readers: JSON Lines (one object per line) and one JSON array of objects, both
// streamed, so a file of any size is read with the memory of one record.

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
    private var parser = JSONParser.forCases
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

    /// The lines read so far (blank ones too).
    var linesRead: Int { line - 1 }

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
    private var parser = JSONParser.forCases
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

    /// The lines read so far: up to the line of the closing `]` once it is read.
    var linesRead: Int { position.line }

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

