import DecisionMap

/// Lint reports as text (the compiler convention) and JSON.
public enum LintOutput {
    /// The active findings of a report in the compiler convention, each with its source line and
    /// caret, and for coverage findings the gap, region and witness:
    ///
    /// ```
    /// triage.dmap:120:1: error: no decision rule holds for some cases in segment `standard` [no-rule-gap]
    ///  120 | decide route (first)
    ///      | ^~~~~~~~~~~~~~~~~~~~
    ///      = help: add a rule for these cases to `route`, or an `otherwise` rule
    ///      = gap: no-rule
    ///      = region: category is complaint or other, ...
    ///      = witness: {"Channel": "email", "category": "complaint", ...}
    /// ```
    ///
    /// Ends with a summary line per report.
    public static func text(_ report: LintReport) -> String {
        let renderer = DiagnosticRenderer(source: report.source)
        var out = ""
        for finding in report.active {
            var facts: [(label: String, text: String)] = []
            if let gap = finding.gap { facts.append(("gap", gap.rawValue)) }
            if let region = finding.region { facts.append(("region", region)) }
            if let witness = finding.witness { facts.append(("witness", witnessText(witness))) }
            out += renderer.text(finding.diagnostic, rule: finding.id, facts: facts) + "\n"
        }
        return out + summary(report) + "\n"
    }

    /// "triage.dmap: 2 errors, 5 warnings, 1 note (1 silenced)".
    public static func summary(_ report: LintReport) -> String {
        let active = report.active
        func count(_ severity: Diagnostic.Severity, _ word: String) -> String {
            let n = active.filter { $0.severity == severity }.count
            return "\(n) \(word)\(n == 1 ? "" : "s")"
        }
        var text = "\(report.source.name): "
        text += active.isEmpty ? "no findings" : [count(.error, "error"), count(.warning, "warning"), count(.note, "note")].joined(separator: ", ")
        let silenced = report.suppressed.count
        if silenced > 0 { text += " (\(silenced) silenced)" }
        if let analysis = report.analysis {
            text += analysis.exact ? "; analysis exact over \(analysis.regions) regions" : "; analysis approximate"
        } else if !report.compiled {
            text += "; not analysed: the map has errors"
        }
        return text
    }

    /// A witness on one line, with a space after each colon and comma, as people write JSON.
    static func witnessText(_ witness: JSONObject) -> String {
        "{" + witness.members.map { JSONValue.string($0.key).rendered() + ": " + $0.value.rendered() }.joined(separator: ", ") + "}"
    }

    /// One finding as JSON: the diagnostic's `id`, `severity`, `message`, `file`, `line`, `column`,
    /// `endLine`, `endColumn`, `help`, `notes`, then `gap`, `region`, `witness` and `suppressed`
    /// (the reason) when present.
    public static func json(_ finding: Finding, source: SourceFile) -> JSONValue {
        guard case .object(var object) = DiagnosticJSON.value(finding.diagnostic, source: source) else { return .null }
        if let gap = finding.gap { object.append("gap", .string(gap.rawValue)) }
        if let region = finding.region { object.append("region", .string(region)) }
        if let witness = finding.witness { object.append("witness", .object(witness)) }
        if let reason = finding.suppression { object.append("suppressed", .string(reason)) }
        return .object(object)
    }

    /// Several reports as one JSON document: `{"exact": …, "findings": [...], "files": [...]}`,
    /// where `exact` says whether every map was analysed exactly (so that the absence of a finding
    /// is a proof; false when any analysis was approximate or a map could not be analysed), and
    /// each file has its counts and whether its analysis was exact.
    public static func json(_ reports: [LintReport]) -> JSONValue {
        var findings: [JSONValue] = []
        var files: [JSONValue] = []
        for report in reports {
            findings += report.findings.map { json($0, source: report.source) }
            let active = report.active
            var file: JSONObject = [
                "file": .string(report.source.name), "compiled": .bool(report.compiled),
                "errors": .number(Double(active.filter { $0.severity == .error }.count)),
                "warnings": .number(Double(active.filter { $0.severity == .warning }.count)),
                "notes": .number(Double(active.filter { $0.severity == .note }.count)),
                "suppressed": .number(Double(report.suppressed.count)),
            ]
            if let analysis = report.analysis {
                file.append("analysis", ["exact": .bool(analysis.exact), "regions": .number(Double(analysis.regions))])
            }
            files.append(.object(file))
        }
        let exact = reports.allSatisfy { $0.analysis?.exact == true }
        return ["exact": .bool(exact), "findings": .array(findings), "files": .array(files)]
    }
}
