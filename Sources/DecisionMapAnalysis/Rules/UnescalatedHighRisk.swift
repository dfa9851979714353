import DecisionMap

/// High- and critical-risk segments with neither a mandatory escalation nor mandatory review.
///
/// A segment of risk `high` or `critical` needs a person in the loop: either an escalation that
/// can fire for its cases, or routing in which none of its cases is finished by an automated
/// route (every case ends with a team or an escalation: mandatory review). The analysis checks
/// both over the segment's cases; a confidence threshold alone does not count, since confident
/// cases still go straight through.
///
/// Only reported when the analysis is exact (see `approximated-analysis`).
///
/// **Why it matters:** the point of a risk level is that risky cases get more care. A high-risk
/// segment whose cases can be resolved by automation with no escalation path is treated exactly
/// like a low-risk one.
///
/// **Fails:**
///
/// ```
/// segments
///   repeat_customers  risk high  when prior_escalations >= 3
/// decide route (first)
///   when category is outage  -> auto_resolve
/// ```
///
/// **Passes:**
///
/// ```
/// escalate
///   to supervisor when segment is repeat_customers and sentiment < -0.5   because "repeat complaint"
/// ```
enum UnescalatedHighRisk: LintRule {
    static let id = "unescalated-high-risk"
    static let severity = Diagnostic.Severity.warning
    static let summary = "high or critical segments with no mandatory escalation and no mandatory review"
    static let rationale = "Risky cases that automation may finish without any escalation path get no more care than low-risk ones."

    static func check(_ context: LintContext) -> [Finding] {
        let coverage = context.coverage
        guard coverage.isExact else { return [] }
        let sweep = coverage.sweep
        return context.model.segments.enumerated().compactMap { s, segment in
            guard segment.risk >= .high, sweep.segmentReached[s], !sweep.escalatedInSegment[s], sweep.automatedInSegment[s] else {
                return nil
            }
            return context.finding(
                self, "\(segment.risk.rawValue)-risk segment \(context.code(segment.name)) has no mandatory escalation, "
                    + "and some of its cases are finished by an automated route",
                at: segment.range,
                help: "add an escalation for `segment is \(segment.name)`, or route its cases to people")
        }
    }
}
