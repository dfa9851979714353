import DecisionMap
import DecisionMapAnalysis

extension StaticDiff {
    /// The static diff as one self-contained page: the verdict first, the guards, then every change
    /// grouped by transition with its region, witness and, with a case file, how many of its cases
    /// fall in it. Like the simulation report: no script, nothing loaded, well-formed XML.
    ///
    /// - Parameters:
    ///   - old: how to name the old version (its file, or `FILE at REV`).
    ///   - new: how to name the new version.
    ///   - whatIf: what-ifs applied to the new version, in words.
    ///   - cases: per change, the cases of a file in its region; nil without a file.
    ///   - checks: the guards run, with the changes that break each.
    public func html(old: String, new: String, whatIf: [String] = [], cases: [Int]? = nil,
                     checks: [(Check, [Change])] = []) -> String {
        typealias Cell = HTML.Cell
        let title = "Diff of " + (oldTitle == newTitle ? newTitle : "\(oldTitle) → \(newTitle)")
        var body = HTML.element("header", [("id", "report-header")],
                                HTML.element("p", class: "kicker", "dmap static diff")
                                + HTML.element("h1", [], HTML.text(title))
                                + HTML.element("p", class: "meta", "Old " + HTML.code(old) + " · new " + HTML.code(new) + " · every case, not only a file's")
                                + (whatIf.isEmpty ? "" : HTML.element("div", [("id", "run-notes"), ("class", "callout note")],
                                                                      whatIf.map { HTML.element("p", [], "What-if (new): " + HTML.prose($0) + ".") }.joined())))
        let verdict = equivalent ? "callout ok" : exact ? "callout warn" : "callout note"
        body += HTML.element("section", [("id", "summary")], HTML.element("div", [("id", "verdict"), ("class", verdict)],
            HTML.element("p", [], HTML.element("b", [], HTML.text(summary)))
            + approximations.map { HTML.element("p", [], "Not exact: " + HTML.prose($0)) }.joined()
            + checks.map { check, violations in
                HTML.element("p", [], "Check " + HTML.code(check.rawValue) + ": "
                             + (!exact ? "failed: the analysis is approximate and proves nothing"
                                : violations.isEmpty ? "passed" : "failed: \(violations.count) \(violations.count == 1 ? "region breaks" : "regions break") it"))
            }.joined()))
        for (id, heading, list) in [("decisions", "Decision changes (route or outcome)", changes.indices.filter { !changes[$0].segmentOnly }),
                                    ("segments", "Segment changes (same route and outcome)", changes.indices.filter { changes[$0].segmentOnly })]
            where !list.isEmpty {
            let rows = list.map { i -> (cells: [Cell], style: String?) in
                let c = changes[i]
                var cells = [Cell(HTML.text(c.from.label) + HTML.element("span", class: "sub", "segment " + HTML.text(c.from.segment ?? "none")
                                                                         + (c.oldLines.isEmpty ? "" : " · line " + c.oldLines.map(String.init).joined(separator: ", ")))),
                             Cell(HTML.text(c.to.label) + HTML.element("span", class: "sub", "segment " + HTML.text(c.to.segment ?? "none")
                                                                       + (c.newLines.isEmpty ? "" : " · line " + c.newLines.map(String.init).joined(separator: ", ")))),
                             Cell(HTML.prose(c.region)),
                             Cell(c.witness.map { HTML.code(JSONValue.object($0).rendered()) } ?? "none confirmed")]
                if let cases { cells.append(.number(cases[i])) }
                return (cells, nil)
            }
            var header = [Cell("old version"), Cell("new version"), Cell("region"), Cell("witness (dmap route reproduces it)")]
            if cases != nil { header.append(Cell("cases in the file", style: "num")) }
            body += HTML.element("section", [("id", id)], HTML.element("h2", [], HTML.text(heading))
                                 + HTML.element("div", class: "scroll", HTML.table(header, rows, style: "data", id: id + "-table")))
        }
        let head = HTML.element("head", [], HTML.element("meta", [("charset", "utf-8")], "")
                                + HTML.element("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")], "")
                                + HTML.element("title", [], HTML.text(title)) + HTML.element("style", [], "\n" + HTML.css))
        return "<!DOCTYPE html>\n" + HTML.element("html", [("xmlns", "http://www.w3.org/1999/xhtml"), ("lang", "en")],
                                                  "\n" + head + "\n" + HTML.element("body", [], "\n" + body + "\n") + "\n") + "\n"
    }
}
