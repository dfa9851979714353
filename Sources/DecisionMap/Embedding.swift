/// The entry points for Swift programs that embed the engine: compile a map from text, a file or a
/// syntax tree, and route cases given as dictionaries or `Encodable` values.

/// A map that did not compile: every diagnostic, and the source they point into.
///
/// `description` renders the diagnostics the way `dmap check` does, with file, line, column and a
/// caret under each problem.
public struct MapError: Error, Sendable, CustomStringConvertible {
    /// Every diagnostic, errors and warnings, in source order.
    public let diagnostics: [Diagnostic]
    /// The text the diagnostics' ranges point into. For a map built in Swift, its canonical text.
    public let source: SourceFile

    /// Creates an error from diagnostics and their source.
    public init(diagnostics: [Diagnostic], source: SourceFile) {
        self.diagnostics = diagnostics
        self.source = source
    }

    /// The diagnostics, rendered as `dmap check` shows them.
    public var description: String { DiagnosticRenderer(source: source).text(diagnostics) }
}

extension DecisionMap {
    /// Parses and checks a map written in the `.dmap` language.
    ///
    /// - Parameters:
    ///   - text: The map's text.
    ///   - name: The name diagnostics show for the text, such as a file name.
    /// - Returns: The map, or nil when it has errors; and every diagnostic, warnings too, in source
    ///   order.
    public static func compile(_ text: String, name: String = "<string>") -> (map: DecisionMap?, diagnostics: [Diagnostic]) {
        compile(SourceFile(name: name, text: text))
    }

    /// Checks a syntax tree — parsed, or built with the Swift DSL — through its canonical text.
    ///
    /// The tree is printed as canonical `.dmap` text (`MapSyntax.formatted()`), and that text is
    /// parsed and checked. A map built in Swift therefore gets exactly the parser's and the
    /// checker's rules, and its diagnostics and traces point at lines of the canonical text: render
    /// them with `DiagnosticRenderer(source: SourceFile(name: name, text: syntax.formatted()))`.
    ///
    /// - Parameters:
    ///   - syntax: The map.
    ///   - name: The name diagnostics show for the canonical text.
    /// - Returns: The map, or nil when it has errors; and every diagnostic, in source order.
    public static func compile(_ syntax: MapSyntax, name: String = "<swift>") -> (map: DecisionMap?, diagnostics: [Diagnostic]) {
        compile(SourceFile(name: name, text: syntax.formatted()))
    }

    /// Parses and checks a map, throwing when it has errors.
    ///
    /// - Parameters:
    ///   - text: The map's text.
    ///   - name: The name diagnostics show for the text.
    /// - Throws: `MapError` with every diagnostic when the map has errors. Warnings of a map that
    ///   compiles are dropped; use `compile(_:name:)` to see them.
    public init(parsing text: String, name: String = "<string>") throws(MapError) {
        try self.init(source: SourceFile(name: name, text: text))
    }

    /// Checks a syntax tree through its canonical text, throwing when it has errors. See
    /// `compile(_:name:)` for how a syntax tree is checked.
    ///
    /// - Throws: `MapError` with every diagnostic, pointing into the canonical text.
    public init(syntax: MapSyntax, name: String = "<swift>") throws(MapError) {
        try self.init(source: SourceFile(name: name, text: syntax.formatted()))
    }

    /// Parses and checks a map, throwing when it has errors.
    ///
    /// - Throws: `MapError` with every diagnostic when the map has errors.
    public init(source: SourceFile) throws(MapError) {
        let (map, diagnostics) = DecisionMap.compile(source)
        guard let map else { throw MapError(diagnostics: diagnostics, source: source) }
        self = map
    }

    // MARK: Routing values

    /// Routes a case given as values keyed by column name (the field's `column`, which is its
    /// name unless the map says otherwise).
    ///
    /// A key that is absent, or `.missing`, is a missing value. Values are validated against the
    /// inputs exactly as in case files: `"billing"` for an enum, `120` or `"120"` for a number.
    ///
    /// - Parameters:
    ///   - values: The case.
    ///   - extra: Keys to accept and ignore, such as a case id.
    /// - Returns: The route, outcome, segment and gap by name. The trace is empty; `explain`
    ///   records it.
    /// - Throws: `CaseError` for keys that name no column.
    public func route(_ values: [String: CaseValue], ignoring extra: Set<String> = ["id"]) throws(CaseError) -> RoutedCase {
        let record = try record(values, ignoring: extra)
        return RoutedCase(map: self, decision: route(record), trace: [])
    }

    /// Routes a case given as an `Encodable` value, such as a struct whose properties are named
    /// like the map's columns (or that maps them with `CodingKeys`).
    ///
    /// Each top-level property becomes one value: strings, numbers and booleans as they are, `nil`
    /// as a missing value, enums with raw values by their raw value; nested objects and arrays are
    /// invalid values. The value is converted directly, without JSON.
    ///
    /// - Parameters:
    ///   - value: The case.
    ///   - extra: Property names to accept and ignore, such as a case id.
    /// - Returns: The route, outcome, segment and gap by name; the trace is empty.
    /// - Throws: `CaseError` for properties that name no column, for a value that is not encoded
    ///   as an object, or when the value's `encode(to:)` throws.
    public func route(_ value: some Encodable, ignoring extra: Set<String> = ["id"]) throws(CaseError) -> RoutedCase {
        try route(CaseEncoder.values(of: value), ignoring: extra)
    }

    /// Routes a case given as an `Encodable` value and explains every step. See
    /// `route(_:ignoring:)` for how the value is read.
    ///
    /// - Throws: `CaseError`, as `route(_:ignoring:)` does.
    public func explain(_ value: some Encodable, ignoring extra: Set<String> = ["id"]) throws(CaseError) -> RoutedCase {
        let record = try record(CaseEncoder.values(of: value), ignoring: extra)
        let (decision, trace) = explain(record)
        return RoutedCase(map: self, decision: decision, trace: trace)
    }
}

extension CaseError {
    /// A case that could not be read at all.
    init(problem: String) {
        unknownKeys = []
        messages = [problem]
    }
}

// MARK: - Encodable cases

/// Turns an `Encodable` value into values keyed by column, without a round trip through JSON.
enum CaseEncoder {
    static func values(of value: some Encodable) throws(CaseError) -> [String: CaseValue] {
        let storage = Storage()
        do {
            try value.encode(to: TopLevel(storage: storage))
        } catch {
            throw CaseError(problem: "the case could not be encoded: \(error)")
        }
        guard storage.isObject else {
            throw CaseError(problem: "a case must encode as an object with one property per field, not as \(storage.shape)")
        }
        return storage.values
    }

    final class Storage {
        var values: [String: CaseValue] = [:]
        var isObject = false
        var shape = "a single value"
    }

    /// The encoder a case encodes itself into: one keyed container of values.
    struct TopLevel: Encoder {
        let storage: Storage
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            storage.isObject = true
            return KeyedEncodingContainer(Keyed<Key>(storage: storage, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            storage.shape = "a list"
            return Ignored(codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(codingPath: codingPath) { _ in }
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let storage: Storage
        var codingPath: [any CodingKey]

        private func set(_ value: CaseValue, _ key: Key) { storage.values[key.stringValue] = value }

        mutating func encodeNil(forKey key: Key) { set(.missing, key) }
        mutating func encode(_ value: Bool, forKey key: Key) { set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) { set(.text(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) { set(.number(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int8, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) { set(.number(Double(value)), key) }

        /// Any other value (an enum with a raw value, a UUID, a nested struct) is asked to encode
        /// itself; a single value is kept, anything bigger is a value no field can hold.
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            let probe = Probe(codingPath: codingPath + [key])
            try value.encode(to: probe)
            set(probe.result.value, key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            set(.unsupported("an object"), key)
            return KeyedEncodingContainer(IgnoredKeyed<NestedKey>(codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            set(.unsupported("a list"), key)
            return Ignored(codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { Probe(codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { Probe(codingPath: codingPath + [key]) }
    }

    /// Records the single value a property encodes as.
    final class ProbeResult { var value: CaseValue = .missing }

    struct Probe: Encoder {
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] = [:]
        let result = ProbeResult()

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            result.value = .unsupported("an object")
            return KeyedEncodingContainer(IgnoredKeyed<Key>(codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            result.value = .unsupported("a list")
            return Ignored(codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(codingPath: codingPath) { [result] in result.value = $0 }
        }
    }

    struct Single: SingleValueEncodingContainer {
        var codingPath: [any CodingKey]
        let set: (CaseValue) -> Void

        mutating func encodeNil() { set(.missing) }
        mutating func encode(_ value: Bool) { set(.bool(value)) }
        mutating func encode(_ value: String) { set(.text(value)) }
        mutating func encode(_ value: Double) { set(.number(value)) }
        mutating func encode(_ value: Float) { set(.number(Double(value))) }
        mutating func encode(_ value: Int) { set(.number(Double(value))) }
        mutating func encode(_ value: Int8) { set(.number(Double(value))) }
        mutating func encode(_ value: Int16) { set(.number(Double(value))) }
        mutating func encode(_ value: Int32) { set(.number(Double(value))) }
        mutating func encode(_ value: Int64) { set(.number(Double(value))) }
        mutating func encode(_ value: UInt) { set(.number(Double(value))) }
        mutating func encode(_ value: UInt8) { set(.number(Double(value))) }
        mutating func encode(_ value: UInt16) { set(.number(Double(value))) }
        mutating func encode(_ value: UInt32) { set(.number(Double(value))) }
        mutating func encode(_ value: UInt64) { set(.number(Double(value))) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            let probe = Probe(codingPath: codingPath)
            try value.encode(to: probe)
            set(probe.result.value)
        }
    }

    /// Swallows what is encoded into a nested container: the value is already marked unsupported.
    struct Ignored: UnkeyedEncodingContainer {
        var codingPath: [any CodingKey]
        var count = 0

        mutating func encodeNil() {}
        mutating func encode<T: Encodable>(_ value: T) throws { count += 1 }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(IgnoredKeyed<NestedKey>(codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Ignored(codingPath: codingPath) }
        mutating func superEncoder() -> any Encoder { Probe(codingPath: codingPath) }
    }

    struct IgnoredKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) {}
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {}
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(IgnoredKeyed<NestedKey>(codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { Ignored(codingPath: codingPath) }
        mutating func superEncoder() -> any Encoder { Probe(codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { Probe(codingPath: codingPath) }
    }
}
