import DecisionMap

/// Every place where the router tests a condition, with the condition's true and unknown regions.
///
/// A condition that tests the segment (`segment is critical and angry`) gets one point per segment
/// it is evaluated in, with the segment test resolved; every other condition gets one point.
/// Points are numbered in routing order, and each table's points are contiguous and ordered by
/// rule, so the sweep can walk a table's rules in order.
struct DecisionPoints {
    enum Kind: Hashable {
        case segment(Int)
        case escalation(Int)
        case inconsistency(Int)
        case threshold(Int)
        case rule(table: Int, rule: Int)
    }

    struct Point {
        var kind: Kind
        /// The segment this point is specialised to; nil when it holds in every segment.
        var segment: Int?
        /// The fields whose missing-data policy applies when the point is unknown.
        var reads: [Int]
        var yes: [Box]
        var unknown: [Box]
    }

    private(set) var points: [Point] = []
    /// `[s]`: the point of segment `s`'s condition, or -1 for `otherwise`.
    private(set) var segmentPoint: [Int] = []
    /// `[e][s]`: the point of escalation `e` in segment `s`.
    private(set) var escalationPoint: [[Int]] = []
    private(set) var inconsistencyPoint: [[Int]] = []
    /// `[t]`: "confidence below threshold `t`".
    private(set) var thresholdPoint: [Int] = []
    /// `[t][r][s]`: the point of rule `r` of table `t` in segment `s`, -1 where the table does not apply.
    private(set) var rulePoint: [[[Int]]] = []
    /// `[t]`: the points of table `t`.
    private(set) var tablePoints: [Range<Int>] = []
    /// For a rule point: its rule's index in the table.
    private(set) var ruleOfPoint: [Int] = []

    init(model: MapModel, space: InputSpace) {
        var builder = PartitionBuilder(model: model, space: space)
        let segments = model.segments.indices
        let conditions = model.conditions

        func add(_ kind: Kind, _ predicate: Predicate?, segment: Int?, reads: [Int]) -> Int {
            let partition = predicate.map { builder.partition($0, segment: segment, wantsNo: false) } ?? .constant(true)
            points.append(Point(kind: kind, segment: segment, reads: reads, yes: partition.yes, unknown: partition.unknown))
            ruleOfPoint.append(-1)
            return points.count - 1
        }
        /// One point, or one per segment when the condition tests the segment.
        func perSegment(_ kind: Kind, _ predicate: Predicate, in scope: [Int]) -> [Int] {
            let reads = fieldsRead(by: predicate, conditions: conditions)
            var result = Array(repeating: -1, count: model.segments.count)
            if usesSegment(predicate, conditions: conditions) {
                for s in scope { result[s] = add(kind, predicate, segment: s, reads: reads) }
            } else {
                let p = add(kind, predicate, segment: nil, reads: reads)
                for s in scope { result[s] = p }
            }
            return result
        }

        segmentPoint = model.segments.enumerated().map { s, segment in
            guard let predicate = segment.predicate else { return -1 }
            return add(.segment(s), predicate, segment: nil, reads: fieldsRead(by: predicate, conditions: conditions))
        }
        escalationPoint = model.escalations.enumerated().map { e, escalation in
            perSegment(.escalation(e), escalation.predicate, in: Array(segments))
        }
        inconsistencyPoint = model.inconsistencies.enumerated().map { i, inconsistency in
            perSegment(.inconsistency(i), inconsistency.predicate, in: Array(segments))
        }
        thresholdPoint = model.thresholds.enumerated().map { t, threshold in
            guard let c = model.confidenceField else { return -1 }
            return add(.threshold(t), .compare(field: c, .less, threshold.below), segment: nil, reads: [c])
        }
        for (t, table) in model.tables.enumerated() {
            let start = points.count
            let scope = segments.filter { table.applies(inSegment: $0) }
            var rules: [[Int]] = []
            for (r, rule) in table.rules.enumerated() {
                let first = points.count
                if let predicate = rule.predicate {
                    rules.append(perSegment(.rule(table: t, rule: r), predicate, in: scope))
                } else {
                    let p = add(.rule(table: t, rule: r), nil, segment: nil, reads: [])
                    var row = Array(repeating: -1, count: model.segments.count)
                    for s in scope { row[s] = p }
                    rules.append(row)
                }
                for p in first..<points.count { ruleOfPoint[p] = r }
            }
            rulePoint.append(rules)
            tablePoints.append(start..<points.count)
        }
    }
}
