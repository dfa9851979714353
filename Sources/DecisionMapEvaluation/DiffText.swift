import DecisionMap
import DecisionMapSimulation

extension DiffReport {
    /// The diff for people: what a reviewer reads before merging a change to a map. Sections with
    /// nothing to say are left out, except the map changes and the changed cases, which say
    /// `none`; so a map diffed with itself reports nothing.
    public func text() -> String {
        var out = "Diff of \"\(old.title)\""
        if new.title != old.title { out += " → \"\(new.title)\"" }
        switch (old.version, new.version) {
        case (let a?, let b?) where a == b: out += " (version \(a))"
        case (nil, nil): break
        case (let a, let b): out += ": version \(a ?? "(none)") → \(b ?? "(none)")"
        }
        out += "\n"
        out += "  old    \(old.mapFile)\n"
        out += "  new    \(new.mapFile)\n"
        for what in new.whatIf { out += "  what-if (new): \(what)\n" }
        out += "  cases  \(new.source): \(new.read) read = \(new.evaluated) evaluated + \(new.rejected) rejected\n"

        out += "\n" + structure.text()

        out += "\nCHANGED CASES: "
        out += changed == 0 ? "none" : "\(changed)"
        out += " of \(new.evaluated) evaluated case\(new.evaluated == 1 ? "" : "s") changed route, outcome or segment\n"
        for t in transitions {
            out += "  \(t.label): \(t.cases.count) case\(t.cases.count == 1 ? "" : "s"), e.g. " + examples(t.cases, total: t.cases.count) + "\n"
        }

        if !gapsIntroduced.isEmpty || !gapsClosed.isEmpty {
            out += "\nGAPS (cases that became gaps, or stopped being gaps; the fallback does not close a gap)\n"
            var rows: [[String]] = []
            for (label, list) in [("introduced", gapsIntroduced), ("closed", gapsClosed)] {
                for (i, g) in list.enumerated() {
                    rows.append([i == 0 ? label : "", g.kind.rawValue, String(g.cases), examples(g.examples, total: g.cases)])
                }
            }
            out += table(["", "gap", "cases", "e.g."], right: [2], rows)
        }

        if !workload.isEmpty {
            let perWeek = new.casesPerWeek
            out += "\nWORKLOAD (old → new)" + (perWeek.map { ", scaled to \(format($0)) cases per week" } ?? "") + "\n"
            let money = new.currency.map { " (\($0))" } ?? ""
            var header = ["route", "owner", "cases", "change", "hours", "change", "cost" + money, "change"]
            if perWeek != nil { header += ["h/week", "capacity", ""] }
            out += table(header, right: Array(2..<(perWeek != nil ? 10 : 8)), workload.map { w in
                let line = w.new ?? w.old!
                var row = [w.route + (w.old == nil ? " (new)" : w.new == nil ? " (removed)" : ""),
                           line.owner ?? (line.kind.isHuman ? "(no owner)" : "")]
                row += transition(w.old.map { Double($0.cases) }, w.new.map { Double($0.cases) }, whole: true)
                row += transition(w.old?.hours, w.new?.hours, whole: false)
                row += transition(w.old?.cost, w.new?.cost, whole: false)
                if perWeek != nil {
                    let a = w.old?.weeklyHours, b = w.new?.weeklyHours
                    row += [a == nil && b == nil ? "" : "\(a.map { fixed($0) } ?? "-") → \(b.map { fixed($0) } ?? "-")",
                            w.new?.capacity.map { format($0) } ?? "", w.new?.overloaded == true ? "OVERLOADED" : ""]
                }
                return row
            })
            if !owners.isEmpty {
                out += "  by owner: " + owners.map { o in
                    let a = o.old?.hours ?? 0, b = o.new?.hours ?? 0
                    return "\(o.owner ?? "(no owner)") \(fixed(a)) → \(fixed(b)) h (\(signed(b - a, whole: false)))"
                }.joined(separator: ", ") + "\n"
            }
        }

        if !coverage.isEmpty {
            out += "\nRULE COVERAGE (cases each rule, threshold, escalation and policy decided, old → new)\n"
            out += table(["line", "decided", "change", "what"], right: [0, 1, 2], coverage.map { c in
                let item = c.new ?? c.old!
                return ["\(c.old.map { String($0.line) } ?? "-") → \(c.new.map { String($0.line) } ?? "-")",
                        "\(c.old.map { String($0.cases) } ?? "-") → \(c.new.map { String($0.cases) } ?? "-")",
                        signed(Double((c.new?.cases ?? 0) - (c.old?.cases ?? 0)), whole: true),
                        "\(item.kind): \(item.label)" + (c.old == nil ? " (new)" : c.new == nil ? " (removed)" : "")]
            })
        }
        return out
    }

    private func examples(_ cases: [CaseID], total: Int) -> String {
        let shown = cases.prefix(exampleLimit)
        return shown.map(\.id).joined(separator: ", ") + (total > shown.count ? ", …" : "")
    }

    /// `old → new` and the change: two cells; a side that does not exist is `-`.
    private func transition(_ old: Double?, _ new: Double?, whole: Bool) -> [String] {
        func show(_ v: Double?) -> String { v.map { whole ? String(Int($0)) : fixed($0) } ?? "-" }
        return ["\(show(old)) → \(show(new))", signed((new ?? 0) - (old ?? 0), whole: whole)]
    }

    private func signed(_ v: Double, whole: Bool) -> String {
        let text = whole ? String(Int(abs(v))) : fixed(abs(v))
        return (v < 0 ? "-" : "+") + text
    }
}

extension MapDiff {
    /// The section MAP CHANGES: every item added, removed, changed or moved, with its lines and,
    /// for changes, its text in each version; `none` when the maps say the same.
    public func text() -> String {
        var out = "MAP CHANGES\n"
        if changes.isEmpty { out += "  none\n" }
        let width = changes.map(\.name.count).max() ?? 0
        for change in changes {
            let place = switch change.kind {
            case .added: "new line \(change.newLine!)"
            case .removed: "old line \(change.oldLine!)"
            case .changed, .moved: "line \(change.oldLine!) → \(change.newLine!)" + (change.moved ? ", moved" : "")
            }
            out += "  " + change.kind.rawValue.padded(9) + change.name.padded(width + 2) + place + "\n"
            if change.kind != .moved {
                if let text = change.oldText, change.kind != .added { out += "           - \(text)\n" }
                if let text = change.newText, change.kind != .removed { out += "           + \(text)\n" }
            }
        }
        return out
    }
}
