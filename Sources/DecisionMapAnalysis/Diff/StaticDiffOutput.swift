import DecisionMap

extension StaticDiff.State {
    /// `straight_through (decided)`, `none (gap)`.
    public var label: String { "\(route ?? "none") (\(outcome.rawValue))" }
}

extension StaticDiff {
    /// The summary line: equivalent, or how many regions change.
    public var summary: String {
        let how = exact ? "exact analysis over \(regions) regions" : "approximate analysis"
        if equivalent { return "equivalent: every case is decided the same (\(how))" }
        let decisions = decisionChanges.count, segments = segmentChanges.count
        var parts: [String] = []
        if decisions > 0 || segments == 0 { parts.append("\(decisions) \(decisions == 1 ? "region changes" : "regions change") decisions") }
        if segments > 0 { parts.append("\(segments) \(segments == 1 ? "changes" : "change") only the segment") }
        if !exact && changes.isEmpty { parts = ["no change found, but the analysis is approximate: it proves nothing"] }
        return parts.joined(separator: ", ") + " (\(how))"
    }

    /// The changes for people, grouped by transition: what each version does, where, and a case
    /// that shows it; with `cases`, how many cases of a file fall in each region (per change, in
    /// `changes` order).
    public func text(cases: [Int]? = nil) -> String {
        var out = summary + "\n"
        for note in approximations { out += "  not exact: \(note)\n" }
        let groups: [(title: String, changes: [(Int, Change)])] = [
            ("DECISION CHANGES (route or outcome)", changes.enumerated().filter { !$0.element.segmentOnly }),
            ("SEGMENT CHANGES (same route and outcome, another segment)", changes.enumerated().filter { $0.element.segmentOnly }),
        ]
        for (title, list) in groups where !list.isEmpty {
            out += "\n\(title)\n"
            var lastTransition = ""
            for (i, change) in list {
                let transition = change.segmentOnly ? change.from.label : "\(change.from.label) → \(change.to.label)"
                if transition != lastTransition {
                    out += "  \(transition)\n"
                    lastTransition = transition
                }
                let segment = change.from.segment == change.to.segment ? "segment \(change.from.segment ?? "none")"
                    : "segment \(change.from.segment ?? "none") → \(change.to.segment ?? "none")"
                let lines = "old " + lineList(change.oldLines) + ", new " + lineList(change.newLines)
                out += "    \(segment); \(lines)\n"
                out += "      region:  \(change.region)\n"
                out += "      witness: " + (change.witness.map { JSONValue.object($0).rendered() } ?? "none confirmed (a dmap bug: please report it)") + "\n"
                if let cases { out += "      cases:   " + (cases[i] == 0 ? "none in the file" : "\(cases[i]) in the file") + "\n" }
            }
        }
        return out
    }

    private func lineList(_ lines: [Int]) -> String {
        lines.isEmpty ? "no line" : (lines.count == 1 ? "line " : "lines ") + lines.map(String.init).joined(separator: ", ")
    }

    /// The changes for machines: `equivalent`, `exact`, `approximations`, `regions` and `changes`
    /// (each with `from` and `to`, `segmentOnly`, `region`, `witness`, `oldLines`, `newLines`, and
    /// with `cases` the number of the file's cases in it).
    public func jsonMembers(cases: [Int]? = nil) -> JSONObject {
        func state(_ s: State) -> JSONValue {
            ["route": s.route.map { .string($0) } ?? .null, "outcome": .string(s.outcome.rawValue), "segment": s.segment.map { .string($0) } ?? .null]
        }
        return [
            "equivalent": .bool(equivalent),
            "exact": .bool(exact),
            "approximations": .array(approximations.map { .string($0) }),
            "regions": .number(Double(regions)),
            "changes": .array(changes.enumerated().map { i, change in
                var object: JSONObject = [
                    "from": state(change.from), "to": state(change.to), "segmentOnly": .bool(change.segmentOnly),
                    "region": .string(change.region), "witness": change.witness.map { .object($0) } ?? .null,
                    "oldLines": .array(change.oldLines.map { .number(Double($0)) }),
                    "newLines": .array(change.newLines.map { .number(Double($0)) }),
                ]
                if let cases { object.append("cases", .number(Double(cases[i]))) }
                return .object(object)
            }),
        ]
    }
}
