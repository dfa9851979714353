// A small, exact JSON library: an RFC 8259 strict parser and a deterministic writer.
//
// dmap reads JSON (a case given on the command line, JSON Lines and JSON-array case files) and
// writes JSON (diagnostics, route results, simulation reports, SARIF). Foundation's
// `JSONSerialization` is not a good fit for either: it loses key order, accepts some non-JSON, and
// its number formatting differs between platforms, while every machine-readable output of dmap must
// be byte-for-byte identical on every run and every machine. So this file owns both directions.

// MARK: - Values

/// A JSON value.
///
/// Numbers are `Double`, as in JavaScript: integers up to 2^53 are exact, larger ones are rounded to
/// the nearest `Double`. That is enough for case data and reports, and it keeps equality and
/// rendering simple.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object whose members keep their insertion order.
///
/// Order is kept (rather than using a `Dictionary`) because outputs must be byte-for-byte
/// deterministic and read naturally, with keys in the order the writer chose; and because a case
/// file's first object defines the column order. Keys are unique: adding a key that is already
/// present replaces its value in place, so rendering can never emit a duplicate key.
///
/// Lookup by key is a linear scan. Objects in case files and reports have a handful of keys, for
/// which a scan beats hashing; the parser uses a hash set for large objects, so parsing stays linear.
public struct JSONObject: Equatable, Sendable {
    /// One key–value pair.
    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in insertion order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object with the given pairs in order; a repeated key keeps its first position and its
    /// last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        members = []
        for (key, value) in pairs { self[key] = value }
    }

    /// Members as parsed: the caller guarantees the keys are unique.
    init(uniqueMembers: [Member]) {
        members = uniqueMembers
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The position of `key` among the members, if present.
    public func index(forKey key: String) -> Int? {
        members.firstIndex { $0.key == key }
    }

    /// The value for `key`. Setting a value for a new key appends it at the end; setting one for an
    /// existing key replaces the value where it stands; setting `nil` removes the member. (To store a
    /// JSON null, set `.null`.)
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = index(forKey: key) {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Adds `key` with `value` at the end; when `key` is already present its value is replaced where
    /// it stands instead, so keys stay unique.
    public mutating func append(_ key: String, _ value: JSONValue) {
        self[key] = value
    }
}

extension JSONObject: RandomAccessCollection {
    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// `["route": "x", "count": 3]` keeps the written order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }

    /// A dictionary literal is an object with the keys in the written order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements))
    }
}

extension JSONValue {
    /// A string value; spelled out so report code can wrap non-literal values without `.string(…)`.
    public init(_ value: String) { self = .string(value) }
    /// A number value.
    public init(_ value: Double) { self = .number(value) }
    /// A number value from an integer (exact up to 2^53).
    public init(_ value: Int) { self = .number(Double(value)) }
    /// A boolean value.
    public init(_ value: Bool) { self = .bool(value) }
    /// An object value.
    public init(_ value: JSONObject) { self = .object(value) }
    /// An array value.
    public init(_ value: [JSONValue]) { self = .array(value) }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }
    /// The string, if this is a string.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The number, if this is a number.
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    /// The boolean, if this is a boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    /// The object, if this is an object.
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }

    /// The member `key` of an object; `nil` when this is not an object or has no such key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    /// The element at `index` of an array; `nil` when this is not an array or out of range.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { array[index] } else { nil }
    }

    /// What kind of value this is, with an article, for messages: "an object", "a number", ….
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

// MARK: - Errors

/// Why a text is not valid JSON, and where.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong: lowercase, no final period, code in backticks, e.g.
    /// "expected `,` or `}` after an object member".
    public var message: String
    /// The byte offset of the problem from the start of the parsed bytes (0-based).
    public var offset: Int
    /// The line of the problem, 1-based. LF, CRLF and a lone CR each end a line.
    public var line: Int
    /// The column of the problem, 1-based, counted in Unicode scalars from the start of the line, so
    /// that it matches what an editor shows for non-ASCII text (a tab counts as one).
    public var column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line:column: message`.
    public var description: String { "\(line):\(column): \(message)" }
}

// MARK: - Parsing

extension JSONValue {
    /// The default nesting limit: far deeper than any real document, so hitting it means hostile or
    /// broken input, which gets a clear error instead of unbounded work. (The parser does not
    /// recurse, so the limit is not what stands between deep input and a stack overflow.)
    public static let defaultMaxDepth = 512

    /// Parses one JSON text (RFC 8259, strictly: no comments, trailing commas, NaN, leading zeros,
    /// unescaped control characters, invalid UTF-8, lone surrogates or trailing content; an object
    /// with a repeated key is an error, so no value is silently lost). A UTF-8 byte-order mark at the
    /// very start is ignored, as RFC 8259 allows.
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int = defaultMaxDepth
    ) throws(JSONError) -> JSONValue {
        var parser = JSONParser(maxDepth: maxDepth)
        return try parser.parse(bytes)
    }

    /// Parses JSON from bytes, by the rules of the `UnsafeBufferPointer` overload.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONError)
        -> JSONValue
    {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) -> JSONValue in try parse(buffer, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// Parses JSON from any byte collection (`Data`, an array slice, …), by the rules of the
    /// `UnsafeBufferPointer` overload.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth)
        throws(JSONError) -> JSONValue
    {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) -> JSONValue in try parse(buffer, maxDepth: maxDepth) }
        }
        if let result { return try result.get() }
        return try parse(Array(bytes), maxDepth: maxDepth)
    }

    /// Parses JSON from a string, by the rules of the `UnsafeBufferPointer` overload.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONError)
        -> JSONValue
    {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONError) -> JSONValue in try parse(buffer, maxDepth: maxDepth) }
        }
        return try result.get()
    }
}

extension JSONError {
    /// Turns an internal failure (message and offset) into an error with a line and column, which
    /// are only computed here, on the error path, so the parser never tracks them.
    init(failure: JSONParser.Failure, in bytes: UnsafeBufferPointer<UInt8>) {
        // A byte-order mark is invisible in editors, so it does not count as a column.
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        let start = hasBOM ? min(3, failure.offset) : 0
        var position = TextPositionCounter()
        position.advance(over: UnsafeBufferPointer(rebasing: bytes[start..<min(failure.offset, bytes.count)]))
        self.init(
            message: failure.message, offset: failure.offset, line: position.line,
            column: position.column)
    }
}

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

    package init(maxDepth: Int = JSONValue.defaultMaxDepth) {
        self.maxDepth = maxDepth
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

    /// Exact powers of ten up to 10^22, the largest exactly representable in a `Double`.
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

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
                value *= Self.powersOfTen[exponent]
            } else {
                value /= Self.powersOfTen[-exponent]
            }
            if negative { value = -value }
        } else {
            let text = String(
                decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start),
                as: UTF8.self)
            value = Double(text) ?? .nan
        }
        guard value.isFinite else {
            let text = String(
                decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start),
                as: UTF8.self)
            throw Failure(message: "number `\(text)` is out of range", offset: start)
        }
        return value
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

// MARK: - Writing

extension JSONValue {
    /// The JSON text of this value. Compact output has no whitespace at all; pretty output puts every
    /// member and element on its own line, indented by two spaces, with `"key": value` and empty
    /// containers as `{}` / `[]`. Neither form ends with a newline. Keys keep their stored order,
    /// so the output is byte-for-byte the same on every run. Non-finite numbers, which JSON cannot
    /// express, are written as `null`.
    public func rendered(pretty: Bool = false) -> String {
        String(decoding: renderedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The UTF-8 bytes of ``rendered(pretty:)``.
    public func renderedBytes(pretty: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        write(to: &output, pretty: pretty)
        return output
    }

    /// Appends the JSON text of this value to `output`; see ``rendered(pretty:)``.
    public func write(to output: inout [UInt8], pretty: Bool = false) {
        JSONWriter(pretty: pretty).write(self, to: &output, indent: 0)
    }
}

extension JSONObject {
    /// The JSON text of this object; see ``JSONValue/rendered(pretty:)``.
    public func rendered(pretty: Bool = false) -> String {
        JSONValue.object(self).rendered(pretty: pretty)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact rendering.
    public var description: String { rendered() }
}

struct JSONWriter {
    let pretty: Bool

    func write(_ value: JSONValue, to output: inout [UInt8], indent: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let b): output.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): output.append(contentsOf: JSONNumberFormatter.format(n).utf8)
        case .string(let s): JSONWriter.writeString(s, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, indent: indent + 1)
                write(element, to: &output, indent: indent + 1)
            }
            newline(&output, indent: indent)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                newline(&output, indent: indent + 1)
                JSONWriter.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, to: &output, indent: indent + 1)
            }
            newline(&output, indent: indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ output: inout [UInt8], indent: Int) {
        guard pretty else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes a quoted string: `"` and `\` escaped, control characters as `\n`-style escapes or
    /// `\u00XX`, U+2028 and U+2029 as `\u2028`/`\u2029` (JavaScript treats them as line breaks), and
    /// everything else as UTF-8. Runs of plain bytes are copied in one go.
    static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            var i = 0
            let count = bytes.count
            while i < count {
                let b = bytes[i]
                if b >= 0x20, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\"), b != 0xE2 {
                    i += 1
                    continue
                }
                var escape: [UInt8]?
                var width = 1
                switch b {
                case UInt8(ascii: "\""): escape = Array(#"\""#.utf8)
                case UInt8(ascii: "\\"): escape = Array(#"\\"#.utf8)
                case 0x0A: escape = Array(#"\n"#.utf8)
                case 0x0D: escape = Array(#"\r"#.utf8)
                case 0x09: escape = Array(#"\t"#.utf8)
                case 0x08: escape = Array(#"\b"#.utf8)
                case 0x0C: escape = Array(#"\f"#.utf8)
                case ..<0x20:
                    escape = Array(#"\u00"#.utf8) + [hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]]
                case 0xE2 where i + 2 < count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = Array((bytes[i + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#).utf8)
                    width = 3
                default:
                    break
                }
                if let escape {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                    output.append(contentsOf: escape)
                    i += width
                    runStart = i
                } else {
                    i += 1
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// Formats numbers the way JavaScript's `Number.prototype.toString` does: the shortest digits that
/// read back as the same `Double`, positional notation for magnitudes from 1e-6 up to (not
/// including) 1e21, and `1.5e-7` / `1e+21` style beyond. That is a published, platform-independent
/// rule (so reports are byte-identical everywhere), integers print without a fraction (`3`, not
/// `3.0`), and every output is valid JSON. Negative zero prints as `0`, as in JavaScript.
package enum JSONNumberFormatter {
    package static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        if value == value.rounded(.towardZero), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        // Swift's `description` gives the shortest round-tripping digits; take them apart into a
        // digit string and a decimal exponent, then lay them out by the JavaScript rule.
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        var text = abs(value).description.utf8[...]
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = Int(String(decoding: text[text.index(after: e)...], as: UTF8.self)) ?? 0
            text = text[..<e]
        }
        for b in text {
            if b == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else {
                digits.append(b)
            }
        }
        // value = 0.d1d2…dk × 10^n
        var n = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            n -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        let k = digits.count
        var result = value < 0 ? "-" : ""
        let d = String(decoding: digits, as: UTF8.self)
        if k <= n, n <= 21 {
            result += d + String(repeating: "0", count: n - k)
        } else if 0 < n, n <= 21 {
            result += String(d.prefix(n)) + "." + String(d.dropFirst(n))
        } else if -6 < n, n <= 0 {
            result += "0." + String(repeating: "0", count: -n) + d
        } else {
            let e = n - 1
            let mantissa = k == 1 ? d : String(d.prefix(1)) + "." + String(d.dropFirst())
            result += mantissa + "e" + (e < 0 ? "-" : "+") + String(abs(e))
        }
        return result
    }
}
