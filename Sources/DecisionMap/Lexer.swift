/// Turns source bytes into lines of tokens. The language is line-oriented: a line's indentation
/// says whether it starts a section, an item, or continues the item above, so the lexer keeps
/// lines apart and the parser groups them.

struct Token: Sendable {
    enum Kind: UInt8, Sendable {
        case name, string, number
        case leftParen, rightParen, comma, arrow, dotDot, slash
        case less, lessOrEqual, greater, greaterOrEqual, equal, notEqual
    }

    var kind: Kind
    var range: SourceRange
    /// Names: the name; strings: the decoded value; other tokens: the source text.
    var text: String
    /// Numbers: the value.
    var number: Double = 0

    func `is`(_ word: String) -> Bool { kind == .name && text == word }
}

/// One physical line with at least one token.
struct LexedLine: Sendable {
    var indent: Int
    var tokens: [Token]
    /// The text of the `##` lines right above it, joined by newlines.
    var doc: String?
    var range: SourceRange
}

struct Lexer {
    /// Maps larger than this are refused up front, so a runaway file costs bounded time and memory.
    static let maximumSourceSize = 8 << 20

    private let bytes: [UInt8]
    private(set) var lines: [LexedLine] = []
    private(set) var comments: [Comment] = []
    private(set) var diagnostics: [Diagnostic] = []

    init(_ source: SourceFile) {
        bytes = source.bytes
        guard checkEncoding() else { return }
        lexLines()
    }

    /// Refuses binary, non-UTF-8 and oversized input with one diagnostic instead of thousands.
    private mutating func checkEncoding() -> Bool {
        if bytes.count > Lexer.maximumSourceSize {
            diagnostics.append(Diagnostic(
                "file-too-large", .error,
                "map is \(bytes.count) bytes; the limit is \(Lexer.maximumSourceSize) bytes",
                at: SourceRange(start: 0, end: 0),
                help: "a decision map is a document people read; split very large rule sets into several maps"))
            return false
        }
        if let nul = bytes.firstIndex(of: 0) {
            diagnostics.append(Diagnostic(
                "binary-file", .error, "file contains a NUL byte; is it a binary file?",
                at: SourceRange(start: nul, end: nul + 1)))
            return false
        }
        if let bad = firstInvalidUTF8(bytes) {
            diagnostics.append(Diagnostic(
                "invalid-utf8", .error, "invalid UTF-8 byte sequence",
                at: SourceRange(start: bad, end: bad + 1),
                help: "save the file as UTF-8"))
            return false
        }
        return true
    }

    private mutating func lexLines() {
        var i = 0
        var pendingDoc: [String] = []
        var pendingDocStart: Int?
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count {
            let lineStart = i
            var indent = 0
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 {
                indent += 1
                i += 1
            }
            var tokens: [Token] = []
            var lineDoc: String?
            while i < bytes.count, bytes[i] != 0x0A {
                let b = bytes[i]
                if b == 0x20 || b == 0x09 || b == 0x0D {
                    i += 1
                } else if b == UInt8(ascii: "#") {
                    let start = i
                    while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                    var end = i
                    if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                    let text = String(decoding: bytes[start..<end], as: UTF8.self)
                    if tokens.isEmpty, text.hasPrefix("##") {
                        let body = text.dropFirst(2)
                        lineDoc = String(body.hasPrefix(" ") ? body.dropFirst() : body)
                    }
                    comments.append(Comment(text: text, ownLine: tokens.isEmpty,
                                            range: SourceRange(start: start, end: end)))
                } else {
                    if let token = lexToken(&i) { tokens.append(token) }
                }
            }
            let lineEnd = i
            if i < bytes.count { i += 1 }
            if let doc = lineDoc {
                if pendingDocStart == nil { pendingDocStart = lineStart }
                pendingDoc.append(doc)
                continue
            }
            if tokens.isEmpty {
                // A blank line ends a run of `##` lines that describe nothing; a plain comment does not.
                if !pendingDoc.isEmpty, isBlank(lineStart, lineEnd) {
                    pendingDoc = []
                    pendingDocStart = nil
                }
                continue
            }
            lines.append(LexedLine(
                indent: indent, tokens: tokens,
                doc: pendingDoc.isEmpty ? nil : pendingDoc.joined(separator: "\n"),
                // The line's range ends at its last token, so a trailing comment is not part of the
                // item (traces and reports quote items without their comments).
                range: SourceRange(start: lineStart + indent, end: tokens.last!.range.end)))
            pendingDoc = []
            pendingDocStart = nil
        }
    }

    private func isBlank(_ start: Int, _ end: Int) -> Bool {
        bytes[start..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    private mutating func lexToken(_ i: inout Int) -> Token? {
        let start = i
        let b = bytes[i]
        func single(_ kind: Token.Kind, _ length: Int = 1) -> Token {
            i += length
            return Token(kind: kind, range: SourceRange(start: start, end: i),
                         text: String(decoding: bytes[start..<i], as: UTF8.self))
        }
        let next: UInt8 = i + 1 < bytes.count ? bytes[i + 1] : 0
        switch b {
        case UInt8(ascii: "("): return single(.leftParen)
        case UInt8(ascii: ")"): return single(.rightParen)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: "/"): return single(.slash)
        case UInt8(ascii: "<"): return next == UInt8(ascii: "=") ? single(.lessOrEqual, 2) : single(.less)
        case UInt8(ascii: ">"): return next == UInt8(ascii: "=") ? single(.greaterOrEqual, 2) : single(.greater)
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") {
                diagnostics.append(Diagnostic(
                    "syntax", .error, "`==` is not an operator", at: SourceRange(start: i, end: i + 2),
                    help: "write `is` (or `=`) to compare",
                    fixIts: [.init(range: SourceRange(start: i, end: i + 2), replacement: "is")]))
                return single(.equal, 2)
            }
            return single(.equal)
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { return single(.notEqual, 2) }
        case UInt8(ascii: "-"):
            if next == UInt8(ascii: ">") { return single(.arrow, 2) }
            if isDigit(next) { return lexNumber(&i) }
        case UInt8(ascii: "."):
            if next == UInt8(ascii: ".") { return single(.dotDot, 2) }
        case UInt8(ascii: "\""):
            return lexString(&i)
        default:
            if isDigit(b) { return lexNumber(&i) }
            if isNameStart(b) {
                while i < bytes.count, isNameContinue(bytes[i]) { i += 1 }
                return Token(kind: .name, range: SourceRange(start: start, end: i),
                             text: String(decoding: bytes[start..<i], as: UTF8.self))
            }
        }
        // Skip one whole character, not one byte, so the caret sits under it.
        i += 1
        while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
        let character = String(decoding: bytes[start..<i], as: UTF8.self)
        var help: String?
        switch character {
        case "&": help = "write `and`"
        case "|": help = "write `or`"
        case "!": help = "write `not`"
        case "'": help = "strings use double quotes: \"…\""
        case "{", "}", "[", "]": help = "lists are written in parentheses: `in (a, b)`"
        default: break
        }
        diagnostics.append(Diagnostic("syntax", .error, "unexpected character `\(character)`",
                                      at: SourceRange(start: start, end: i), help: help))
        return nil
    }

    private mutating func lexNumber(_ i: inout Int) -> Token {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits() {
            while i < bytes.count, isDigit(bytes[i]) || (bytes[i] == UInt8(ascii: "_") && i + 1 < bytes.count && isDigit(bytes[i + 1])) {
                i += 1
            }
        }
        digits()
        // `0..1` is a range, not the number `0.` followed by `.1`.
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "."), isDigit(bytes[i + 1]) {
            i += 1
            digits()
        }
        if i + 1 < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "-") || bytes[j] == UInt8(ascii: "+") { j += 1 }
            if j < bytes.count, isDigit(bytes[j]) {
                i = j
                digits()
            }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        let range = SourceRange(start: start, end: i)
        var value = 0.0
        switch DecimalText.parse(text.filter { $0 != "_" }) {
        case .number(let v, _):
            value = v
        case .outOfRange(let why):
            diagnostics.append(Diagnostic("syntax", .error, "number " + why, at: range))
        case .notANumber:
            // The scan above only takes the grammar's shapes.
            diagnostics.append(Diagnostic("syntax", .error, "`\(text)` is not a number", at: range))
        }
        return Token(kind: .number, range: range, text: text, number: value)
    }

    private mutating func lexString(_ i: inout Int) -> Token {
        let start = i
        i += 1
        var value: [UInt8] = []
        while i < bytes.count, bytes[i] != 0x0A, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                let escaped = bytes[i + 1]
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    value.append(escaped)
                case UInt8(ascii: "n"):
                    value.append(0x0A)
                case UInt8(ascii: "t"):
                    value.append(0x09)
                default:
                    diagnostics.append(Diagnostic(
                        "syntax", .error, "unknown escape `\\\(Character(Unicode.Scalar(escaped)))` in string",
                        at: SourceRange(start: i, end: i + 2), help: "the escapes are \\\", \\\\, \\n and \\t"))
                    value.append(escaped)
                }
                i += 2
                continue
            }
            value.append(bytes[i])
            i += 1
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            i += 1
        } else {
            var end = i
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            diagnostics.append(Diagnostic(
                "unterminated-string", .error, "unterminated string",
                at: SourceRange(start: start, end: end), help: "add a closing `\"` on the same line"))
        }
        return Token(kind: .string, range: SourceRange(start: start, end: i),
                     text: String(decoding: value, as: UTF8.self))
    }
}

@inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
@inline(__always) func isNameStart(_ b: UInt8) -> Bool {
    (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == UInt8(ascii: "_") || b >= 0x80
}
@inline(__always) func isNameContinue(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) }

/// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var i = 0
    let n = bytes.count
    while i < n {
        let b = bytes[i]
        if b < 0x80 { i += 1; continue }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return i
        }
        guard i + length <= n else { return i }
        guard bytes[i + 1] >= low, bytes[i + 1] <= high else { return i }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
        i += length
    }
    return nil
}
