/// The one grammar for numbers written as text: CSV cells, `--set` values and the numbers of a map.
///
///     number   = [sign] digits ["." digits] [exponent]
///     exponent = ("e" | "E") [sign] digits
///     sign     = "+" | "-"
///
/// Digits are ASCII `0`–`9`. Nothing else is a number: not `.5` or `5.`, not `0x1`, `inf` or
/// `nan`, not `1,5`, `1 000` or `1_000` (a map may group digits with `_`; the lexer removes them
/// before it gets here). The value is the double nearest to the decimal, as every JSON reader
/// does; a number too large for a double, or too small to be told apart from zero, is out of
/// range, never silently infinity or 0. JSON numbers follow JSON's grammar, which this one
/// contains.
package enum DecimalText {
    /// 10⁰ … 10²², the powers of ten a double holds exactly: a mantissa of at most 15 digits
    /// multiplied or divided by one is correctly rounded (Clinger's fast path).
    package static let exactPowersOfTen: [Double] = (0...22).map { n in (0..<n).reduce(1.0) { v, _ in v * 10 } }

    package enum Parsed: Equatable, Sendable {
        /// A number, and whether it is exactly a whole number (decided from the digits, so
        /// `1.0000000000000001` is not, though its nearest double is 1).
        case number(Double, whole: Bool)
        /// Not a number by the grammar (`hint` says what was probably meant).
        case notANumber
        /// A number that a double cannot hold: too large, or so small that it would read as 0.
        case outOfRange(String)
    }

    /// Parses `text` (already trimmed of surrounding spaces) by the grammar.
    package static func parse(_ text: some StringProtocol) -> Parsed {
        let bytes = Array(text.utf8)
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        let integerDigits = bytes[integerStart..<i]
        var fractionDigits = bytes[i..<i]
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            let start = i + 1
            var j = start
            while j < bytes.count, isDigit(bytes[j]) { j += 1 }
            fractionDigits = bytes[start..<j]
            i = j
            if fractionDigits.isEmpty || integerDigits.isEmpty { return .notANumber }
        }
        guard !integerDigits.isEmpty else { return .notANumber }
        var exponent = 0
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                negative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            while i < bytes.count, isDigit(bytes[i]) {
                // Saturate: an exponent this large is out of range whatever the digits.
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] - 0x30) }
                i += 1
            }
            guard i > start else { return .notANumber }
            if negative { exponent = -exponent }
        }
        guard i == bytes.count else { return .notANumber }

        let digits = Array(integerDigits) + Array(fractionDigits)
        let significant = digits.drop { $0 == UInt8(ascii: "0") }
        guard let value = Double(String(text)), value.isFinite else {
            return .outOfRange("`\(text)` is too large to represent")
        }
        if significant.isEmpty { return .number(value, whole: true) }
        if value == 0 { return .outOfRange("`\(text)` is too small to represent (it would read as 0)") }
        // value = digits × 10^(exponent − fraction digits); whole when the trailing zeros make up
        // for the places after the point.
        let trailingZeros = significant.reversed().prefix { $0 == UInt8(ascii: "0") }.count
        return .number(value, whole: exponent - fractionDigits.count + trailingZeros >= 0)
    }

    @inline(__always)
    private static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// What the writer of something that is not a number probably meant. Asked only when the
    /// words are shown: it tries a few rewritings of the text, each parsed (never hinted about in
    /// turn, which would take time exponential in the text's length).
    static func hint(_ text: String) -> String? {
        func isNumber(_ candidate: some StringProtocol) -> Bool {
            if case .number = parse(candidate) { return true }
            return false
        }
        let commas = text.count { $0 == "," }
        if commas == 1, !text.contains(".") {
            let decimal = text.replacing(",", with: ".")
            if isNumber(decimal) {
                // `12,500`: a decimal comma, or a thousands separator; say both.
                if text.split(separator: ",", omittingEmptySubsequences: false)[1].count == 3 {
                    return "use a decimal point (\(decimal)) and no thousands separator (\(text.replacing(",", with: "")))"
                }
                return "use a decimal point: \(decimal)"
            }
        }
        if commas > 0, isNumber(text.replacing(",", with: "")) {
            return "write it without thousands separators: \(text.replacing(",", with: ""))"
        }
        if text.first == ".", isNumber("0" + text) { return "write a digit before the point: 0\(text)" }
        if text.hasPrefix("-."), isNumber("-0" + text.dropFirst()) { return "write a digit before the point: -0\(text.dropFirst())" }
        if text.last == ".", isNumber(text.dropLast()) { return "write it without the final point: \(text.dropLast())" }
        let lower = text.lowercased()
        if lower.hasPrefix("0x") || lower.hasPrefix("-0x") { return "write the number in decimal" }
        if ["inf", "-inf", "+inf", "infinity", "-infinity", "nan"].contains(lower) {
            return "give a finite number, or leave the value empty if it is missing"
        }
        let compact = text.filter { $0 != "_" && $0 != " " }
        if compact != text, isNumber(compact) { return "write it without separators: \(compact)" }
        // `12 EUR`, `$12`, `12%`: the number without its decoration.
        let bare = text.drop { "$€£¥".contains($0) }.prefix { $0 != " " && $0 != "%" }
        if bare != Substring(text), isNumber(bare) { return "write the number only, without units or symbols: \(bare)" }
        return nil
    }
}
