import DecisionMap

/// Two versions of a map compared over every case, not only the cases of a file: the exact regions
/// of the input space where they decide differently, each with a case that shows it (`dmap diff
/// OLD NEW` without `--cases`).
///
/// Both versions are analysed over one input space (`UnionSchema`: the columns of either, the
/// values either accepts) by one sweep that splits until both end the same way on every case of a
/// region (`PairSweep`). A decision is the route and the outcome; a region where only the segment
/// changes is a change of its own kind. A case one version accepts and the other rejects is
/// compared like any other: the rejecting version decides it by its invalid-data policy, or leaves
/// it an `invalid-data` gap.
public struct StaticDiff: Sendable {
    /// What a version does with the cases of a region.
    public struct State: Hashable, Sendable, Comparable {
        public var route: String?
        public var outcome: Outcome
        public var segment: String?

        public init(route: String?, outcome: Outcome, segment: String?) {
            (self.route, self.outcome, self.segment) = (route, outcome, segment)
        }

        public static func < (a: State, b: State) -> Bool {
            (a.route ?? "", a.outcome.rawValue, a.segment ?? "") < (b.route ?? "", b.outcome.rawValue, b.segment ?? "")
        }
    }

    /// One way the versions differ: every region where the old version does `from` and the new
    /// one does `to`.
    public struct Change: Sendable {
        public var from: State
        public var to: State
        /// The region in words, as lint describes regions.
        public var region: String
        /// A case in the region, keyed by column, that `dmap route` routes as `from` with OLD and
        /// as `to` with NEW; nil if none of the region's first boxes gave one (a dmap bug).
        public var witness: JSONObject?
        /// How many leaves of the analysis make up the region.
        public var leaves: Int
        /// The lines of each version that decided these cases (rules, escalations, thresholds,
        /// policies, fallback), first few.
        public var oldLines: [Int]
        public var newLines: [Int]

        /// The route and outcome are the same; only the segment changed.
        public var segmentOnly: Bool { from.route == to.route && from.outcome == to.outcome }
    }

    public var oldTitle: String
    public var newTitle: String
    /// Decision changes first (by route and outcome, then segment), then segment-only changes.
    public var changes: [Change]
    /// Whether every region was explored over an exact space: only then does "no change" prove
    /// anything.
    public var exact: Bool
    /// Why it is not exact, in words.
    public var approximations: [String]
    /// Regions (leaves) the analysis looked at.
    public var regions: Int
    /// Route kinds by name, per version, for the guards.
    let oldKinds: [String: RouteKind]
    let newKinds: [String: RouteKind]

    /// No case is decided differently, and the analysis is exact.
    public var equivalent: Bool { exact && changes.isEmpty }
    public var decisionChanges: [Change] { changes.filter { !$0.segmentOnly } }
    public var segmentChanges: [Change] { changes.filter(\.segmentOnly) }

    /// Compares `old` and `new` over every case.
    ///
    /// - Parameter budget: how many nodes the sweep may visit before it stops; the result then
    ///   says it is not exact.
    /// - Throws: `StaticDiffError` when an input changes kind between the versions.
    public static func compare(old: DecisionMap, new: DecisionMap, budget: Int = 2_000_000) throws(StaticDiffError) -> StaticDiff {
        let schema = try UnionSchema(old.model, new.model)
        let models = [old.model, new.model].enumerated().map { side, model in
            model.aligned(to: schema.fields, fieldIndex: schema.fieldIndex[side], valueIndex: schema.valueIndex[side])
        }
        let space = InputSpace(models[0], alongside: [models[1]], boundaries: schema.boundaries, invalidDims: true)
        let sweeps = models.map { Sweep(model: $0, space: space, budget: budget) }
        let valid: [[AtomSet?]] = [old.model, new.model].enumerated().map { side, model in
            var sets = [AtomSet?](repeating: nil, count: schema.fields.count)
            for f in model.fields.indices { sets[schema.fieldIndex[side][f]] = schema.validAtoms(model, side: side, field: f, in: space) }
            return sets
        }
        let pair = PairSweep(space: space, sweeps: sweeps, order: schema.fieldIndex, valid: valid, budget: budget)
        pair.run()

        var read = Array(repeating: false, count: schema.fields.count)
        for sweep in sweeps { for point in sweep.points.points { for f in point.reads { read[f] = true } } }
        var words = RegionWords(space: space, model: models[1], readFields: read)
        words.keyByColumn = true

        // Group the leaves that differ by what each version does.
        struct Group {
            var boxes: [Box] = []
            var leaves = 0
            var oldLines: [Int] = []
            var newLines: [Int] = []
        }
        var groups: [Pair: Group] = [:]
        var order: [Pair] = []
        for leaf in pair.leaves {
            let a = describe(leaf.old, models[0]), b = describe(leaf.new, models[1])
            guard a.state != b.state else { continue }
            let key = Pair(from: a.state, to: b.state)
            if groups[key] == nil { order.append(key) }
            var group = groups[key] ?? Group()
            group.leaves += 1
            if group.boxes.count < Sweep.boxLimit { group.boxes.append(leaf.box) }
            if let line = a.line, !group.oldLines.contains(line), group.oldLines.count < 5 { group.oldLines.append(line) }
            if let line = b.line, !group.newLines.contains(line), group.newLines.count < 5 { group.newLines.append(line) }
            groups[key] = group
        }
        let exact = pair.complete && space.approximations.isEmpty && schema.approximations.isEmpty
        var changes: [Change] = []
        for key in order {
            let group = groups[key]!
            let boxes = Region.merge(group.boxes, in: space)
            // The first box whose witness both routers confirm.
            var witness: JSONObject?
            for box in boxes.prefix(32) {
                let candidate = words.witness(in: box)
                if state(of: candidate, old) == key.from, state(of: candidate, new) == key.to {
                    witness = candidate
                    break
                }
            }
            // An approximate analysis reports only what a witness proves.
            if !exact && witness == nil { continue }
            changes.append(Change(from: key.from, to: key.to, region: words.describe(boxes), witness: witness, leaves: group.leaves,
                                  oldLines: group.oldLines.sorted(), newLines: group.newLines.sorted()))
        }
        changes.sort { a, b in
            (a.segmentOnly ? 1 : 0, a.from, a.to) < (b.segmentOnly ? 1 : 0, b.from, b.to)
        }
        var approximations = schema.approximations + space.approximations
        if !pair.complete {
            approximations.append("the two versions split the input space into more than \(budget) regions; the analysis stopped there")
        }
        return StaticDiff(oldTitle: old.model.title, newTitle: new.model.title, changes: changes, exact: exact,
                          approximations: approximations, regions: pair.leaves.count,
                          oldKinds: Dictionary(old.model.routes.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a }),
                          newKinds: Dictionary(new.model.routes.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a }))
    }

    private struct Pair: Hashable {
        var from: State
        var to: State
    }

    /// What a version does with a region, and the line that decides it.
    private static func describe(_ end: SideEnding, _ model: MapModel) -> (state: State, line: Int?) {
        func segment(_ s: Int) -> String? { s >= 0 ? model.segments[s].name : nil }
        func named(_ route: Int?, _ outcome: Outcome, _ s: Int, _ range: SourceRange?) -> (State, Int?) {
            (State(route: route.map { model.routes[$0].name }, outcome: outcome, segment: segment(s)), range.map { model.line($0) })
        }
        func gap(_ s: Int) -> (State, Int?) {
            if let fallback = model.fallback { return named(fallback.route, .fallback, s, fallback.range) }
            return named(nil, .gap, s, nil)
        }
        switch end {
        case .invalid(let u):
            guard let p = model.invalidPolicy(forField: u) else { return gap(-1) }
            return named(model.invalidPolicies[p].route, .dataPolicy, -1, model.invalidPolicies[p].range)
        case .ending(let ending):
            let s = ending.segment
            switch ending.kind {
            case .decided(let t, let r): return named(model.tables[t].rules[r].route, .decided, s, model.tables[t].rules[r].range)
            case .escalated(let e): return named(model.escalations[e].route, .escalated, s, model.escalations[e].range)
            case .inconsistent(let i): return named(model.inconsistencies[i].route, .dataPolicy, s, model.inconsistencies[i].range)
            case .review(let t): return named(model.thresholds[t].route, .review, s, model.thresholds[t].range)
            case .dataPolicy(let p): return named(model.missingPolicies[p].route, .dataPolicy, s, model.missingPolicies[p].range)
            case .gap: return gap(s)
            }
        }
    }

    /// How the real router of `map` decides a witness, bound as `dmap route` binds a case.
    private static func state(of witness: JSONObject, _ map: DecisionMap) -> State {
        var values: [String: CaseValue] = [:]
        for member in witness.members { values[member.key] = CaseValue(json: member.value) }
        let decision = map.route(map.bindLeniently(values).record)
        return State(route: decision.route.map { map.model.routes[$0].name }, outcome: decision.outcome,
                     segment: decision.segment.map { map.model.segments[$0].name })
    }

    // MARK: Guards

    /// A guard a change may break (`--check`).
    public enum Check: String, Sendable, CaseIterable {
        /// No case moves from a person (team, escalation, review, data policy) or from a gap to an
        /// automated route.
        case noNewAutomation = "no-new-automation"
        /// No case moves into a gap (caught by the fallback or not).
        case noNewGaps = "no-new-gaps"
    }

    /// The changes that break `check`.
    public func violations(of check: Check) -> [Change] {
        changes.filter { change in
            switch check {
            case .noNewAutomation:
                guard let to = change.to.route, newKinds[to] == .automated else { return false }
                guard let from = change.from.route, oldKinds[from] == .automated else { return true }
                return [.review, .dataPolicy, .gap, .fallback].contains(change.from.outcome)
            case .noNewGaps:
                let gaps: [Outcome] = [.gap, .fallback]
                return gaps.contains(change.to.outcome) && !gaps.contains(change.from.outcome)
            }
        }
    }
}
