// The canonical formatter's model of a map: sections of rows, each row a list of cells
// (see Formatter.swift for how they are printed).

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
