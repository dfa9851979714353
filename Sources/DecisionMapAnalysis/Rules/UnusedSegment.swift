import DecisionMap

/// Segments that no case can belong to.
///
/// A case belongs to the first segment that holds, so a segment whose cases all belong to earlier
/// segments, or whose condition can never hold, is empty. Its thresholds, escalations and tables
/// then never apply.
///
/// Only reported when the analysis is exact (see `approximated-analysis`).
///
/// **Why it matters:** an empty segment looks like a safeguard ("VIPs get their own threshold")
/// that protects nobody, usually because a broader segment above it takes its cases.
///
/// **Fails:**
///
/// ```
/// segments
///   valued  risk medium  when tier in (gold, platinum)
///   vip     risk high    when tier is platinum
///   rest    risk low     otherwise
/// ```
///
/// **Passes:**
///
/// ```
/// segments
///   vip     risk high    when tier is platinum
///   valued  risk medium  when tier is gold
///   rest    risk low     otherwise
/// ```
enum UnusedSegment: LintRule {
    static let id = "unused-segment"
    static let severity = Diagnostic.Severity.warning
    static let summary = "segments that no case can belong to"
    static let rationale = "An empty segment looks like a safeguard but protects nobody."

    static func check(_ context: LintContext) -> [Finding] {
        let coverage = context.coverage
        guard coverage.isExact else { return [] }
        let points = coverage.sweep.points
        return context.model.segments.enumerated().compactMap { s, segment in
            guard !coverage.sweep.segmentReached[s] else { return nil }
            let p = points.segmentPoint[s]
            let never = p >= 0 && points.points[p].yes.isEmpty
            return context.finding(
                self, "segment \(context.code(segment.name)) can never hold: "
                    + (never ? "its condition can never hold" : "earlier segments take every case it describes"),
                at: segment.range, help: never ? nil : "move it above the segments that take its cases, or narrow them")
        }
    }
}
