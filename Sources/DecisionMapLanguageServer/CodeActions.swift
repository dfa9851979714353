import DecisionMap
import DecisionMapAnalysis

/// Quick fixes: every suggested replacement the checker and parser attach to a diagnostic (the
/// did-you-means), and the skeletons lint's help texts describe, written into the map: an owner
/// or SLA on a route, an `otherwise` rule for a table with a gap, a missing-data policy line, an
/// ownership line.
enum CodeActions {
    struct Action {
        var title: String
        var finding: Finding
        /// Byte range and replacement, in the document's current text.
        var edits: [(SourceRange, String)]
    }

    static func actions(for findings: [Finding], in snapshot: Snapshot) -> [Action] {
        findings.flatMap { finding -> [Action] in
            let fixes = finding.diagnostic.fixIts.map { fix in
                Action(title: fix.range.start == fix.range.end ? "Insert `\(fix.replacement)`"
                           : "Change `\(snapshot.source.text(fix.range))` to `\(fix.replacement)`",
                       finding: finding, edits: [(fix.range, fix.replacement)])
            }
            return fixes + skeletons(finding, snapshot)
        }
    }

    private static func skeletons(_ finding: Finding, _ snapshot: Snapshot) -> [Action] {
        let syntax = snapshot.syntax
        let range = finding.diagnostic.range
        let person = syntax.routes.first { $0.kind.isHuman }?.name.text ?? "ROUTE"
        func insert(_ title: String, at offset: Int, _ text: String) -> [Action] {
            [Action(title: title, finding: finding, edits: [(SourceRange(start: offset, end: offset), text)])]
        }
        switch finding.id {
        case "route-without-owner":
            guard let route = syntax.routes.first(where: { $0.range == range }) else { return [] }
            return insert("Add an owner to `\(route.name.text)`", at: route.range.end, "  owner \"Role\"")
        case "route-without-sla":
            guard let route = syntax.routes.first(where: { $0.range == range }) else { return [] }
            return insert("Add an SLA to `\(route.name.text)`", at: route.range.end, "  sla 4h")
        case "no-rule-gap", "fallback-catches-gap":
            guard let table = syntax.tables.first(where: { $0.range.start == range.start }), let last = table.rules.last,
                  last.condition != nil else { return [] }
            return insert("Add `otherwise -> \(person)` to `\(table.name.text)`", at: last.range.end,
                          "\n" + indentation(of: last.range, snapshot) + "otherwise -> \(person)")
        case "missing-data-policy":
            guard let input = syntax.inputs.first(where: { $0.range == range }) else { return [] }
            let line = "\(input.name.text) -> \(person)"
            return appendItem("Add a missing-data policy for `\(input.name.text)`", line, section: "missing",
                              after: syntax.missing.last?.range, finding, snapshot)
        case "unanswered-ownership":
            let question = OwnershipQuestion.allCases.first { finding.diagnostic.message.hasSuffix("(`\($0.rawValue)`)") }
            guard let question else { return [] }
            return appendItem("Name an owner for \(question.question)", "\(question.rawValue) \"Role\"", section: "owners",
                              after: syntax.owners.last?.range, finding, snapshot)
        default:
            return []
        }
    }

    /// A new item at the end of a section, or the section with the item at the end of the map.
    private static func appendItem(_ title: String, _ item: String, section: String, after last: SourceRange?,
                                   _ finding: Finding, _ snapshot: Snapshot) -> [Action] {
        if let last {
            let offset = last.end
            return [Action(title: title, finding: finding,
                           edits: [(SourceRange(start: offset, end: offset), "\n" + indentation(of: last, snapshot) + item)])]
        }
        let bytes = snapshot.document.bytes
        let end = bytes.count
        let separator = end == 0 || bytes[end - 1] == UInt8(ascii: "\n") ? "" : "\n"
        return [Action(title: title, finding: finding,
                       edits: [(SourceRange(start: end, end: end), separator + "\n\(section)\n  \(item)\n")])]
    }

    private static func indentation(of range: SourceRange, _ snapshot: Snapshot) -> String {
        let text = snapshot.document.lineText(snapshot.document.line(of: range.start))
        return String(text.prefix { $0 == " " || $0 == "\t" })
    }
}
