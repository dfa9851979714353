import DecisionMap

/// A confidence threshold swept over a range of values in the same pass as a simulation
/// (`--sweep SEGMENT=FROM..TO/STEP`): the segments it moves, every other threshold as the map
/// (or a what-if) sets it.
public struct ThresholdSweep: Hashable, Sendable {
    public var target: ThresholdTarget
    /// The segments the sweep moves, as indices into the map it was made for.
    public var segments: [Int]
    /// The thresholds to evaluate, ascending.
    public var points: [Double]

    /// The most points one sweep may have.
    public static let maximumPoints = 1_000

    /// A sweep of `target`'s threshold in `map` over the given points.
    ///
    /// - Throws: `ThresholdError` when the map has no such threshold (see `DecisionMap.segments(for:)`)
    ///   or a point is outside 0..1.
    public init(map: DecisionMap, _ target: ThresholdTarget, points: [Double]) throws(ThresholdError) {
        guard !points.isEmpty, points.count <= Self.maximumPoints else {
            throw ThresholdError("a sweep has 1 to \(Self.maximumPoints) points; got \(points.count)")
        }
        if let outside = points.first(where: { !(0...1).contains($0) }) {
            throw ThresholdError("threshold \(format(outside)) is outside 0..1", help: "a confidence threshold is a probability between 0 and 1")
        }
        self.target = target
        segments = try map.segments(for: target)
        self.points = points.sorted()
    }

    /// `from`, `from + step`, … up to `to` inclusive, each rounded to `decimals` places (the
    /// decimals the three are written with), so 0.1 steps give 0.3 and not 0.30000000000000004.
    ///
    /// - Throws: `ThresholdError` as above, and for `from` above `to`, a step that is not positive,
    ///   or more than `maximumPoints` points.
    public init(map: DecisionMap, _ target: ThresholdTarget, from: Double, to: Double, step: Double, decimals: Int) throws(ThresholdError) {
        guard (0...1).contains(from), (0...1).contains(to) else {
            throw ThresholdError("a threshold sweep runs within 0..1; got \(format(from))..\(format(to))",
                                 help: "a confidence threshold is a probability between 0 and 1")
        }
        guard from <= to else {
            throw ThresholdError("the sweep starts at \(format(from)), above its end \(format(to))", help: "write FROM..TO with FROM ≤ TO")
        }
        guard step > 0, step.isFinite else {
            throw ThresholdError("the sweep's step must be above 0; got \(format(step))")
        }
        let scale = DecimalText.exactPowersOfTen[min(decimals, 12)]
        let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
        guard count <= Self.maximumPoints else {
            throw ThresholdError("a sweep from \(format(from)) to \(format(to)) by \(format(step)) has \(count) points; at most \(Self.maximumPoints)",
                                 help: "use a larger step")
        }
        try self.init(map: map, target, points: (0..<count).map { ((from + Double($0) * step) * scale).rounded() / scale })
    }
}

/// A goal for a sweep (`--target 'automated-error<=2%'`): the recommended threshold is the one with
/// the most automation among the points that meet every goal.
public struct SweepTarget: Hashable, Sendable, CustomStringConvertible {
    public enum Measure: String, Hashable, Sendable, CaseIterable {
        /// Automated errors among automated cases with an expected route (needs `--expect`).
        case automatedError = "automated-error"
        /// The share of cases on automated routes.
        case automation
        /// Hours of review (cases the thresholds send to a person) for the cases in the file.
        case reviewHours = "review-hours"
        /// Weekly hours of review (needs `--per-week`).
        case weeklyReviewHours = "review-hours/week"

        var isShare: Bool { self == .automatedError || self == .automation }
    }

    public var measure: Measure
    /// `<=` when true, `>=` when false.
    public var atMost: Bool
    /// A share (0.02 for 2%) or hours.
    public var value: Double
    public let description: String

    /// Reads `MEASURE<=VALUE` or `MEASURE>=VALUE`; shares take `%` (`2%`) or a fraction (`0.02`).
    public init(_ text: String) throws(ThresholdError) {
        let measures = Measure.allCases.map(\.rawValue).joined(separator: ", ")
        let compact = text.filter { $0 != " " }
        guard let op = compact.firstRange(of: "<=") ?? compact.firstRange(of: ">=") else {
            throw ThresholdError("`\(text)` is not a target", help: "write MEASURE<=VALUE or MEASURE>=VALUE, with MEASURE one of \(measures)")
        }
        let name = String(compact[..<op.lowerBound])
        guard let measure = Measure(rawValue: name) else {
            throw ThresholdError("unknown target measure `\(name)`",
                                 help: Suggestions.closest(to: name, in: Measure.allCases.map(\.rawValue)).map { "did you mean `\($0)`?" }
                                    ?? "the measures are \(measures)")
        }
        var number = String(compact[op.upperBound...])
        let percent = number.hasSuffix("%")
        if percent { number.removeLast() }
        guard let value = Double(number), value.isFinite, value >= 0 else {
            throw ThresholdError("`\(text)`: `\(compact[op.upperBound...])` is not a number", help: "for example `\(name)<=\(measure.isShare ? "2%" : "40")`")
        }
        if percent && !measure.isShare {
            throw ThresholdError("`\(text)`: \(name) is in hours, not a percentage")
        }
        self.measure = measure
        atMost = compact[op] == "<="
        self.value = percent ? value / 100 : value
        description = name + (atMost ? "<=" : ">=") + String(compact[op.upperBound...])
    }

    /// The point's figure for this measure; nil when the run cannot say (no `--expect`, no
    /// `--per-week`, no automated case with an expected route).
    public func figure(_ point: SweepPoint) -> Double? {
        switch measure {
        case .automatedError: point.automatedErrorRate
        case .automation: point.automationRate
        case .reviewHours: point.reviewHours
        case .weeklyReviewHours: point.weeklyReviewHours
        }
    }

    /// Whether `point` meets this goal; a point the run cannot measure (see `figure`) does not.
    public func isMet(by point: SweepPoint) -> Bool {
        guard let figure = figure(point) else { return false }
        // Shares are compared as reported (4 decimals), so a point shown as 2.00% meets `<=2%`.
        let shown = measure.isShare ? (figure * 10_000).rounded() / 10_000 : figure
        return atMost ? shown <= value : shown >= value
    }
}

/// One threshold of a sweep: where the cases go when the swept segments use it.
public struct SweepPoint: Sendable {
    public var threshold: Double
    public var outcomes: [(outcome: Outcome, cases: Int)]
    /// Per route, then "no route", as in the report.
    public var routes: [(route: String?, cases: Int)]
    /// Cases on automated routes.
    public var automated: Int
    public var automationRate: Double
    /// Cases the thresholds sent to review.
    public var reviewCases: Int
    /// Hours of review: review cases times their review route's handling time.
    public var reviewHours: Double
    /// Hours of every person-handled route (team and escalation), review included.
    public var peopleHours: Double
    /// The cost of every route.
    public var cost: Double
    /// With `--per-week`: weekly review hours and weekly hours of every person-handled route.
    public var weeklyReviewHours: Double?
    public var weeklyPeopleHours: Double?
    /// With `--per-week`: the person-handled routes whose weekly hours exceed their capacity.
    public var overloaded: [String]
    /// With `--expect`: the share of cases with an expected route that got it.
    public var agreement: Double?
    /// With `--expect`: cases on an automated route that is not their expected route.
    public var automatedErrors: Int?
    /// With `--expect`: automated cases with an expected route (the error rate's denominator).
    public var automatedCompared: Int?
    /// `automatedErrors / automatedCompared`; nil without `--expect` or when no such case.
    public var automatedErrorRate: Double?
}

/// A sweep's result: every point, where the map stands, and what the targets recommend.
public struct SweepResult: Sendable {
    public var target: ThresholdTarget
    /// The segments the sweep moves.
    public var segments: [String]
    /// The distinct thresholds those segments have in this run (the map's, or a what-if's).
    public var current: [Double]
    public var points: [SweepPoint]
    /// The index of the recommended point: the most automation among the points that meet every
    /// target (ties: fewer automated errors, then fewer review hours, then the lower threshold);
    /// nil without targets or when no point meets them.
    public var recommended: Int?

    /// As many decimals as the points need, the same for all, so a column of them lines up.
    public var decimals: Int {
        (0...6).first { d in points.allSatisfy { Double(String(format: "%.\(d)f", $0.threshold)) == $0.threshold } } ?? 6
    }

    /// A point's threshold with `decimals` decimals.
    public func label(_ threshold: Double) -> String { String(format: "%.\(decimals)f", threshold) }
}

/// Counts one sweep over a batch of cases. A case whose segment the sweep moves is routed once, past
/// its threshold; at points up to its confidence it keeps that decision, above it goes to review.
/// So each case adds its two decisions at one index (the number of points at or below its
/// confidence), and a point's totals are prefix sums: the cost of a sweep does not grow with its
/// number of points.
struct SweepTally: Sendable {
    let points: [Double]
    /// The swept segments.
    let moves: [Bool]
    let layout: SweepLayout
    /// `[index][slot]`: decisions kept at points below `index`, and review decisions from `index` on.
    var kept: [Int]
    var reviewed: [Int]
    /// Cases whose decision no point changes.
    var fixed: [Int]

    init(points: [Double], moves: [Bool], layout: SweepLayout) {
        self.points = points
        self.moves = moves
        self.layout = layout
        kept = Array(repeating: 0, count: (points.count + 1) * layout.width)
        reviewed = kept
        fixed = Array(repeating: 0, count: layout.width)
    }

    /// Counts a case: `past` is its decision past the threshold, `reach` where it met it, `decision`
    /// its decision in this run; `expected` the index of its expected route (-1 for one that names
    /// no route), nil without one.
    @inline(__always)
    mutating func count(past: Decision, reach: ThresholdReach?, decision: Decision, review: Decision?, expected: Int?) {
        guard let reach, moves[reach.segment], let review else {
            layout.add(decision, expected: expected, to: &fixed, at: 0)
            return
        }
        // The number of points at or below the confidence: those keep `past`.
        var low = 0, high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid] <= reach.confidence { low = mid + 1 } else { high = mid }
        }
        layout.add(past, expected: expected, to: &kept, at: low * layout.width)
        layout.add(review, expected: expected, to: &reviewed, at: low * layout.width)
    }

    mutating func merge(_ other: SweepTally) {
        for i in kept.indices { kept[i] += other.kept[i] }
        for i in reviewed.indices { reviewed[i] += other.reviewed[i] }
        for i in fixed.indices { fixed[i] += other.fixed[i] }
    }

    /// Each point's counts: the fixed cases, the kept decisions of cases whose index is above the
    /// point, and the review decisions of cases whose index is at or below it.
    func totals() -> [[Int]] {
        let w = layout.width
        var result: [[Int]] = []
        var keptAbove = Array(repeating: 0, count: w)
        for j in 1...points.count { for s in 0..<w { keptAbove[s] += kept[j * w + s] } }
        var reviewedUpTo = Array(repeating: 0, count: w)
        for i in points.indices {
            for s in 0..<w { reviewedUpTo[s] += reviewed[i * w + s] }
            result.append((0..<w).map { fixed[$0] + keptAbove[$0] + reviewedUpTo[$0] })
            if i + 1 <= points.count { for s in 0..<w { keptAbove[s] -= kept[(i + 1) * w + s] } }
        }
        return result
    }
}

/// What a sweep counts per decision: its outcome, its route, its route again when it is a review,
/// and with an expected route whether it agrees and whether it is an automated error.
struct SweepLayout: Sendable {
    let routeCount: Int
    let automatedRoute: [Bool]
    var outcomes: Int { 0 }
    var routes: Int { Outcome.allCases.count }
    var reviews: Int { routes + routeCount + 1 }
    var agreed: Int { reviews + routeCount }
    var automatedCompared: Int { agreed + 1 }
    var automatedErrors: Int { agreed + 2 }
    var width: Int { agreed + 3 }

    init(_ model: MapModel) {
        routeCount = model.routes.count
        automatedRoute = model.routes.map { $0.kind == .automated }
    }

    @inline(__always)
    func add(_ d: Decision, expected: Int?, to counts: inout [Int], at base: Int) {
        counts[base + outcomes + d.outcome.index] += 1
        counts[base + routes + (d.route ?? routeCount)] += 1
        if d.outcome == .review, let r = d.route { counts[base + reviews + r] += 1 }
        if let expected {
            if d.route == expected { counts[base + agreed] += 1 }
            if let r = d.route, automatedRoute[r] {
                counts[base + automatedCompared] += 1
                if r != expected { counts[base + automatedErrors] += 1 }
            }
        }
    }
}

extension SweepResult {
    init(sweep: ThresholdSweep, tally: SweepTally, map: DecisionMap, evaluated: Int, compared: Int?, casesPerWeek: Double?,
         targets: [SweepTarget]) {
        let m = map.model
        let layout = tally.layout
        let moved = m.segments.indices.filter { tally.moves[$0] }
        target = sweep.target
        segments = moved.map { m.segments[$0].name }
        current = Set(moved.compactMap { map.threshold(inSegment: $0) }).sorted()
        points = zip(sweep.points, tally.totals()).map { threshold, counts in
            let routeCases = (0...m.routes.count).map { counts[layout.routes + $0] }
            let automated = m.routes.indices.filter { layout.automatedRoute[$0] }.reduce(0) { $0 + routeCases[$1] }
            func minutes(_ r: Int, _ cases: Int) -> Double { Double(cases) * (m.routes[r].handleMinutes ?? 0) }
            let reviewMinutes = m.routes.indices.reduce(0.0) { $0 + minutes($1, counts[layout.reviews + $1]) }
            let people = m.routes.indices.filter { m.routes[$0].kind.isHuman }
            let peopleMinutes = people.reduce(0.0) { $0 + minutes($1, routeCases[$1]) }
            let weekly = { (minutes: Double) -> Double? in
                guard let perWeek = casesPerWeek, evaluated > 0 else { return nil }
                return perWeek * minutes / Double(evaluated) / 60
            }
            let automatedCompared = compared == nil ? nil : counts[layout.automatedCompared]
            let automatedErrors = compared == nil ? nil : counts[layout.automatedErrors]
            return SweepPoint(
                threshold: threshold,
                outcomes: Outcome.allCases.map { ($0, counts[layout.outcomes + $0.index]) },
                routes: m.routes.indices.map { (m.routes[$0].name, routeCases[$0]) } + [(nil, routeCases[m.routes.count])],
                automated: automated,
                automationRate: evaluated == 0 ? 0 : Double(automated) / Double(evaluated),
                reviewCases: counts[layout.outcomes + Outcome.review.index],
                reviewHours: reviewMinutes / 60,
                peopleHours: peopleMinutes / 60,
                cost: m.routes.indices.reduce(0.0) { $0 + Double(routeCases[$1]) * (m.routes[$1].cost ?? 0) },
                weeklyReviewHours: weekly(reviewMinutes),
                weeklyPeopleHours: weekly(peopleMinutes),
                overloaded: people.filter { r in
                    guard let capacity = m.routes[r].capacityHoursPerWeek, let hours = weekly(minutes(r, routeCases[r])) else { return false }
                    return hours > capacity
                }.map { m.routes[$0].name },
                agreement: compared.map { $0 == 0 ? 0 : Double(counts[layout.agreed]) / Double($0) },
                automatedErrors: automatedErrors,
                automatedCompared: automatedCompared,
                automatedErrorRate: automatedCompared.flatMap { $0 == 0 ? nil : Double(automatedErrors!) / Double($0) })
        }
        recommended = targets.isEmpty ? nil : points.indices.filter { i in targets.allSatisfy { $0.isMet(by: points[i]) } }
            .min { a, b in
                let (p, q) = (points[a], points[b])
                if p.automated != q.automated { return p.automated > q.automated }
                if (p.automatedErrors ?? 0) != (q.automatedErrors ?? 0) { return (p.automatedErrors ?? 0) < (q.automatedErrors ?? 0) }
                if p.reviewHours != q.reviewHours { return p.reviewHours < q.reviewHours }
                return a < b
            }
    }
}
