import Foundation

/// One case, bound to a map's fields: a flat array of numbers (enum values as indices, booleans as
/// 0 or 1) plus a state per field. The router reads nothing else, so routing never touches names
/// or strings, except for `text` fields.
public struct CaseRecord: Sendable {
    public enum State: UInt8, Sendable {
        case present, missing, invalid
    }

    public var values: [Double]
    public var states: [State]
    /// The value of each `text` field as UTF-8; empty for other fields. Kept as bytes, in storage
    /// reused from case to case, so binding a text costs no allocation.
    private(set) var textBytes: [[UInt8]]
    /// Why each invalid field is invalid, worded when read (see `Problem`).
    package var reasons: [Int: Problem] = [:]

    /// Why each invalid field is invalid, for traces and reports; only set for invalid fields.
    public var problems: [Int: String] {
        get { reasons.mapValues(\.description) }
        set { reasons = newValue.mapValues { text in Problem { text } } }
    }

    /// Why field `field` is invalid; nil when it is not.
    public func problem(_ field: Int) -> String? { reasons[field]?.description }

    /// A case with every field missing.
    public init(fieldCount: Int) {
        values = [Double](repeating: 0, count: fieldCount)
        states = [State](repeating: .missing, count: fieldCount)
        textBytes = [[UInt8]](repeating: [], count: fieldCount)
    }

    /// A case with the given parts (as `values`, `states`, `texts` and `problems` read them), for
    /// a record read back from a partial report.
    package init(values: [Double], states: [State], texts: [String], problems: [Int: String]) {
        self.values = values
        self.states = states
        textBytes = texts.map { Array($0.utf8) }
        self.problems = problems
    }

    /// Why a field's value is invalid, worded only when someone reads it (a report's example, a
    /// trace). A simulation meets a bad value on many rows and shows a few; wording every one
    /// (with its suggestions and number hints) made a file with two bad columns twelve times
    /// slower to simulate.
    package struct Problem: Sendable {
        private let wording: @Sendable () -> String
        init(_ wording: @escaping @Sendable () -> String) { self.wording = wording }
        var description: String { wording() }
    }

    /// The value of each `text` field; empty for other fields.
    public var texts: [String] { textBytes.map { String(decoding: $0, as: UTF8.self) } }

    /// The value of text field `field`.
    public func text(_ field: Int) -> String { String(decoding: textBytes[field], as: UTF8.self) }

    /// Sets the value of a text field (and nothing else: the caller sets its state).
    mutating func setText(_ field: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
        textBytes.withUnsafeMutableBufferPointer { texts in
            texts[field].replaceSubrange(texts[field].startIndex..., with: bytes)
        }
    }

    mutating func setText(_ field: Int, _ text: String) {
        textBytes[field].removeAll(keepingCapacity: true)
        textBytes[field].append(contentsOf: text.utf8)
    }

    /// Calls `body` with the UTF-8 bytes of text field `field`.
    func withText<R>(_ field: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        textBytes[field].withUnsafeBufferPointer(body)
    }

    /// Whether some field holds an invalid value.
    public var hasInvalid: Bool { !reasons.isEmpty }

    /// Marks every field missing again, keeping the storage, so a simulator can reuse one record.
    public mutating func reset() {
        for i in states.indices { states[i] = .missing }
        if !reasons.isEmpty { reasons.removeAll(keepingCapacity: true) }
    }
}

/// A value as it arrives from outside: a CSV cell, a JSON value, a `--set` argument, a Swift value.
public enum CaseValue: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    case missing
    /// Untyped text (a CSV cell, a `--set` value, a Swift string): read by the field's type, so
    /// `"0.85"` fills a number field.
    case text(String)
    /// A JSON string: typed, so it fills an enumeration or text field but never a number or
    /// boolean field (`"0.85"` there is invalid, with a hint to write 0.85).
    case string(String)
    case number(Double)
    case bool(Bool)
    /// A value of a kind no field can hold (a JSON array or object, a number out of range), with a
    /// short description.
    case unsupported(String)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .missing }
}

extension CaseValue {
    /// A JSON value as a case value: JSON's types are kept, so a string is a `.string`.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .missing
        case .string(let s): self = s.isEmpty ? .missing : .string(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .array: self = .unsupported("an array")
        case .object: self = .unsupported("an object")
        }
    }
}

extension JSONValue {
    /// A case value as JSON, for case files and reports.
    public init(_ value: CaseValue) {
        switch value {
        case .missing: self = .null
        case .text(let s), .string(let s): self = .string(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .unsupported(let what): self = .array([.string(what)])
        }
    }
}

extension Field {
    /// Parses a value into `record`, marking the field missing or invalid (with the reason) as needed.
    /// The one place where outside values meet the schema, so every front end validates alike.
    func bind(_ value: CaseValue, at index: Int, into record: inout CaseRecord) {
        switch value {
        case .missing:
            record.states[index] = .missing
        case .text(let text):
            bind(text: text, at: index, into: &record)
        case .string(let text):
            switch type {
            case .enumeration, .text:
                bind(text: text, at: index, into: &record)
            case .number, .integer, .boolean:
                // JSON says what a value is; a quoted number is text, which a careful reader does
                // not reinterpret.
                invalid("`\(JSONValue.string(text).rendered())`", index, &record, help: {
                    var hint: String?
                    if case .number = DecimalText.parse(text.trimmingSpaces) { hint = "write it as a JSON number: \(text.trimmingSpaces)" }
                    if case .boolean = type, let b = Self.boolean(text) { hint = "write it as a JSON boolean: \(b)" }
                    return "it is a JSON string" + (hint.map { "; \($0)" } ?? "")
                }())
            }
        case .number(let v) where !v.isFinite:
            // From a JSON case reader that keeps out-of-range numbers (see `JSONParser`).
            invalid("a number too " + (v.isNaN ? "small" : "large"), index, &record,
                    help: "it cannot be represented" + (v.isNaN ? " (it would read as 0)" : ""))
        case .number(let v):
            switch type {
            case .number, .integer:
                if case .integer = type, v != v.rounded(.towardZero) {
                    return invalid("\(format(v))", index, &record, help: "it must be a whole number")
                }
                bind(number: v, shown: format(v), at: index, into: &record)
            case .text: setText(format(v), index, &record)
            case .enumeration, .boolean:
                invalid("the number \(format(v))", index, &record)
            }
        case .bool(let b):
            switch type {
            case .boolean: set(b ? 1 : 0, index, &record)
            case .text: setText(b ? "true" : "false", index, &record)
            default: invalid("`\(b)`", index, &record)
            }
        case .unsupported(let what):
            invalid(what, index, &record)
        }
    }

    /// The spellings a boolean field accepts, in any case.
    static func boolean(_ text: String) -> Bool? {
        switch text.trimmingSpaces.lowercased() {
        case "true", "yes", "1": true
        case "false", "no", "0": false
        default: nil
        }
    }

    func bind(text raw: String, at index: Int, into record: inout CaseRecord) {
        if case .text = type {
            if raw.isEmpty { record.states[index] = .missing } else { setText(raw, index, &record) }
            return
        }
        let text = raw.trimmingSpaces
        if text.isEmpty {
            record.states[index] = .missing
            return
        }
        switch type {
        case .enumeration(let values):
            if let i = values.firstIndex(of: text) {
                set(Double(i), index, &record)
            } else {
                invalid("`\(text)`", index, &record, help: Suggestions.closestValue(to: text, in: values).map { "did you mean `\($0)`?" })
            }
        case .number, .integer:
            switch DecimalText.parse(text) {
            case .number(let v, let whole):
                if case .integer = type {
                    guard whole else { return invalid("`\(text)`", index, &record, help: "it must be a whole number") }
                    guard abs(v) <= 9_007_199_254_740_992 else {
                        return invalid("`\(text)`", index, &record, help: "whole numbers beyond 2^53 cannot be held exactly")
                    }
                }
                bind(number: v, shown: "`\(text)`", at: index, into: &record)
            case .notANumber:
                invalid("`\(text)`", index, &record, help: DecimalText.hint(text))
            case .outOfRange(let why):
                invalid("`\(text)`", index, &record, help: why.replacing("`\(text)` is", with: "it is"))
            }
        case .boolean:
            if let b = Self.boolean(text) {
                set(b ? 1 : 0, index, &record)
            } else {
                invalid("`\(text)`", index, &record, help: "write true or false")
            }
        case .text:
            break
        }
    }

    private func bind(number v: Double, shown: @escaping @Sendable @autoclosure () -> String, at index: Int, into record: inout CaseRecord) {
        switch type {
        case .number(let lo, let hi), .integer(let lo, let hi):
            if let lo, v < lo { return invalid(shown(), index, &record, help: "it is below \(format(lo))") }
            if let hi, v > hi { return invalid(shown(), index, &record, help: "it is above \(format(hi))") }
            set(v, index, &record)
        default:
            break
        }
    }

    @inline(__always)
    private func set(_ v: Double, _ index: Int, _ record: inout CaseRecord) {
        record.values[index] = v
        record.states[index] = .present
    }

    private func setText(_ s: String, _ index: Int, _ record: inout CaseRecord) {
        record.setText(index, s)
        record.states[index] = .present
    }

    /// Marks the field invalid; the reason is worded when read (see `CaseRecord.Problem`).
    private func invalid(_ shown: @escaping @Sendable @autoclosure () -> String, _ index: Int, _ record: inout CaseRecord,
                         help: @escaping @Sendable @autoclosure () -> String? = nil) {
        record.states[index] = .invalid
        record.reasons[index] = CaseRecord.Problem { [self] in
            var reason = "\(shown()) is not a valid `\(name)`" + (column != name ? " (column `\(column)`)" : "") + " (\(type.summary))"
            if let help = help() { reason += "; \(help)" }
            return reason
        }
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs (Foundation-free).
    package var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}

/// Binds raw UTF-8 cells (CSV) without making strings on the common path: enum values are matched
/// byte for byte, plain decimals parsed directly. Anything unusual (spaces, exponents, invalid
/// values) takes `Field.bind(text:)`, so results and messages are identical either way.
public struct ByteBinder: Sendable {
    /// How a field's cells are read: plain values, so reading one retains nothing.
    private struct Plan: Sendable {
        enum Kind: UInt8, Sendable { case enumeration, number, boolean, text }
        var kind: Kind
        var low = -Double.infinity
        var high = Double.infinity
        var integer = false
        /// Enumerations: the first of the field's values in `values`, and how many.
        var firstValue = 0
        var valueCount = 0
    }

    /// An enumeration value: its first eight bytes as a word (`word(_:)`), its length, and where
    /// it starts in `valueBytes`; a cell is matched by one comparison of words, and the bytes
    /// past the eighth by `memcmp`.
    private struct Value: Sendable {
        var word: UInt64
        var count: Int
        var start: Int
    }

    private let fields: [Field]
    private let plans: [Plan]
    /// Every enumeration value of every field, in order.
    private let values: [Value]
    /// Their UTF-8, one after the other.
    private let valueBytes: [UInt8]
    /// `DecimalText.exactPowersOfTen`, held here so the per-cell path reads no global.
    private let powersOfTen = DecimalText.exactPowersOfTen

    public init(map: DecisionMap) {
        fields = map.model.fields
        var bytes: [UInt8] = []
        var values: [Value] = []
        plans = fields.map { field in
            switch field.type {
            case .enumeration(let names):
                let plan = Plan(kind: .enumeration, firstValue: values.count, valueCount: names.count)
                for name in names {
                    let utf8 = Array(name.utf8)
                    values.append(utf8.withUnsafeBufferPointer { Value(word: ByteBinder.word($0), count: $0.count, start: bytes.count) })
                    bytes += utf8
                }
                return plan
            case .number(let lo, let hi):
                return Plan(kind: .number, low: lo ?? -.infinity, high: hi ?? .infinity)
            case .integer(let lo, let hi):
                return Plan(kind: .number, low: lo ?? -.infinity, high: hi ?? .infinity, integer: true)
            case .boolean:
                return Plan(kind: .boolean)
            case .text:
                return Plan(kind: .text)
            }
        }
        self.values = values
        valueBytes = bytes
    }

    /// The plain values of one bind: the tables, as buffers.
    private struct Tables {
        let plans: UnsafeBufferPointer<Plan>
        let values: UnsafeBufferPointer<Value>
        let bytes: UnsafeBufferPointer<UInt8>
        let powersOfTen: UnsafeBufferPointer<Double>
    }

    private func withTables<R>(_ body: (Tables) -> R) -> R {
        plans.withUnsafeBufferPointer { plans in
            values.withUnsafeBufferPointer { values in
                valueBytes.withUnsafeBufferPointer { bytes in
                    powersOfTen.withUnsafeBufferPointer { powers in
                        body(Tables(plans: plans, values: values, bytes: bytes, powersOfTen: powers))
                    }
                }
            }
        }
    }

    /// Binds every field of a CSV record at once: field `f` reads the cell
    /// `row[bounds[2c]..<bounds[2c + 1]]` of column `c = columns[f]` (-1: no column, left as it
    /// is). The record's values and states are written through pointers, once per row; texts and
    /// unusual values are bound after the loop (`bindText`), so the result is the same as binding
    /// each cell with `bind(_:toField:in:)`. The bounds must lie within `row` (as the CSV scanner
    /// makes them): they are not checked, which is why this is not public.
    package func bind(row: UnsafeBufferPointer<UInt8>, bounds: UnsafeBufferPointer<Int>, columns: UnsafeBufferPointer<Int>,
                     into record: inout CaseRecord) {
        @inline(__always) func cell(_ f: Int) -> UnsafeBufferPointer<UInt8> {
            let c = columns[f]
            return UnsafeBufferPointer(start: row.baseAddress! + bounds[2 * c], count: bounds[2 * c + 1] - bounds[2 * c])
        }
        guard columns.count <= 64 else {
            for f in columns.indices where columns[f] >= 0 { bind(cell(f), toField: f, in: &record) }
            return
        }
        // The fields left for one-by-one binding.
        var slow: UInt64 = 0
        withTables { tables in
            record.values.withUnsafeMutableBufferPointer { values in
                record.states.withUnsafeMutableBufferPointer { states in
                    for f in 0..<columns.count where columns[f] >= 0 {
                        let bytes = cell(f)
                        if bytes.isEmpty {
                            states[f] = .missing
                            continue
                        }
                        if let value = plainValue(bytes, tables.plans[f], tables) {
                            values[f] = value
                            states[f] = .present
                        } else {
                            slow |= 1 << UInt64(f)
                        }
                    }
                }
            }
        }
        while slow != 0 {
            let f = slow.trailingZeroBitCount
            slow &= slow - 1
            bindText(cell(f), toField: f, in: &record)
        }
    }

    /// The value of a cell of an enumeration, number or boolean field written the usual way; nil
    /// for a text field and for anything unusual, which `bindText` reads.
    @inline(__always)
    private func plainValue(_ bytes: UnsafeBufferPointer<UInt8>, _ plan: Plan, _ tables: Tables) -> Double? {
        switch plan.kind {
        case .enumeration:
            return ByteBinder.enumerationValue(bytes, plan, tables).map(Double.init)
        case .number:
            guard let (v, decimals) = ByteBinder.parseDecimal(bytes, tables.powersOfTen), v >= plan.low, v <= plan.high,
                  !plan.integer || decimals == 0 || v == v.rounded(.towardZero) else { return nil }
            return v
        case .boolean:
            // The usual spellings, as written; anything else (other case, spaces) the slow way.
            return ByteBinder.boolean(bytes).map { $0 ? 1 : 0 }
        case .text:
            return nil
        }
    }

    /// Binds a non-empty cell `plainValue` did not read: a text, or a value as `Field.bind(text:)`
    /// reads it (with its problem when it is invalid).
    private func bindText(_ bytes: UnsafeBufferPointer<UInt8>, toField index: Int, in record: inout CaseRecord) {
        if plans[index].kind == .text {
            record.setText(index, bytes)
            record.states[index] = .present
        } else {
            fields[index].bind(text: String(decoding: bytes, as: UTF8.self), at: index, into: &record)
        }
    }

    /// The first eight bytes of `bytes` (fewer: zero-padded) as one word.
    @inline(__always)
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var word: UInt64 = 0
        for i in 0..<min(bytes.count, 8) { word |= UInt64(bytes[i]) << UInt64(8 * i) }
        return word
    }

    /// The index of an enumeration's value spelt exactly as `bytes`, if one is.
    @inline(__always)
    private static func enumerationValue(_ bytes: UnsafeBufferPointer<UInt8>, _ plan: Plan, _ tables: Tables) -> Int? {
        let word = word(bytes)
        for v in 0..<plan.valueCount {
            let value = tables.values[plan.firstValue + v]
            guard value.word == word, value.count == bytes.count else { continue }
            if bytes.count <= 8 || memcmp(tables.bytes.baseAddress! + value.start + 8, bytes.baseAddress! + 8, bytes.count - 8) == 0 {
                return v
            }
        }
        return nil
    }

    /// Sets field `index` of `record` from the cell's bytes; an empty cell is missing.
    @inline(__always)
    public func bind(_ bytes: UnsafeBufferPointer<UInt8>, toField index: Int, in record: inout CaseRecord) {
        if bytes.isEmpty {
            record.states[index] = .missing
            return
        }
        if let value = withTables({ plainValue(bytes, $0.plans[index], $0) }) {
            record.values[index] = value
            record.states[index] = .present
        } else {
            bindText(bytes, toField: index, in: &record)
        }
    }

    @inline(__always)
    private static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch bytes.count {
        case 1: return bytes[0] == 0x31 ? true : bytes[0] == 0x30 ? false : nil
        case 2: return bytes[0] == 0x6E && bytes[1] == 0x6F ? false : nil
        case 3: return bytes[0] == 0x79 && bytes[1] == 0x65 && bytes[2] == 0x73 ? true : nil
        case 4: return bytes[0] == 0x74 && bytes[1] == 0x72 && bytes[2] == 0x75 && bytes[3] == 0x65 ? true : nil
        case 5: return bytes[0] == 0x66 && bytes[1] == 0x61 && bytes[2] == 0x6C && bytes[3] == 0x73 && bytes[4] == 0x65 ? false : nil
        default: return nil
        }
    }

    /// Parses `-?digits(.digits)?` (a case of `DecimalText`'s grammar) exactly when the digits fit
    /// the fast path (at most 15 significant digits and 22 decimals: both operands exact, one
    /// correctly rounded division), with how many decimals it has; else nil, so the caller falls
    /// back to `Field.bind(text:)`.
    @inline(__always)
    static func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>, _ powersOfTen: UnsafeBufferPointer<Double>) -> (value: Double, decimals: Int)? {
        let n = bytes.count
        let negative = bytes[0] == UInt8(ascii: "-")
        var i = negative ? 1 : 0
        var mantissa: UInt64 = 0
        // Digits until the first that is not one; past 15 significant digits, the slow path.
        @inline(__always) func digits() -> Int? {
            let start = i
            while i < n {
                let d = bytes[i] &- 0x30
                if d > 9 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa >= 1_000_000_000_000_000 { return nil }
                i += 1
            }
            return i - start
        }
        guard let integerDigits = digits(), integerDigits > 0 else { return nil }
        var decimals = 0
        if i < n {
            guard bytes[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            guard let count = digits(), count > 0, i == n, count <= 22 else { return nil }
            decimals = count
        }
        var v = Double(mantissa)
        if decimals > 0 { v /= powersOfTen[decimals] }
        return (negative ? -v : v, decimals)
    }
}
