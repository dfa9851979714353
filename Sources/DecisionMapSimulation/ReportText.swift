import DecisionMap
import Foundation

extension SimulationReport {
    /// The report for people: what a business owner reads before switching a map on.
    public func text() -> String {
        var out = "Simulation of \"\(title)\"" + (version.map { " (version \($0))" } ?? "") + "\n"
        out += "map \(mapFile), cases \(source)" + (delimiter.map { " (separated by `\($0)`)" } ?? "") + "\n"
        out += columns.id.map { "case ids from column `\($0)`\n" } ?? "no id column: cases are named by row number\n"
        for field in columns.allowedMissing {
            out += "NOTE: input `\(field)` has no column in the file (--allow-missing-column): every case lacks it\n"
        }
        for what in whatIf { out += "WHAT-IF: \(what)\n" }
        out += "\n"
        out += sweepText()

        out += "CASES\n"
        out += "  \(read) read = \(routed) routed + \(undecided) \(undecided == 1 ? "gap" : "gaps") + \(rejected) rejected\n"
        out += "  evaluated:  \(plural(evaluated, "case")) (read − rejected); every share below is of these\n"
        if let dataLines {
            out += "  lines:      \(plural(dataLines, "line")) after the header became \(plural(read, "row"))"
                + (multiLineRecords > 0 ? " (\(multiLineRecords) of them \(multiLineRecords == 1 ? "spans" : "span") several lines)" : "") + "\n"
        }
        out += "  automation: \(automated) of \(evaluated) evaluated cases (\(percent(automationRate))) end on an automated route\n"
        let caught = caughtByFallback
        out += "  gaps:       \(undecided) of \(evaluated) evaluated cases (\(percent(share(undecided)))) have no route"
            + (caught > 0 ? "; \(caught) more were caught by the fallback" : "") + "\n"
        let unattended = automatedHighRisk.reduce(0) { $0 + $1.cases }
        if unattended > 0 {
            out += "  high risk:  \(plural(unattended, "case")) of high-risk segments finished by automation with no person\n"
        }
        out += "\n"

        out += "ROUTES\n"
        out += table(["route", "kind", "cases", "share"], right: [2, 3], routes.filter { $0.name != nil || $0.cases > 0 }.map {
            [$0.name ?? SimulationReport.noRoute, $0.kind?.keyword ?? "", String($0.cases), percent(share($0.cases))]
        })
        out += "\nOUTCOMES\n"
        out += table(["outcome", "cases", "share"], right: [1, 2], outcomes.map { [$0.outcome.rawValue, String($0.cases), percent(share($0.cases))] })
        out += "\nSEGMENTS\n"
        out += table(["segment", "risk", "cases", "share"], right: [2, 3], segments.filter { $0.name != nil || $0.cases > 0 }.map {
            [$0.name ?? SimulationReport.noRoute, $0.risk?.rawValue ?? "", String($0.cases), percent(share($0.cases))]
        })

        let shownSegments = segments.indices.filter { $0 < segments.count - 1 || segments[$0].cases > 0 }
        let shownRoutes = routes.indices.filter { routes[$0].cases > 0 }
        out += "\nROUTE × SEGMENT\n"
        out += table(["route"] + shownSegments.map { segments[$0].name ?? SimulationReport.noRoute }, right: Array(1...shownSegments.count),
                     shownRoutes.map { r in [routes[r].name ?? SimulationReport.noRoute] + shownSegments.map { String(routeBySegment[r][$0]) } })

        out += "\nGAPS (cases the map leaves undecided)\n"
        let found = gaps.filter { $0.cases > 0 }
        if found.isEmpty {
            out += "  none in these cases\n"
        }
        for gap in found {
            out += "  \(gap.kind.rawValue): \(plural(gap.cases, "case")) (\(percent(share(gap.cases))))"
            if gap.caughtByFallback > 0 { out += ", \(gap.caughtByFallback) caught by the fallback" }
            out += "\n"
            out += "    by segment: " + gap.bySegment.map { "\($0.segment ?? SimulationReport.noRoute) \($0.cases)" }.joined(separator: ", ") + "\n"
            out += "    e.g. " + gap.examples.map(\.reference.id).joined(separator: ", ") + (gap.cases > gap.examples.count ? ", …" : "") + "\n"
            if let first = gap.examples.first, let command = reproduce(first.reference) { out += "    reproduce: \(command)\n" }
        }

        if !automatedHighRisk.isEmpty {
            out += "\nHIGH RISK, NO PERSON (cases of high or critical segments that automation finished: no escalation, review or data policy)\n"
            for line in automatedHighRisk {
                out += "  \(line.segment) (\(line.risk.rawValue)): \(plural(line.cases, "case"))"
                    + (line.cases > 0 ? " (\(percent(share(line.cases)))), e.g. " + line.examples.map(\.id).joined(separator: ", ")
                        + (line.cases > line.examples.count ? ", …" : "") : "") + "\n"
            }
        }
        if !missingByField.isEmpty || !invalidByField.isEmpty || !badValues.isEmpty {
            out += "\nDATA QUALITY\n"
            out += "  cases decided by a data policy or left as a data gap, by field:\n"
            out += table(["field", "problem", "cases", "first"], right: [2], missingByField.map { [$0.field, "missing", String($0.cases), ""] }
                + invalidByField.map { i in
                    [i.field, i.example?.problem.hasPrefix("required field") == true ? "empty (required)" : "invalid", String(i.cases),
                     i.example.map { "row \($0.row)" } ?? ""]
                }, indent: "    ")
            if !badValues.isEmpty {
                out += "  invalid values as written, most frequent first (every invalid value, by field):\n"
                for (field, values, distinct, cases) in badValues {
                    out += "    \(field): \(plural(cases, "invalid value")), \(distinct) distinct\n"
                    for v in values { out += "      \(v.cases) × \(v.value) (first row \(v.firstRow)): \(v.problem)\n" }
                    if distinct > values.count { out += "      … \(distinct - values.count) more distinct values\n" }
                }
            }
        }

        out += "\nRULE COVERAGE (how many cases each part of the map decided)\n"
        out += table(["line", "decided", "what"], right: [0, 1], coverage.map { [String($0.line), String($0.cases), "\($0.kind): \($0.label)"] })
        let never = neverFired
        out += never.isEmpty ? "  every rule, threshold and policy fired at least once\n"
            : "  never fired on these cases: " + never.map { "line \($0.line)" }.joined(separator: ", ") + "\n"

        out += "\nWORKLOAD" + (casesPerWeek.map { " (scaled to \(format($0)) cases per week)" } ?? "") + "\n"
        let money = currency.map { " (\($0))" } ?? ""
        let weekly = casesPerWeek != nil
        var header = ["route", "owner", "cases", "hours", "cost" + money]
        if weekly { header += ["h/week", "capacity", ""] }
        var rows = workload.map { w in
            var row = [w.route, w.owner ?? (w.kind.isHuman ? "(no owner)" : ""), String(w.cases), fixed(w.hours), fixed(w.cost)]
            if weekly { row += [w.weeklyHours.map(fixed) ?? "", w.capacity.map(format) ?? "", w.overloaded ? "OVERLOADED" : ""] }
            return row
        }
        let human = humanTotal
        var people = ["total (people)", "", String(human.cases), fixed(human.hours), fixed(human.cost)]
        if weekly { people += [fixed(human.weeklyHours ?? 0), format(human.capacity), ""] }
        let routedCases = workload.reduce(0) { $0 + $1.cases }
        rows += [people, ["total (all routes)", "", String(routedCases), "", fixed(totalCost)]]
        out += table(header, right: weekly ? [2, 3, 4, 5, 6] : [2, 3, 4], rows)
        for w in workload where w.overloaded {
            out += "  \(w.route) would need \(fixed(w.weeklyHours!)) h/week and has \(format(w.capacity!))\n"
        }
        if !owners.isEmpty {
            out += "  by owner: " + owners.map { o in
                "\(o.owner ?? "(no owner)") \(fixed(o.hours)) h" + (o.weeklyHours.map { " (\(fixed($0)) h/week)" } ?? "")
            }.joined(separator: ", ") + "\n"
        }

        if let a = agreement {
            out += "\nAGREEMENT with `\(a.column)`\n"
            out += "  \(a.agreed) of \(a.compared) cases agree (\(percent(a.rate)))"
                + (a.withoutExpectation > 0 ? "; \(a.withoutExpectation) without an expected route" : "") + "\n"
            let columns = Array(a.actual.indices)
            out += table(["expected \\ actual"] + columns.map { a.actual[$0] }, right: Array(1...max(1, columns.count)),
                         a.expected.indices.map { e in [a.expected[e]] + columns.map { String(a.matrix[e][$0]) } })
            if !a.disagreements.isEmpty {
                out += "  disagreeing: " + a.disagreements.map { "\($0.reference.id) (\($0.expected) → \($0.actual ?? "none"))" }
                    .joined(separator: ", ") + (a.disagreementCount > a.disagreements.count ? ", … (\(a.disagreementCount) in all)" : "") + "\n"
            }
            for (label, suggestion) in a.unknownExpected {
                out += "  note: expected value `\(label)` names no route of the map" + (suggestion.map { "; did you mean `\($0)`?" } ?? "") + "\n"
            }
        }

        if swallowed > 0 {
            out += "\nROWS THAT SWALLOWED LINES (a quoted field spans lines that look like rows: is a quote missing?)\n"
            for e in swallowedExamples {
                out += "  row \(e.reference.row)" + (e.reference.id == "row \(e.reference.row)" ? "" : " (id \(e.reference.id))")
                    + ": lines \(e.line)–\(e.lastLine) were read as one row\n"
            }
            if swallowed > swallowedExamples.count { out += "  … and \(swallowed - swallowedExamples.count) more\n" }
        }
        if rejected > 0 {
            out += "\nREJECTED ROWS (not routed; fix the case file)\n"
            for r in rejects { out += "  row \(r.rowNumber) (line \(r.line))" + (r.id.map { ", \($0)" } ?? "") + ": \(r.reason)\n" }
            if rejected > rejects.count { out += "  … and \(rejected - rejects.count) more (use --rejects FILE for all)\n" }
        }
        if !columns.unused.isEmpty { out += "\nColumns the map does not read: " + columns.unused.joined(separator: ", ") + "\n" }
        return out
    }
}

package func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

package func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
package func fixed(_ v: Double) -> String { String(format: "%.1f", v) }

/// A plain text table: a header, aligned columns two spaces apart, indented by two (or `indent`).
package func table(_ header: [String], right: [Int], _ rows: [[String]], indent: String = "  ") -> String {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        let padded = cells.enumerated().map { c, cell in
            let pad = String(repeating: " ", count: max(0, widths[c] - cell.count))
            return right.contains(c) ? pad + cell : cell + pad
        }
        var text = indent + padded.joined(separator: "  ")
        while text.last == " " { text.removeLast() }
        return text + "\n"
    }
    return all.map(line).joined()
}
