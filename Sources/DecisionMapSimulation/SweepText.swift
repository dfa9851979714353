import DecisionMap

extension SimulationReport {
    /// The recommendations (with `--target`) and one table per swept threshold, for the text report.
    func sweepText() -> String {
        guard !sweeps.isEmpty else { return "" }
        var out = ""
        if !targets.isEmpty {
            out += "RECOMMENDED THRESHOLDS (the most automation that meets " + targets.map { "`\($0)`" }.joined(separator: " and ") + ")\n"
            for sweep in sweeps {
                out += "  \(sweepTitle(sweep)): " + recommendation(sweep) + "\n"
            }
            out += "\n"
        }
        for sweep in sweeps {
            out += "THRESHOLD SWEEP: \(sweepScope(sweep)), \(plural(sweep.points.count, "point")) over \(plural(evaluated, "evaluated case"))\n"
            out += sweepTable(sweep)
            out += "  now: the threshold in force in this run" + (targets.isEmpty ? "" : "; best: the recommended point") + "\n"
            out += "  review: cases a threshold sent to a person; people h: hours of every team and escalation route\n"
            if agreement != nil {
                out += "  automated errors: cases on an automated route other than their expected route, of the automated cases with one\n"
            }
            out += "\n"
        }
        return out
    }

    /// The sweep as given, with the segments it moves when it names a line: "otherwise (small_claims)".
    package func sweepTitle(_ sweep: SweepResult) -> String {
        if case .segment = sweep.target { return sweep.target.description }
        return "\(sweep.target) (" + sweep.segments.joined(separator: ", ") + ")"
    }

    /// "`small_claims` (the `otherwise` line, in force: 0.7)".
    package func sweepScope(_ sweep: SweepResult) -> String {
        let names = sweep.segments.map { "`\($0)`" }.joined(separator: ", ")
        let line = switch sweep.target {
        case .segment: ""
        case .otherwise: "the `otherwise` line, "
        case .all: "every threshold, "
        }
        return names + " (" + line + "in force: " + sweep.current.map(format).joined(separator: ", ") + ")"
    }

    /// The recommended point in a sentence, or why there is none.
    package func recommendation(_ sweep: SweepResult) -> String {
        guard let best = sweep.recommended else {
            let range = "\(format(sweep.points.first!.threshold)) to \(format(sweep.points.last!.threshold))"
            return "no point from \(range) meets the target"
                + (targets.contains { $0.measure == .automatedError } ? " (a point with no automated case has no automated error rate)" : "")
        }
        let p = sweep.points[best]
        var parts = ["automation \(percent(p.automationRate)) (\(plural(p.automated, "case")))"]
        if let errors = p.automatedErrors, let rate = p.automatedErrorRate {
            parts.append("automated errors \(percent(rate)) (\(errors) of \(p.automatedCompared!))")
        }
        parts.append("review \(plural(p.reviewCases, "case")), \(fixed(p.reviewHours)) h" + (p.weeklyReviewHours.map { " (\(fixed($0)) h/week)" } ?? ""))
        return "threshold \(format(p.threshold)); " + parts.joined(separator: ", ") + "; in force now: " + sweep.current.map(format).joined(separator: ", ")
    }

    func sweepTable(_ sweep: SweepResult) -> String {
        let weekly = casesPerWeek != nil
        let expecting = agreement != nil
        let money = currency.map { " (\($0))" } ?? ""
        // With a weekly volume, hours are per week (as operations plans them); else for the file.
        var header = ["threshold", "", "automated", "share", "review", weekly ? "review h/wk" : "review h",
                      weekly ? "people h/wk" : "people h", "cost" + money]
        if expecting { header += ["agreement", "automated errors"] }
        if weekly { header += ["over capacity"] }
        let rows = sweep.points.indices.map { i in
            let p = sweep.points[i]
            let marks = (sweep.current.contains(p.threshold) ? ["now"] : []) + (sweep.recommended == i ? ["best"] : [])
            var row = [sweep.label(p.threshold), marks.joined(separator: ", "), String(p.automated),
                       percent(p.automationRate), String(p.reviewCases), fixed(p.weeklyReviewHours ?? p.reviewHours),
                       fixed(p.weeklyPeopleHours ?? p.peopleHours), String(format: "%.2f", p.cost)]
            if expecting {
                row += [p.agreement.map(percent) ?? "",
                        p.automatedErrorRate.map { "\(p.automatedErrors!) of \(p.automatedCompared!) (\(percent($0)))" } ?? "none automated"]
            }
            if weekly { row.append(p.overloaded.joined(separator: ", ")) }
            return row
        }
        let right = [0, 2, 3, 4, 5, 6, 7] + (expecting ? [8, 9] : [])
        return table(header, right: right, rows)
    }
}
