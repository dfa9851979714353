import DecisionMap

/// A case named in a report: its id (the `id` column, else `row N`), row and segment.
public struct CaseReference: Hashable, Sendable {
    public var id: String
    public var row: Int
    public var segment: String?
}

/// A gap example: the case, and where the router left it, in the words and lines of its trace
/// (the same steps `dmap route` prints for it).
public struct GapExample: Hashable, Sendable {
    public var reference: CaseReference
    /// The steps just before the gap that carry a map line and say where the map stopped: the
    /// tables that had no rule, the step that needed a missing field, the invalid value's input,
    /// the rules in conflict. Empty when no line is to blame (no segment held, say).
    public var steps: [TraceStep]
    /// Why the case is a gap (or what the fallback did with it): the trace's last step.
    public var reason: String

    /// An example with its steps and reason given, for reports built by hand (tests, other tools).
    public init(reference: CaseReference, steps: [TraceStep], reason: String) {
        self.reference = reference
        self.steps = steps
        self.reason = reason
    }

    /// Takes the example's steps and reason from the end of its trace.
    init(reference: CaseReference, trace: [TraceStep]) {
        var steps: [TraceStep] = []
        for step in trace.dropLast().reversed() {
            guard step.line != nil, [.decide, .missing, .validate, .invalid].contains(step.kind) else { break }
            steps.insert(step, at: 0)
        }
        self.init(reference: reference, steps: steps, reason: trace.last?.detail ?? "")
    }
}

/// What the simulator counts, per batch of cases; batches are merged in file order, so examples
/// and lists come out the same for any number of threads. Plain arrays indexed by route, segment,
/// outcome and decider: counting a case is a handful of increments.
struct Tally: Sendable {
    let routeCount: Int
    let segmentCount: Int
    let limit: Int

    var read = 0
    var routed = 0
    var rejected = 0
    /// Per route; the last slot is "no route".
    var byRoute: [Int]
    var byOutcome: [Int]
    /// Per segment; the last slot is "no segment".
    var bySegment: [Int]
    /// `[route][segment]`, both with their "none" slot.
    var routeBySegment: [Int]
    var gaps: [Int]
    var gapsCaught: [Int]
    /// `[gap kind][segment]`.
    var gapBySegment: [Int]
    /// The first gap cases of each kind, with their bound values, so the report can explain
    /// them once the batches are merged (only the examples it keeps are ever traced).
    var gapExamples: [[(reference: CaseReference, record: CaseRecord)]]
    /// `[gap kind][field]`: the missing or invalid field behind each data gap.
    var gapByField: [Int]
    var deciders: [Int]
    var missingByField: [Int]
    var invalidByField: [Int]
    /// The first invalid value of each field: its row and the problem, to show what is wrong.
    var invalidExamples: [(row: Int, problem: String)?]
    /// Per field: every distinct invalid value as written, with how often it occurs and the first
    /// problem it caused (up to `distinctLimit` values; the rest are only counted).
    var badValues: [[String: BadValue]]
    var otherBadValues: [Int]
    /// Per segment of risk high or critical: cases an automated route finished with no person
    /// (outcome `decided` or `fallback`), and the first of them.
    var automatedHighRisk: [Int]
    var automatedHighRiskExamples: [[CaseReference]]
    private let highRisk: [Bool]
    private let automatedRoute: [Bool]
    var rejects: [RejectedRow] = []
    /// CSV: records that span several lines, and those whose later lines look like rows of their
    /// own (a stray quote may have swallowed them), with the first of those: row, first and last line.
    var multiLineRecords = 0
    var swallowed = 0
    var swallowedExamples: [(reference: CaseReference, line: Int, lastLine: Int)] = []
    var agreement: AgreementTally?
    /// One per `--sweep`, in the order given.
    var sweeps: [SweepTally]

    /// How many distinct invalid values per field are kept apart.
    static let distinctLimit = 10_000

    struct BadValue: Sendable {
        var count: Int
        var problem: String
        var firstRow: Int
    }

    init(map: DecisionMap, deciderCount: Int, limit: Int, expecting: Bool, sweeps: [ThresholdSweep] = []) {
        let m = map.model
        routeCount = m.routes.count
        segmentCount = m.segments.count
        self.limit = limit
        byRoute = Array(repeating: 0, count: routeCount + 1)
        byOutcome = Array(repeating: 0, count: Outcome.allCases.count)
        bySegment = Array(repeating: 0, count: segmentCount + 1)
        routeBySegment = Array(repeating: 0, count: (routeCount + 1) * (segmentCount + 1))
        gaps = Array(repeating: 0, count: GapKind.allCases.count)
        gapsCaught = gaps
        gapBySegment = Array(repeating: 0, count: GapKind.allCases.count * (segmentCount + 1))
        gapExamples = Array(repeating: [], count: GapKind.allCases.count)
        gapByField = Array(repeating: 0, count: GapKind.allCases.count * m.fields.count)
        deciders = Array(repeating: 0, count: deciderCount)
        missingByField = Array(repeating: 0, count: m.fields.count)
        invalidByField = missingByField
        invalidExamples = Array(repeating: nil, count: m.fields.count)
        badValues = Array(repeating: [:], count: m.fields.count)
        otherBadValues = missingByField
        automatedHighRisk = Array(repeating: 0, count: segmentCount)
        automatedHighRiskExamples = Array(repeating: [], count: segmentCount)
        highRisk = m.segments.map { $0.risk >= .high }
        automatedRoute = m.routes.map { $0.kind == .automated }
        agreement = expecting ? AgreementTally(routeCount: m.routes.count) : nil
        let layout = SweepLayout(m)
        self.sweeps = sweeps.map { sweep in
            let moved = Set(sweep.segments)
            return SweepTally(points: sweep.points, moves: m.segments.indices.map(moved.contains), layout: layout)
        }
    }

    /// Counts an invalid value of a field, as written.
    mutating func badValue(field: Int, _ text: String, problem: @autoclosure () -> String, row: Int) {
        if badValues[field][text] != nil {
            badValues[field][text]!.count += 1
        } else if badValues[field].count < Self.distinctLimit {
            badValues[field][text] = BadValue(count: 1, problem: problem(), firstRow: row)
        } else {
            otherBadValues[field] += 1
        }
    }

    @inline(__always)
    mutating func count(_ d: Decision, decider: Int, id: @autoclosure () -> String, row: Int, record: @autoclosure () -> CaseRecord,
                        segmentName: (Int) -> String) {
        read += 1
        routed += 1
        let route = d.route ?? routeCount
        let segment = d.segment ?? segmentCount
        byRoute[route] += 1
        byOutcome[d.outcome.index] += 1
        bySegment[segment] += 1
        routeBySegment[route * (segmentCount + 1) + segment] += 1
        if decider >= 0 { deciders[decider] += 1 }
        if let gap = d.gap {
            let g = gap.index
            gaps[g] += 1
            if d.outcome == .fallback { gapsCaught[g] += 1 }
            gapBySegment[g * (segmentCount + 1) + segment] += 1
            if let field = d.field { gapByField[g * missingByField.count + field] += 1 }
            if gapExamples[g].count < limit {
                gapExamples[g].append((CaseReference(id: id(), row: row, segment: d.segment.map(segmentName)), record()))
            }
        }
        if let field = d.field {
            if d.isInvalidData {
                invalidByField[field] += 1
            } else {
                missingByField[field] += 1
            }
        }
        if let s = d.segment, highRisk[s], let r = d.route, automatedRoute[r], d.outcome == .decided || d.outcome == .fallback {
            automatedHighRisk[s] += 1
            if automatedHighRiskExamples[s].count < limit {
                automatedHighRiskExamples[s].append(CaseReference(id: id(), row: row, segment: segmentName(s)))
            }
        }
    }

    mutating func reject(_ row: RejectedRow) {
        read += 1
        rejected += 1
        if rejects.count < limit { rejects.append(row) }
    }

    /// Adds a later batch's counts; lists keep the earlier batch's items first.
    mutating func merge(_ other: Tally) {
        read += other.read
        routed += other.routed
        rejected += other.rejected
        add(&byRoute, other.byRoute)
        add(&byOutcome, other.byOutcome)
        add(&bySegment, other.bySegment)
        add(&routeBySegment, other.routeBySegment)
        add(&gaps, other.gaps)
        add(&gapsCaught, other.gapsCaught)
        add(&gapBySegment, other.gapBySegment)
        add(&gapByField, other.gapByField)
        for g in gapExamples.indices {
            gapExamples[g] += other.gapExamples[g].prefix(limit - gapExamples[g].count)
        }
        add(&deciders, other.deciders)
        add(&missingByField, other.missingByField)
        add(&invalidByField, other.invalidByField)
        for f in invalidExamples.indices where invalidExamples[f] == nil { invalidExamples[f] = other.invalidExamples[f] }
        for f in badValues.indices {
            // The earlier batch's problem and row win: the first occurrence in the file. When the
            // limit may be reached, later values are taken in the order they first occur, so which
            // ones are kept does not depend on a dictionary's order.
            let theirs = badValues[f].count + other.badValues[f].count <= Self.distinctLimit
                ? Array(other.badValues[f]) : other.badValues[f].sorted { ($0.value.firstRow, $0.key) < ($1.value.firstRow, $1.key) }
            for (text, value) in theirs {
                if badValues[f][text] != nil {
                    badValues[f][text]!.count += value.count
                } else if badValues[f].count < Self.distinctLimit {
                    badValues[f][text] = value
                } else {
                    otherBadValues[f] += value.count
                }
            }
            otherBadValues[f] += other.otherBadValues[f]
        }
        add(&automatedHighRisk, other.automatedHighRisk)
        for s in automatedHighRiskExamples.indices {
            automatedHighRiskExamples[s] += other.automatedHighRiskExamples[s].prefix(limit - automatedHighRiskExamples[s].count)
        }
        rejects += other.rejects.prefix(limit - rejects.count)
        multiLineRecords += other.multiLineRecords
        swallowed += other.swallowed
        swallowedExamples += other.swallowedExamples.prefix(limit - swallowedExamples.count)
        if let theirs = other.agreement { agreement?.merge(theirs, limit: limit) }
        for k in sweeps.indices { sweeps[k].merge(other.sweeps[k]) }
    }

    private func add(_ a: inout [Int], _ b: [Int]) {
        for i in a.indices { a[i] += b[i] }
    }
}

/// Expected-versus-actual counts for `--expect`. Expected values that name a route are counted in
/// a matrix by route index, so the common case costs no string; the others are kept by label.
struct AgreementTally: Sendable {
    let routeCount: Int
    /// `[expected route][actual route or routeCount for none]`, flattened.
    var byRoute: [Int]
    /// Expected labels that name no route → counts per actual route (last slot: no route).
    var others: [String: [Int]] = [:]
    var agreed = 0
    var compared = 0
    var withoutExpectation = 0
    var disagreements: [(CaseReference, expected: String, actual: String?)] = []

    init(routeCount: Int) {
        self.routeCount = routeCount
        byRoute = Array(repeating: 0, count: routeCount * (routeCount + 1))
    }

    /// Counts a case whose expected route is `expected` (an index), or a label that names no route.
    @inline(__always)
    mutating func count(expected: Int, label: @autoclosure () -> String, actual route: Int?) {
        let column = route ?? routeCount
        if expected >= 0 {
            byRoute[expected * (routeCount + 1) + column] += 1
        } else {
            others[label(), default: Array(repeating: 0, count: routeCount + 1)][column] += 1
        }
        compared += 1
        if expected >= 0 && route == expected { agreed += 1 }
    }

    /// Counts per expected label, routes by name: what the report shows.
    func confusion(routeNames: [String]) -> [String: [Int]] {
        var result = others
        for r in 0..<routeCount {
            let row = Array(byRoute[(r * (routeCount + 1))..<((r + 1) * (routeCount + 1))])
            if row.contains(where: { $0 > 0 }) { result[routeNames[r]] = row }
        }
        return result
    }

    mutating func merge(_ other: AgreementTally, limit: Int) {
        for i in byRoute.indices { byRoute[i] += other.byRoute[i] }
        for (label, counts) in other.others {
            if var mine = others[label] {
                for i in mine.indices { mine[i] += counts[i] }
                others[label] = mine
            } else {
                others[label] = counts
            }
        }
        agreed += other.agreed
        compared += other.compared
        withoutExpectation += other.withoutExpectation
        disagreements += other.disagreements.prefix(limit - disagreements.count)
    }
}

// Positions in `allCases`, as switches: counting a case must not search or build an array.
extension Outcome {
    var index: Int {
        switch self {
        case .decided: 0
        case .escalated: 1
        case .review: 2
        case .dataPolicy: 3
        case .fallback: 4
        case .gap: 5
        }
    }
}

extension GapKind {
    var index: Int {
        switch self {
        case .invalidData: 0
        case .missingData: 1
        case .noSegment: 2
        case .noRule: 3
        case .conflict: 4
        }
    }
}

/// Numbers every decider of a map, so coverage is an array: escalations, inconsistencies,
/// thresholds, missing policies, invalid policies, rules table by table, then the fallback.
struct DeciderIndex: Sendable {
    let all: [Decider]
    private let escalations: Int, inconsistencies: Int, thresholds: Int, missing: Int, invalid: Int
    private let tables: [Int]
    private let fallback: Int

    init(_ model: MapModel) {
        var all: [Decider] = []
        escalations = all.count
        all += model.escalations.indices.map { .escalation($0) }
        inconsistencies = all.count
        all += model.inconsistencies.indices.map { .inconsistency($0) }
        thresholds = all.count
        all += model.thresholds.indices.map { .threshold($0) }
        missing = all.count
        all += model.missingPolicies.indices.map { .missingPolicy($0) }
        invalid = all.count
        all += model.invalidPolicies.indices.map { .invalidPolicy($0) }
        var tables: [Int] = []
        for (t, table) in model.tables.enumerated() {
            tables.append(all.count)
            all += table.rules.indices.map { .rule(table: t, rule: $0) }
        }
        self.tables = tables
        fallback = all.count
        if model.fallback != nil { all.append(.fallback) }
        self.all = all
    }

    @inline(__always)
    func index(_ decider: Decider?) -> Int {
        switch decider {
        case nil: -1
        case .escalation(let i): escalations + i
        case .inconsistency(let i): inconsistencies + i
        case .threshold(let i): thresholds + i
        case .missingPolicy(let i): missing + i
        case .invalidPolicy(let i): invalid + i
        case .rule(let t, let r): tables[t] + r
        case .fallback: fallback
        }
    }
}
