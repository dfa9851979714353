import DecisionMap

/// How the router ends for every case in a region: the outcome, and what decided it.
struct Ending: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case decided(table: Int, rule: Int)
        case escalated(Int)
        case inconsistent(Int)
        case review(threshold: Int)
        /// A missing-data policy, by index.
        case dataPolicy(Int)
        case gap(GapKind)
    }

    var kind: Kind
    var segment: Int = -1
    /// Missing data: the decision point that could not be decided; -1 otherwise.
    var point: Int = -1
    /// Missing data: the field whose policy applied, or that lacked one; -1 otherwise.
    var field: Int = -1
    /// Conflicts: the table and the two rules that both held; empty otherwise.
    var conflict: [Int] = []
}

/// Divides the input space into regions that each end the same way under the router, by
/// recursive binary splitting: a k-d tree over the atoms of the fields, in the spirit of the
/// sweep algorithms of Calvanese et al. for DMN tables, extended to whole maps, three-valued logic
/// and every hit policy.
///
/// Every decision point's true and unknown regions are lists of boxes ("items"). A node of the
/// recursion is a box in which every field ranges over an interval of its atoms; its *active*
/// items are those that meet it. The router is replayed on the node (`RoutingMirror`): each point
/// it asks about is true, unknown or false on the whole node when an active item covers the node
/// or none is active; otherwise the point is *mixed*, and the node is cut in two at a boundary of
/// the mixed item, chosen so that as few active items as possible straddle the cut. The recursion
/// stops as soon as the replay reaches an outcome, which prunes most of the space: a `first`
/// table is resolved by its first rule that covers the node, whatever the rules after it say; a
/// table built from a decision tree is cut along the tree's own cuts.
final class Sweep {
    let model: MapModel
    let space: InputSpace
    let points: DecisionPoints
    /// Nodes visited before giving up; the result then says it is incomplete.
    let budget: Int
    /// Asked every 1,024 nodes; true stops the analysis there, incomplete (the caller no longer
    /// wants the result: the language server, when the document has changed).
    let shouldStop: (@Sendable () -> Bool)?

    /// The decision points' regions, flattened.
    let items: Items

    /// The current node: per field, an interval of atoms. An optional field's missing atom is its
    /// last, so "missing" and "present" are intervals too.
    private var node: [Range<Int32>]

    // Lookups the router also precomputes.
    let thresholdFor: [Int]
    let missingPolicyFor: [Int]

    // Results.
    private(set) var nodes = 0
    private(set) var leaves = 0
    private(set) var complete = true
    /// Whether `shouldStop` stopped it.
    private(set) var stopped = false
    /// Regions of every ending other than `decided`, with up to `boxLimit` boxes each.
    private(set) var regions: [Ending: (leaves: Int, boxes: [Box])] = [:]
    /// Regions of high- and critical-risk segments that end on an automated route with no person
    /// in the loop: decided by a rule, or caught by the fallback; up to `boxLimit` boxes each.
    private(set) var automatedHighRisk: [Ending: (leaves: Int, boxes: [Box])] = [:]
    private(set) var ruleFired: [[Bool]]
    private(set) var escalationFired: [Bool]
    private(set) var inconsistencyFired: [Bool]
    private(set) var segmentReached: [Bool]
    private(set) var escalatedInSegment: [Bool]
    private(set) var automatedInSegment: [Bool]
    private(set) var tableConsulted: [Bool]
    /// Fields with no missing-data policy that some step needed while they were missing.
    private(set) var neededWithoutPolicy: [Bool]

    static let boxLimit = 256

    /// Keep every region with its ending, decided ones too (for the differential tests).
    let recordsEveryRegion: Bool
    private(set) var everyRegion: [(ending: Ending, box: Box)] = []

    // Set by the replay of one node, committed when it reaches an outcome.
    var pendingFired: [(Int, Int)] = []
    var pendingTables: [Int] = []
    var pendingNeeded: [Int] = []

    init(model: MapModel, space: InputSpace, budget: Int, recordsEveryRegion: Bool = false, shouldStop: (@Sendable () -> Bool)? = nil) {
        self.recordsEveryRegion = recordsEveryRegion
        self.shouldStop = shouldStop
        self.model = model
        self.space = space
        self.budget = budget
        points = DecisionPoints(model: model, space: space)
        let fieldCount = model.fields.count
        node = space.fields.map { 0..<Int32($0.atomCount) }
        thresholdFor = model.segments.indices.map { model.threshold(forSegment: $0) ?? -1 }
        missingPolicyFor = model.fields.indices.map { model.missingPolicy(forField: $0) ?? -1 }
        ruleFired = model.tables.map { Array(repeating: false, count: $0.rules.count) }
        escalationFired = Array(repeating: false, count: model.escalations.count)
        inconsistencyFired = Array(repeating: false, count: model.inconsistencies.count)
        segmentReached = Array(repeating: false, count: model.segments.count)
        escalatedInSegment = segmentReached
        automatedInSegment = segmentReached
        tableConsulted = Array(repeating: false, count: model.tables.count)
        neededWithoutPolicy = Array(repeating: false, count: fieldCount)

        items = Items(points)
    }

    /// Runs the analysis over the whole space. The recursion is a loop over an explicit stack of
    /// nodes still to visit, so a map that needs deep splitting cannot overflow the call stack.
    func run() {
        guard !space.isEmpty else { return }
        var stack = [(node: node, active: (0..<Int32(items.count)).map { $0 })]
        while let (next, active) = stack.popLast() {
            nodes += 1
            guard nodes <= budget else {
                complete = false
                return
            }
            if nodes & 1023 == 0, let shouldStop, shouldStop() {
                complete = false
                stopped = true
                return
            }
            node = next
            pendingFired.removeAll(keepingCapacity: true)
            pendingTables.removeAll(keepingCapacity: true)
            pendingNeeded.removeAll(keepingCapacity: true)
            switch replay(active) {
            case .end(let ending):
                // A node can hold no case at all: a literal with substrings it does not have, say.
                if space.isFeasible(next) { record(ending) }
            case .split(let f, let cut, let keep):
                let whole = next[f]
                precondition(whole.lowerBound < cut && cut < whole.upperBound, "a cut inside the node")
                // Pushed right first, so the left half is visited first. Items `keep` rejects
                // belong to steps no case of this node can reach, so the children drop them.
                for half in [cut..<whole.upperBound, whole.lowerBound..<cut] {
                    var child = next
                    child[f] = half
                    stack.append((child, childItems(active, keep: keep, field: f, half: half)))
                }
            }
        }
    }

    /// Replays the router on one node with the given active items, outside `run`: how a static
    /// diff drives two maps' sweeps over one space.
    func replay(at node: [Range<Int32>], _ active: [Int32]) -> Verdict {
        self.node = node
        pendingFired.removeAll(keepingCapacity: true)
        pendingTables.removeAll(keepingCapacity: true)
        pendingNeeded.removeAll(keepingCapacity: true)
        return replay(active)
    }

    /// The items a child of a split keeps: those `keep` allows that meet the child's half.
    func childItems(_ active: [Int32], keep: Keep, field f: Int, half: Range<Int32>) -> [Int32] {
        active.filter { item in
            guard keeps(keep, item) else { return false }
            guard let c = items.constraint(Int(item), on: f) else { return true }
            return items.intersects(c, half)
        }
    }

    // MARK: The node

    enum Status { case no, yes, unknown, mixed }

    /// The status of the point whose items start at `active[index]`, the first mixed item if it is
    /// mixed, and the index just past its items.
    func pointStatus(_ active: [Int32], from index: Int) -> (Status, Int32, Int) {
        let p = items.point[Int(active[index])]
        let node = self.node
        var i = index
        var status = Status.mixed
        var mixed: Int32 = -1
        while i < active.count, items.point[Int(active[i])] == p {
            let item = Int(active[i])
            if items.covers(item, node) {
                status = items.yes[item] ? .yes : .unknown
            } else if mixed < 0 {
                mixed = active[i]
            }
            i += 1
        }
        return (status, mixed, i)
    }

    /// The status of a point on the current node, and its first mixed item.
    func status(_ p: Int, _ active: [Int32]) -> (Status, Int32) {
        let range = items.ofPoint[p]
        let i = lowerBound(active, range.lowerBound)
        guard i < active.count, active[i] < range.upperBound else { return (.no, -1) }
        let (status, mixed, _) = pointStatus(active, from: i)
        return (status, mixed)
    }

    func lowerBound(_ active: [Int32], _ value: Int32) -> Int {
        var low = 0
        var high = active.count
        while low < high {
            let mid = (low + high) >> 1
            if active[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    enum FieldState { case present, missing, mixed }

    /// Whether a field is missing on the whole node, present on the whole node, or both.
    func fieldState(_ f: Int) -> FieldState {
        let fs = space[f]
        guard fs.optional else { return .present }
        let range = node[f]
        if range.upperBound <= Int32(fs.presentCount) { return .present }
        if range.lowerBound >= Int32(fs.presentCount) { return .missing }
        return .mixed
    }

    /// The cut that separates missing from present values of a field.
    func missingCut(_ f: Int) -> Int32 { Int32(space[f].presentCount) }

    /// Where to cut the node so that a mixed item makes progress: at one of its boundaries inside
    /// the node, the one the fewest other active items straddle (then the most even).
    func cut(for item: Int32, _ active: [Int32]) -> (field: Int, cut: Int32) {
        let box = items.box[Int(item)]
        let node = self.node
        var candidates: [(Int, Int32)] = []
        var fields: [Int] = []
        for (i, f) in box.fields.enumerated() {
            let range = node[Int(f)]
            let set = box.sets[i]
            guard !set.contains(range) else { continue }
            fields.append(Int(f))
            // The set's boundaries inside the node, found by binary search: a scattered set (a
            // condition of thousands of `x = …` terms) has thousands, and a few spread over them
            // are enough to choose from.
            let bounds = set.bounds
            func firstAbove(_ v: Int32) -> Int {
                var low = 0, high = bounds.count
                while low < high {
                    let mid = (low + high) / 2
                    if bounds[mid] > v { high = mid } else { low = mid + 1 }
                }
                return low
            }
            let from = firstAbove(range.lowerBound)
            var to = firstAbove(range.upperBound - 1)  // bounds below the node's upper end
            while to > from && bounds[to - 1] >= range.upperBound { to -= 1 }
            let inside = to - from
            if inside > 0 {
                let picks = min(inside, 6)
                for k in 0..<picks { candidates.append((Int(f), bounds[from + k * inside / picks])) }
            }
        }
        precondition(!candidates.isEmpty, "a mixed item has a boundary inside the node")
        var (best, score) = bestCut(candidates, active, node)
        // When every boundary of the mixed item is straddled by many items (a chain of thresholds
        // `x >= 5`, `x >= 10`, ...), or cutting there peels off one item of many (a table of
        // thousands of `x = …` rules), cutting at the median of the active items' boundaries keeps
        // the recursion logarithmic instead of linear.
        if score.straddling > 16 || active.count > 256 {
            var medians: [(Int, Int32)] = []
            for f in fields {
                let range = node[f]
                var others: [Int32] = []
                for a in active {
                    guard let c = items.constraint(Int(a), on: f) else { continue }
                    for k in items.ranges[c] where items.bounds[Int(k)] > range.lowerBound && items.bounds[Int(k)] < range.upperBound {
                        others.append(items.bounds[Int(k)])
                    }
                }
                if !others.isEmpty {
                    others.sort()
                    medians.append((f, others[others.count / 2]))
                }
            }
            let (median, medianScore) = bestCut(medians, active, node)
            if !medians.isEmpty, (medianScore.straddling, medianScore.imbalance) < (score.straddling, score.imbalance) {
                (best, score) = (median, medianScore)
            }
        }
        return best
    }

    /// The candidate cut the fewest active items straddle, then the most even.
    private func bestCut(_ candidates: [(Int, Int32)], _ active: [Int32], _ node: [Range<Int32>])
        -> ((Int, Int32), (straddling: Int, imbalance: Int)) {
        var best = candidates.first ?? (0, 0)
        var bestScore = (straddling: Int.max, imbalance: Int.max)
        for (f, c) in candidates {
            let range = node[f]
            let left = range.lowerBound..<c
            let right = c..<range.upperBound
            var straddling = 0
            var leftOnly = 0
            var rightOnly = 0
            for a in active {
                guard let k = items.constraint(Int(a), on: f) else { continue }
                let l = items.intersects(k, left)
                let r = items.intersects(k, right)
                if l && r { straddling += 1 } else if l { leftOnly += 1 } else if r { rightOnly += 1 }
            }
            let score = (straddling: straddling, imbalance: -min(leftOnly, rightOnly))
            if (score.straddling, score.imbalance) < (bestScore.straddling, bestScore.imbalance) {
                bestScore = score
                best = (f, c)
            }
        }
        return (best, bestScore)
    }

    // MARK: Results

    /// The current node as a box.
    private var currentBox: Box {
        var box = Box.universe
        for fs in space.fields where node[fs.dim] != 0..<Int32(fs.atomCount) {
            box = box.replacing(fs.dim, with: AtomSet(Int(node[fs.dim].lowerBound)..<Int(node[fs.dim].upperBound)), in: space)
        }
        return box
    }

    private func record(_ ending: Ending) {
        leaves += 1
        if recordsEveryRegion { everyRegion.append((ending, currentBox)) }
        for (t, r) in pendingFired { ruleFired[t][r] = true }
        for t in pendingTables { tableConsulted[t] = true }
        for f in pendingNeeded { neededWithoutPolicy[f] = true }
        let s = ending.segment
        if s >= 0 { segmentReached[s] = true }
        var route: Int?
        switch ending.kind {
        case .decided(let t, let r):
            ruleFired[t][r] = true
            route = model.tables[t].rules[r].route
        case .escalated(let e):
            escalationFired[e] = true
            if s >= 0 { escalatedInSegment[s] = true }
            route = model.escalations[e].route
        case .inconsistent(let i):
            inconsistencyFired[i] = true
            route = model.inconsistencies[i].route
        case .review(let t):
            route = model.thresholds[t].route
        case .dataPolicy(let p):
            route = model.missingPolicies[p].route
        case .gap:
            route = model.fallback?.route
        }
        if case .decided = ending.kind {} else {
            var entry = regions[ending] ?? (0, [])
            entry.leaves += 1
            if case .gap = ending.kind, entry.boxes.count < Self.boxLimit { entry.boxes.append(currentBox) }
            regions[ending] = entry
        }
        if s >= 0, let route, model.routes[route].kind == .automated {
            automatedInSegment[s] = true
            // Decided by a rule or caught by the fallback: an escalation, a review or a data
            // policy that chose an automated route still chose it on purpose, for its reason.
            let unattended: Bool = switch ending.kind {
            case .decided, .gap: true
            default: false
            }
            if unattended, model.segments[s].risk >= .high {
                var entry = automatedHighRisk[ending] ?? (0, [])
                entry.leaves += 1
                if entry.boxes.count < Self.boxLimit { entry.boxes.append(currentBox) }
                automatedHighRisk[ending] = entry
            }
        }
    }
}
