/// A decision diagram over the rules of a large table, so routing a case reads only the rules that
/// can hold for it instead of every rule.
///
/// Each rule's condition gives, per field it constrains, the values for which that constraint is
/// not false (`amount >= 500 and region is north`: amount in [500, ∞), region in {north}). When a
/// field is present, a rule whose constraint excludes its value is false whatever the other
/// fields are (an `and` with a false operand is false, in three-valued logic too), so it can be
/// skipped. The diagram splits the rules on one field per node (enumeration values, or the
/// intervals between the numbers the rules compare with), choosing the field that shrinks the
/// largest part most, down to a few rules per leaf. Routing walks from the root along the case's
/// values (a node's uniform grid over its bounds finds a value's piece with a comparison or two);
/// a missing field stops the walk, and the rules of the node reached are read in order. Rules are
/// never reordered, only skipped when false, so every hit policy, unknown values and traces come
/// out exactly as a scan of all the rules gives them.
///
/// A class, so the router reaches a table's index with one reference, not a copy of its arrays
/// per case (`@unchecked Sendable`: built in `init`, never changed after).
final class TableIndex: @unchecked Sendable {
    /// A node of the diagram: the field it splits on (-1 for a leaf), where its bounds and
    /// children are, its rules. One record per node, so a step of the walk reads one place.
    struct Node {
        var field: Int32 = -1
        var boundsStart: Int32 = 0, boundsCount: Int32 = 0
        var childStart: Int32 = 0
        /// Nodes with two bounds or more have a uniform grid over their bounds, so finding a
        /// value's piece reads one grid cell and compares with the few bounds in it instead of a
        /// binary search whose branches the processor cannot predict. -1: no grid.
        var gridStart: Int32 = -1
        /// The bounds are consecutive integers from `gridOrigin` (an enumeration's values): a
        /// value equal to one of them is found without the grid.
        var consecutive = false
        var ruleStart: Int32 = 0, ruleEnd: Int32 = 0
        var gridOrigin: Double = 0, gridScale: Double = 0
    }

    /// (Written only while `init` builds the diagram, so reads need no exclusivity checks.)
    @exclusivity(unchecked) private var nodes: [Node] = []
    @exclusivity(unchecked) private var bounds: [Double] = []
    /// Per grid cell k of a node: the first of its bounds whose cell is k or later (then one more
    /// entry: the number of bounds).
    @exclusivity(unchecked) private var grid: [Int32] = []
    @exclusivity(unchecked) private var children: [Int32] = []
    /// Rule numbers (within the table), ascending within each node.
    @exclusivity(unchecked) private(set) var rules: [Int32] = []
    /// The root instruction of each entry of `rules` (-1: `otherwise`).
    @exclusivity(unchecked) private(set) var ruleRoots: [Int32] = []

    /// Tables with fewer rules are scanned: reading them is as fast as walking a diagram.
    static let minimumRules = 32
    /// A node with at most this many rules is a leaf.
    static let leafRules = 12
    static let maximumDepth = 24
    /// A node with at least this many bounds gets a grid (`gridStart`), of `cellsPerBound` cells
    /// per bound, and with it the shortcut for consecutive integer bounds (`Node.consecutive`).
    static let gridBounds = 2
    static let cellsPerBound = 2

    /// The index of a table whose rules have these conditions (nil: `otherwise`): one leaf that
    /// holds every rule when the table is small, not indexed, or no field splits its rules.
    ///
    /// `roots` are the rules' root instructions (`Router.ruleRoot`), stored beside the rule numbers
    /// so reading a candidate rule is one load, not two in a row.
    init(conditions: [Predicate?], roots: ArraySlice<Int>, named: [NamedCondition], indexed: Bool = true) {
        defer { ruleRoots = rules.map { Int32(roots[roots.startIndex + Int($0)]) } }
        let all = Array(0..<Int32(conditions.count))
        guard indexed, conditions.count >= TableIndex.minimumRules else {
            _ = node(all)
            return
        }
        let constraints = conditions.map { $0.map { ValueSet.constraints($0, named: named, depth: 0) } ?? [:] }
        var budget = 16 * conditions.count + 4_096
        _ = build(all, constraints, depth: 0, budget: &budget)
    }

    /// How many nodes find a value's piece through a grid, and how many of them have consecutive
    /// integer bounds (for tests).
    var griddedNodes: (all: Int, consecutive: Int) {
        (nodes.filter { $0.gridStart >= 0 }.count, nodes.filter(\.consecutive).count)
    }

    /// Whether the index splits the rules at all (false: every case reads every rule).
    var splits: Bool { nodes[0].field >= 0 }

    /// The rules that can hold for a case: `rules[range]`, ascending. (Kept out of line: inlined
    /// into the router, it slowed routing through small tables by a few percent.)
    @inline(never)
    func candidates(_ record: borrowing CaseRecord) -> Range<Int> {
        var node = nodes[0]
        while true {
            let f = Int(node.field)
            guard f >= 0, record.states[f] == .present else { break }
            let v = record.values[f]
            guard !v.isNaN else { break }
            // The piece of the number line `v` is in: 2i for the open interval before bounds[i], 2i + 1 for bounds[i].
            let start = Int(node.boundsStart), end = start + Int(node.boundsCount)
            if node.consecutive {
                // The bound v would be is found by arithmetic; the comparison with it is what
                // decides, so rounding cannot misplace a value.
                let x = v - node.gridOrigin
                if x >= 0, x < Double(end - start), bounds[start + Int(x)] == v {
                    node = nodes[Int(children[Int(node.childStart) + 2 * Int(x) + 1])]
                    continue
                }
            }
            var low = start, high = end
            let g = Int(node.gridStart)
            if g >= 0 {
                // The bounds in v's grid cell and the first bound after it enclose v's place.
                let cell = TableIndex.cell(v, node.gridOrigin, node.gridScale, cells: TableIndex.cellsPerBound * (end - start))
                low = start + Int(grid[g + cell])
                high = start + Int(grid[g + cell + 1])
            }
            while low < high {
                let mid = (low + high) >> 1
                if bounds[mid] < v { low = mid + 1 } else { high = mid }
            }
            let i = low - start
            let piece = low < end && bounds[low] == v ? 2 * i + 1 : 2 * i
            node = nodes[Int(children[Int(node.childStart) + piece])]
        }
        return Int(node.ruleStart)..<Int(node.ruleEnd)
    }

    /// The grid cell of `v` among `cells` cells over a node's bounds: a monotone function of `v`
    /// (a larger value never has a smaller cell), which is all the search relies on.
    @inline(__always)
    private static func cell(_ v: Double, _ origin: Double, _ scale: Double, cells: Int) -> Int {
        let x = (v - origin) * scale
        return !(x >= 0) ? 0 : x >= Double(cells) ? cells - 1 : Int(x)
    }

    /// Gives node `n` (bounds already stored) a grid when it has enough bounds and they span a
    /// finite width: `cellsPerBound` cells per bound, each holding the number of bounds in
    /// earlier cells.
    private func addGrid(_ n: Int) {
        let start = Int(nodes[n].boundsStart), count = Int(nodes[n].boundsCount)
        guard count >= TableIndex.gridBounds else { return }
        let origin = bounds[start], width = bounds[start + count - 1] - origin
        let cells = TableIndex.cellsPerBound * count
        let scale = Double(cells) / width
        guard width > 0, width.isFinite, scale.isFinite, scale > 0 else { return }
        nodes[n].gridStart = Int32(grid.count)
        nodes[n].gridOrigin = origin
        nodes[n].gridScale = scale
        nodes[n].consecutive = (0..<count).allSatisfy { bounds[start + $0] == origin + Double($0) }
        var i = 0
        for k in 0...cells {
            while i < count, TableIndex.cell(bounds[start + i], origin, scale, cells: cells) < k { i += 1 }
            grid.append(Int32(i))
        }
    }

    /// Builds the node for `list` and returns its number.
    private func build(_ list: [Int32], _ constraints: [[Int: ValueSet]], depth: Int, budget: inout Int) -> Int32 {
        let node = node(list)
        guard list.count > TableIndex.leafRules, depth < TableIndex.maximumDepth,
              let split = bestSplit(list, constraints, budget: budget) else { return node }
        budget -= split.total
        var parts = Array(repeating: [Int32](), count: 2 * split.bounds.count + 1)
        for r in list {
            guard let set = constraints[Int(r)][split.field] else {
                for p in parts.indices { parts[p].append(r) }
                continue
            }
            for pieces in set.pieces(in: split.bounds) { for p in pieces { parts[p].append(r) } }
        }
        let n = Int(node)
        nodes[n].field = Int32(split.field)
        nodes[n].boundsStart = Int32(bounds.count)
        nodes[n].boundsCount = Int32(split.bounds.count)
        bounds += split.bounds
        addGrid(n)
        nodes[n].childStart = Int32(children.count)
        children += Array(repeating: -1, count: parts.count)
        let first = Int(nodes[n].childStart)
        for (p, part) in parts.enumerated() {
            // Neighbouring pieces with the same rules share one child.
            if p > 0, part == parts[p - 1] {
                children[first + p] = children[first + p - 1]
            } else {
                children[first + p] = build(part, constraints, depth: depth + 1, budget: &budget)
            }
        }
        return node
    }

    /// A new leaf holding `list`; returns its number.
    private func node(_ list: [Int32]) -> Int32 {
        nodes.append(Node(ruleStart: Int32(rules.count), ruleEnd: Int32(rules.count + list.count)))
        rules += list
        return Int32(nodes.count - 1)
    }

    /// The field whose split leaves the smallest largest part (ties: the smallest total), if it
    /// leaves every part smaller than the whole and fits the budget.
    private func bestSplit(_ list: [Int32], _ constraints: [[Int: ValueSet]], budget: Int)
        -> (field: Int, bounds: [Double], total: Int)?
    {
        var fields: Set<Int> = []
        for r in list { fields.formUnion(constraints[Int(r)].keys) }
        var best: (field: Int, bounds: [Double], total: Int, largest: Int)?
        for f in fields.sorted() {
            var boundary: [Double] = []
            for r in list { constraints[Int(r)][f]?.addBounds(to: &boundary) }
            boundary.sort()
            var unique: [Double] = []
            for b in boundary where unique.last != b { unique.append(b) }
            var always = 0
            var difference = Array(repeating: 0, count: 2 * unique.count + 2)
            for r in list {
                guard let set = constraints[Int(r)][f] else {
                    always += 1
                    continue
                }
                for pieces in set.pieces(in: unique) {
                    difference[pieces.lowerBound] += 1
                    difference[pieces.upperBound] -= 1
                }
            }
            var running = 0, total = 0, largest = 0
            for p in 0..<(2 * unique.count + 1) {
                running += difference[p]
                total += running + always
                largest = max(largest, running + always)
            }
            guard largest < list.count, total <= budget else { continue }
            if best == nil || (largest, total) < (best!.largest, best!.total) {
                best = (f, unique, total, largest)
            }
        }
        return best.map { ($0.field, $0.bounds, $0.total) }
    }
}

/// A set of numbers as sorted, disjoint intervals, each end open or closed: the values of one
/// field for which a rule's constraint on it is not false.
struct ValueSet: Hashable, Sendable {
    struct Span: Hashable, Sendable {
        var low: Double, lowClosed: Bool, high: Double, highClosed: Bool
    }

    var spans: [Span]

    static let all = ValueSet(spans: [Span(low: -.infinity, lowClosed: false, high: .infinity, highClosed: false)])
    static let empty = ValueSet(spans: [])

    static func point(_ v: Double) -> ValueSet { ValueSet(spans: [Span(low: v, lowClosed: true, high: v, highClosed: true)]) }

    /// The constraints a condition puts on each field (a field left out is unconstrained). Sound
    /// for fields that are present: where a set excludes the field's value, the condition is false.
    static func constraints(_ p: Predicate, named: [NamedCondition], depth: Int) -> [Int: ValueSet] {
        guard depth < 300 else { return [:] }
        switch p {
        case .and(let ps):
            // Sets of one field are combined once, not operand by operand, so a long `and` stays
            // near-linear: their intersection is the complement of the union of their complements.
            var sets: [Int: [ValueSet]] = [:]
            for q in ps {
                for (f, set) in constraints(q, named: named, depth: depth + 1) { sets[f, default: []].append(set) }
            }
            return sets.compactMapValues { $0.count == 1 ? $0[0].bounded : ValueSet.union($0.map(\.complement)).complement.bounded }
        case .or(let ps):
            guard let first = ps.first else { return [:] }
            var sets = constraints(first, named: named, depth: depth + 1).mapValues { [$0] }
            for q in ps.dropFirst() where !sets.isEmpty {
                let other = constraints(q, named: named, depth: depth + 1)
                for f in Array(sets.keys) {
                    if let set = other[f] { sets[f]!.append(set) } else { sets[f] = nil }
                }
            }
            return sets.compactMapValues { ValueSet.union($0).bounded }
        case .not(let inner):
            // A single test of a present field is true or false, so its negation is the complement.
            switch inner {
            case .compare, .oneOf, .boolean:
                return constraints(inner, named: named, depth: depth + 1).mapValues { $0.normalized.complement }
            default:
                return [:]
            }
        case .compare(let f, let op, let c):
            let set: ValueSet = switch op {
            case .less: ValueSet(spans: [Span(low: -.infinity, lowClosed: false, high: c, highClosed: false)])
            case .lessOrEqual: ValueSet(spans: [Span(low: -.infinity, lowClosed: false, high: c, highClosed: true)])
            case .greater: ValueSet(spans: [Span(low: c, lowClosed: false, high: .infinity, highClosed: false)])
            case .greaterOrEqual: ValueSet(spans: [Span(low: c, lowClosed: true, high: .infinity, highClosed: false)])
            case .equal: .point(c)
            case .notEqual: ValueSet.point(c).complement
            }
            return c.isFinite ? [f: set] : [:]
        case .oneOf(let f, let set):
            var result = ValueSet.empty
            for i in set { result.spans.append(Span(low: Double(i), lowClosed: true, high: Double(i), highClosed: true)) }
            return [f: result.normalized]
        case .boolean(let f, let b):
            return [f: .point(b ? 1 : 0)]
        case .missing(let f):
            return [f: .empty]
        case .condition(let i):
            return constraints(named[i].predicate, named: named, depth: depth + 1)
        case .constant, .textIn, .textContains, .segment:
            return [:]
        }
    }

    /// The values not in the set (the set must be normalized).
    var complement: ValueSet {
        var result: [Span] = []
        var low = -Double.infinity, lowClosed = false
        for s in spans {
            result.append(Span(low: low, lowClosed: lowClosed, high: s.low, highClosed: !s.lowClosed))
            (low, lowClosed) = (s.high, !s.highClosed)
        }
        result.append(Span(low: low, lowClosed: lowClosed, high: .infinity, highClosed: false))
        return ValueSet(spans: result.filter { !$0.isEmpty })
    }

    /// The union of many sets, normalized.
    static func union(_ sets: [ValueSet]) -> ValueSet { ValueSet(spans: sets.flatMap(\.spans)).normalized }

    /// A set of very many spans is dropped (nil: no constraint), which only means fewer rules are skipped.
    var bounded: ValueSet? { spans.count <= 4_096 ? self : nil }

    /// Sorted, with overlapping and touching spans merged.
    var normalized: ValueSet {
        let sorted = spans.filter { !$0.isEmpty }.sorted { ($0.low, $0.lowClosed ? 0 : 1) < ($1.low, $1.lowClosed ? 0 : 1) }
        var result: [Span] = []
        for s in sorted {
            if var last = result.last, s.low < last.high || (s.low == last.high && (s.lowClosed || last.highClosed)) {
                if s.high > last.high {
                    (last.high, last.highClosed) = (s.high, s.highClosed)
                } else if s.high == last.high {
                    last.highClosed = last.highClosed || s.highClosed
                }
                result[result.count - 1] = last
            } else {
                result.append(s)
            }
        }
        return ValueSet(spans: result)
    }

    func addBounds(to bounds: inout [Double]) {
        for s in spans {
            if s.low.isFinite { bounds.append(s.low) }
            if s.high.isFinite { bounds.append(s.high) }
        }
    }

    /// The pieces of the number line cut at `bounds` (sorted, unique, including every end of these
    /// spans) that the set covers: piece 2i is the open interval before `bounds[i]`, 2i + 1 is
    /// `bounds[i]` itself, 2n the interval after the last.
    func pieces(in bounds: [Double]) -> [Range<Int>] {
        func index(_ v: Double) -> Int {
            var low = 0, high = bounds.count
            while low < high {
                let mid = (low + high) >> 1
                if bounds[mid] < v { low = mid + 1 } else { high = mid }
            }
            return low
        }
        return spans.compactMap { s in
            let first = s.low == -.infinity ? 0 : 2 * index(s.low) + (s.lowClosed ? 1 : 2)
            let last = s.high == .infinity ? 2 * bounds.count : 2 * index(s.high) + (s.highClosed ? 1 : 0)
            return first <= last ? first..<(last + 1) : nil
        }
    }
}

extension ValueSet.Span {
    var isEmpty: Bool { low > high || (low == high && !(lowClosed && highClosed)) }
}
