import DecisionMap
import DecisionMapSimulation

extension SimulationReport {
    /// The report as one self-contained HTML page for the business owner: headline numbers, the
    /// route and outcome charts, segments by route, the gaps with their examples and map lines,
    /// rule coverage, data quality, workload against capacity, agreement with `--expect`,
    /// rejected rows and the map's diagram.
    ///
    /// Every figure comes from this report, the value `--format json` and the text report
    /// render; the page computes none of its own. It has no script and loads nothing: the CSS and
    /// the SVG pictures are inline. It is HTML5 written so that it is also well-formed XML, and the
    /// same report gives the same bytes.
    ///
    /// - Parameter graph: the map's diagram for the last section, "The map"; nil leaves it out.
    /// - Returns: the page, starting with `<!DOCTYPE html>`.
    public func html(graph: MapGraph?) -> String {
        ReportPage(report: self, graph: graph).render()
    }
}

/// The sections of the HTML report, top to bottom. Each returns its markup.
struct ReportPage {
    let report: SimulationReport
    let graph: MapGraph?

    private typealias Cell = HTML.Cell

    func render() -> String {
        let r = report
        let title = "Simulation of " + r.title
        var sections: [(id: String, title: String, html: String)] = r.sweeps.isEmpty ? [] : [("thresholds", "Choosing a threshold", sweeps())]
        sections += [
            ("routes", "Where cases go", routes()),
            ("segments", "Segments", segments()),
            ("high-risk", "High risk", highRisk()),
            ("gaps", "Gaps", gaps()),
            ("coverage", "Rule coverage", coverage()),
            ("data-quality", "Data quality", dataQuality()),
            ("workload", "Workload", workload()),
        ]
        if r.agreement != nil { sections.append(("agreement", "Agreement", agreement())) }
        sections.append(("rejects", "Rejected rows", rejects()))
        if graph != nil { sections.append(("map", "The map", map())) }

        let head = HTML.element("head", [], """

            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="dmap simulate"/>
            \(HTML.element("title", [], HTML.text(title)))
            \(HTML.element("style", [], "\n" + HTML.css))

            """)
        let contents = HTML.element("nav", [("class", "contents"), ("aria-label", "Contents")],
                                    sections.map { HTML.element("a", [("href", "#" + $0.id)], HTML.text($0.title)) }.joined(separator: " "))
        let body = HTML.element("body", [], "\n" + header() + "\n" + contents + "\n" + summary() + "\n"
                                    + sections.map(\.html).joined(separator: "\n") + "\n" + footer() + "\n")
        return "<!DOCTYPE html>\n" + HTML.element("html", [("xmlns", "http://www.w3.org/1999/xhtml"), ("lang", "en")],
                                                  "\n" + head + "\n" + body + "\n") + "\n"
    }

    // MARK: Sections

    /// A section of the page; a `part` starts a new page when printed, the others are kept whole.
    func section(_ id: String, _ title: String, lead: String, part: Bool = false, _ content: String) -> String {
        HTML.element("section", [("id", id), ("class", part ? "part" : "keep")],
                     "\n" + HTML.element("h2", [], HTML.text(title)) + "\n" + HTML.element("p", class: "lead", lead) + "\n" + content + "\n")
    }

    private func header() -> String {
        let r = report
        var meta = "Map " + HTML.code(r.mapFile) + " · cases " + HTML.code(r.source)
        if let perWeek = r.casesPerWeek { meta += " · workload scaled to " + weekly(perWeek) + " cases per week" }
        if let a = r.agreement { meta += " · compared with column " + HTML.code(a.column) }
        meta += " · " + (r.columns.id.map { "case ids from column " + HTML.code($0) } ?? "no id column: cases are named by row number")
        // What makes this run differ from the map and file as they are: said before any number.
        let notes = r.columns.allowedMissing.map { field in
            "Input " + HTML.code(field) + " has no column in the file (" + HTML.code("--allow-missing-column") + "): every case lacks it."
        } + r.whatIf.map { "What-if: " + HTML.prose($0) + "." }
        return HTML.element("header", [("id", "report-header")],
                            HTML.element("p", class: "kicker", "dmap simulation report")
                            + HTML.element("h1", [], HTML.text(r.title) + (r.version.map { HTML.element("span", class: "version", "version " + HTML.text($0)) } ?? ""))
                            + HTML.element("p", class: "meta", meta)
                            + (notes.isEmpty ? "" : HTML.element("div", [("id", "run-notes"), ("class", "callout note")],
                                                                 notes.map { HTML.element("p", [], $0) }.joined())))
    }

    private func summary() -> String {
        let r = report
        func card(_ label: String, _ figure: String, _ note: String, _ tone: String) -> String {
            HTML.element("div", class: "card " + tone, HTML.element("div", class: "label", HTML.text(label))
                         + HTML.element("div", class: "figure", figure) + HTML.element("div", class: "note", note))
        }
        var cards = [
            card("Cases read", n(r.read), "\(n(r.routed)) routed + \(n(r.undecided)) gaps + \(n(r.rejected)) rejected",
                 r.rejected > 0 ? "bad" : "info"),
            card("Automation", HTML.text(percent(r.automationRate)),
                 "\(n(r.automated)) of the \(counted(r.evaluated, "evaluated case")) (read − rejected) end on an automated route", "good"),
        ]
        let human = r.humanTotal
        let overloaded = r.workload.filter(\.overloaded)
        if let weekly = human.weeklyHours {
            cards.append(card("Human work / week", HTML.text(fixed(weekly)) + " <small>h</small>",
                              "capacity \(HTML.text(format(human.capacity))) h · "
                                  + (overloaded.isEmpty ? "no route overloaded" : counted(overloaded.count, "route") + " overloaded"),
                              overloaded.isEmpty ? "good" : "bad"))
        } else {
            cards.append(card("Human hours", HTML.text(fixed(human.hours)) + " <small>h</small>",
                              (human.cases == 0 ? "no case of this file goes to people" : "for the " + counted(human.cases, "case") + " of this file that go to people")
                                  + "; add " + HTML.code("--per-week N") + " for hours per week", "info"))
        }
        let caught = r.caughtByFallback > 0 ? ", \(n(r.caughtByFallback)) more caught by the fallback" : ""
        cards.append(card("Gaps", n(r.undecided) + " <small>" + HTML.text(percent(r.share(r.undecided))) + "</small>",
                          (r.undecided == 0 ? "every case got a route" : "of the evaluated cases got no route") + caught,
                          r.undecided + r.caughtByFallback > 0 ? "bad" : "good"))
        if let a = r.agreement {
            cards.append(card("Agreement", HTML.text(percent(a.rate)), "\(n(a.agreed)) of \(n(a.compared)) cases agree with "
                                  + HTML.code(a.column), a.agreed == a.compared ? "good" : "info"))
        }
        return HTML.element("section", [("id", "summary")], recommendations() + HTML.element("div", class: "cards", cards.joined()) + attention())
    }

    /// What a reader should look at first: one line per kind of problem, linked to its section.
    private func attention() -> String {
        let r = report
        func link(_ id: String, _ title: String) -> String { " " + HTML.element("a", [("href", "#" + id)], "→ " + title) }
        var items: [String] = []
        if r.undecided > 0 {
            items.append(HTML.element("b", [], counted(r.undecided, "case") + " (\(percent(r.share(r.undecided))))") + " got no route: "
                         + r.gaps.filter { $0.cases > 0 }.map { n($0.cases) + " " + HTML.text($0.kind.rawValue) }.joined(separator: ", ")
                         + "." + link("gaps", "Gaps"))
        }
        let unattended = r.automatedHighRisk.filter { $0.cases > 0 }
        if !unattended.isEmpty {
            items.append(HTML.element("b", [], counted(unattended.reduce(0) { $0 + $1.cases }, "case"))
                         + " of high-risk segments were finished by automation with no person: "
                         + unattended.map { HTML.text($0.segment) + " " + n($0.cases) }.joined(separator: ", ") + "." + link("high-risk", "High risk"))
        }
        if r.caughtByFallback > 0 {
            items.append(HTML.element("b", [], counted(r.caughtByFallback, "case")) + " reached the fallback: defined, but not decided by the map."
                         + link("gaps", "Gaps"))
        }
        let overloaded = r.workload.filter(\.overloaded)
        if !overloaded.isEmpty {
            items.append(HTML.element("b", [], counted(overloaded.count, "route")) + " would need more hours than they have: "
                         + overloaded.map { HTML.code($0.route) + " " + HTML.text("\(fixed($0.weeklyHours!)) of \(format($0.capacity!)) h/week") }
                             .joined(separator: ", ") + "." + link("workload", "Workload"))
        }
        let unowned = r.workload.filter { $0.kind.isHuman && $0.owner == nil }
        if !unowned.isEmpty {
            items.append(HTML.element("b", [], "No owner") + " answers for " + unowned.map { HTML.code($0.route) }.joined(separator: ", ") + "."
                         + link("workload", "Workload"))
        }
        let idle = r.routes.filter { $0.name != nil && $0.cases == 0 }
        if !idle.isEmpty {
            items.append(HTML.element("b", [], counted(idle.count, "route")) + " received no case: "
                         + idle.map { HTML.code($0.name!) }.joined(separator: ", ") + "." + link("routes", "Where cases go"))
        }
        let never = r.neverFired
        if !never.isEmpty {
            items.append(HTML.element("b", [], counted(never.count, "line")) + " of the map never fired: "
                         + (never.count == 1 ? "line " : "lines ") + never.map { String($0.line) }.joined(separator: ", ") + "."
                         + link("coverage", "Rule coverage"))
        }
        if let a = r.agreement, a.disagreementCount > 0 {
            items.append(HTML.element("b", [], "\(n(a.disagreementCount)) of \(n(a.compared)) cases") + " went elsewhere than "
                         + HTML.code(a.column) + " says." + link("agreement", "Agreement"))
        }
        if let a = r.agreement, !a.unknownExpected.isEmpty {
            items.append(HTML.element("b", [], counted(a.unknownExpected.count, "expected value")) + " in " + HTML.code(a.column)
                         + (a.unknownExpected.count == 1 ? " names" : " name") + " no route of the map: " + a.unknownExpected.map { u in
                             HTML.code(u.label) + (u.suggestion.map { " (did you mean " + HTML.code($0) + "?)" } ?? "")
                         }.joined(separator: ", ") + "." + link("agreement", "Agreement"))
        }
        if r.rejected > 0 {
            items.append(HTML.element("b", [], counted(r.rejected, "row")) + " of the case file could not be read." + link("rejects", "Rejected rows"))
        }
        if r.swallowed > 0 {
            items.append(HTML.element("b", [], counted(r.swallowed, "row")) + " of the case file " + (r.swallowed == 1 ? "holds" : "hold")
                         + " a quoted field that spans lines which look like rows: is a quote missing? "
                         + r.swallowedExamples.prefix(5).map { "row \($0.reference.row) (lines \($0.line)–\($0.lastLine))" }.joined(separator: ", ")
                         + (r.swallowed > 5 ? ", …" : "") + ".")
        }
        guard !items.isEmpty else {
            return HTML.element("div", [("id", "attention"), ("class", "callout ok")], HTML.element("p", [],
                "Nothing stands out: every row was read, the map decided every case, every route received cases, every line of the map fired"
                + (r.casesPerWeek == nil ? "" : ", no route is over capacity") + " and every human route has an owner."))
        }
        // Red when work would have nowhere to go or nobody to do it; amber for things to review.
        let serious = r.undecided > 0 || r.rejected > 0 || r.swallowed > 0 || r.workload.contains(where: \.overloaded)
        return HTML.element("div", [("id", "attention"), ("class", serious ? "callout warn" : "callout note")],
                            HTML.element("h3", [], "Look at these first") + HTML.element("ul", [], items.map { HTML.element("li", [], $0) }.joined()))
    }

    private func routes() -> String {
        let r = report
        let routeBars = r.routes.map { line in
            HTML.Bar(label: line.name ?? SimulationReport.noRoute, value: Double(line.cases),
                     valueText: "\(n(line.cases)) · \(percent(r.share(line.cases)))", style: kindStyle(line.kind),
                     tooltip: (line.name ?? "no route (gap)") + (line.kind.map { " (\(describe($0)))" } ?? "")
                         + ": \(counted(line.cases, "case")), \(percent(r.share(line.cases))) of evaluated cases")
        }
        let outcomeBars = r.outcomes.map { o in
            HTML.Bar(label: o.outcome.rawValue, value: Double(o.cases), valueText: "\(n(o.cases)) · \(percent(r.share(o.cases)))",
                     style: o.outcome == .escalated ? "escalated" : o.outcome.rawValue,
                     tooltip: "\(o.outcome.rawValue): \(counted(o.cases, "case")), \(percent(r.share(o.cases))) of evaluated cases")
        }
        let routesFigure = HTML.element("figure", [],
            HTML.element("figcaption", [], "Cases by route")
            + HTML.barChart(id: "chart-routes", title: "Cases by route", routeBars)
            + HTML.legend([("automated", "automated"), ("team", "team"), ("escalation", "escalation"), ("gap", SimulationReport.noRoute + ": no route (gap)")]))
        let outcomesFigure = HTML.element("figure", [],
            HTML.element("figcaption", [], "Why they went there (outcome)")
            + HTML.barChart(id: "chart-outcomes", title: "Cases by outcome", outcomeBars)
            + HTML.legend([("decided", "a rule"), ("escalated", "mandatory escalation"), ("review", "low confidence"),
                           ("data-policy", "data policy"), ("fallback", "fallback"), ("gap", "no answer")]))
        return section("routes", "Where cases go",
                       lead: "Every evaluated case, by the route the map chose and by why it went there. Shares are of the \(counted(r.evaluated, "evaluated case")) (read − rejected).",
                       HTML.element("div", class: "grid2", routesFigure + outcomesFigure))
    }

    private func segments() -> String {
        let r = report
        let shownSegments = r.segments.indices.filter { $0 < r.segments.count - 1 || r.segments[$0].cases > 0 }
        let shownRoutes = r.routes.indices.filter { r.routes[$0].cases > 0 }
        let header = [Cell("route \\ segment", style: "corner")] + shownSegments.map { s in
            let segment = r.segments[s]
            return Cell(HTML.text(segment.name ?? SimulationReport.noRoute)
                        + HTML.element("span", class: "sub", (segment.risk.map { riskTag($0) + " " } ?? "")
                                       + counted(segment.cases, "case") + (segment.line.map { " · line \($0)" } ?? "")), style: "num")
        }
        let rows = shownRoutes.map { route -> (cells: [Cell], style: String?) in
            let line = r.routes[route]
            let palette = kindStyle(line.kind)
            let cells = shownSegments.map { s -> Cell in
                let count = r.routeBySegment[route][s]
                let segment = r.segments[s]
                return Cell(n(count), style: HTML.heat(count, of: segment.cases, palette: palette),
                            tooltip: "\(n(count)) of the \(counted(segment.cases, "case")) of \(segment.name ?? "no segment") went to \(line.name ?? "no route (gap)")")
            }
            return ([Cell(routeLabel(line))] + cells, nil)
        }
        return section("segments", "Segments × routes",
                       lead: "Where each risk segment's cases went. Each column adds up to the segment's cases; the darker the cell, the larger its part of the column. Check that risky work goes where you expect.",
                       HTML.table(header, rows, style: "data heat-table", id: "route-by-segment"))
    }

    /// Cases of high- and critical-risk segments that automation finished with no person.
    private func highRisk() -> String {
        let r = report
        let lead = "Cases of high- and critical-risk segments that an automated route finished (outcome decided or fallback): no escalation, review or data policy put a person in the loop. "
            + HTML.code("dmap lint") + " shows the regions of the map where this can happen (" + HTML.code("high-risk-automated") + ")."
        guard !r.automatedHighRisk.isEmpty else {
            return section("high-risk", "High risk, no person", lead: lead,
                           HTML.element("div", class: "callout ok", HTML.element("p", [], "The map has no high- or critical-risk segment.")))
        }
        let rows = r.automatedHighRisk.map { line -> (cells: [Cell], style: String?) in
            ([Cell(HTML.text(line.segment) + " " + riskTag(line.risk)), .number(line.cases), Cell(HTML.text(percent(r.share(line.cases))), style: "num"),
              Cell(line.examples.map { HTML.code($0.id) }.joined(separator: ", ") + (line.cases > line.examples.count ? ", …" : ""))],
             nil)
        }
        let total = r.automatedHighRisk.reduce(0) { $0 + $1.cases }
        let callout = total == 0
            ? HTML.element("div", class: "callout ok", HTML.element("p", [], "A person saw every case of a high- or critical-risk segment in this file."))
            : HTML.element("div", class: "callout warn", HTML.element("p", [], counted(total, "case") + " of high-risk segments were finished by automation with no person."))
        return section("high-risk", "High risk, no person", lead: lead,
                       callout + HTML.table([Cell("segment"), Cell("cases", style: "num"), Cell("share", style: "num"), Cell("examples")], rows,
                                            style: "data", id: "high-risk-table"))
    }

    private func gaps() -> String {
        let r = report
        let found = r.gaps.filter { $0.cases > 0 }
        guard !found.isEmpty else {
            return section("gaps", "Gaps", lead: "Cases the map leaves undecided.", part: true,
                           HTML.element("div", class: "callout ok", HTML.element("p", [], "No gaps: the map decided every case in this file.")))
        }
        let articles = found.map(gapCard)
        let lead = "Cases for which the map has no answer, by kind: \(n(r.undecided)) without any route"
            + (r.caughtByFallback > 0 ? ", \(n(r.caughtByFallback)) caught by the fallback" : "")
            + ". In production nobody would know what to do with them. Each kind shows where the map stopped, with the map's line numbers."
        return section("gaps", "Gaps", lead: HTML.text(lead), part: true, articles.joined(separator: "\n"))
    }


    /// One gap kind: what it means, where the gaps are, the map lines where the map stopped for the
    /// examples, and the examples.
    private func gapCard(_ gap: SimulationReport.GapLine) -> String {
        let r = report
        var facts: [(String, String)] = []
        facts.append(("What it means", HTML.prose(Self.gapMeaning[gap.kind]!.meaning)))
        facts.append(("Usual fix", HTML.prose(Self.gapMeaning[gap.kind]!.fix)))
        facts.append(("By segment", gap.bySegment.map { s in
            let line = s.segment.flatMap { name in r.segments.first { $0.name == name }?.line }
            return HTML.text(s.segment ?? SimulationReport.noRoute + " (no segment)") + (line.map { " (line \($0))" } ?? "") + " " + HTML.element("b", [], n(s.cases))
        }.joined(separator: " · ")))
        if !gap.byField.isEmpty {
            facts.append(("By field", gap.byField.map { HTML.code($0.field) + " " + HTML.element("b", [], n($0.cases)) }.joined(separator: " · ")))
        }
        var lines: [TraceStep] = []
        for step in gap.examples.flatMap(\.steps) where !lines.contains(step) { lines.append(step) }
        if !lines.isEmpty {
            facts.append(("Map lines", lines.sorted { ($0.line ?? 0) < ($1.line ?? 0) }.map(stepText).joined(separator: "<br/>")))
        }
        // One reason for every example is said once, above the table, instead of on every row.
        let reasons = gap.examples.map(\.reason)
        let sameReason = reasons.allSatisfy { $0 == reasons.first }
        if sameReason, let reason = reasons.first { facts.append(("Why", HTML.prose(reason))) }
        if gap.caughtByFallback > 0 {
            facts.append(("Fallback", "\(n(gap.caughtByFallback)) of these cases were caught by the fallback: they have a route, but the map did not decide them"))
        }
        let dl = HTML.element("dl", class: "facts", facts.map { HTML.element("dt", [], HTML.text($0.0)) + HTML.element("dd", [], $0.1) }.joined())
        let rows = gap.examples.map { e -> (cells: [Cell], style: String?) in
            ([Cell(HTML.code(e.reference.id)), .number(String(e.reference.row)), Cell(HTML.text(e.reference.segment ?? SimulationReport.noRoute)),
              Cell(e.steps.map(stepText).joined(separator: "<br/>"))]
                + (sameReason ? [] : [Cell(HTML.prose(e.reason))]), nil)
        }
        let examples = HTML.table([Cell("case"), Cell("row", style: "num"), Cell("segment"), Cell("where the map stopped")]
                                      + (sameReason ? [] : [Cell("why")]), rows, style: "data examples")
        let more = gap.cases > gap.examples.count
            ? "The first \(n(gap.examples.count)) of \(n(gap.cases)) cases are listed; " + HTML.code("--examples N") + " lists more, "
                + HTML.code("--decisions FILE") + " writes every case with its gap kind. "
            : ""
        let reproduce = gap.examples.first.flatMap { r.reproduce($0.reference) }
        let hint = HTML.element("p", class: "hint", more + (reproduce.map { "To follow the first case step by step, run " + HTML.code($0) + "." }
                                    ?? "To follow one case step by step, give its values to " + HTML.code("dmap route") + "."))
        return HTML.element("article", [("class", "gap"), ("id", "gap-" + gap.kind.rawValue)],
                            HTML.element("h3", [], HTML.element("span", class: "tag gap", HTML.text(gap.kind.rawValue)) + " "
                                         + HTML.element("span", class: "count", counted(gap.cases, "case")) + " · "
                                         + HTML.text(percent(r.share(gap.cases))) + " of evaluated cases")
                            + dl + examples + hint)
    }

    private func coverage() -> String {
        let r = report
        let largest = r.coverage.map(\.cases).max() ?? 0
        let rows = r.coverage.map { c -> (cells: [Cell], style: String?) in
            let never = c.cases == 0
            return ([.number(String(c.line)), Cell(HTML.element("span", class: "tag kind", HTML.text(c.kind))), Cell(HTML.code(c.label)),
                     .number(c.cases),
                     Cell(never ? HTML.element("span", class: "tag never", "never fired") : HTML.miniBar(c.cases, of: largest, style: "rule"))],
                    never ? "never" : nil)
        }
        let never = r.neverFired
        let note = never.isEmpty
            ? HTML.element("div", class: "callout ok", HTML.element("p", [], "Every rule, threshold, escalation and policy decided at least one case."))
            : HTML.element("div", class: "callout note", HTML.element("p", [], "Never fired on these cases: "
                + never.map { "line \($0.line) (" + HTML.code($0.label) + ")" }.joined(separator: ", ")
                + ". Either these cases never needed the line, or an earlier part of the map always decides first; look at each one before you sign off."))
        return section("coverage", "Rule coverage",
                       lead: "How many cases each part of the map decided, with its line in the map. Together they decided every case that got a route.",
                       part: true,
                       note + HTML.table([Cell("line", style: "num"), Cell("part"), Cell("what"), Cell("decided", style: "num"), Cell("")],
                                         rows, style: "data coverage", id: "coverage-table"))
    }

    private func dataQuality() -> String {
        let r = report
        var rows: [(cells: [Cell], style: String?)] = r.missingByField.map { m in
            ([Cell(HTML.code(m.field)), Cell("missing"), .number(m.cases), Cell("empty, and a step needed it", style: "hint")], nil)
        }
        rows += r.invalidByField.map { i in
            ([Cell(HTML.code(i.field)), Cell("invalid"), .number(i.cases),
              Cell(i.example.map { "row \($0.row): " + HTML.prose($0.problem) } ?? "")], nil)
        }
        var content = rows.isEmpty
            ? HTML.element("div", class: "callout ok", HTML.element("p", [], "No missing or invalid value affected any case."))
            : HTML.table([Cell("field"), Cell("problem"), Cell("cases", style: "num"), Cell("first example")], rows, style: "data",
                         id: "data-quality-table")
        if !r.badValues.isEmpty {
            let valueRows = r.badValues.flatMap { b in
                b.values.enumerated().map { i, v -> (cells: [Cell], style: String?) in
                    ([Cell(i == 0 ? HTML.code(b.field) + HTML.element("span", class: "sub", counted(b.cases, "value") + ", \(n(b.distinct)) distinct") : ""),
                      Cell(HTML.code(v.value)), .number(v.cases), .number(String(v.firstRow)), Cell(HTML.prose(v.problem))], nil)
                }
            }
            content += HTML.element("h3", [], "Invalid values as written, most frequent first")
                + HTML.table([Cell("field"), Cell("value"), Cell("cases", style: "num"), Cell("first row", style: "num"), Cell("problem")],
                             valueRows, style: "data", id: "invalid-values")
        }
        var notes: [String] = []
        if !r.columns.allowedMissing.isEmpty {
            notes.append("Inputs with no column in the file, accepted with " + HTML.code("--allow-missing-column") + " (every case lacks them): "
                         + r.columns.allowedMissing.map(HTML.code).joined(separator: ", ") + ".")
        }
        if !r.columns.unused.isEmpty {
            notes.append("Columns the map does not read: " + r.columns.unused.map(HTML.code).joined(separator: ", ") + ".")
        }
        if !notes.isEmpty {
            content += HTML.element("div", class: "callout note", notes.map { HTML.element("p", [], $0) }.joined())
        }
        return section("data-quality", "Data quality",
                       lead: "Cases decided by a data policy or left as a data gap, by field. Missing counts a field that was empty when a step needed it; invalid counts a value the inputs do not allow (each case against its first invalid field).",
                       content)
    }

    private func workload() -> String {
        let r = report
        let money = r.currency.map { " (\($0))" } ?? ""
        let human = r.workload.filter { $0.kind.isHuman }
        var content = ""
        if let perWeek = r.casesPerWeek {
            let bars = human.map { w in
                HTML.Bar(label: w.route, value: w.weeklyHours ?? 0,
                         valueText: "\(fixed(w.weeklyHours ?? 0)) h" + (w.capacity.map { " of \(format($0)) h" } ?? " (no capacity)")
                             + (w.overloaded ? " · overloaded" : ""),
                         style: kindStyle(w.kind),
                         tooltip: "\(w.route): \(fixed(w.weeklyHours ?? 0)) h/week" + (w.capacity.map { ", capacity \(format($0)) h/week" } ?? ", no capacity in the map"),
                         limit: w.capacity)
            }
            content += HTML.element("figure", [],
                HTML.element("figcaption", [], "Hours per week at \(weekly(perWeek)) cases per week, against capacity")
                + HTML.barChart(id: "chart-workload", title: "Hours per week against capacity", bars, width: 1040)
                + HTML.legend([("team", "team"), ("escalation", "escalation"), ("limit", "capacity"), ("over", "beyond capacity")]))
            let overloaded = r.workload.filter(\.overloaded)
            if !overloaded.isEmpty {
                content += HTML.element("div", class: "callout warn", HTML.element("ul", [], overloaded.map { w in
                    HTML.element("li", [], HTML.code(w.route) + " would need " + HTML.element("b", [], fixed(w.weeklyHours!) + " h/week")
                                 + " and has " + HTML.text(format(w.capacity!)))
                }.joined()))
            }
        } else {
            let bars = human.map { w in
                HTML.Bar(label: w.route, value: w.hours, valueText: "\(fixed(w.hours)) h · " + counted(w.cases, "case"), style: kindStyle(w.kind),
                         tooltip: "\(w.route): \(fixed(w.hours)) h for \(counted(w.cases, "case")) of this file")
            }
            content += HTML.element("div", class: "callout", HTML.element("p", [],
                "These are the hours for the cases in this file, not per week. To compare each team with its weekly capacity, run again with "
                + HTML.code("--per-week N") + ", where N is the number of cases you expect in a week."))
            content += HTML.element("figure", [], HTML.element("figcaption", [], "Hours of human work on these cases")
                                    + HTML.barChart(id: "chart-workload", title: "Hours of human work on these cases", bars, width: 1040))
        }
        let weekly = r.casesPerWeek != nil
        var header = [Cell("route"), Cell("owner"), Cell("cases", style: "num"), Cell("hours", style: "num"), Cell("cost" + HTML.text(money), style: "num")]
        if weekly { header += [Cell("h/week", style: "num"), Cell("capacity", style: "num"), Cell("")] }
        var rows = r.workload.map { w -> (cells: [Cell], style: String?) in
            var cells = [Cell(routeLabel(w.route, w.kind)),
                         Cell(w.owner.map(HTML.text) ?? (w.kind.isHuman ? HTML.element("span", class: "tag alert", "no owner") : "")),
                         .number(w.cases), .number(fixed(w.hours)), .number(fixed(w.cost))]
            if weekly {
                cells += [.number(w.weeklyHours.map(fixed) ?? ""), .number(w.capacity.map(format) ?? ""),
                          Cell(w.overloaded ? HTML.element("span", class: "tag alert", "overloaded") : "")]
            }
            return (cells, w.overloaded ? "alert" : nil)
        }
        let total = r.humanTotal
        var totalCells = [Cell("total (people)"), Cell(""), .number(total.cases), .number(fixed(total.hours)), .number(fixed(r.totalCost))]
        if weekly { totalCells += [.number(fixed(total.weeklyHours ?? 0)), .number(format(total.capacity)), Cell("")] }
        rows.append((totalCells, "total"))
        content += HTML.table(header, rows, style: "data", id: "workload-table")
        content += HTML.element("p", class: "hint", "Hours and cases of the total are people's; the cost includes automated routes. Hours and cost are for the \(counted(r.routed, "case")) of this file.")
        if !r.owners.isEmpty {
            var ownerHeader = [Cell("owner"), Cell("cases", style: "num"), Cell("hours", style: "num"), Cell("cost" + HTML.text(money), style: "num")]
            if weekly { ownerHeader.append(Cell("h/week", style: "num")) }
            let ownerRows = r.owners.map { o -> (cells: [Cell], style: String?) in
                var cells = [Cell(o.owner.map(HTML.text) ?? HTML.element("span", class: "tag alert", "no owner")), .number(o.cases),
                             .number(fixed(o.hours)), .number(fixed(o.cost))]
                if weekly { cells.append(.number(o.weeklyHours.map(fixed) ?? "")) }
                return (cells, o.owner == nil ? "alert" : nil)
            }
            content += HTML.element("h3", [], "By owner") + HTML.table(ownerHeader, ownerRows, style: "data", id: "owners-table")
        }
        return section("workload", "Workload",
                       lead: weekly
                           ? "Hours per week each human route would need if a week's cases are like this file's, against the capacity the map gives it. The bar is the need, the black mark the capacity; red is the part beyond it."
                           : "Hours of human work per route for the cases of this file.",
                       part: true, content)
    }

    private func agreement() -> String {
        guard let a = report.agreement else { return "" }
        let header = [Cell("expected \\ actual", style: "corner")] + a.actual.map { Cell(HTML.text($0), style: "num") }
        let rows = a.expected.indices.map { e -> (cells: [Cell], style: String?) in
            let rowTotal = a.matrix[e].reduce(0, +)
            let unknown = a.unknownExpected.contains { $0.label == a.expected[e] }
            let cells = a.actual.indices.map { c -> Cell in
                let count = a.matrix[e][c]
                let agree = a.actual[c] == a.expected[e]
                return Cell(n(count), style: HTML.heat(count, of: rowTotal, palette: agree ? "agree" : "disagree"),
                            tooltip: "expected \(a.expected[e]), map chose \(c == a.actual.count - 1 ? "no route (gap)" : a.actual[c]): \(n(count))")
            }
            let label = HTML.text(a.expected[e]) + (unknown ? " " + HTML.element("span", class: "tag alert", "not a route") : "")
            return ([Cell(label)] + cells, unknown ? "alert" : nil)
        }
        var content = HTML.element("p", [], HTML.element("b", [], "\(n(a.agreed)) of \(n(a.compared)) cases agree (\(percent(a.rate)))")
                                   + (a.withoutExpectation > 0 ? "; \(n(a.withoutExpectation)) without an expected route were left out" : "") + ".")
        content += HTML.table(header, rows, style: "data heat-table confusion", id: "confusion")
        content += HTML.element("p", class: "hint", "Rows: the route in " + HTML.code(a.column) + ". Columns: the route the map chose; "
                                + HTML.code("(none)") + " is a gap. The diagonal (green) is agreement; red cells are disagreements, darker for a larger part of the row.")
        if !a.unknownExpected.isEmpty {
            content += HTML.element("div", class: "callout warn", a.unknownExpected.map { u in
                HTML.element("p", [], "Expected value " + HTML.code(u.label) + " names no route of the map"
                             + (u.suggestion.map { "; did you mean " + HTML.code($0) + "?" } ?? "."))
            }.joined())
        }
        if !a.disagreements.isEmpty {
            let rows = a.disagreements.map { d -> (cells: [Cell], style: String?) in
                ([Cell(HTML.code(d.reference.id)), .number(String(d.reference.row)), Cell(HTML.text(d.reference.segment ?? "(none)")),
                  Cell(HTML.text(d.expected)), Cell(d.actual.map(HTML.text) ?? HTML.element("span", class: "tag gap", "gap"))], nil)
            }
            content += HTML.element("h3", [], "Disagreeing cases"
                                    + (a.disagreementCount > a.disagreements.count ? " (the first \(n(a.disagreements.count)) of \(n(a.disagreementCount)))" : ""))
            content += HTML.table([Cell("case"), Cell("row", style: "num"), Cell("segment"), Cell("expected"), Cell("map")], rows,
                                  style: "data", id: "disagreements")
        }
        return section("agreement", "Agreement with " + a.column,
                       lead: "The map's route compared with the route recorded in the case file. Disagreement shows where to look; the person may have been wrong, or the file may record an older policy.",
                       part: true, content)
    }

    private func rejects() -> String {
        let r = report
        guard r.rejected > 0 else {
            return section("rejects", "Rejected rows", lead: "Rows of the case file that could not be read.",
                           HTML.element("div", class: "callout ok", HTML.element("p", [], "No row was rejected: every row of the file was read and routed.")))
        }
        let rows = r.rejects.map { row -> (cells: [Cell], style: String?) in
            ([.number(String(row.rowNumber)), .number(String(row.line)), Cell(row.id.map(HTML.code) ?? ""), Cell(HTML.prose(row.reason))], nil)
        }
        var content = HTML.table([Cell("row", style: "num"), Cell("file line", style: "num"), Cell("case"), Cell("reason")], rows,
                                 style: "data", id: "rejects-table")
        if r.rejected > r.rejects.count {
            content += HTML.element("p", class: "hint", "… and \(n(r.rejected - r.rejects.count)) more; " + HTML.code("--rejects FILE") + " writes all of them.")
        }
        return section("rejects", "Rejected rows",
                       lead: "\(counted(r.rejected, "row")) of the case file could not be read: not routed and in no other section. Fix the file.",
                       HTML.element("div", class: "callout warn", content))
    }

    private func map() -> String {
        guard let graph else { return "" }
        let marked = graph.nodes.contains { !$0.warnings.isEmpty }
            ? " Red outlines and ⚠ marks show what dmap's static checks found, as " + HTML.code("dmap graph --lint") + " draws them."
            : ""
        return section("map", "The map",
                       lead: "The decision map in routing order: data checks, segments, escalations, thresholds, decision tables and the routes. Line numbers in this report point into "
                           + HTML.code(report.mapFile) + "." + marked,
                       part: true, HTML.element("div", class: "map-figure", "\n" + SVGRenderer.render(graph, standalone: false)))
    }

    private func footer() -> String {
        // Not printed: the header names the same files, and a footer alone would take a page.
        HTML.element("footer", [], HTML.element("p", [], "Made by " + HTML.code("dmap simulate") + " from " + HTML.code(report.mapFile)
            + " and " + HTML.code(report.source) + ". The same numbers are in the text report and in " + HTML.code("--format json") + "."))
    }

    // MARK: Helpers

    /// A count with thousands separated, for people reading large files: 1,000,000.
    func n(_ value: Int) -> String { HTML.grouped(value) }

    /// "1 case", "1,204 cases".
    func counted(_ value: Int, _ noun: String) -> String { n(value) + " " + noun + (value == 1 ? "" : "s") }

    /// The weekly volume as given: whole numbers grouped, others as written.
    private func weekly(_ perWeek: Double) -> String {
        perWeek == perWeek.rounded() && perWeek < 1e15 ? n(Int(perWeek)) : HTML.text(format(perWeek))
    }

    private static let gapMeaning: [GapKind: (meaning: String, fix: String)] = [
        .noRule: ("no decision rule applies to these cases", "add a rule for them, or an `otherwise` rule, to the table that should decide them"),
        .missingData: ("a step needed a field that was empty, and the map has no missing-data policy for it",
                       "add a `missing` policy for the field, or guard the condition with `is present`"),
        .invalidData: ("a value is outside the inputs' schema, and the map has no invalid-data policy",
                       "add an `invalid` policy, or fix the data"),
        .noSegment: ("no segment applies to these cases", "add a catch-all segment (`otherwise`) at the end of `segments`"),
        .conflict: ("several rules of a `unique` or `any` table hold and name different routes",
                    "make the rules exclusive, or change the table's hit policy"),
    ]

    /// A trace step as `dmap route` prints it: "line 120: table `route` needs `subject`, which is missing".
    private func stepText(_ step: TraceStep) -> String {
        (step.line.map { "line \($0): " } ?? "") + HTML.prose(step.detail)
    }

    private func kindStyle(_ kind: RouteKind?) -> String { kind?.keyword ?? "gap" }

    private func describe(_ kind: RouteKind) -> String {
        switch kind {
        case .automated: "automated"
        case .team(let name): "team " + name
        case .escalation(let name): "escalation to " + name
        }
    }

    private func routeLabel(_ line: SimulationReport.RouteLine) -> String {
        guard let name = line.name, let kind = line.kind else { return HTML.element("span", class: "tag gap", "no route (gap)") }
        return routeLabel(name, kind)
    }

    private func routeLabel(_ name: String, _ kind: RouteKind) -> String {
        HTML.text(name) + " " + HTML.element("span", [("class", "tag " + kind.keyword), ("title", describe(kind))], HTML.text(kind.keyword))
    }

    private func riskTag(_ risk: RiskLevel) -> String {
        HTML.element("span", class: "tag " + risk.rawValue, HTML.text(risk.rawValue))
    }
}
