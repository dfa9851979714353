import DecisionMap

/// Confidence thresholds that get less strict as risk rises.
///
/// A segment's threshold is the minimum model confidence at which its cases are decided
/// automatically. The finding is reported at a segment's threshold when a segment of *lower* risk
/// has a *higher* threshold, with a note pointing at it; and at a segment that has no threshold at
/// all (no line names it and there is no `otherwise` line) when a segment of lower risk has one.
///
/// **Why it matters:** risk tolerance should fall as risk rises. An inverted threshold lets the
/// model decide a critical case on a guess it would not be trusted with for a routine one,
/// usually after someone tuned one line and forgot the others.
///
/// **Fails:**
///
/// ```
/// uncertainty using confidence
///   in critical   below 0.80 -> triage_review
///   otherwise     below 0.90 -> triage_review
/// ```
///
/// **Passes:**
///
/// ```
/// uncertainty using confidence
///   in critical   below 0.95 -> triage_review
///   otherwise     below 0.90 -> triage_review
/// ```
enum ThresholdInversion: LintRule {
    static let id = "threshold-inversion"
    static let severity = Diagnostic.Severity.warning
    static let summary = "confidence thresholds that get less strict as risk rises"
    static let rationale = "An inverted threshold trusts the model more on critical cases than on routine ones."

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        guard model.confidenceField != nil else { return [] }
        let thresholds = model.segments.indices.map { model.threshold(forSegment: $0) }
        var findings: [Finding] = []
        for (s, segment) in model.segments.enumerated() {
            guard let t = thresholds[s] else {
                let guarded = model.segments.indices.filter { model.segments[$0].risk < segment.risk && thresholds[$0] != nil }
                if let other = guarded.max(by: { model.thresholds[thresholds[$0]!].below < model.thresholds[thresholds[$1]!].below }) {
                    let o = thresholds[other]!
                    findings.append(context.finding(
                        self, "segment \(context.code(segment.name)) (risk \(segment.risk.rawValue)) has no confidence threshold, "
                            + "while \(context.code(model.segments[other].name)) (risk \(model.segments[other].risk.rawValue)) has "
                            + number(model.thresholds[o].below),
                        at: segment.range,
                        notes: [Diagnostic.Note("the threshold of \(context.code(model.segments[other].name))", at: model.thresholds[o].range)],
                        help: "add `in \(segment.name) below \(number(model.thresholds[o].below)) -> ROUTE` or stricter under `uncertainty`"))
                }
                continue
            }
            let below = model.thresholds[t].below
            // The strictest threshold among segments of lower risk.
            let stricter = model.segments.indices.filter { other in
                guard model.segments[other].risk < segment.risk, let o = thresholds[other] else { return false }
                return model.thresholds[o].below > below
            }.max { model.thresholds[thresholds[$0]!].below < model.thresholds[thresholds[$1]!].below }
            guard let other = stricter, let o = thresholds[other] else { continue }
            let otherSegment = model.segments[other]
            findings.append(context.finding(
                self, "segment \(context.code(segment.name)) (risk \(segment.risk.rawValue)) is decided from confidence "
                    + "\(number(below)), less strict than \(context.code(otherSegment.name)) (risk \(otherSegment.risk.rawValue)) "
                    + "at \(number(model.thresholds[o].below))",
                at: model.thresholds[t].range,
                notes: [Diagnostic.Note("the stricter threshold of \(context.code(otherSegment.name))", at: model.thresholds[o].range)],
                help: "give \(context.code(segment.name)) a threshold of at least \(number(model.thresholds[o].below))"))
        }
        return findings
    }

    private static func number(_ v: Double) -> String { JSONValue.number(v).rendered() }
}
