/// A set of atoms of one field: sorted, disjoint, non-adjacent half-open ranges of atom indices.
///
/// Every field's domain is cut into finitely many *atoms* (see `FieldSpace`): enum values, the
/// two booleans, the elementary intervals between the constants a map compares a number with,
/// classes of texts, and one extra atom for "missing". Every test in the map has the same truth on
/// the whole of an atom, so sets of atoms describe regions of the input space exactly.
struct AtomSet: Hashable, Sendable {
    /// `[start0, end0, start1, end1, ...]`, strictly increasing.
    private(set) var bounds: [Int32]

    static let empty = AtomSet(bounds: [])

    private init(bounds: [Int32]) { self.bounds = bounds }

    init(_ range: Range<Int>) {
        bounds = range.isEmpty ? [] : [Int32(range.lowerBound), Int32(range.upperBound)]
    }

    /// The atoms for which `test` holds, out of `0..<count`.
    init(count: Int, where test: (Int) -> Bool) {
        var bounds: [Int32] = []
        var start = -1
        for atom in 0..<count {
            if test(atom) {
                if start < 0 { start = atom }
            } else if start >= 0 {
                bounds += [Int32(start), Int32(atom)]
                start = -1
            }
        }
        if start >= 0 { bounds += [Int32(start), Int32(count)] }
        self.bounds = bounds
    }

    /// Builds a set from ranges in increasing order; touching ranges are joined.
    init(sortedRanges: some Sequence<Range<Int>>) {
        var bounds: [Int32] = []
        for r in sortedRanges where !r.isEmpty {
            if let last = bounds.last, last >= Int32(r.lowerBound) {
                bounds[bounds.count - 1] = max(last, Int32(r.upperBound))
            } else {
                bounds += [Int32(r.lowerBound), Int32(r.upperBound)]
            }
        }
        self.bounds = bounds
    }

    var isEmpty: Bool { bounds.isEmpty }

    var rangeCount: Int { bounds.count / 2 }

    func range(_ i: Int) -> Range<Int> { Int(bounds[2 * i])..<Int(bounds[2 * i + 1]) }

    var ranges: [Range<Int>] { (0..<rangeCount).map(range) }

    var count: Int { (0..<rangeCount).reduce(0) { $0 + range($1).count } }

    var first: Int? { bounds.first.map(Int.init) }

    var atoms: [Int] { ranges.flatMap { Array($0) } }

    func contains(_ atom: Int) -> Bool {
        let a = Int32(atom)
        let i = rangeIndex(containing: a)
        return i < rangeCount && bounds[2 * i] <= a
    }

    /// Whether every atom of `range` is in this set.
    func contains(_ range: Range<Int32>) -> Bool {
        guard !range.isEmpty else { return true }
        let i = rangeIndex(containing: range.lowerBound)
        return i < rangeCount && bounds[2 * i] <= range.lowerBound && range.upperBound <= bounds[2 * i + 1]
    }

    /// Whether some atom of `range` is in this set.
    func intersects(_ range: Range<Int32>) -> Bool {
        guard !range.isEmpty else { return false }
        let i = rangeIndex(containing: range.lowerBound)
        return i < rangeCount && bounds[2 * i] < range.upperBound
    }

    /// The index of the first range that ends after `atom`.
    private func rangeIndex(containing atom: Int32) -> Int {
        var low = 0
        var high = rangeCount
        while low < high {
            let mid = (low + high) / 2
            if bounds[2 * mid + 1] <= atom { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether every atom of `other` is in this set.
    func isSuperset(of other: AtomSet) -> Bool { other.subtracting(self).isEmpty }

    /// Whether the two sets share an atom; allocates nothing.
    func intersects(_ other: AtomSet) -> Bool {
        var i = 0
        var j = 0
        while i < bounds.count, j < other.bounds.count {
            if max(bounds[i], other.bounds[j]) < min(bounds[i + 1], other.bounds[j + 1]) { return true }
            if bounds[i + 1] < other.bounds[j + 1] { i += 2 } else { j += 2 }
        }
        return false
    }

    func intersection(_ other: AtomSet) -> AtomSet {
        var result: [Int32] = []
        var i = 0
        var j = 0
        while i < bounds.count, j < other.bounds.count {
            let lo = max(bounds[i], other.bounds[j])
            let hi = min(bounds[i + 1], other.bounds[j + 1])
            if lo < hi { result += [lo, hi] }
            if bounds[i + 1] < other.bounds[j + 1] { i += 2 } else { j += 2 }
        }
        return AtomSet(bounds: result)
    }

    func union(_ other: AtomSet) -> AtomSet {
        var merged: [Range<Int>] = []
        var i = 0
        var j = 0
        while i < rangeCount || j < other.rangeCount {
            if j >= other.rangeCount || (i < rangeCount && bounds[2 * i] <= other.bounds[2 * j]) {
                merged.append(range(i))
                i += 1
            } else {
                merged.append(other.range(j))
                j += 1
            }
        }
        return AtomSet(sortedRanges: merged)
    }

    func subtracting(_ other: AtomSet) -> AtomSet {
        var result: [Int32] = []
        var j = 0
        for i in 0..<rangeCount {
            var lo = bounds[2 * i]
            let hi = bounds[2 * i + 1]
            while j < other.rangeCount, other.bounds[2 * j + 1] <= lo { j += 1 }
            var k = j
            while lo < hi, k < other.rangeCount, other.bounds[2 * k] < hi {
                if other.bounds[2 * k] > lo { result += [lo, other.bounds[2 * k]] }
                lo = max(lo, other.bounds[2 * k + 1])
                k += 1
            }
            if lo < hi { result += [lo, hi] }
        }
        return AtomSet(bounds: result)
    }
}
