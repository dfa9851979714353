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
/// recursive splitting (a generalisation of the sweep-line algorithm of Calvanese et al. for DMN
/// tables to whole maps, three-valued logic and hit policies).
///
/// Every decision point's true and unknown regions are lists of boxes ("items"). A node of the
/// recursion is a box of the space in which some fields are fixed to a set of atoms; its *active*
/// items are those that meet it. The router is replayed on the node (`RoutingMirror`): each point
/// it asks about is true, unknown or false on the whole node when an active item covers the node
/// or none is active; otherwise the point is *mixed* and the node is split on a field that item
/// constrains. Splitting a field cuts it at the ends of the active items' sets on it and groups the
/// pieces that meet the same items, so each child is as large as the items allow. The recursion
/// stops as soon as the replay reaches an outcome, which prunes most of the space: a `first`
/// table is resolved by its first rule that covers the node, whatever the rules after it say.
final class Sweep {
    let model: MapModel
    let space: InputSpace
    let points: DecisionPoints
    /// Nodes visited before giving up; the result then says it is incomplete.
    let budget: Int

    // Items, numbered in point order; each point's items are contiguous.
    var itemPoint: [Int32] = []
    var itemYes: [Bool] = []
    var itemBox: [Box] = []
    private var itemMask: [UInt64] = []
    private var itemHash: [(UInt64, UInt64)] = []
    var pointItems: [Range<Int32>] = []
    var tableItems: [Range<Int32>] = []
    private let words: Int
    /// How many items constrain each field; the split heuristic prefers busy fields.
    private var fieldWeight: [Int]

    // The current node.
    private var processed: [UInt64]
    private var chosen: [AtomSet]

    // Lookups the router also precomputes.
    let thresholdFor: [Int]
    let missingPolicyFor: [Int]

    // Results.
    private(set) var nodes = 0
    private(set) var leaves = 0
    private(set) var complete = true
    /// Regions of every ending other than `decided`, with up to `boxLimit` boxes each.
    private(set) var regions: [Ending: (leaves: Int, boxes: [Box])] = [:]
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

    init(model: MapModel, space: InputSpace, budget: Int, recordsEveryRegion: Bool = false) {
        self.recordsEveryRegion = recordsEveryRegion
        self.model = model
        self.space = space
        self.budget = budget
        points = DecisionPoints(model: model, space: space)
        let fieldCount = model.fields.count
        words = max(1, (fieldCount + 63) / 64)
        processed = Array(repeating: 0, count: words)
        chosen = space.fields.map(\.full)
        fieldWeight = Array(repeating: 0, count: fieldCount)
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

        var random = SplitMix64(seed: 0x6C69_6E74)
        for (p, point) in points.points.enumerated() {
            let start = Int32(itemBox.count)
            for (boxes, yes) in [(point.yes, true), (point.unknown, false)] {
                for box in boxes {
                    itemPoint.append(Int32(p))
                    itemYes.append(yes)
                    itemBox.append(box)
                    var mask = Array(repeating: UInt64(0), count: words)
                    for f in box.fields {
                        mask[Int(f) >> 6] |= 1 << UInt64(Int(f) & 63)
                        fieldWeight[Int(f)] += 1
                    }
                    itemMask += mask
                    itemHash.append((random.next(), random.next()))
                }
            }
            pointItems.append(start..<Int32(itemBox.count))
        }
        tableItems = points.tablePoints.map { range in
            range.isEmpty ? 0..<0 : pointItems[range.lowerBound].lowerBound..<pointItems[range.upperBound - 1].upperBound
        }
    }

    /// Runs the analysis over the whole space.
    func run() {
        guard !space.isEmpty else { return }
        visit((0..<Int32(itemBox.count)).map { $0 })
    }

    private func visit(_ active: [Int32]) {
        nodes += 1
        guard nodes <= budget else {
            complete = false
            return
        }
        pendingFired.removeAll(keepingCapacity: true)
        pendingTables.removeAll(keepingCapacity: true)
        pendingNeeded.removeAll(keepingCapacity: true)
        switch replay(active) {
        case .end(let ending): record(ending)
        case .split(let field): split(field, active)
        }
    }

    // MARK: The node

    enum Status { case no, yes, unknown, mixed }

    @inline(__always)
    func isProcessed(_ f: Int) -> Bool { processed[f >> 6] & (1 << UInt64(f & 63)) != 0 }

    @inline(__always)
    private func covers(_ item: Int) -> Bool {
        for w in 0..<words where itemMask[item * words + w] & ~processed[w] != 0 { return false }
        return true
    }

    @inline(__always)
    private func constrains(_ item: Int, _ f: Int) -> Bool { itemMask[item * words + (f >> 6)] & (1 << UInt64(f & 63)) != 0 }

    /// The status of the point whose items start at `active[index]`, the first mixed item if it is
    /// mixed, and the index just past its items.
    func pointStatus(_ active: [Int32], from index: Int) -> (Status, Int32, Int) {
        let p = itemPoint[Int(active[index])]
        var i = index
        var status = Status.mixed
        var mixed: Int32 = -1
        while i < active.count, itemPoint[Int(active[i])] == p {
            let item = Int(active[i])
            if covers(item) {
                status = itemYes[item] ? .yes : .unknown
            } else if mixed < 0 {
                mixed = active[i]
            }
            i += 1
        }
        return (status, mixed, i)
    }

    /// The status of a point on the current node, and its first mixed item.
    func status(_ p: Int, _ active: [Int32]) -> (Status, Int32) {
        let range = pointItems[p]
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

    /// Whether a field is missing on the whole node, present on the whole node, or not yet split.
    func fieldState(_ f: Int) -> FieldState {
        let fs = space[f]
        guard fs.optional else { return .present }
        guard isProcessed(f) else { return .mixed }
        return chosen[f] == fs.missing ? .missing : .present
    }

    /// The field to split on to resolve a mixed item: the busiest field it constrains that is not
    /// yet fixed.
    func splitField(_ item: Int32) -> Int {
        var best = -1
        for f in itemBox[Int(item)].fields where !isProcessed(Int(f)) {
            if best < 0 || fieldWeight[Int(f)] > fieldWeight[best] { best = Int(f) }
        }
        precondition(best >= 0, "a mixed item constrains an unsplit field")
        return best
    }

    // MARK: Splitting

    private struct GroupKey: Hashable {
        var h1: UInt64
        var h2: UInt64
        var count: Int
        var missing: Bool
    }

    private func split(_ f: Int, _ active: [Int32]) {
        let fs = space[f]
        var others: [Int32] = []
        var constraining: [Int32] = []
        for item in active {
            if constrains(Int(item), f) { constraining.append(item) } else { others.append(item) }
        }
        var boundaries: [Int32] = [0, Int32(fs.atomCount)]
        if fs.optional { boundaries.append(Int32(fs.presentCount)) }
        var events: [(position: Int32, local: Int32)] = []
        for (local, item) in constraining.enumerated() {
            let set = itemBox[Int(item)].set(f, in: space)
            for r in 0..<set.rangeCount {
                let range = set.range(r)
                events.append((Int32(range.lowerBound), Int32(local)))
                events.append((Int32(range.upperBound), Int32(local)))
                boundaries.append(Int32(range.lowerBound))
                boundaries.append(Int32(range.upperBound))
            }
        }
        events.sort { $0.position < $1.position }
        boundaries = Array(Set(boundaries)).sorted()

        var inside = Array(repeating: false, count: constraining.count)
        var key = GroupKey(h1: 0, h2: 0, count: 0, missing: false)
        var groupOf: [GroupKey: Int] = [:]
        var groups: [(ranges: [Range<Int>], members: [Int32])] = []
        var e = 0
        for b in 0..<(boundaries.count - 1) {
            let lo = boundaries[b]
            while e < events.count, events[e].position <= lo {
                let local = Int(events[e].local)
                let (h1, h2) = itemHash[Int(constraining[local])]
                inside[local].toggle()
                if inside[local] {
                    key.h1 &+= h1
                    key.h2 ^= h2
                    key.count += 1
                } else {
                    key.h1 &-= h1
                    key.h2 ^= h2
                    key.count -= 1
                }
                e += 1
            }
            key.missing = fs.optional && Int(lo) == fs.presentCount
            let piece = Int(lo)..<Int(boundaries[b + 1])
            if let g = groupOf[key] {
                groups[g].ranges.append(piece)
            } else {
                groupOf[key] = groups.count
                groups.append(([piece], constraining.indices.filter { inside[$0] }.map { constraining[$0] }))
            }
        }

        processed[f >> 6] |= 1 << UInt64(f & 63)
        for group in groups {
            chosen[f] = AtomSet(sortedRanges: group.ranges)
            visit(merge(others, group.members))
            if !complete { break }
        }
        processed[f >> 6] &= ~(1 << UInt64(f & 63))
        chosen[f] = fs.full
    }

    private func merge(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                result.append(a[i])
                i += 1
            } else {
                result.append(b[j])
                j += 1
            }
        }
        return result
    }

    // MARK: Results

    /// The current node as a box.
    private var currentBox: Box {
        var box = Box.universe
        for f in space.fields.indices where isProcessed(f) {
            box = box.replacing(f, with: chosen[f], in: space)
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
        if s >= 0, let route, model.routes[route].kind == .automated { automatedInSegment[s] = true }
    }
}

/// A small, fast, seeded random generator (Steele, Lea and Flood's SplitMix64): the same seed
/// gives the same numbers on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
