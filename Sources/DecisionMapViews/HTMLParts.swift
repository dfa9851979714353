import DecisionMap
/// The building blocks of the HTML report: markup from strings, tables, heat-shaded cells, bar
/// charts drawn with `SVGWriter`, and the page's style sheet. All text goes through `XML.text` or
/// `XML.attribute`, so a name from a map or a value from a case file is always shown as text.
/// The markup is HTML5 that is also well-formed XML, so tests can parse it with an XML parser.
enum HTML {
    /// An element with content that is already markup (escape text with `text(_:)` or `prose(_:)`).
    static func element(_ name: String, _ attributes: [(String, String)] = [], _ content: String) -> String {
        "<" + name + attributeText(attributes) + ">" + content + "</" + name + ">"
    }

    /// Shorthand for an element with one class.
    static func element(_ name: String, class style: String, _ content: String) -> String {
        element(name, [("class", style)], content)
    }

    /// An element with no content, written `<name/>` as XML allows and HTML ignores.
    static func empty(_ name: String, _ attributes: [(String, String)]) -> String {
        "<" + name + attributeText(attributes) + "/>"
    }

    static func text(_ string: String) -> String { XML.text(string) }

    /// Text in which the parts between backticks (names, as dmap writes them) become `<code>`.
    /// With an odd number of backticks the text is shown as it is.
    static func prose(_ string: String) -> String {
        let parts = string.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count % 2 == 1 else { return XML.text(string) }
        return parts.enumerated().map { i, part in
            i % 2 == 1 ? "<code>" + XML.text(String(part)) + "</code>" : XML.text(String(part))
        }.joined()
    }

    static func code(_ string: String) -> String { element("code", [], XML.text(string)) }

    /// An integer with thousands separated by commas: `1,000,000`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XML.attribute($0.1))\"" }.joined()
    }

    // MARK: Tables

    /// One cell: markup, and classes (`num` right-aligns a number).
    struct Cell {
        var html: String
        var style: String = ""
        var tooltip: String?

        init(_ html: String, style: String = "", tooltip: String? = nil) {
            self.html = html
            self.style = style
            self.tooltip = tooltip
        }

        static func number(_ n: Int) -> Cell { Cell(grouped(n), style: "num") }
        static func number(_ s: String) -> Cell { Cell(XML.text(s), style: "num") }
    }

    /// A table with a header row; a row's optional class goes on its `<tr>`.
    static func table(_ header: [Cell], _ rows: [(cells: [Cell], style: String?)], style: String = "data",
                      id: String? = nil) -> String {
        func cells(_ cells: [Cell], _ tag: String) -> String {
            cells.map { cell in
                var attributes: [(String, String)] = []
                if !cell.style.isEmpty { attributes.append(("class", cell.style)) }
                if let tooltip = cell.tooltip { attributes.append(("title", tooltip)) }
                return element(tag, attributes, cell.html)
            }.joined()
        }
        let head = element("thead", [], element("tr", [], cells(header, "th")))
        let body = element("tbody", [], rows.map { row in
            element("tr", row.style.map { [("class", $0)] } ?? [], cells(row.cells, "td"))
        }.joined())
        return element("div", class: "scroll", element("table", (id.map { [("id", $0)] } ?? []) + [("class", style)], head + body))
    }

    // MARK: Heat shading

    /// The colour families of heat-shaded cells; route kinds use the map diagram's colours.
    static let palettes: [(name: String, rgb: String)] = [
        ("automated", "5, 150, 105"), ("team", "79, 70, 229"), ("escalation", "234, 88, 12"),
        ("gap", "220, 38, 38"), ("agree", "5, 150, 105"), ("disagree", "220, 38, 38"),
    ]
    static let heatLevels = 6

    /// The classes of a cell holding `count` of `total`: the darker, the larger the part. Shading
    /// only; the cell shows the count itself.
    static func heat(_ count: Int, of total: Int, palette: String) -> String {
        guard count > 0, total > 0 else { return "num heat zero" }
        let level = max(1, min(heatLevels, (count * heatLevels + total - 1) / total))
        return "num heat h-\(palette) l\(level)"
    }

    // MARK: Bar charts

    /// One bar of a chart.
    struct Bar {
        var label: String
        var value: Double
        /// What the bar says at its end ("205 · 56.9%").
        var valueText: String
        /// The CSS class of the bar: a route kind, an outcome, ...
        var style: String
        /// The tooltip: the bar's full text.
        var tooltip: String
        /// A limit drawn as a marker (a team's capacity); the part of the bar beyond it is drawn
        /// as overload.
        var limit: Double?
    }

    /// A horizontal bar chart: labels on the left, one bar per row on a light track, the value at
    /// the end of each bar. Bars are scaled to the largest value or limit.
    static func barChart(id: String, title: String, _ bars: [Bar], width: Int = 520) -> String {
        let labelFont = TextMetrics(size: 13), valueFont = TextMetrics(size: 12, bold: true)
        let rowHeight = 30, barHeight = 18, top = 6
        let labelWidth = min((bars.map { labelFont.width($0.label) }.max() ?? 0) + 14, width * 2 / 5)
        let valueWidth = (bars.map { valueFont.width($0.valueText) }.max() ?? 0) + 12
        let plot = max(40, width - labelWidth - valueWidth)
        let largest = bars.map { max($0.value, $0.limit ?? 0) }.max() ?? 0
        func x(_ value: Double) -> Int { largest > 0 ? Int((value / largest * Double(plot)).rounded()) : 0 }
        let height = top * 2 + bars.count * rowHeight
        var svg = SVGWriter(width: width, height: height, standalone: false, attributes: [
            ("id", id), ("class", "chart"), ("role", "img"), ("aria-label", title),
        ])
        svg.title(title)
        for (i, bar) in bars.enumerated() {
            let y = top + i * rowHeight + (rowHeight - barHeight) / 2
            svg.start("g", [("class", "bar " + bar.style)])
            svg.title(bar.tooltip)
            svg.text(labelFont.truncate(bar.label, width: labelWidth - 14), x: 0, y: y + 13, [("class", "label")])
            svg.rect(x: labelWidth, y: y, width: plot, height: barHeight, radius: 3, [("class", "track")])
            let length = bar.value > 0 ? max(2, x(bar.value)) : 0
            var end = labelWidth + length
            if let limit = bar.limit, bar.value > limit {
                svg.rect(x: labelWidth, y: y, width: x(limit), height: barHeight, [("class", "fill")])
                svg.rect(x: labelWidth + x(limit), y: y, width: length - x(limit), height: barHeight, [("class", "over")])
            } else if length > 0 {
                svg.rect(x: labelWidth, y: y, width: length, height: barHeight, [("class", "fill")])
            }
            if let limit = bar.limit {
                let mark = labelWidth + x(limit)
                svg.path([(mark, y - 4), (mark, y + barHeight + 4)], [("class", "limit")])
                end = max(end, mark)
            }
            svg.text(bar.valueText, x: end + 8, y: y + 13, [("class", bar.limit.map { bar.value > $0 } == true ? "value alert" : "value")])
            svg.end()
        }
        return svg.finished()
    }

    /// A small bar for a table cell: `value` of `largest`, in the style's colour.
    static func miniBar(_ value: Int, of largest: Int, style: String, width: Int = 120) -> String {
        var svg = SVGWriter(width: width, height: 10, standalone: false, attributes: [("class", "mini"), ("aria-hidden", "true")])
        svg.rect(x: 0, y: 0, width: width, height: 10, radius: 2, [("class", "track")])
        if value > 0, largest > 0 {
            svg.rect(x: 0, y: 0, width: max(2, value * width / largest), height: 10, radius: 2, [("class", "fill " + style)])
        }
        return svg.finished()
    }

    /// A colour swatch and its name, for legends under the charts.
    static func legend(_ items: [(style: String, label: String)]) -> String {
        element("p", class: "legend", items.map { item in
            element("span", class: "key", element("span", class: "swatch " + item.style, "") + text(item.label))
        }.joined(separator: " "))
    }

    // MARK: Style sheet

    /// The page's CSS. It holds no `<`, `>` or `&`, so it means the same as HTML raw text and as XML.
    static var css: String {
        var heat = ""
        for (name, rgb) in palettes {
            for level in 1...heatLevels {
                let alpha = ["0", "0.10", "0.20", "0.32", "0.46", "0.62", "0.80"][level]
                heat += ".heat.h-\(name).l\(level) { background: rgba(\(rgb), \(alpha)); }\n"
            }
        }
        return baseCSS + heat
    }

    private static let baseCSS = """
        :root { --ink: #0f172a; --text: #334155; --muted: #64748b; --line: #e2e8f0; --soft: #f8fafc;
          --automated: #059669; --team: #4f46e5; --escalation: #ea580c; --gap: #dc2626;
          --decided: #2563eb; --review: #9333ea; --data-policy: #ca8a04; --fallback: #475569; }
        * { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        html { background: #ffffff; }
        body { margin: 0 auto; max-width: 1120px; padding: 32px 40px 48px; color: var(--text);
          font: 14px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
        h1 { color: var(--ink); font-size: 28px; line-height: 1.2; margin: 4px 0 6px; }
        h1 .version { color: var(--muted); font-size: 16px; font-weight: normal; margin-left: 8px; }
        h2 { color: var(--ink); font-size: 20px; margin: 0 0 4px; }
        h3 { color: var(--ink); font-size: 15px; margin: 0 0 8px; }
        p { margin: 0 0 10px; }
        code { font-family: "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 12.5px;
          background: #f1f5f9; border-radius: 3px; padding: 0 3px; color: var(--ink); }
        .kicker { color: var(--muted); font-size: 12px; font-weight: bold; letter-spacing: 0.08em; text-transform: uppercase; margin: 0; }
        .meta { color: var(--muted); margin: 0 0 14px; }
        .lead { color: var(--muted); max-width: 760px; }
        nav.contents { border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: 8px 0; margin: 0 0 24px;
          font-size: 13px; }
        nav.contents a { color: var(--team); text-decoration: none; margin-right: 16px; white-space: nowrap; }
        section { margin: 0 0 36px; }
        section.part { border-top: 2px solid var(--ink); padding-top: 14px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin: 0 0 8px; }
        .card { border: 1px solid var(--line); border-top: 4px solid var(--muted); border-radius: 6px; padding: 12px 14px; background: #ffffff; }
        .card .label { color: var(--muted); font-size: 12px; font-weight: bold; text-transform: uppercase; letter-spacing: 0.03em;
          white-space: nowrap; }
        .card .figure { color: var(--ink); font-size: 30px; font-weight: bold; line-height: 1.2; font-variant-numeric: tabular-nums; }
        .card .figure small { font-size: 15px; color: var(--muted); font-weight: normal; }
        .card .note { color: var(--muted); font-size: 12.5px; }
        .card.good { border-top-color: var(--automated); }
        .card.bad { border-top-color: var(--gap); }
        .card.bad .figure { color: #b91c1c; }
        .card.info { border-top-color: var(--team); }
        .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
        figure { margin: 0 0 10px; }
        figcaption { color: var(--ink); font-weight: bold; margin: 0 0 6px; }
        svg.chart { display: block; max-width: 100%; height: auto; }
        svg.chart text { font-family: -apple-system, "Segoe UI", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; fill: var(--text); }
        svg.chart .label { font-size: 13px; fill: var(--ink); }
        svg.chart .value { font-size: 12px; font-weight: bold; }
        svg.chart .value.alert { fill: #b91c1c; }
        svg .track { fill: #f1f5f9; }
        svg .limit { stroke: var(--ink); stroke-width: 2.5; }
        svg .over { fill: var(--gap); fill-opacity: 0.45; stroke: var(--gap); stroke-width: 1; }
        .bar.automated .fill, .fill.automated, .swatch.automated { fill: var(--automated); background: var(--automated); }
        .bar.team .fill, .fill.team, .swatch.team { fill: var(--team); background: var(--team); }
        .bar.escalation .fill, .fill.escalation, .swatch.escalation { fill: var(--escalation); background: var(--escalation); }
        .bar.gap .fill, .fill.gap, .swatch.gap { fill: var(--gap); background: var(--gap); }
        .bar.decided .fill, .swatch.decided { fill: var(--decided); background: var(--decided); }
        .bar.escalated .fill, .swatch.escalated { fill: var(--escalation); background: var(--escalation); }
        .bar.review .fill, .swatch.review { fill: var(--review); background: var(--review); }
        .bar.data-policy .fill, .swatch.data-policy { fill: var(--data-policy); background: var(--data-policy); }
        .bar.fallback .fill, .swatch.fallback { fill: var(--fallback); background: var(--fallback); }
        .swatch.over { background: rgba(220, 38, 38, 0.45); border: 1px solid var(--gap); }
        .swatch.limit { background: var(--ink); width: 3px; }
        .fill.rule { fill: #94a3b8; }
        svg.mini { display: inline-block; vertical-align: middle; }
        .legend { color: var(--muted); font-size: 12.5px; margin: 2px 0 0; }
        .legend .key { margin-right: 14px; white-space: nowrap; }
        .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
        table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
        table.data { min-width: 60%; }
        th { color: var(--muted); font-size: 12px; text-align: left; border-bottom: 2px solid var(--line); padding: 6px 10px;
          vertical-align: bottom; }
        .scroll { overflow-x: auto; }
        .heat-table th, .heat-table td { padding: 5px 8px; }
        td { border-bottom: 1px solid var(--line); padding: 5px 10px; vertical-align: top; }
        th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: bold; border-top: 2px solid var(--line); }
        td.heat { min-width: 64px; }
        td.heat.zero { color: #cbd5e1; }
        .heat.l5, .heat.l6 { color: #ffffff; font-weight: bold; }
        th.corner { font-weight: normal; font-style: italic; }
        th .sub, td .sub { display: block; color: var(--muted); font-size: 11px; font-weight: normal; }
        .tag { display: inline-block; border-radius: 999px; padding: 0 8px; font-size: 11.5px; font-weight: bold; line-height: 18px;
          border: 1px solid currentColor; white-space: nowrap; }
        .tag.automated { color: #047857; } .tag.team { color: #4338ca; } .tag.escalation { color: #c2410c; }
        .tag.gap, .tag.alert { color: #b91c1c; } .tag.never { color: #a16207; background: #fefce8; }
        .tag.low { color: #15803d; } .tag.medium { color: #b45309; } .tag.high { color: #c2410c; } .tag.critical { color: #b91c1c; }
        .tag.kind { color: var(--muted); }
        tr.never td { background: #fefce8; }
        tr.alert td { background: #fef2f2; }
        .callout { border-left: 4px solid var(--team); background: #eef2ff; padding: 10px 14px; border-radius: 0 6px 6px 0; margin: 8px 0 14px; }
        .callout.warn { border-left-color: var(--gap); background: #fef2f2; }
        .callout.ok { border-left-color: var(--automated); background: #ecfdf5; }
        .callout.note { border-left-color: var(--data-policy); background: #fefce8; }
        .callout p:last-child, .callout ul:last-child { margin-bottom: 0; }
        .callout ul { margin: 0; padding-left: 20px; }
        .callout li { margin: 2px 0; }
        .callout a { color: var(--team); text-decoration: none; white-space: nowrap; margin-left: 4px; }
        #attention { margin-top: 16px; }
        article.gap { border: 1px solid #fecaca; border-left: 5px solid var(--gap); border-radius: 6px; padding: 14px 18px 8px; margin: 0 0 18px; }
        article.gap h3 .count { color: #b91c1c; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 10px; }
        dl.facts dt { color: var(--muted); font-size: 12.5px; font-weight: bold; }
        dl.facts dd { margin: 0; }
        .hint { color: var(--muted); font-size: 12.5px; }
        .map-figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
        .map-figure svg { display: block; max-width: 100%; height: auto; }
        .sweep-grid { display: grid; grid-template-columns: minmax(0, 520px) minmax(0, 1fr); gap: 20px; align-items: start; }
        svg.sweep .grid { stroke: var(--line); stroke-width: 1; }
        svg.sweep .axis { stroke: var(--muted); stroke-width: 1; }
        svg.sweep .tick { font-size: 11px; fill: var(--muted); }
        svg.sweep .axis-label { font-size: 12px; fill: var(--muted); }
        svg.sweep .tick.review, svg.sweep .axis-label.review { fill: var(--review); }
        svg.sweep .series .line { fill: none; stroke-width: 2.5; }
        svg.sweep .series.automated .line { stroke: var(--automated); } svg.sweep .series.automated circle { fill: var(--automated); }
        svg.sweep .series.gap .line { stroke: var(--gap); } svg.sweep .series.gap circle { fill: var(--gap); }
        svg.sweep .series.review .line { stroke: var(--review); stroke-dasharray: 6 4; } svg.sweep .series.review circle { fill: var(--review); }
        svg.sweep .best { fill: var(--automated); fill-opacity: 0.14; }
        svg.sweep .mark-label { font-size: 11px; fill: var(--ink); }
        svg.sweep .best-label { fill: #047857; font-weight: bold; }
        .swatch.best { background: rgba(5, 150, 105, 0.25); }
        .swatch.review { background: var(--review); }
        tr.best td { background: #ecfdf5; font-weight: bold; }
        tr.missed td { color: var(--muted); }
        article.sweep { margin: 0 0 22px; }
        table.sweep-table th, table.sweep-table td { padding: 4px 7px; }
        table.sweep-table { min-width: 0; }
        footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; padding-top: 10px; }
        @media screen and (max-width: 820px) { .grid2, .sweep-grid { grid-template-columns: 1fr; } body { padding: 20px; } }
        @media print {
          @page { size: A4; margin: 14mm 12mm; }
          body { max-width: none; padding: 0; font-size: 10pt; }
          nav.contents { display: none; }
          section.part { break-before: page; }
          .card, figure, .callout, tr, dl.facts, section.keep { break-inside: avoid; }
          .grid2 { gap: 16px; }
          footer { display: none; }
          h2, h3, figcaption { break-after: avoid; }
          #map { page: landscape; }
          @page landscape { size: A4 landscape; }
          .map-figure { overflow: visible; border: none; padding: 0; }
          .map-figure svg { max-width: 100%; height: auto; }
          .scroll { overflow: visible; }
          a { color: inherit; text-decoration: none; }
        }

        """
}
