import DecisionMap

/// The static coverage analysis of one map: every region of the typed input space, with how the
/// router ends for the cases in it. Lint checks read it; it is computed once per map.
struct Coverage {
    let map: DecisionMap
    let model: MapModel
    let space: InputSpace
    let sweep: Sweep
    /// Fields some condition of the map reads; region texts mention these even when unconstrained.
    let readFields: [Bool]
    /// Regions in words, and cases in them.
    let words: RegionWords

    /// The default number of nodes the sweep may visit before it gives up and says so.
    static let defaultBudget = 2_000_000

    init(map: DecisionMap, budget: Int = Coverage.defaultBudget, recordsEveryRegion: Bool = false,
         shouldStop: (@Sendable () -> Bool)? = nil) {
        self.map = map
        model = map.model
        space = InputSpace(model)
        sweep = Sweep(model: model, space: space, budget: budget, recordsEveryRegion: recordsEveryRegion, shouldStop: shouldStop)
        sweep.run()
        gaps = sweep.regions.compactMap { ending, entry in
            if case .gap = ending.kind { return (ending, entry.leaves, entry.boxes) }
            return nil
        }.sorted { a, b in a.ending.sortKey.lexicographicallyPrecedes(b.ending.sortKey) }
        gapGroups = Coverage.groups(gaps, model: model)
        var read = Array(repeating: false, count: model.fields.count)
        for point in sweep.points.points { for f in point.reads { read[f] = true } }
        readFields = read
        words = RegionWords(space: space, model: model, readFields: read)
    }

    /// Whether every region was explored and the space is exact: only then does the absence of a
    /// finding prove anything.
    var isExact: Bool { sweep.complete && space.approximations.isEmpty }

    /// The regions that end as a gap (caught by the fallback or not), in a stable order.
    let gaps: [(ending: Ending, leaves: Int, boxes: [Box])]
    /// The same, grouped the way findings report them.
    let gapGroups: [GapGroup]

    // MARK: Regions in words

    /// A region as text: "category is complaint or other, amount < 500 or missing, tier any".
    func describe(_ boxes: [Box], limit: Int = 3) -> String { words.describe(boxes, limit: limit) }

    func describe(_ box: Box) -> String { words.describe(box) }

    /// A case in `box`, keyed by field name (which `dmap route` reads, as it reads columns).
    func witness(in box: Box) -> JSONObject { words.witness(in: box) }

    // MARK: Witnesses

    /// Routes a witness through the real router.
    func route(_ witness: JSONObject) -> Decision? {
        var values: [String: CaseValue] = [:]
        for member in witness.members { values[member.key] = CaseValue(json: member.value) }
        guard let record = try? map.record(values) else { return nil }
        return map.route(record)
    }

    /// Whether the router ends a case as the analysis says the region ends.
    func reproduces(_ decision: Decision, _ ending: Ending) -> Bool {
        guard case .gap(let kind) = ending.kind else { return false }
        guard decision.gap == kind else { return false }
        if ending.segment >= 0, decision.segment != ending.segment { return false }
        if kind == .missingData, ending.field >= 0, decision.field != ending.field { return false }
        return true
    }

    /// The first box of a gap region with a witness that the router confirms, with the witness.
    func verifiedWitness(_ ending: Ending, _ boxes: [Box]) -> (box: Box, witness: JSONObject)? {
        for box in boxes.prefix(32) {
            let witness = witness(in: box)
            if let decision = route(witness), reproduces(decision, ending) { return (box, witness) }
        }
        return nil
    }
}

extension Ending {
    /// Orders endings by kind, segment, point and rules, for a stable output.
    var sortKey: [Int] {
        let kind: [Int] = switch self.kind {
        case .gap(let g): [0, GapKind.allCases.firstIndex(of: g)!]
        case .decided(let t, let r): [1, t, r]
        case .escalated(let e): [2, e]
        case .inconsistent(let i): [3, i]
        case .review(let t): [4, t]
        case .dataPolicy(let p): [5, p]
        }
        return kind + [segment, point, field] + conflict
    }
}
