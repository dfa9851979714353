// Reading JSON: the strict RFC 8259 parser behind `JSONValue.parse` and the case-file readers,
// with the line and column counter and the UTF-8 validation they share.

/// Counts lines and columns over bytes fed in pieces, the same way everywhere in dmap: LF, CRLF and
/// a lone CR each end a line, and columns count Unicode scalars (UTF-8 lead bytes). It needs no
/// look-ahead, so a CRLF split across two reads is counted once.
package struct TextPositionCounter: Sendable {
    /// The line of the next byte, 1-based.
    package var line = 1
    /// The column of the next byte, 1-based.
    package var column = 1
    private var previousWasCR = false

    package init() {}

    package mutating func advance(over bytes: UnsafeBufferPointer<UInt8>) {
        var line = self.line
        var column = self.column
        var previousWasCR = self.previousWasCR
        for byte in bytes {
            if byte > 0x0D {
                // Not a line break (the common case): a column unless a UTF-8 continuation byte.
                previousWasCR = false
                column &+= byte & 0xC0 == 0x80 ? 0 : 1
            } else if byte == 0x0D {
                line += 1
                column = 1
                previousWasCR = true
            } else if byte == 0x0A {
                if !previousWasCR {
                    line += 1
                    column = 1
                }
                previousWasCR = false
            } else {
                previousWasCR = false
                column += 1
            }
        }
        self.line = line
        self.column = column
        self.previousWasCR = previousWasCR
    }
}

/// A parser over a byte buffer. Errors carry only an offset; see
/// ``JSONError/init(failure:in:)``.
///
/// One parser can parse many documents; the case-file readers keep one so that its working buffers
/// are allocated once, not once per line.
package struct JSONParser {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    private var base: UnsafePointer<UInt8>?
    private var count = 0
    private let maxDepth: Int
    private var index = 0
    private var depth = 0
    /// Reused for strings with escapes.
    private var scratch: [UInt8] = []
    /// The sizes of the last object and array parsed at each nesting level (up to 8). Records in a
    /// case file have the same shape, so reserving that much up front usually makes each container
    /// in one allocation instead of one per doubling. Allocated on first use, so that making a
    /// parser costs nothing.
    private var objectSizeHints: [Int] = []
    private var arraySizeHints: [Int] = []

    /// Whether a number too large or too small for a `Double` is kept (as infinity, or as NaN when
    /// it would read as 0) rather than refused. Case files keep them, so that such a value is an
    /// invalid value of its field, as in CSV, and not a broken row.
    package var keepsOutOfRangeNumbers = false

    package init(maxDepth: Int = JSONValue.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    /// A parser for case data, which keeps out-of-range numbers.
    package static var forCases: JSONParser {
        var parser = JSONParser()
        parser.keepsOutOfRangeNumbers = true
        return parser
    }

    /// Parses one JSON text, by the rules of ``JSONValue/parse(_:maxDepth:)``.
    package mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSONValue {
        base = bytes.baseAddress
        count = bytes.count
        index = 0
        depth = 0
        if objectSizeHints.isEmpty {
            objectSizeHints = Array(repeating: 0, count: 8)
            arraySizeHints = Array(repeating: 0, count: 8)
        }
        defer { base = nil }
        do {
            return try parseDocument()
        } catch {
            throw JSONError(failure: error, in: bytes)
        }
    }

    @inline(__always) private func byte(_ offset: Int) -> UInt8 { base.unsafelyUnwrapped[offset] }

    /// An object or array being parsed. The parser keeps these on an explicit stack instead of
    /// recursing, so nesting costs heap, not call stack: no build configuration or thread stack size
    /// can turn deep input into a crash, and the depth limit is only about sane input.
    private struct Container {
        var isObject: Bool
        var members: [JSONObject.Member] = []
        var elements: [JSONValue] = []
        /// The keys so far, once an object has too many for a linear duplicate check.
        var keySet: Set<String>?
        /// The key whose value is being parsed.
        var key = ""
    }

    /// The open containers around the innermost one, outermost first.
    private var outerContainers: [Container] = []

    private mutating func parseDocument() throws(Failure) -> JSONValue {
        if count >= 3, byte(0) == 0xEF, byte(1) == 0xBB, byte(2) == 0xBF { index = 3 }
        outerContainers.removeAll(keepingCapacity: true)
        // The innermost open container lives in a local, where appending is cheapest; only
        // containers around it go to the stack.
        var current = Container(isObject: false)
        var isInContainer = false
        var value: JSONValue
        nextValue: while true {
            // A value starts here: a scalar, or a container that is opened.
            skipWhitespace()
            guard index < count else {
                throw Failure(message: "unexpected end of input, expected a value", offset: index)
            }
            switch byte(index) {
            case UInt8(ascii: "{"):
                try enter()
                index += 1
                skipWhitespace()
                if index < count, byte(index) == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                    value = .object(JSONObject())
                } else {
                    if isInContainer { outerContainers.append(current) }
                    current = Container(isObject: true)
                    isInContainer = true
                    if depth <= 8 { current.members.reserveCapacity(objectSizeHints[depth - 1]) }
                    try parseKey(into: &current)
                    continue nextValue
                }
            case UInt8(ascii: "["):
                try enter()
                index += 1
                skipWhitespace()
                if index < count, byte(index) == UInt8(ascii: "]") {
                    index += 1
                    depth -= 1
                    value = .array([])
                } else {
                    if isInContainer { outerContainers.append(current) }
                    current = Container(isObject: false)
                    isInContainer = true
                    if depth <= 8 { current.elements.reserveCapacity(arraySizeHints[depth - 1]) }
                    continue nextValue
                }
            case UInt8(ascii: "\""): value = .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try parseNumber())
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                value = try parseLiteral()
            case UInt8(ascii: "/"):
                throw Failure(message: "comments are not allowed in JSON", offset: index)
            default:
                throw Failure(message: "unexpected \(describe(at: index)), expected a value", offset: index)
            }

            // A value is complete: add it to the innermost open container; close containers whose
            // end follows, each closed one being in turn a complete value.
            while isInContainer {
                skipWhitespace()
                if current.isObject {
                    current.members.append(JSONObject.Member(key: current.key, value: value))
                    guard index < count else {
                        throw Failure(
                            message: "unexpected end of input, expected `,` or `}` after an object member",
                            offset: index)
                    }
                    switch byte(index) {
                    case UInt8(ascii: ","):
                        index += 1
                        skipWhitespace()
                        if index < count, byte(index) == UInt8(ascii: "}") {
                            throw Failure(message: "trailing comma before `}`", offset: index)
                        }
                        try parseKey(into: &current)
                        continue nextValue
                    case UInt8(ascii: "}"):
                        index += 1
                        if depth <= 8 { objectSizeHints[depth - 1] = min(current.members.count, 64) }
                        depth -= 1
                        value = .object(JSONObject(uniqueMembers: current.members))
                    default:
                        throw Failure(message: "expected `,` or `}` after an object member", offset: index)
                    }
                } else {
                    current.elements.append(value)
                    guard index < count else {
                        throw Failure(
                            message: "unexpected end of input, expected `,` or `]` after an array element",
                            offset: index)
                    }
                    switch byte(index) {
                    case UInt8(ascii: ","):
                        index += 1
                        skipWhitespace()
                        if index < count, byte(index) == UInt8(ascii: "]") {
                            throw Failure(message: "trailing comma before `]`", offset: index)
                        }
                        continue nextValue
                    case UInt8(ascii: "]"):
                        index += 1
                        if depth <= 8 { arraySizeHints[depth - 1] = min(current.elements.count, 64) }
                        depth -= 1
                        value = .array(current.elements)
                    default:
                        throw Failure(message: "expected `,` or `]` after an array element", offset: index)
                    }
                }
                // The container is closed: its parent becomes the innermost one.
                if let parent = outerContainers.popLast() {
                    current = parent
                } else {
                    current = Container(isObject: false)
                    isInContainer = false
                }
            }
            break
        }
        skipWhitespace()
        if index < count {
            throw Failure(message: "unexpected \(describe(at: index)) after the JSON value", offset: index)
        }
        return value
    }

    @inline(__always) private mutating func skipWhitespace() {
        while index < count {
            let b = byte(index)
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            index += 1
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > maxDepth {
            throw Failure(message: "nesting deeper than \(maxDepth) levels", offset: index)
        }
    }

    /// Parses `"key" :` for `container` (an object), at the first non-space byte, rejecting a key
    /// the object already has.
    private mutating func parseKey(into container: inout Container) throws(Failure) {
        guard index < count else {
            throw Failure(message: "unexpected end of input, expected an object key", offset: index)
        }
        guard byte(index) == UInt8(ascii: "\"") else {
            throw Failure(message: "expected an object key in double quotes", offset: index)
        }
        let keyOffset = index
        let key = try parseString()
        // A scan is fastest for the usual handful of keys; a set keeps huge objects linear.
        let duplicate: Bool
        if container.keySet != nil {
            duplicate = !container.keySet!.insert(key).inserted
        } else {
            duplicate = container.members.contains { $0.key == key }
            if container.members.count >= 16 {
                container.keySet = Set(container.members.map(\.key) + [key])
            }
        }
        if duplicate {
            throw Failure(message: "duplicate key `\(key)`", offset: keyOffset)
        }
        skipWhitespace()
        guard index < count else {
            throw Failure(message: "unexpected end of input, expected `:` after an object key", offset: index)
        }
        guard byte(index) == UInt8(ascii: ":") else {
            throw Failure(message: "expected `:` after an object key", offset: index)
        }
        index += 1
        container.key = key
    }

    private mutating func parseLiteral() throws(Failure) -> JSONValue {
        let start = index
        while index < count, isWordByte(byte(index)) { index += 1 }
        let word = UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start)
        if word.count == 4, word[0] == UInt8(ascii: "t"), word[1] == UInt8(ascii: "r"), word[2] == UInt8(ascii: "u"),
            word[3] == UInt8(ascii: "e")
        {
            return .bool(true)
        }
        if word.count == 5, word[0] == UInt8(ascii: "f"), word[1] == UInt8(ascii: "a"), word[2] == UInt8(ascii: "l"),
            word[3] == UInt8(ascii: "s"), word[4] == UInt8(ascii: "e")
        {
            return .bool(false)
        }
        if word.count == 4, word[0] == UInt8(ascii: "n"), word[1] == UInt8(ascii: "u"), word[2] == UInt8(ascii: "l"),
            word[3] == UInt8(ascii: "l")
        {
            return .null
        }
        let text = String(decoding: word, as: UTF8.self)
        throw Failure(
            message: "invalid literal `\(text)`, expected `true`, `false` or `null`", offset: start)
    }

    @inline(__always) private func isWordByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
            || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
    }

    // MARK: Numbers

    /// Checks the number grammar and converts. Most numbers take Clinger's fast path (an exact
    /// mantissa times an exact power of ten is correctly rounded by one IEEE operation); the rest go
    /// through the standard library's correctly rounded decimal conversion.
    private mutating func parseNumber() throws(Failure) -> Double {
        let start = index
        var negative = false
        if byte(index) == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var inexact = false

        @inline(__always) func isDigit(_ offset: Int) -> Bool {
            offset < count && byte(offset) &- UInt8(ascii: "0") < 10
        }

        guard isDigit(index) else {
            if index < count {
                throw Failure(message: "expected a digit after `-`", offset: index)
            }
            throw Failure(message: "unexpected end of input, expected a digit after `-`", offset: index)
        }
        if byte(index) == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) {
                throw Failure(message: "leading zeros are not allowed in numbers", offset: start)
            }
        } else {
            while isDigit(index) {
                let digit = UInt64(byte(index) &- UInt8(ascii: "0"))
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    significantDigits += 1
                } else {
                    exponent += 1
                    if digit != 0 { inexact = true }
                }
                index += 1
            }
        }
        if index < count, byte(index) == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else {
                throw Failure(message: "expected a digit after the decimal point", offset: index)
            }
            while isDigit(index) {
                let digit = UInt64(byte(index) &- UInt8(ascii: "0"))
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    if mantissa != 0 { significantDigits += 1 }
                    exponent -= 1
                } else if digit != 0 {
                    inexact = true
                }
                index += 1
            }
        }
        if index < count, byte(index) | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, byte(index) == UInt8(ascii: "+") || byte(index) == UInt8(ascii: "-") {
                exponentNegative = byte(index) == UInt8(ascii: "-")
                index += 1
            }
            guard isDigit(index) else {
                throw Failure(message: "expected a digit in the exponent", offset: index)
            }
            var explicit = 0
            while isDigit(index) {
                // Saturate: anything this large is out of range (or zero) anyway.
                if explicit < 1_000_000 { explicit = explicit * 10 + Int(byte(index) &- UInt8(ascii: "0")) }
                index += 1
            }
            exponent += exponentNegative ? -explicit : explicit
        }

        var value: Double
        if !inexact, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            value = Double(mantissa)
            if exponent >= 0 {
                value *= DecimalText.exactPowersOfTen[exponent]
            } else {
                value /= DecimalText.exactPowersOfTen[-exponent]
            }
            if negative { value = -value }
        } else {
            let text = String(
                decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start),
                as: UTF8.self)
            value = Double(text) ?? .nan
        }
        if value.isFinite, value != 0 || mantissa == 0 { return value }
        if keepsOutOfRangeNumbers { return value.isFinite ? .nan : value }
        let text = String(
            decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start),
            as: UTF8.self)
        throw Failure(message: "number `\(text)` is out of range", offset: start)
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote. Strings without escapes (the vast majority)
    /// are made straight from the input bytes; only escapes go through the scratch buffer.
    private mutating func parseString() throws(Failure) -> String {
        let quote = index
        index += 1
        let start = index
        var high: UInt8 = 0
        while index < count {
            let b = byte(index)
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            high |= b
            index += 1
        }
        guard index < count else {
            throw Failure(message: "unterminated string", offset: quote)
        }
        if byte(index) == UInt8(ascii: "\"") {
            let raw = UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start)
            if high >= 0x80, let bad = UTF8Validation.firstInvalidOffset(in: raw) {
                throw Failure(message: "invalid UTF-8 in a string", offset: start + bad)
            }
            index += 1
            return String(decoding: raw, as: UTF8.self)
        }
        return try parseEscapedString(quote: quote, start: start, high: high)
    }

    private mutating func parseEscapedString(quote: Int, start: Int, high: UInt8) throws(Failure) -> String {
        var high = high
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start))
        while true {
            guard index < count else {
                throw Failure(message: "unterminated string", offset: quote)
            }
            let b = byte(index)
            if b == UInt8(ascii: "\"") {
                break
            } else if b == UInt8(ascii: "\\") {
                try parseEscape(quote: quote)
            } else if b < 0x20 {
                throw Failure(
                    message: "unescaped control character \(scalarName(UInt32(b))) in a string",
                    offset: index)
            } else {
                high |= b
                scratch.append(b)
                index += 1
            }
        }
        // Escapes only produce valid UTF-8, so any invalid sequence is in the raw input; check there
        // to report its exact offset.
        if high >= 0x80 {
            let raw = UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start)
            if let bad = UTF8Validation.firstInvalidOffset(in: raw) {
                throw Failure(message: "invalid UTF-8 in a string", offset: start + bad)
            }
        }
        index += 1
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Parses one escape sequence starting at its backslash and appends its UTF-8 to `scratch`.
    private mutating func parseEscape(quote: Int) throws(Failure) {
        let backslash = index
        index += 1
        guard index < count else {
            throw Failure(message: "unterminated string", offset: quote)
        }
        let b = byte(index)
        index += 1
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(b)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4(quote: quote)
            if scalar >= 0xD800, scalar < 0xDC00 {
                // A high surrogate must be followed by an escaped low surrogate.
                guard index + 1 < count, byte(index) == UInt8(ascii: "\\"), byte(index + 1) == UInt8(ascii: "u")
                else {
                    throw Failure(message: "unpaired surrogate `\(escapeText(scalar))` in a string", offset: backslash)
                }
                index += 2
                let low = try parseHex4(quote: quote)
                guard low >= 0xDC00, low < 0xE000 else {
                    throw Failure(message: "unpaired surrogate `\(escapeText(scalar))` in a string", offset: backslash)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00, scalar < 0xE000 {
                throw Failure(message: "unpaired surrogate `\(escapeText(scalar))` in a string", offset: backslash)
            }
            appendUTF8(scalar)
        default:
            index -= 1
            let shown = b >= 0x20 && b < 0x7F ? "`\\\(Character(Unicode.Scalar(b)))`" : "`\\` before \(describe(at: index))"
            throw Failure(message: "invalid escape \(shown) in a string", offset: backslash)
        }
    }

    private func escapeText(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Reads the four hex digits after `\u` (the index is just past the `u`).
    private mutating func parseHex4(quote: Int) throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < count else {
                throw Failure(message: "unterminated string", offset: quote)
            }
            let b = byte(index)
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default:
                throw Failure(message: "expected 4 hex digits after `\\u`", offset: index)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            scratch.append(UInt8(scalar))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: Describing input

    /// "U+000A", for control characters.
    private func scalarName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The character at `offset` for an error message: "`x`", "control character U+0007",
    /// "byte 0xFF" (for invalid UTF-8), or "`é`".
    private func describe(at offset: Int) -> String {
        let b = byte(offset)
        if b < 0x20 || b == 0x7F { return "control character \(scalarName(UInt32(b)))" }
        if b < 0x80 { return "`\(Character(Unicode.Scalar(b)))`" }
        let rest = UnsafeBufferPointer(start: base.unsafelyUnwrapped + offset, count: min(4, count - offset))
        var iterator = rest.makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return "`\(Character(scalar))`" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }
}

// MARK: - UTF-8 validation

/// Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
/// reporting where the first bad sequence starts. Shared by the JSON parser and the case-file
/// readers, which must reject invalid text rather than silently repair it.
package enum UTF8Validation {
    /// The offset of the first byte of the first invalid sequence, or `nil` when all is valid.
    package static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = 0
        while i < count {
            let lead = base[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            @inline(__always) func continuation(_ offset: Int) -> Bool {
                offset < count && base[offset] & 0xC0 == 0x80
            }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(i + 1) else { return i }
                i += 2
            case 0xE0...0xEF:
                guard continuation(i + 1), continuation(i + 2) else { return i }
                let second = base[i + 1]
                if lead == 0xE0, second < 0xA0 { return i }  // overlong
                if lead == 0xED, second >= 0xA0 { return i }  // surrogate
                i += 3
            case 0xF0...0xF4:
                guard continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return i }
                let second = base[i + 1]
                if lead == 0xF0, second < 0x90 { return i }  // overlong
                if lead == 0xF4, second >= 0x90 { return i }  // above U+10FFFF
                i += 4
            default:
                return i
            }
        }
        return nil
    }
}
