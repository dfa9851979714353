// What the formatter keeps from the source: comments, blank lines and number spellings, by
// position (see Formatter.swift).

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
