/// Builds a `MapSyntax` from source text. Never stops at the first error: a bad item is reported
/// and skipped, and parsing resumes at the next item or section, so one run reports every error.
public enum Parser {
    /// The deepest nesting of parentheses and `not` a condition may have.
    static let maximumNesting = 64
    /// After this many errors the rest are summarised, so a garbage file stays readable and cheap.
    static let maximumErrors = 200

    /// Parses a map. The syntax tree is as complete as the errors allow.
    public static func parse(_ source: SourceFile) -> (syntax: MapSyntax, diagnostics: [Diagnostic]) {
        let result = parseRecovering(source)
        return (result.syntax, result.diagnostics)
    }

    /// Parses a map and also returns the names declared by items that failed to parse, so the
    /// checker does not report references to them as undefined.
    package static func parseRecovering(_ source: SourceFile) -> (syntax: MapSyntax, diagnostics: [Diagnostic], recovered: Set<String>) {
        let lexer = Lexer(source)
        var parser = MapParser(lines: lexer.lines, endOfFile: source.bytes.count)
        parser.syntax.comments = lexer.comments
        parser.diagnostics = lexer.diagnostics
        if lexer.lines.isEmpty && lexer.diagnostics.isEmpty {
            parser.diagnostics.append(Diagnostic(
                "empty-map", .error, "map is empty", at: SourceRange(start: 0, end: 0),
                help: "a map starts with a header such as `map \"Customer case triage\"`"))
        } else {
            parser.parseFile()
        }
        // An unterminated string swallows the rest of its line, so other syntax errors on that
        // line are consequences; show only the cause.
        let brokenLines = Set(lexer.diagnostics.filter { $0.id == "unterminated-string" }.map { source.line(of: $0.range.start) })
        var diagnostics = parser.diagnostics.filter {
            $0.id != "syntax" || !brokenLines.contains(source.line(of: $0.range.start))
        }.sorted { $0.range.start < $1.range.start }
        if diagnostics.count > maximumErrors {
            let hidden = diagnostics.count - maximumErrors
            diagnostics = Array(diagnostics.prefix(maximumErrors))
            diagnostics.append(Diagnostic(
                "too-many-errors", .error, "\(hidden) more errors not shown",
                at: diagnostics.last!.range))
        }
        return (parser.syntax, diagnostics, parser.recoveredNames)
    }
}

/// An item that could not be parsed; the diagnostic is already recorded.
struct ParseFailure: Error {}

/// The tokens of one item (a line plus its continuation lines).
struct Item {
    var tokens: [Token]
    var doc: String?
    var range: SourceRange
}

let reservedWords: Set<String> = [
    "and", "or", "not", "is", "in", "between", "missing", "present", "true", "false",
    "otherwise", "when", "segment", "contains",
]

let sectionKeywords = [
    "map", "owners", "inputs", "conditions", "segments", "routes", "escalate", "inconsistent",
    "uncertainty", "missing", "invalid", "decide", "fallback",
]

/// The settings of the map header, indented under `map "Title"`.
let headerSettings: Set<String> = ["version", "description", "currency", "ids"]

struct MapParser {
    let lines: [LexedLine]
    let endOfFile: Int
    var syntax = MapSyntax()
    var diagnostics: [Diagnostic] = []
    /// Names declared by items that failed to parse.
    var recoveredNames: Set<String> = []

    init(lines: [LexedLine], endOfFile: Int) {
        self.lines = lines
        self.endOfFile = endOfFile
    }

    mutating func parseFile() {
        var index = 0
        while index < lines.count {
            let header = lines[index]
            index += 1
            var items: [Item] = []
            var itemIndent: Int?
            while index < lines.count, lines[index].indent > 0 {
                let line = lines[index]
                index += 1
                if let indent = itemIndent, line.indent > indent, !items.isEmpty {
                    items[items.count - 1].tokens += line.tokens
                    items[items.count - 1].range = items[items.count - 1].range.union(line.range)
                    continue
                }
                itemIndent = line.indent
                items.append(Item(tokens: line.tokens, doc: line.doc, range: line.range))
            }
            if header.indent > 0 {
                diagnostics.append(Diagnostic(
                    "syntax", .error, "expected a section such as `inputs` or `routes` before this indented line",
                    at: header.range, help: "section headers start in the first column"))
                continue
            }
            parseSection(Item(tokens: header.tokens, doc: header.doc, range: header.range), items)
        }
        if syntax.header == nil, let first = lines.first {
            diagnostics.append(Diagnostic(
                "missing-header", .error, "map has no `map` header",
                at: SourceRange(start: first.range.start, end: first.range.start),
                help: "start the file with `map \"Title\"`"))
        }
    }

    mutating func parseSection(_ header: Item, _ items: [Item]) {
        var cursor = Cursor(header.tokens, end: header.range.end)
        let keyword = cursor.peek!
        var section = keyword.text
        if keyword.kind != .name || !sectionKeywords.contains(keyword.text) {
            if keyword.kind == .name, headerSettings.contains(keyword.text) {
                diagnostics.append(Diagnostic(
                    "unknown-section", .error, "`\(keyword.text)` belongs to the map header", at: keyword.range,
                    help: "indent it under `map \"Title\"`, before the first section"))
                return
            }
            guard keyword.kind == .name, let guess = Suggestions.closest(to: keyword.text, in: sectionKeywords) else {
                diagnostics.append(Diagnostic("unknown-section", .error, "unknown section `\(keyword.text)`", at: keyword.range,
                                              help: "sections are: " + sectionKeywords.map { "`\($0)`" }.joined(separator: ", ")))
                return
            }
            // A misspelt header is still read as the section it was meant to be, so its items are
            // declared and one typo gives one error, not one per later use of what it declares.
            diagnostics.append(Diagnostic("unknown-section", .error, "unknown section `\(keyword.text)`", at: keyword.range,
                                          help: "did you mean `\(guess)`?", fixIts: [.init(range: keyword.range, replacement: guess)]))
            section = guess
        }
        cursor.advance()
        do {
            switch section {
            case "map": try parseMap(&cursor, header, items)
            case "owners": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseOwner(&c, item) }
            case "inputs": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseInput(&c, item) }
            case "conditions": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseNamedCondition(&c, item) }
            case "segments": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseSegment(&c, item) }
            case "routes": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseRoute(&c, item) }
            case "escalate": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseEscalation(&c, item) }
            case "inconsistent": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseInconsistency(&c, item) }
            case "uncertainty": try parseUncertainty(&cursor, header, items)
            case "missing":
                try endOfHeader(&cursor)
                each(items) { p, c, item throws(ParseFailure) in p.syntax.missing.append(try p.parsePolicy(&c, item)) }
            case "invalid":
                try endOfHeader(&cursor)
                each(items) { p, c, item throws(ParseFailure) in p.syntax.invalid.append(try p.parsePolicy(&c, item)) }
            case "decide": try parseTable(&cursor, header, items)
            case "fallback": try parseFallback(&cursor, header, items)
            default: break
            }
        } catch {
            // The header was malformed and already reported; its items are skipped with it.
            if header.tokens.count > 1, header.tokens[1].kind == .name { recoveredNames.insert(header.tokens[1].text) }
        }
    }

    /// Parses each item with `body`; a failing item is skipped, the rest continue.
    mutating func each(_ items: [Item], _ body: (inout MapParser, inout Cursor, Item) throws(ParseFailure) -> Void) {
        for item in items {
            var cursor = Cursor(item.tokens, end: item.range.end)
            do {
                try body(&self, &cursor, item)
                try finish(&cursor)
            } catch {
                if let first = item.tokens.first, first.kind == .name { recoveredNames.insert(first.text) }
            }
        }
    }

    // MARK: Errors

    mutating func fail(_ range: SourceRange, _ message: String, help: String? = nil,
                       note: Diagnostic.Note? = nil, fixIts: [Diagnostic.FixIt] = []) -> ParseFailure {
        diagnostics.append(Diagnostic("syntax", .error, message, at: range, notes: note.map { [$0] } ?? [],
                                      help: help, fixIts: fixIts))
        return ParseFailure()
    }

    mutating func fail(_ range: SourceRange, _ message: String, suggest word: String, from candidates: [String],
                       otherwise: String? = nil) -> ParseFailure {
        if let guess = Suggestions.closest(to: word, in: candidates) {
            return fail(range, message, help: "did you mean `\(guess)`?", fixIts: [.init(range: range, replacement: guess)])
        }
        return fail(range, message, help: otherwise)
    }

    /// An error at the current token, or just past the end of the item when the item ran out.
    mutating func failHere(_ c: Cursor, _ message: String, help: String? = nil,
                           note: Diagnostic.Note? = nil) -> ParseFailure {
        if let t = c.peek {
            let found = t.kind == .string ? "\"\(t.text)\"" : t.text
            return fail(t.range, "\(message), found `\(found)`", help: help, note: note)
        }
        return fail(SourceRange(start: c.end, end: c.end), "\(message) at the end of the line", help: help, note: note)
    }
}

struct Cursor {
    let tokens: [Token]
    var position = 0
    /// Where the item ends, for errors about something missing at its end.
    let end: Int

    init(_ tokens: [Token], end: Int) {
        self.tokens = tokens
        self.end = end
    }

    var peek: Token? { position < tokens.count ? tokens[position] : nil }

    mutating func advance() { position += 1 }

    mutating func accept(_ kind: Token.Kind) -> Token? {
        guard let t = peek, t.kind == kind else { return nil }
        position += 1
        return t
    }

    mutating func acceptWord(_ word: String) -> Token? {
        guard let t = peek, t.is(word) else { return nil }
        position += 1
        return t
    }
}

/// A number as people write it: `12`, not `12.0`.
package func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}
