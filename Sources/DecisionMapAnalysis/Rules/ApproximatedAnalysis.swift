import DecisionMap

/// Places where the static analysis is not exact, so the absence of a finding proves nothing.
///
/// The analysis is exact for conditions over enumerations, numbers (open and closed bounds),
/// integers, booleans, `missing`/`present`, text equality and `contains` (with any number of
/// literals and substrings, substrings of one another included), combined with `and`, `or` and
/// `not`. It is approximate in exactly three situations, and says which with this finding:
///
/// - an integer input compared with whole numbers beyond 2^52, which a double cannot tell from
///   their neighbours (the message names the input);
/// - a text input whose `contains` substrings together use every character dmap builds example
///   texts from (letters aside, some twenty separators), so that some combinations of them cannot
///   be shown with a case (the message names the input);
/// - a map so large that the analysis stopped after its budget of regions (2,000,000 nodes by
///   default).
///
/// Every finding an approximate analysis reports is still proven: each region found has a witness
/// the router confirms. What may be missing is named in the message: further gaps and conflicts
/// (`no-rule-gap`, `rule-conflict`, `no-segment-gap`, `missing-data-gap`, `fallback-catches-gap`)
/// and further `high-risk-automated` regions; `dead-rule`, `unused-segment` and
/// `unescalated-high-risk`, which need the whole space, are not reported at all. The JSON output
/// says `"exact": false` at the top.
///
/// **Why it matters:** a reviewer must know whether "no findings" is a proof or a sample.
///
/// **Fails:**
///
/// ```
/// inputs
///   visits  integer 0..
/// decide route (first)
///   when visits > 9007199254740993  -> triage_review
/// ```
///
/// **Passes:** a map whose conditions stay within the exact fragment.
enum ApproximatedAnalysis: LintRule {
    static let id = "approximated-analysis"
    static let severity = Diagnostic.Severity.warning
    static let summary = "places where the static analysis is approximate, so no finding proves nothing"
    static let rationale = "A reviewer must know whether an empty report is a proof or a sample."

    /// What an approximate analysis may have missed, for the messages.
    static let missing = "further gaps, conflicts and high-risk automated regions may be missing, and dead rules, unused segments and unescalated segments are not reported"

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        let coverage = context.coverage
        let header = model.syntax.header.map { context.headerRange($0.range) } ?? .none
        var findings: [Finding] = coverage.space.approximations.map { text in
            let field = model.fields.first { text.hasPrefix("`\($0.name)`") }
            return context.finding(self, "the analysis is approximate: \(text); \(missing)", at: field?.range ?? header,
                                   help: "the findings reported are real; simplify the tests of that input to get a proof")
        }
        if !coverage.sweep.complete {
            findings.append(context.finding(
                self, "the analysis stopped after \(coverage.sweep.nodes - 1) regions; \(missing)",
                at: header, help: "split the map, or raise the analysis budget"))
        }
        return findings
    }
}
