import DecisionMap

/// Places where the static analysis is not exact, so the absence of a finding proves nothing.
///
/// The analysis is exact for conditions over enumerations, numbers (open and closed bounds),
/// integers, booleans, `missing`/`present`, text equality and `contains`, combined with `and`,
/// `or` and `not`. It says so, with this finding, when it is not: a text field tested with more
/// than eight `contains` substrings (only some combinations of them are analysed), integers
/// compared beyond 2^52, or a map so large that the analysis stopped after its budget of regions.
/// Gaps it reports are still real (each has a witness the router confirms), but gaps, dead rules
/// and unused segments may be missing from the report, and `dead-rule`, `unused-segment` and
/// `unescalated-high-risk` are not reported at all.
///
/// **Why it matters:** a reviewer must know whether "no findings" is a proof or a sample.
///
/// **Fails:**
///
/// ```
/// decide route (first)
///   when subject contains "a" or subject contains "b" or subject contains "c" or subject contains "d"
///     or subject contains "e" or subject contains "f" or subject contains "g" or subject contains "h"
///     or subject contains "i"  -> triage_review
/// ```
///
/// **Passes:** a map whose conditions stay within the exact fragment.
enum ApproximatedAnalysis: LintRule {
    static let id = "approximated-analysis"
    static let severity = Diagnostic.Severity.warning
    static let summary = "places where the static analysis is approximate, so no finding proves nothing"
    static let rationale = "A reviewer must know whether an empty report is a proof or a sample."

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        let coverage = context.coverage
        let header = model.syntax.header.map { context.headerRange($0.range) } ?? .none
        var findings: [Finding] = coverage.space.approximations.map { text in
            let field = model.fields.first { text.hasPrefix("`\($0.name)`") }
            return context.finding(self, "the analysis is approximate: \(text)", at: field?.range ?? header,
                                   help: "gaps found are real, but there may be more; simplify the tests to get a proof")
        }
        if !coverage.sweep.complete {
            findings.append(context.finding(
                self, "the analysis stopped after \(coverage.sweep.nodes - 1) regions; gaps and dead rules beyond them may be missed",
                at: header, help: "split the map, or raise the analysis budget"))
        }
        return findings
    }
}
