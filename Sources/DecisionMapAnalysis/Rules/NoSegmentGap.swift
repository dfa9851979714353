import DecisionMap

/// Cases that belong to no segment.
///
/// Segments are tried in order and the first that holds takes the case; without a catch-all
/// `otherwise` segment some cases may match none. The finding describes them and gives a witness
/// that `dmap route` reports as a `no-segment` gap.
///
/// **Why it matters:** the segment decides the risk level, the escalations and the confidence
/// threshold. A case outside every segment has no risk level at all, so none of those safeguards
/// apply to it.
///
/// **Fails:**
///
/// ```
/// segments
///   critical  risk high  when category is fraud
///   standard  risk low   when tier is standard
/// ```
///
/// **Passes:**
///
/// ```
/// segments
///   critical  risk high  when category is fraud
///   standard  risk low   otherwise
/// ```
enum NoSegmentGap: LintRule {
    static let id = "no-segment-gap"
    static let severity = Diagnostic.Severity.error
    static let summary = "cases that belong to no segment"
    static let rationale = "A case outside every segment has no risk level, so no escalation or threshold applies to it."

    static func check(_ context: LintContext) -> [Finding] {
        guard context.model.fallback == nil else { return [] }
        return context.coverage.gapGroups.filter { $0.kind == .noSegment }.map {
            context.gapFinding($0, rule: self, caught: false)
        }
    }
}
