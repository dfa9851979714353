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
