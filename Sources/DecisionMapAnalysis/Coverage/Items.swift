/// The decision points' true and unknown regions as flat arrays of boxes ("items"), numbered in
/// point order, so the sweep's hot loops read plain integers. Item `i` belongs to point
/// `point[i]`; it constrains the fields `field[c]` for `c` in `constraints[i]`, each to the atom
/// ranges `bounds[ranges[c]]` (start, end, start, end, ...). Every other field is unconstrained.
struct Items {
    let point: [Int32]
    let yes: [Bool]
    let box: [Box]
    let constraints: [Range<Int32>]
    let field: [Int32]
    let ranges: [Range<Int32>]
    let bounds: [Int32]
    /// `[p]`: the items of point `p`.
    let ofPoint: [Range<Int32>]
    /// `[t]`: the items of table `t`'s points.
    let ofTable: [Range<Int32>]

    init(_ points: DecisionPoints) {
        var point: [Int32] = []
        var yes: [Bool] = []
        var box: [Box] = []
        var constraints: [Range<Int32>] = []
        var field: [Int32] = []
        var ranges: [Range<Int32>] = []
        var bounds: [Int32] = []
        var ofPoint: [Range<Int32>] = []
        for (p, decisionPoint) in points.points.enumerated() {
            let start = Int32(box.count)
            for (boxes, truth) in [(decisionPoint.yes, true), (decisionPoint.unknown, false)] {
                for b in boxes {
                    point.append(Int32(p))
                    yes.append(truth)
                    box.append(b)
                    let first = Int32(field.count)
                    for (i, f) in b.fields.enumerated() {
                        field.append(f)
                        let from = Int32(bounds.count)
                        bounds += b.sets[i].bounds
                        ranges.append(from..<Int32(bounds.count))
                    }
                    constraints.append(first..<Int32(field.count))
                }
            }
            ofPoint.append(start..<Int32(box.count))
        }
        self.point = point
        self.yes = yes
        self.box = box
        self.constraints = constraints
        self.field = field
        self.ranges = ranges
        self.bounds = bounds
        self.ofPoint = ofPoint
        ofTable = points.tablePoints.map { range in
            range.isEmpty ? 0..<0 : ofPoint[range.lowerBound].lowerBound..<ofPoint[range.upperBound - 1].upperBound
        }
    }

    var count: Int { box.count }

    /// The constraint of an item on a field, if it has one.
    @inline(__always)
    func constraint(_ item: Int, on f: Int) -> Int? {
        for c in constraints[item] where field[Int(c)] == Int32(f) { return Int(c) }
        return nil
    }

    /// The position in `bounds` of the first range of constraint `c` that ends after `atom`.
    @inline(__always)
    private func rangeIndex(_ c: Int, _ atom: Int32) -> Int {
        let slice = ranges[c]
        var low = 0
        var high = slice.count / 2
        while low < high {
            let mid = (low + high) / 2
            if bounds[Int(slice.lowerBound) + 2 * mid + 1] <= atom { low = mid + 1 } else { high = mid }
        }
        return Int(slice.lowerBound) + 2 * low
    }

    /// Whether constraint `c` allows every atom of `range`.
    @inline(__always)
    func contains(_ c: Int, _ range: Range<Int32>) -> Bool {
        let i = rangeIndex(c, range.lowerBound)
        return i < Int(ranges[c].upperBound) && bounds[i] <= range.lowerBound && range.upperBound <= bounds[i + 1]
    }

    /// Whether constraint `c` allows some atom of `range`.
    @inline(__always)
    func intersects(_ c: Int, _ range: Range<Int32>) -> Bool {
        let i = rangeIndex(c, range.lowerBound)
        return i < Int(ranges[c].upperBound) && bounds[i] < range.upperBound
    }

    /// Whether an item covers the whole of a node (every field an interval of atoms).
    @inline(__always)
    func covers(_ item: Int, _ node: [Range<Int32>]) -> Bool {
        for c in constraints[item] where !contains(Int(c), node[Int(field[Int(c)])]) { return false }
        return true
    }
}
