// Writing JSON: deterministic, byte-for-byte the same on every run and every machine.

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
