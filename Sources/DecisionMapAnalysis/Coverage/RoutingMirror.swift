import DecisionMap

/// The router (`Router.route` in DecisionMap), replayed on a whole region at once.
///
/// Each step asks for the status of a decision point on the current node instead of evaluating a
/// condition on one case. When every point a step needs is uniformly true, false or unknown, the
/// replay makes exactly the choice the router would make for every case in the node; when one is
/// mixed, it asks for a split instead. The steps, their order, the three-valued logic, the
/// missing-data policy choice and the hit policies' treatment of unknown rules must match the
/// router line for line: every witness the linter reports is routed through the real router to
/// check that they do, and the differential tests compare the two on thousands of random maps.
extension Sweep {
    enum Verdict {
        case end(Ending)
        /// Cut the node in two: atoms of the field below the cut, and the rest. Only the items
        /// `keep` allows can matter below this node.
        case split(Int, Int32, keep: Keep)
    }

    /// Which active items a node's children keep: the others belong to steps or rules that no case
    /// of the node can make the router consult.
    enum Keep {
        case all
        /// Items numbered up to this one.
        case upTo(Int32)
        /// Items before table `table`, and those of its rules that can still change the result
        /// once rule `pivot` holds on the whole node: under `priority`, rules before it or with a
        /// route of higher priority; under `any`, rules before it, rules naming another route, and
        /// rules not yet known to fire (so that dead rules are still found).
        case rulesOf(table: Int, pivot: Int, policy: HitPolicy)
    }

    func keeps(_ keep: Keep, _ item: Int32) -> Bool {
        switch keep {
        case .all: return true
        case .upTo(let last): return item <= last
        case .rulesOf(let t, let pivot, let policy):
            let range = items.ofTable[t]
            if item < range.lowerBound { return true }
            if item >= range.upperBound { return false }
            let r = points.ruleOfPoint[Int(items.point[Int(item)])]
            let rules = model.tables[t].rules
            if r <= pivot { return true }
            if policy == .priority { return rules[r].route < rules[pivot].route }
            return rules[r].route != rules[pivot].route || !ruleFired[t][r]
        }
    }

    /// Where the replay stopped to ask for a split, for finding the horizon.
    enum Stage {
        case segments
        case escalation(Int)
        case inconsistency(Int)
        case threshold
        /// A rule of a `first` table.
        case rule(table: Int, point: Int)
        /// A table under another hit policy.
        case table(Int)
    }

    private func cutFor(_ item: Int32, _ active: [Int32], at stage: Stage, segment: Int) -> Verdict {
        let (field, cut) = cut(for: item, active)
        return .split(field, cut, keep: keep(after: stage, segment: segment, active))
    }

    /// What the children of a node that stopped at `stage` keep. When a step after that one
    /// covers the whole node with an outcome that ends the routing (an escalation, inconsistency or
    /// threshold that holds or is unknown, a rule of a `first` table that holds or is unknown, any
    /// rule of another table that does), every case of the node stops there at the latest, and the
    /// items of later steps can be dropped; within a `unique`, `any` or `priority` table that will
    /// decide, so can the rules that cannot change its result. Without this, a table of chained
    /// thresholds (`x >= 5`, `x >= 10`, ...) would carry every rule down every branch, and its
    /// analysis would take time quadratic in its length.
    private func keep(after stage: Stage, segment s: Int, _ active: [Int32]) -> Keep {
        func covering(_ p: Int) -> Bool {
            let status = status(p, active).0
            return status == .yes || status == .unknown
        }
        func last(_ p: Int) -> Int32 { items.ofPoint[p].upperBound - 1 }
        var escalations = 0
        var inconsistencies = 0
        var threshold = true
        var tables = 0
        var afterPoint = -1
        switch stage {
        case .segments: return .all
        case .escalation(let e): escalations = e + 1
        case .inconsistency(let i): (escalations, inconsistencies) = (model.escalations.count, i + 1)
        case .threshold: (escalations, inconsistencies, threshold) = (model.escalations.count, model.inconsistencies.count, false)
        case .rule(let t, let p): (escalations, inconsistencies, threshold, tables, afterPoint) = (model.escalations.count, model.inconsistencies.count, false, t, p)
        case .table(let t):
            (escalations, inconsistencies, threshold, tables) = (model.escalations.count, model.inconsistencies.count, false, t + 1)
            let table = model.tables[t]
            let entries = rules(t, s, active)
            if entries.contains(where: { $0.status == .yes || $0.status == .unknown }) {
                // The table decides every case of the node (or stops on missing data): later
                // tables cannot matter.
                let held = entries.filter { $0.status == .yes }
                guard let a = held.first else { return .upTo(items.ofTable[t].upperBound - 1) }
                func route(_ r: Int) -> Int { table.rules[r].route }
                switch table.policy {
                case .unique where held.count > 1:
                    // Two rules hold on the whole node: a conflict, found at the second at the latest.
                    return .upTo(last(held[1].point))
                case .any:
                    if let b = held.first(where: { route($0.rule) != route(a.rule) }) { return .upTo(last(b.point)) }
                    return .rulesOf(table: t, pivot: a.rule, policy: .any)
                case .priority:
                    let best = held.min { (route($0.rule), $0.rule) < (route($1.rule), $1.rule) }!
                    return .rulesOf(table: t, pivot: best.rule, policy: .priority)
                default:
                    return .upTo(items.ofTable[t].upperBound - 1)
                }
            }
        }
        for e in escalations..<model.escalations.count where covering(points.escalationPoint[e][s]) {
            return .upTo(last(points.escalationPoint[e][s]))
        }
        for i in inconsistencies..<model.inconsistencies.count where covering(points.inconsistencyPoint[i][s]) {
            return .upTo(last(points.inconsistencyPoint[i][s]))
        }
        if threshold, model.confidenceField != nil, thresholdFor[s] >= 0, covering(points.thresholdPoint[thresholdFor[s]]) {
            return .upTo(last(points.thresholdPoint[thresholdFor[s]]))
        }
        for t in tables..<model.tables.count where model.tables[t].applies(inSegment: s) {
            for (_, p, status, _) in rules(t, s, active) where p > afterPoint && (status == .yes || status == .unknown) {
                return .upTo(model.tables[t].policy == .first ? last(p) : items.ofTable[t].upperBound - 1)
            }
        }
        return .all
    }

    func replay(_ active: [Int32]) -> Verdict {
        // 1. Validation: the typed space holds valid cases only.
        // 3. Segment.
        var segment = -1
        segments: for s in model.segments.indices {
            let p = points.segmentPoint[s]
            if p < 0 {
                segment = s
                break
            }
            let (status, mixed) = status(p, active)
            switch status {
            case .yes:
                segment = s
                break segments
            case .unknown: return undecided(points: [p], segment: -1)
            case .no: continue
            case .mixed: return cutFor(mixed, active, at: .segments, segment: -1)
            }
        }
        guard segment >= 0 else { return .end(Ending(kind: .gap(.noSegment))) }

        // 4. Mandatory escalation.
        for e in model.escalations.indices {
            let p = points.escalationPoint[e][segment]
            let (status, mixed) = status(p, active)
            switch status {
            case .yes: return .end(Ending(kind: .escalated(e), segment: segment))
            case .unknown: return undecided(points: [p], segment: segment)
            case .no: continue
            case .mixed: return cutFor(mixed, active, at: .escalation(e), segment: segment)
            }
        }

        // 5. Inconsistent signals.
        for i in model.inconsistencies.indices {
            let p = points.inconsistencyPoint[i][segment]
            let (status, mixed) = status(p, active)
            switch status {
            case .yes: return .end(Ending(kind: .inconsistent(i), segment: segment))
            case .unknown: return undecided(points: [p], segment: segment)
            case .no: continue
            case .mixed: return cutFor(mixed, active, at: .inconsistency(i), segment: segment)
            }
        }

        // 6. Uncertainty.
        if model.confidenceField != nil, thresholdFor[segment] >= 0 {
            let t = thresholdFor[segment]
            let p = points.thresholdPoint[t]
            let (status, mixed) = status(p, active)
            switch status {
            case .yes: return .end(Ending(kind: .review(threshold: t), segment: segment))
            case .unknown: return undecided(points: [p], segment: segment)
            case .no: break
            case .mixed: return cutFor(mixed, active, at: .threshold, segment: segment)
            }
        }

        // 7. Decision tables, in order.
        for t in model.tables.indices where model.tables[t].applies(inSegment: segment) {
            pendingTables.append(t)
            if let verdict = decide(t, segment, active) { return verdict }
        }
        return .end(Ending(kind: .gap(.noRule), segment: segment))
    }

    /// The active rules of table `t` that apply in `segment`, in rule order, with their status.
    private func rules(_ t: Int, _ segment: Int, _ active: [Int32]) -> [(rule: Int, point: Int, status: Status, mixed: Int32)] {
        let range = items.ofTable[t]
        var i = lowerBound(active, range.lowerBound)
        var result: [(rule: Int, point: Int, status: Status, mixed: Int32)] = []
        while i < active.count, active[i] < range.upperBound {
            let p = Int(items.point[Int(active[i])])
            let (status, mixed, next) = pointStatus(active, from: i)
            i = next
            if let s = points.points[p].segment, s != segment { continue }
            result.append((points.ruleOfPoint[p], p, status, mixed))
        }
        return result
    }

    /// One table under its hit policy; nil when no rule of it holds (the next table is tried).
    private func decide(_ t: Int, _ segment: Int, _ active: [Int32]) -> Verdict? {
        let table = model.tables[t]
        func route(_ r: Int) -> Int { table.rules[r].route }
        func decided(_ r: Int) -> Verdict { .end(Ending(kind: .decided(table: t, rule: r), segment: segment)) }

        switch table.policy {
        case .first:
            // Walk the active rules only: a rule with no active item is false on the whole node.
            let range = items.ofTable[t]
            var i = lowerBound(active, range.lowerBound)
            while i < active.count, active[i] < range.upperBound {
                let p = Int(items.point[Int(active[i])])
                let (status, mixed, next) = pointStatus(active, from: i)
                i = next
                if let s = points.points[p].segment, s != segment { continue }
                switch status {
                case .yes: return decided(points.ruleOfPoint[p])
                case .unknown: return undecided(points: [p], segment: segment)
                case .no: continue
                case .mixed: return cutFor(mixed, active, at: .rule(table: t, point: p), segment: segment)
                }
            }
            return nil

        case .unique, .any:
            let unique = table.policy == .unique
            var match = -1
            var firstMixed: Int32 = -1
            var held: [Int] = []
            var unknown: [(rule: Int, point: Int)] = []
            for (r, p, status, mixed) in rules(t, segment, active) {
                switch status {
                case .yes:
                    if match >= 0, unique || route(match) != route(r) {
                        // The router reports the first two rules that conflict; a mixed rule before
                        // this one could change which two those are.
                        if firstMixed >= 0 { return cutFor(firstMixed, active, at: .table(t), segment: segment) }
                        return .end(Ending(kind: .gap(.conflict), segment: segment, conflict: [t, match, r]))
                    }
                    if match < 0 { match = r }
                    held.append(r)
                case .unknown:
                    unknown.append((r, p))
                case .mixed:
                    if firstMixed < 0 { firstMixed = mixed }
                case .no:
                    continue
                }
            }
            if firstMixed >= 0 { return cutFor(firstMixed, active, at: .table(t), segment: segment) }
            // An unknown rule matters unless it could not change the result: under `any`, a rule
            // naming the route already chosen.
            let relevant = unknown.filter { unique || match < 0 || route($0.rule) != route(match) }
            if !relevant.isEmpty { return undecided(points: relevant.map(\.point), segment: segment) }
            guard match >= 0 else { return nil }
            for r in held { pendingFired.append((t, r)) }
            return decided(match)

        case .priority:
            // Highest priority = the route declared first; among equals, the earlier rule.
            let entries = rules(t, segment, active)
            var best = -1
            for (r, _, status, _) in entries where status == .yes {
                if best < 0 || route(r) < route(best) { best = r }
            }
            for (r, _, status, mixed) in entries where status == .mixed {
                if best < 0 || route(r) < route(best) || (route(r) == route(best) && r < best) {
                    return cutFor(mixed, active, at: .table(t), segment: segment)
                }
            }
            let relevant = entries.filter { $0.status == .unknown && (best < 0 || route($0.rule) < route(best)) }
            if !relevant.isEmpty { return undecided(points: relevant.map(\.point), segment: segment) }
            return best >= 0 ? decided(best) : nil
        }
    }

    /// A step could not be decided because fields it reads are missing: the missing-data policy of
    /// the first such field that has its own, else `otherwise`, else a `missing-data` gap.
    private func undecided(points undecided: [Int], segment: Int) -> Verdict {
        var fields = Set<Int>()
        for p in undecided { fields.formUnion(points.points[p].reads) }
        var missing: [Int] = []
        for f in fields.sorted() {
            switch fieldState(f) {
            case .mixed: return .split(f, missingCut(f), keep: .all)
            case .missing: missing.append(f)
            case .present: break
            }
        }
        for f in missing where missingPolicyFor[f] < 0 { pendingNeeded.append(f) }
        let chosen = missing.first { missingPolicyFor[$0] >= 0 && model.missingPolicies[missingPolicyFor[$0]].fields.contains($0) }
            ?? missing.first
        let point = undecided[0]
        guard let field = chosen, missingPolicyFor[field] >= 0 else {
            return .end(Ending(kind: .gap(.missingData), segment: segment, point: point, field: chosen ?? -1))
        }
        return .end(Ending(kind: .dataPolicy(missingPolicyFor[field]), segment: segment, point: point, field: field))
    }
}
