/// Prints maps as canonical `.dmap` text: what `dmap fmt` writes, and what a map built in Swift
/// looks like as a file.
///
/// The canonical form, one rule each:
/// - Sections in a fixed order: `map`, `owners`, `inputs`, `conditions`, `segments`, `routes`,
///   `escalate`, `inconsistent`, `uncertainty`, `missing`, `invalid`, the `decide` tables (in
///   their order), `fallback`. A section written several times (two `inputs` blocks) becomes one.
/// - One blank line between sections; items indented by two spaces, one item per line (a wrapped
///   item is joined); blank lines between items are kept, several in a row become one.
/// - Items are rows of cells separated by two spaces. In each section the leading cells (the name;
///   for segments also the risk, for routes every attribute but the owner, for inconsistencies
///   the route) are padded to the widest in the section, so what follows lines up.
/// - Fixed spellings: `(first)` written out, `is missing` / `is present`, durations as
///   `30 min`, `4 h`, `1 day`, `2 days`, `90 s`, input modifiers in the order `unit`, `optional`,
///   `from model`, `column`; map entries in the order `version`, `description`, `currency`, `ids`.
/// - Numbers keep the spelling they were written with (`10_000`, `0.20`); numbers without one
///   (built in Swift) are written in their shortest form.
/// - Parentheses the author wrote are kept; others are added only where the structure needs them.
/// - `##` descriptions stand right above their item. Comments stay with the item below them, or at
///   the end of their section or file; a comment after an item stays at the end of its line.
///
/// Formatting changes only layout: parsing the output gives a map equal to the input (`==`, which
/// ignores source ranges), and formatting the output again gives the same text.
public enum MapFormatter {
    /// Formats a map's source text, keeping its comments.
    ///
    /// - Parameter source: the map as written.
    /// - Returns: the canonical text, or nil when the map has syntax errors (a map that does not
    ///   parse is never rewritten); and the parser's diagnostics. Name and type errors found by
    ///   the checker do not stop formatting.
    public static func format(_ source: SourceFile) -> (text: String?, diagnostics: [Diagnostic]) {
        let (syntax, diagnostics) = Parser.parse(source)
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        let layout = SourceLayout(source)
        return (Printer(syntax, layout: layout).text, diagnostics)
    }
}

extension MapSyntax {
    /// The map as canonical `.dmap` text. Comments are not part of the syntax tree's meaning and
    /// are not printed; to keep them, format the source with `MapFormatter.format(_:)`.
    ///
    /// Parsing the text gives back an equal `MapSyntax` for any tree the parser could have
    /// produced. A tree built by hand that nests `and`/`or` directly, without `.group`, is printed
    /// with the parentheses its meaning needs, and parses back with `.group` nodes there.
    public func formatted() -> String { Printer(self, layout: nil).text }
}

extension Condition {
    /// The condition as it is written in a map, with only the parentheses it needs.
    public var text: String { ConditionPrinter.text(self, .top) }
}

// MARK: - Pieces

/// A number in its source spelling when that spelling denotes it, else in its shortest form.
func number(_ value: Double, _ spelling: String?) -> String {
    if let spelling, isNumberSpelling(spelling), Double(String(spelling.filter { $0 != "_" })) == value {
        return spelling
    }
    return format(value)
}

/// Whether a spelling is one the lexer reads as a single number token.
private func isNumberSpelling(_ s: String) -> Bool {
    guard let first = s.utf8.first, isDigit(first) || first == UInt8(ascii: "-") else { return false }
    return s.utf8.allSatisfy { isDigit($0) || "._eE+-".utf8.contains($0) }
}

func literal(_ l: Literal) -> String {
    switch l.value {
    case .number(let v): number(v, l.spelling)
    case .word(let w): quoteIfNeeded(w)
    case .string(let s): quote(s)
    case .bool(let b): b ? "true" : "false"
    }
}

/// An enum value: a bare word if it can be one, else in quotes.
func enumValue(_ l: Literal) -> String {
    switch l.value {
    case .string(let s): quote(s)
    default: literal(l)
    }
}

/// Whether a word can be written without quotes: a name that is not a reserved word.
func isBareWord(_ w: String) -> Bool {
    let bytes = Array(w.utf8)
    guard let first = bytes.first, isNameStart(first), bytes.allSatisfy(isNameContinue) else { return false }
    return !reservedWords.contains(w)
}

/// A string in double quotes, with the escapes the lexer reads.
func quote(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default: out.unicodeScalars.append(c)
        }
    }
    return out + "\""
}

enum ConditionPrinter {
    /// Where a condition stands, which decides whether it needs parentheses.
    enum Context { case top, orOperand, andOperand, notOperand }

    static func text(_ c: Condition, _ context: Context) -> String {
        switch c.kind {
        case .or(let operands):
            if operands.count == 1 { return text(operands[0], context) }
            let s = operands.map { text($0, .orOperand) }.joined(separator: " or ")
            return context == .top ? s : "(" + s + ")"
        case .and(let operands):
            if operands.count == 1 { return text(operands[0], context) }
            let s = operands.map { text($0, .andOperand) }.joined(separator: " and ")
            return context == .top || context == .orOperand ? s : "(" + s + ")"
        case .not(let operand):
            return "not " + text(operand, .notOperand)
        case .group(let inner):
            return "(" + text(inner, .top) + ")"
        case .compare(let field, let op, let value):
            return "\(field.text) \(op.rawValue) \(literal(value))"
        case .is(let field, let negated, let value):
            return "\(field.text) is \(negated ? "not " : "")\(literal(value))"
        case .missing(let field, let negated):
            return "\(field.text) is \(negated ? "present" : "missing")"
        case .in(let field, let negated, let values):
            return "\(field.text) \(negated ? "not " : "")in (\(values.map(literal).joined(separator: ", ")))"
        case .between(let field, let negated, let low, let high):
            return "\(field.text) \(negated ? "not " : "")between \(literal(low)) and \(literal(high))"
        case .contains(let field, let value):
            return "\(field.text) contains \(value.text.map(quote) ?? literal(value))"
        case .reference(let name):
            return name.text
        case .segment(let negated, let names, let list):
            if list || names.count != 1 {
                return "segment \(negated ? "not " : "")in (\(names.map(\.text).joined(separator: ", ")))"
            }
            return "segment is \(negated ? "not " : "")\(names[0].text)"
        }
    }
}

// MARK: - Printing

/// Lays out the blocks of a syntax tree, with the comments and blank lines of the source when
/// there is one.
struct Printer {
    let syntax: MapSyntax
    let layout: SourceLayout?

    init(_ syntax: MapSyntax, layout: SourceLayout?) {
        self.syntax = syntax
        self.layout = layout
    }

    var text: String {
        var out = Output()
        let builder = BlockBuilder(syntax: syntax, spellings: { offset in layout?.spellings(at: offset) ?? .none })
        let blocks = builder.blocks(including: layout?.presentKinds ?? [])
        if let layout {
            out.comments(layout.fileHeader, indent: "")
            if !layout.fileHeader.isEmpty { out.sectionBreak() }
        }
        for (i, block) in blocks.enumerated() {
            if i > 0 { out.sectionBreak() }
            layOut(block, into: &out)
        }
        if let layout {
            out.endSection()
            out.comments(layout.fileTrailer, indent: "")
        }
        return out.text
    }

    private func layOut(_ block: Block, into out: inout Output) {
        let rendered = Self.render(block)
        let parts = layout?.parts(of: block) ?? []
        // The header, with the comments of the first source section's header.
        if let header = parts.first.map({ layout!.units[layout!.sections[$0].header] }) {
            out.comments(header.leading, indent: "")
            out.comments(header.trailing.dropLast().map { .init(text: $0, blankBefore: false) }, indent: "")
            out.docs(block.doc, indent: "", blankBefore: header.blankBefore)
            out.line(block.header + (header.trailing.last.map { "  " + $0 } ?? ""), .code(docSlot: block.kind.headerHasDoc),
                     blankBefore: header.blankBefore && block.doc == nil)
        } else {
            out.docs(block.doc, indent: "", blankBefore: false)
            out.line(block.header, .code(docSlot: block.kind.headerHasDoc))
        }
        out.startSection()
        guard let layout, !parts.isEmpty else {
            for (row, text) in zip(block.rows, rendered) {
                out.docs(row.doc, indent: "  ", blankBefore: false)
                out.line("  " + text, .code(docSlot: block.kind.itemsHaveDoc))
            }
            return
        }
        var printed = Set<Int>()
        func emit(_ index: Int, _ unit: SourceLayout.Unit?, forceBlank: Bool) {
            printed.insert(index)
            let row = block.rows[index]
            // Comments above the item, then the comments that trailed its continuation lines, then
            // its description and the item itself.
            var comments = unit?.leading ?? []
            comments += (unit?.trailing.dropLast() ?? []).map { .init(text: $0, blankBefore: false) }
            var blank = unit?.blankBefore ?? false
            if forceBlank {
                if comments.isEmpty { blank = true } else { comments[0].blankBefore = true }
            }
            out.comments(comments, indent: "  ")
            out.docs(row.doc, indent: "  ", blankBefore: blank)
            let trailing = unit?.trailing.last.map { "  " + $0 } ?? ""
            out.line("  " + rendered[index] + trailing, .code(docSlot: block.kind.itemsHaveDoc), blankBefore: blank && row.doc == nil)
        }
        let rowIndex = Dictionary(block.rows.indices.map { (block.rows[$0].anchor, $0) }, uniquingKeysWith: { a, _ in a })
        var leftover: [SourceLayout.CommentLine] = []
        if block.kind == .map {
            // Map entries are printed in canonical order, each with the comments of the line that
            // set it; a repeated entry's comments go to the end of the section.
            let units = layout.sections[parts[0]].items.map { layout.units[$0] }
            var used = Set<Int>()
            for (index, row) in block.rows.enumerated() {
                guard case .entry(let key) = row.anchor, let u = units.indices.first(where: { units[$0].keyword == key }) else {
                    emit(index, nil, forceBlank: false)
                    continue
                }
                used.insert(u)
                emit(index, units[u], forceBlank: false)
            }
            for (u, unit) in units.enumerated() where !used.contains(u) {
                leftover += unit.leading + unit.trailing.map { .init(text: $0, blankBefore: false) }
            }
        } else {
            for (k, part) in parts.enumerated() {
                let section = layout.sections[part]
                var forceBlank = false
                if k > 0 {
                    // A section written again: its header goes, its comments stay where it was.
                    let header = layout.units[section.header]
                    let comments = header.leading + header.trailing.map { .init(text: $0, blankBefore: false) }
                    if let first = comments.first {
                        out.comments([.init(text: first.text, blankBefore: true)] + comments.dropFirst(), indent: "  ")
                    } else {
                        forceBlank = true
                    }
                }
                for u in section.items {
                    let unit = layout.units[u]
                    if let index = rowIndex[.offset(unit.start)], !printed.contains(index) {
                        emit(index, unit, forceBlank: forceBlank)
                    } else {
                        out.comments(unit.leading + unit.trailing.map { .init(text: $0, blankBefore: false) }, indent: "  ")
                    }
                    forceBlank = false
                }
                out.comments(section.end, indent: "  ")
            }
        }
        for index in block.rows.indices where !printed.contains(index) { emit(index, nil, forceBlank: false) }
        out.comments(leftover + (block.kind == .map ? layout.sections[parts[0]].end : []), indent: "  ")
    }

    /// The widest cell that is padded to line up with the others: a longer one (a condition of a
    /// thousand terms) is written as it is, and neither pads the others nor is padded, so
    /// formatting never multiplies a map's size.
    static let alignmentLimit = 100

    /// The rows of a block as text, with the leading cells padded to line up.
    static func render(_ block: Block) -> [String] {
        let rows = block.rows.map { row -> [String] in
            var cells = row.cells
            while let last = cells.last, last.isEmpty, cells.count > 1 { cells.removeLast() }
            return cells
        }
        var widths = [Int](repeating: 0, count: block.aligned)
        for cells in rows {
            for (i, cell) in cells.prefix(block.aligned).enumerated() where cell.count <= alignmentLimit {
                widths[i] = max(widths[i], cell.count)
            }
        }
        return rows.map { cells in
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                if i < block.aligned {
                    if widths[i] == 0 && cell.isEmpty { continue }
                    let last = i == cells.count - 1
                    parts.append(last || cell.count >= widths[i] ? cell : cell + String(repeating: " ", count: widths[i] - cell.count))
                } else if !cell.isEmpty {
                    parts.append(cell)
                }
            }
            return parts.joined(separator: "  ")
        }
    }
}

/// The printed lines, with what each is, so blank lines and stray descriptions can be handled.
struct Output {
    enum Kind: Equatable {
        case blank, comment, doc
        /// A header or item; `docSlot` when the syntax tree keeps a description for it.
        case code(docSlot: Bool)
    }

    private var lines: [(text: String, kind: Kind)] = []
    /// Set at the start of a section's body and of the file, where blank lines are dropped.
    private var atStart = true

    mutating func sectionBreak() {
        lines.append(("", .blank))
        atStart = true
    }

    mutating func startSection() { atStart = true }

    mutating func endSection() { atStart = false }

    mutating func line(_ text: String, _ kind: Kind, blankBefore: Bool = false) {
        if blankBefore, !atStart, lines.last?.kind != .blank { lines.append(("", .blank)) }
        lines.append((trimmingTrailingSpace(text), kind))
        atStart = false
    }

    mutating func comments(_ comments: [SourceLayout.CommentLine], indent: String) {
        for c in comments { line(indent + c.text, .comment, blankBefore: c.blankBefore) }
    }

    mutating func docs(_ doc: String?, indent: String, blankBefore: Bool) {
        guard let doc else { return }
        for (i, text) in doc.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            line(indent + (text.isEmpty ? "##" : "## " + text), .doc, blankBefore: i == 0 && blankBefore)
        }
    }

    var text: String {
        var result = lines
        // A `##` comment that is not a description would become the description of an item right
        // below it; a blank line after it keeps it a comment.
        var i = 0
        while i < result.count {
            if case .code(docSlot: true) = result[i].kind {
                var j = i - 1
                while j >= 0, result[j].kind == .comment || result[j].kind == .doc {
                    if result[j].kind == .comment, result[j].text.trimmingSpaces.hasPrefix("##") {
                        result.insert(("", .blank), at: j + 1)
                        i += 1
                        break
                    }
                    j -= 1
                }
            }
            i += 1
        }
        while result.last?.kind == .blank { result.removeLast() }
        return result.map(\.text).joined(separator: "\n") + "\n"
    }
}

func trimmingTrailingSpace(_ s: String) -> String {
    var s = Substring(s)
    while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
    return String(s)
}
