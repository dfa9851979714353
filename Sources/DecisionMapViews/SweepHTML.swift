import DecisionMap
import DecisionMapSimulation

/// The threshold sweep in the HTML report: the recommendations, and per swept threshold a chart of
/// automation and automated errors against the threshold, with review hours on a second axis, and
/// the table beside it.
extension ReportPage {
    /// The recommendations, for the top of the page; empty without `--target`.
    func recommendations() -> String {
        let r = report
        guard !r.targets.isEmpty, !r.sweeps.isEmpty else { return "" }
        let goals = r.targets.map { HTML.code($0.description) }.joined(separator: " and ")
        let items = r.sweeps.map { sweep in
            HTML.element("li", [], HTML.element("b", [], HTML.text(r.sweepTitle(sweep))) + ": " + HTML.prose(r.recommendation(sweep))
                         + " " + HTML.element("a", [("href", "#sweep-\(anchor(sweep))")], "→ chart"))
        }
        let met = r.sweeps.allSatisfy { $0.recommended != nil }
        return HTML.element("div", [("id", "recommendation"), ("class", met ? "callout ok" : "callout warn")],
                            HTML.element("h3", [], "Recommended thresholds: the most automation that meets " + goals)
                            + HTML.element("ul", [], items.joined()))
    }

    /// The section "Choosing a threshold": one figure and table per sweep.
    func sweeps() -> String {
        let r = report
        let parts = r.sweeps.map { sweep in
            HTML.element("article", [("class", "sweep"), ("id", "sweep-\(anchor(sweep))")],
                         HTML.element("h3", [], "Threshold of " + HTML.prose(r.sweepScope(sweep)))
                         + HTML.element("div", class: "sweep-grid", HTML.element("figure", [], sweepChart(sweep) + sweepLegend()) + sweepTable(sweep)))
        }
        var lead = "Each point is the whole file routed with the swept threshold at that value and every other threshold as in this run, counted in one pass. "
            + "Raising a threshold sends more cases to a person: automation falls, review hours rise"
        lead += r.agreement == nil ? "." : ", and the automated error rate (automated cases whose expected route is another, of the automated cases with one) shows what the automation costs in mistakes."
        return section("thresholds", "Choosing a threshold", lead: HTML.text(lead), part: true, parts.joined(separator: "\n"))
    }

    private func anchor(_ sweep: SweepResult) -> String {
        sweep.target.description.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? String($0) : "-" }.joined()
    }

    private func sweepLegend() -> String {
        HTML.legend([("automated", "automation (left axis)")] + (report.agreement == nil ? [] : [("gap", "automated errors (left axis)")])
                     + [("review", "review hours (right axis)"), ("limit", "in force now")]
                     + (report.targets.isEmpty ? [] : [("best", "recommended")]))
    }

    /// The table beside the chart: the figures a trade is read from.
    private func sweepTable(_ sweep: SweepResult) -> String {
        let r = report
        let weekly = r.casesPerWeek != nil
        var header = [HTML.Cell("threshold", style: "num"), HTML.Cell("automation", style: "num")]
        if r.agreement != nil { header.append(HTML.Cell("automated errors", style: "num")) }
        header += [HTML.Cell("review", style: "num"), HTML.Cell(weekly ? "review h/week" : "review hours", style: "num"),
                   HTML.Cell("cost" + (r.currency.map { " (\($0))" } ?? ""), style: "num")]
        let rows = sweep.points.indices.map { i -> (cells: [HTML.Cell], style: String?) in
            let p = sweep.points[i]
            let marks = (sweep.current.contains(p.threshold) ? ["in force"] : []) + (sweep.recommended == i ? ["recommended"] : [])
            var cells = [HTML.Cell(HTML.text(sweep.label(p.threshold))
                                   + (marks.isEmpty ? "" : HTML.element("span", class: "sub", marks.joined(separator: ", "))), style: "num"),
                         HTML.Cell(HTML.text(percent(p.automationRate)) + HTML.element("span", class: "sub", n(p.automated)), style: "num")]
            if r.agreement != nil {
                cells.append(HTML.Cell(p.automatedErrorRate.map {
                    HTML.text(percent($0)) + HTML.element("span", class: "sub", "\(n(p.automatedErrors!)) of \(n(p.automatedCompared!))")
                } ?? HTML.element("span", class: "sub", "none automated"), style: "num"))
            }
            cells += [HTML.Cell.number(p.reviewCases), HTML.Cell.number(fixed(p.weeklyReviewHours ?? p.reviewHours)),
                      HTML.Cell.number(String(format: "%.2f", p.cost))]
            let meets = r.targets.isEmpty || r.targets.allSatisfy { $0.isMet(by: p) }
            return (cells, sweep.recommended == i ? "best" : meets ? nil : "missed")
        }
        return HTML.element("div", class: "scroll", HTML.table(header, rows, style: "data sweep-table"))
    }

    /// Automation (and automated errors) against the threshold on the left axis, review hours on the
    /// right; the thresholds in force drawn as marks, the recommended one as a band.
    private func sweepChart(_ sweep: SweepResult) -> String {
        let r = report
        let width = 520, height = 300
        let left = 50, right = 50, top = 28, bottom = 42
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let points = sweep.points
        let xs = points.map(\.threshold)
        let low = xs.first!, high = xs.last!
        func x(_ t: Double) -> Int { left + (high > low ? Int(((t - low) / (high - low) * Double(plotWidth)).rounded()) : plotWidth / 2) }
        // Shares on a scale that fits them (error rates are often a few percent); hours likewise.
        let largestShare = points.map { max($0.automationRate, $0.automatedErrorRate ?? 0) }.max() ?? 0
        let shareTop = niceCeiling(max(largestShare, 0.01))
        let hours = points.map { $0.weeklyReviewHours ?? $0.reviewHours }
        let hoursTop = niceCeiling(max(hours.max() ?? 0, 1))
        func yShare(_ v: Double) -> Int { top + plotHeight - Int((v / shareTop * Double(plotHeight)).rounded()) }
        func yHours(_ v: Double) -> Int { top + plotHeight - Int((v / hoursTop * Double(plotHeight)).rounded()) }
        let title = "Automation\(r.agreement == nil ? "" : ", automated errors") and review hours against the threshold of \(sweep.target)"
        var svg = SVGWriter(width: width, height: height, standalone: false,
                            attributes: [("id", "chart-sweep-\(anchor(sweep))"), ("class", "chart sweep"), ("role", "img"), ("aria-label", title)])
        svg.title(title)
        // Grid and axes.
        for i in 0...4 {
            let y = top + plotHeight - i * plotHeight / 4
            svg.path([(left, y), (left + plotWidth, y)], [("class", i == 0 ? "axis" : "grid")])
            svg.text(percent(shareTop * Double(i) / 4), x: left - 6, y: y + 4, [("class", "tick"), ("text-anchor", "end")])
            svg.text(fixed(hoursTop * Double(i) / 4), x: left + plotWidth + 6, y: y + 4, [("class", "tick review")])
        }
        let every = max(1, (points.count + 10) / 11)
        for (i, t) in xs.enumerated() where i % every == 0 || i == xs.count - 1 {
            svg.path([(x(t), top + plotHeight), (x(t), top + plotHeight + 4)], [("class", "axis")])
            svg.text(sweep.label(t), x: x(t), y: top + plotHeight + 17, [("class", "tick"), ("text-anchor", "middle")])
        }
        svg.text(r.agreement == nil ? "automation" : "automation, errors", x: 2, y: 12, [("class", "axis-label")])
        svg.text("threshold", x: left + plotWidth / 2, y: height - 6, [("class", "axis-label"), ("text-anchor", "middle")])
        svg.text(r.casesPerWeek == nil ? "review h" : "review h/wk", x: width - 2, y: 12, [("class", "axis-label review"), ("text-anchor", "end")])
        // The recommended point as a band, the thresholds in force as marks.
        if let best = sweep.recommended {
            svg.rect(x: x(xs[best]) - 5, y: top, width: 10, height: plotHeight, [("class", "best")])
            svg.text("recommended", x: x(xs[best]), y: top - 6, [("class", "mark-label best-label"), ("text-anchor", "middle")])
        }
        for t in sweep.current where t >= low && t <= high {
            svg.start("g", [("class", "current")])
            svg.title("in force now: \(format(t))")
            svg.path([(x(t), top), (x(t), top + plotHeight)], [("class", "limit")])
            svg.text("now \(format(t))", x: x(t) + 4, y: top + plotHeight - 6, [("class", "mark-label")])
            svg.end()
        }
        // The series, each a line with a dot per point that names its figures.
        func series(_ style: String, _ values: [Double?], _ y: (Double) -> Int, _ tip: (Int) -> String) {
            let drawn = values.indices.compactMap { i in values[i].map { (x: x(xs[i]), y: y($0)) } }
            svg.start("g", [("class", "series " + style)])
            if drawn.count > 1 { svg.path(drawn, [("class", "line")]) }
            for i in values.indices {
                guard let v = values[i] else { continue }
                svg.start("circle", [("cx", String(x(xs[i]))), ("cy", String(y(v))), ("r", "3.5")])
                svg.title(tip(i))
                svg.end()
            }
            svg.end()
        }
        series("automated", points.map(\.automationRate), yShare) { i in
            "threshold \(sweep.label(xs[i])): automation \(percent(points[i].automationRate)) (\(plural(points[i].automated, "case")))"
        }
        if r.agreement != nil {
            series("gap", points.map(\.automatedErrorRate), yShare) { i in
                "threshold \(sweep.label(xs[i])): automated errors " + (points[i].automatedErrorRate.map {
                    "\(percent($0)) (\(points[i].automatedErrors!) of \(points[i].automatedCompared!))"
                } ?? "none automated")
            }
        }
        series("review", hours, yHours) { i in
            "threshold \(sweep.label(xs[i])): \(plural(points[i].reviewCases, "review case")), \(fixed(hours[i])) h" + (r.casesPerWeek == nil ? "" : " per week")
        }
        return svg.finished()
    }

    /// The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value`.
    private func niceCeiling(_ value: Double) -> Double {
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value * (1 - 1e-12) { return step * magnitude }
        return 10 * magnitude
    }
}
