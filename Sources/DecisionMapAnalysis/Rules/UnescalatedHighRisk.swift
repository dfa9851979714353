import DecisionMap

/// High- and critical-risk segments for which no mandatory escalation can ever fire.
///
/// A segment of risk `high` or `critical` should have a path to a named person for the cases that
/// need one: an escalation whose condition holds for some of its cases. The analysis checks, over
/// the whole input space, whether any escalation fires for a case of the segment. A segment with
/// no such escalation is reported, whatever happens to its cases otherwise; which of its cases
/// automation finishes with no person at all is `high-risk-automated`'s finding, with regions and
/// witnesses.
///
/// Only reported when the analysis is exact (see `approximated-analysis`).
///
/// **Why it matters:** the point of a risk level is that risky cases get more care. A high-risk
/// segment whose cases can never reach an escalation has no way to put a case in front of the
/// person who owns the risk.
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
    static let summary = "high or critical segments for which no mandatory escalation can fire"
    static let rationale = "A risky case that can never be escalated has no way to reach the person who owns the risk."

    static func check(_ context: LintContext) -> [Finding] {
        let coverage = context.coverage
        guard coverage.isExact else { return [] }
        let sweep = coverage.sweep
        return context.model.segments.enumerated().compactMap { s, segment in
            guard segment.risk >= .high, sweep.segmentReached[s], !sweep.escalatedInSegment[s] else { return nil }
            return context.finding(
                self, "\(segment.risk.rawValue)-risk segment \(context.code(segment.name)) has no mandatory escalation: "
                    + "none can fire for its cases",
                at: segment.range,
                help: "add an escalation for `segment is \(segment.name)` and the cases that need a person")
        }
    }
}
