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

// MARK: - Sections and rows

/// The sections in canonical order.
enum SectionKind: String, CaseIterable {
    case map, owners, inputs, conditions, segments, routes, escalate, inconsistent, uncertainty
    case missing, invalid, decide, fallback

    /// Whether a `##` description above the section's header is kept in the syntax tree.
    var headerHasDoc: Bool { [.map, .uncertainty, .decide, .fallback].contains(self) }
    /// Whether a `##` description above one of the section's items is kept in the syntax tree.
    var itemsHaveDoc: Bool { ![.map, .owners, .fallback].contains(self) }
    /// Sections that hold a list of items and may be written more than once.
    var isList: Bool { [.owners, .inputs, .conditions, .segments, .routes, .escalate, .inconsistent, .missing, .invalid].contains(self) }
}

/// One section as printed: a header line and rows of cells.
struct Block {
    var kind: SectionKind
    var header: String
    var doc: String?
    /// Where the header starts in the source (`map`, `uncertainty`, `decide`, `fallback`).
    var anchor: Int?
    var rows: [Row] = []
    /// How many leading cells of each row are padded to line up.
    var aligned = 1
}

struct Row {
    var cells: [String]
    var doc: String?
    var anchor: Anchor

    enum Anchor: Hashable {
        /// The item that starts at this source offset.
        case offset(Int)
        /// A `map` entry (`version`, `description`, `currency`, `ids`), which keeps no range.
        case entry(String)
    }
}

/// Builds the canonical blocks of a syntax tree. `spellings` gives the source spelling of numbers
/// that the syntax tree keeps only as values (ranges, costs, durations, capacities).
struct BlockBuilder {
    let syntax: MapSyntax
    let spellings: (Int) -> NumberSpellings

    func blocks(including present: Set<SectionKind> = []) -> [Block] {
        var blocks: [Block] = []
        func list(_ kind: SectionKind, _ rows: [Row], aligned: Int = 1) {
            guard !rows.isEmpty || present.contains(kind) else { return }
            blocks.append(Block(kind: kind, header: kind.rawValue, rows: rows, aligned: aligned))
        }
        if let h = syntax.header {
            var block = Block(kind: .map, header: "map " + quote(h.title), doc: h.doc, anchor: h.range.start)
            for (key, value) in [("version", h.version), ("description", h.description), ("currency", h.currency), ("ids", h.ids)] {
                if let value { block.rows.append(Row(cells: [key, quote(value)], anchor: .entry(key))) }
            }
            blocks.append(block)
        }
        list(.owners, syntax.owners.map { Row(cells: [$0.question.rawValue, quote($0.role)], anchor: .offset($0.range.start)) })
        list(.inputs, syntax.inputs.map(input))
        list(.conditions, syntax.conditions.map {
            Row(cells: [$0.name.text, "when " + $0.condition.text], doc: $0.doc, anchor: .offset($0.range.start))
        })
        list(.segments, syntax.segments.map {
            Row(cells: [$0.name.text, "risk " + $0.risk.rawValue, $0.condition.map { "when " + $0.text } ?? "otherwise"],
                doc: $0.doc, anchor: .offset($0.range.start))
        }, aligned: 2)
        list(.routes, syntax.routes.map(route), aligned: 6)
        list(.escalate, syntax.escalations.map { e in
            let s = spellings(e.range.start)
            return Row(cells: ["to " + e.target.text, "when " + e.condition.text, e.reason.map { "because " + quote($0) } ?? "",
                               e.sla.map { "sla " + duration($0, s.after("sla")) } ?? ""],
                       doc: e.doc, anchor: .offset(e.range.start))
        })
        list(.inconsistent, syntax.inconsistencies.map {
            Row(cells: ["when " + $0.condition.text, "-> " + $0.target.text, $0.reason.map { "because " + quote($0) } ?? ""],
                doc: $0.doc, anchor: .offset($0.range.start))
        }, aligned: 2)
        if let u = syntax.uncertainty {
            var block = Block(kind: .uncertainty, header: "uncertainty" + (u.field.map { " using " + $0.text } ?? ""),
                              doc: u.doc, anchor: u.range.start)
            block.rows = u.thresholds.map {
                Row(cells: [$0.segments.isEmpty ? "otherwise" : "in " + names($0.segments),
                            "below " + literal($0.below) + " -> " + $0.target.text],
                    doc: $0.doc, anchor: .offset($0.range.start))
            }
            blocks.append(block)
        }
        list(.missing, syntax.missing.map(policy))
        list(.invalid, syntax.invalid.map(policy))
        for table in syntax.tables {
            var block = Block(kind: .decide, header: "decide \(table.name.text) (\(table.policy.rawValue))"
                                + (table.segments.isEmpty ? "" : " in " + names(table.segments)),
                              doc: table.doc, anchor: table.range.start)
            block.rows = table.rules.map {
                Row(cells: [$0.condition.map { "when " + $0.text } ?? "otherwise", "-> " + $0.target.text],
                    doc: $0.doc, anchor: .offset($0.range.start))
            }
            blocks.append(block)
        }
        if let f = syntax.fallback {
            blocks.append(Block(kind: .fallback, header: "fallback -> " + f.target.text, doc: f.doc, anchor: f.range.start))
        }
        return blocks
    }

    private func input(_ i: InputDecl) -> Row {
        let s = spellings(i.range.start)
        var type: String
        switch i.type {
        case .enumeration(let values): type = "one of " + values.map(enumValue).joined(separator: ", ")
        case .number(let lo, let hi): type = "number" + range(lo, hi, s)
        case .integer(let lo, let hi): type = "integer" + range(lo, hi, s)
        case .boolean: type = "boolean"
        case .text: type = "text"
        }
        var modifiers = [type]
        if let unit = i.unit { modifiers.append("unit " + quote(unit)) }
        if i.optional { modifiers.append("optional") }
        if i.fromModel { modifiers.append("from model") }
        if let column = i.column { modifiers.append("column " + quote(column)) }
        return Row(cells: [i.name.text, modifiers.joined(separator: "  ")], doc: i.doc, anchor: .offset(i.range.start))
    }

    private func range(_ low: Double?, _ high: Double?, _ s: NumberSpellings) -> String {
        if low == nil && high == nil { return "" }
        return " " + (low.map { number($0, s.rangeLow) } ?? "") + ".." + (high.map { number($0, s.rangeHigh) } ?? "")
    }

    private func route(_ r: RouteDecl) -> Row {
        let s = spellings(r.range.start)
        let kind = switch r.kind {
        case .automated: "automated"
        case .team(let name): "team " + quote(name)
        case .escalation(let role): "escalation " + quote(role)
        }
        return Row(cells: [
            r.name.text, kind,
            r.handle.map { "handle " + duration($0, s.after("handle")) } ?? "",
            r.cost.map { "cost " + number($0, s.after("cost")) } ?? "",
            r.sla.map { "sla " + duration($0, s.after("sla")) } ?? "",
            r.capacity.map { "capacity " + number($0, s.after("capacity")) + " h/week" } ?? "",
            r.owner.map { "owner " + quote($0) } ?? "",
        ], doc: r.doc, anchor: .offset(r.range.start))
    }

    private func policy(_ p: PolicyDecl) -> Row {
        Row(cells: [p.fields.isEmpty ? "otherwise" : names(p.fields), "-> " + p.target.text], doc: p.doc,
            anchor: .offset(p.range.start))
    }

    private func names(_ names: [Name]) -> String { names.map(\.text).joined(separator: ", ") }

    private func duration(_ d: TimeSpan, _ spelling: String?) -> String {
        let value = number(d.value, spelling)
        return switch d.unit {
        case .seconds: value + " s"
        case .minutes: value + " min"
        case .hours: value + " h"
        case .days: value + (d.value == 1 ? " day" : " days")
        }
    }
}

/// Source spellings of the numbers of one item, read from its tokens.
struct NumberSpellings {
    var tokens: [Token] = []

    static let none = NumberSpellings()

    /// The number right after a keyword, as in `cost 0.20`.
    /// Attributes come after the name and the condition, so the last match is the attribute.
    func after(_ keyword: String) -> String? {
        guard let i = tokens.indices.dropLast().last(where: { tokens[$0].is(keyword) && tokens[$0 + 1].kind == .number })
        else { return nil }
        return tokens[i + 1].text
    }

    /// The low end of an input's range: a number right before `..`.
    var rangeLow: String? {
        guard let i = tokens.firstIndex(where: { $0.kind == .dotDot }), i > 0, tokens[i - 1].kind == .number else { return nil }
        return tokens[i - 1].text
    }

    /// The high end of an input's range: a number right after `..`.
    var rangeHigh: String? {
        guard let i = tokens.firstIndex(where: { $0.kind == .dotDot }), i + 1 < tokens.count,
              tokens[i + 1].kind == .number else { return nil }
        return tokens[i + 1].text
    }
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
private func enumValue(_ l: Literal) -> String {
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

// MARK: - Source layout

/// Where the comments and blank lines of a source file are, relative to its sections and items,
/// so they can travel with them when sections are put in canonical order.
struct SourceLayout {
    struct CommentLine {
        var text: String
        var blankBefore: Bool
    }

    /// A section header or an item (with its continuation lines).
    struct Unit {
        var start: Int
        var isHeader: Bool
        /// The first word: the section keyword for a header, the key of a `map` entry.
        var keyword: String
        var tokens: [Token]
        var section: Int
        /// Own-line comments above it, and those between its lines.
        var leading: [CommentLine] = []
        /// Comments at the end of its lines.
        var trailing: [String] = []
        /// Whether a blank line separates it (with its description) from what is above.
        var blankBefore = false
    }

    struct Section {
        var keyword: String
        var header: Int
        var items: [Int] = []
        /// Indented comments after the last item.
        var end: [CommentLine] = []
    }

    private(set) var units: [Unit] = []
    private(set) var sections: [Section] = []
    /// Comments at the top of the file, separated from the first section by a blank line.
    private(set) var fileHeader: [CommentLine] = []
    /// Comments in the first column after the last section.
    private(set) var fileTrailer: [CommentLine] = []
    private var unitAt: [Int: Int] = [:]

    init(_ source: SourceFile) {
        let lexer = Lexer(source)
        enum LineKind { case blank, comment(Comment), token(unit: Int, first: Bool) }
        var kinds = [LineKind](repeating: .blank, count: source.lineStarts.count)
        func lineIndex(_ offset: Int) -> Int { source.line(of: offset) - 1 }

        // Group lines into units exactly as the parser does.
        var itemIndent: Int?
        for line in lexer.lines {
            let index = lineIndex(line.range.start)
            if line.indent == 0 || sections.isEmpty {
                sections.append(Section(keyword: line.tokens[0].text, header: units.count))
                units.append(Unit(start: line.range.start, isHeader: true, keyword: line.tokens[0].text,
                                  tokens: line.tokens, section: sections.count - 1))
                itemIndent = nil
            } else if let indent = itemIndent, line.indent > indent, !sections[sections.count - 1].items.isEmpty {
                units[units.count - 1].tokens += line.tokens
                kinds[index] = .token(unit: units.count - 1, first: false)
                continue
            } else {
                itemIndent = line.indent
                sections[sections.count - 1].items.append(units.count)
                units.append(Unit(start: line.range.start, isHeader: false, keyword: line.tokens[0].text,
                                  tokens: line.tokens, section: sections.count - 1))
            }
            unitAt[line.range.start] = units.count - 1
            kinds[index] = .token(unit: units.count - 1, first: true)
        }
        for comment in lexer.comments {
            let index = lineIndex(comment.range.start)
            if comment.ownLine {
                kinds[index] = .comment(comment)
            } else if case .token(let unit, _) = kinds[index] {
                units[unit].trailing.append(trimmingTrailingSpace(comment.text))
            }
        }

        // Hand each own-line comment to the unit below it, the end of the section above it, or
        // the end of the file; drop the `##` lines the parser took as descriptions.
        var pending: [(line: CommentLine, indented: Bool)] = []
        var docRun: [Int] = []
        var blankBeforeDocRun = false
        var blank = false
        for kind in kinds {
            switch kind {
            case .blank:
                blank = true
                docRun = []
            case .comment(let c):
                let isDoc = c.text.hasPrefix("##")
                if isDoc && docRun.isEmpty { blankBeforeDocRun = blank }
                if isDoc { docRun.append(pending.count) }
                pending.append((CommentLine(text: trimmingTrailingSpace(c.text), blankBefore: blank),
                                source.location(of: c.range.start).column > 1))
                blank = false
            case .token(let u, let first):
                if first {
                    var unitBlank = blank
                    if hasDocSlot(units[u]), !docRun.isEmpty {
                        unitBlank = blankBeforeDocRun
                        let absorbed = Set(docRun)
                        pending = pending.enumerated().filter { !absorbed.contains($0.offset) }.map(\.element)
                    }
                    var rest = pending[...]
                    if units[u].isHeader, units[u].section > 0 {
                        let end = rest.prefix { $0.indented }
                        sections[units[u].section - 1].end += end.map(\.line)
                        rest = rest.dropFirst(end.count)
                    }
                    units[u].leading = rest.map(\.line)
                    units[u].blankBefore = unitBlank
                } else {
                    // Comments between the lines of a wrapped item go above it.
                    units[u].leading += pending.map { CommentLine(text: $0.line.text, blankBefore: false) }
                }
                pending = []
                docRun = []
                blank = false
            }
        }
        if !sections.isEmpty {
            let end = pending.prefix { $0.indented }
            sections[sections.count - 1].end += end.map(\.line)
            fileTrailer = pending.dropFirst(end.count).map(\.line)
        }
        if !units.isEmpty {
            // Comments at the top of the file that a blank line separates from the first section
            // stay at the top, whichever section comes first in canonical order.
            let leading = units[0].leading
            let breaks = leading.indices.dropFirst().filter { leading[$0].blankBefore } + (units[0].blankBefore ? [leading.count] : [])
            if let split = breaks.last, split > 0 {
                fileHeader = Array(leading[..<split])
                units[0].leading = Array(leading[split...])
                if !units[0].leading.isEmpty { units[0].leading[0].blankBefore = false } else { units[0].blankBefore = false }
            }
        }
    }

    private func hasDocSlot(_ unit: Unit) -> Bool {
        guard let kind = SectionKind(rawValue: sections[unit.section].keyword) else { return false }
        return unit.isHeader ? kind.headerHasDoc : kind.itemsHaveDoc
    }

    /// The sections the source writes, even empty ones, so their comments have a place.
    var presentKinds: Set<SectionKind> { Set(sections.compactMap { SectionKind(rawValue: $0.keyword) }) }

    func spellings(at offset: Int) -> NumberSpellings {
        unitAt[offset].map { NumberSpellings(tokens: units[$0].tokens) } ?? .none
    }

    /// The source sections a block is printed from, in source order.
    func parts(of block: Block) -> [Int] {
        sections.indices.filter { i in
            guard sections[i].keyword == block.kind.rawValue else { return false }
            return block.anchor.map { units[sections[i].header].start == $0 } ?? true
        }
    }
}
