/// One case, bound to a map's fields: a flat array of numbers (enum values as indices, booleans as
/// 0 or 1) plus a state per field. The router reads nothing else, so routing never touches names
/// or strings, except for `text` fields.
public struct CaseRecord: Sendable {
    public enum State: UInt8, Sendable {
        case present, missing, invalid
    }

    public var values: [Double]
    public var states: [State]
    /// The value of each `text` field; empty for other fields.
    public var texts: [String]
    /// Why a field is invalid, for traces and reports; only set for invalid fields.
    public var problems: [Int: String] = [:]

    /// A case with every field missing.
    public init(fieldCount: Int) {
        values = [Double](repeating: 0, count: fieldCount)
        states = [State](repeating: .missing, count: fieldCount)
        texts = [String](repeating: "", count: fieldCount)
    }

    /// Marks every field missing again, keeping the storage, so a simulator can reuse one record.
    public mutating func reset() {
        for i in states.indices { states[i] = .missing }
        if !problems.isEmpty { problems.removeAll(keepingCapacity: true) }
    }
}

/// A value as it arrives from outside: a CSV cell, a JSON value, a `--set` argument, a Swift value.
public enum CaseValue: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    case missing
    case text(String)
    case number(Double)
    case bool(Bool)
    /// A value of a kind no field can hold (a JSON array or object), with a short description.
    case unsupported(String)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .missing }
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
        case .number(let v):
            switch type {
            case .number, .integer: bind(number: v, at: index, into: &record)
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
                invalid("`\(text)`", index, &record, suggestion: Suggestions.closest(to: text, in: values))
            }
        case .number, .integer:
            if let v = Double(text), v.isFinite {
                bind(number: v, at: index, into: &record)
            } else {
                invalid("`\(text)`", index, &record)
            }
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1": set(1, index, &record)
            case "false", "no", "0": set(0, index, &record)
            default: invalid("`\(text)`", index, &record)
            }
        case .text:
            break
        }
    }

    private func bind(number v: Double, at index: Int, into record: inout CaseRecord) {
        switch type {
        case .number(let lo, let hi), .integer(let lo, let hi):
            if case .integer = type, v != v.rounded(.towardZero) {
                return invalid("\(format(v))", index, &record)
            }
            if let lo, v < lo { return invalid("\(format(v))", index, &record) }
            if let hi, v > hi { return invalid("\(format(v))", index, &record) }
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
        record.texts[index] = s
        record.states[index] = .present
    }

    private func invalid(_ shown: String, _ index: Int, _ record: inout CaseRecord, suggestion: String? = nil) {
        record.states[index] = .invalid
        var reason = "\(shown) is not a valid `\(name)` (\(type.summary))"
        if let suggestion { reason += "; did you mean `\(suggestion)`?" }
        record.problems[index] = reason
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs (Foundation-free).
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
