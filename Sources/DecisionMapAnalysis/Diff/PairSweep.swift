import DecisionMap

/// How one version of a map ends for every case of a region: as the sweep says, or, for a value the
/// version does not accept, on its invalid-data handling of the first such field.
enum SideEnding: Hashable {
    case ending(Ending)
    /// The version rejects union field `field` (the first it rejects, in its own field order).
    case invalid(field: Int)
}

/// The sweep of `Sweep`, run for two versions of a map at once over one input space: a node is
/// split until both versions end the same way for every case in it, so the leaves are exactly the
/// regions where each version's decision is constant. Before replaying a version on a node, its
/// validation is replayed: the union space holds values only one version accepts, and values
/// neither accepts.
final class PairSweep {
    let space: InputSpace
    let sweeps: [Sweep]
    /// Per version: the union fields it has, in its own order (the order its router validates in).
    let order: [[Int]]
    /// Per version, per union field: the atoms it accepts; nil for a field it does not have.
    let valid: [[AtomSet?]]
    let budget: Int

    private(set) var nodes = 0
    private(set) var complete = true
    /// Every leaf, with how each version ends on it.
    private(set) var leaves: [(old: SideEnding, new: SideEnding, box: Box)] = []

    init(space: InputSpace, sweeps: [Sweep], order: [[Int]], valid: [[AtomSet?]], budget: Int) {
        self.space = space
        self.sweeps = sweeps
        self.order = order
        self.valid = valid
        self.budget = budget
    }

    private enum Validation {
        case valid
        case invalid(Int)
        case split(Int, Int32)
    }

    /// Replays a version's validation on a node: valid everywhere, invalid everywhere on one field
    /// (the first the version checks), or a cut that separates the two.
    private func validate(_ side: Int, _ node: [Range<Int32>]) -> Validation {
        for u in order[side] {
            if let d = space.invalidDim[u] {
                let range = node[d]
                if range.lowerBound >= 1 { return .invalid(u) }
                if range.upperBound > 1 { return .split(d, 1) }
            }
            guard let accepted = valid[side][u] else { continue }
            let range = node[u]
            if accepted.contains(range) { continue }
            if !accepted.intersects(range) { return .invalid(u) }
            let cut = accepted.bounds.first { $0 > range.lowerBound && $0 < range.upperBound }!
            return .split(u, cut)
        }
        return .valid
    }

    func run() {
        guard !space.isEmpty else { return }
        let whole = space.fields.map { 0..<Int32($0.atomCount) }
        let all = sweeps.map { (0..<Int32($0.items.count)).map { $0 } }
        var stack = [(node: whole, active: all)]
        while let (node, active) = stack.popLast() {
            nodes += 1
            guard nodes <= budget else {
                complete = false
                return
            }
            var ends: [SideEnding] = []
            var split: (side: Int, field: Int, cut: Int32, keep: Sweep.Keep)?
            for side in sweeps.indices {
                switch validate(side, node) {
                case .split(let f, let cut):
                    split = (side, f, cut, .all)
                case .invalid(let u):
                    ends.append(.invalid(field: u))
                case .valid:
                    switch sweeps[side].replay(at: node, active[side]) {
                    case .end(let ending): ends.append(.ending(ending))
                    case .split(let f, let cut, let keep): split = (side, f, cut, keep)
                    }
                }
                if split != nil { break }
            }
            if let split {
                let range = node[split.field]
                for half in [split.cut..<range.upperBound, range.lowerBound..<split.cut] {
                    var child = node
                    child[split.field] = half
                    let items = sweeps.indices.map { side in
                        sweeps[side].childItems(active[side], keep: side == split.side ? split.keep : .all, field: split.field, half: half)
                    }
                    stack.append((child, items))
                }
                continue
            }
            if space.isFeasible(node) { leaves.append((ends[0], ends[1], box(node))) }
        }
    }

    private func box(_ node: [Range<Int32>]) -> Box {
        var box = Box.universe
        for fs in space.fields where node[fs.dim] != 0..<Int32(fs.atomCount) {
            box = box.replacing(fs.dim, with: AtomSet(Int(node[fs.dim].lowerBound)..<Int(node[fs.dim].upperBound)), in: space)
        }
        return box
    }
}
