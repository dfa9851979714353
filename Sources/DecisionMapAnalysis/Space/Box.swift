/// A box of the input space: for some fields a set of atoms, every other field unconstrained.
/// Regions are lists of disjoint boxes.
struct Box: Hashable, Sendable {
    /// The constrained fields, increasing. A set never equals its field's full set (that field is
    /// left out instead), so equal boxes have equal representations.
    private(set) var fields: [Int32]
    private(set) var sets: [AtomSet]

    /// The whole input space.
    static let universe = Box(fields: [], sets: [])

    private init(fields: [Int32], sets: [AtomSet]) {
        self.fields = fields
        self.sets = sets
    }

    /// The box constraining one field; nil when the set is empty.
    init?(_ field: Int, _ set: AtomSet, in space: InputSpace) {
        guard !set.isEmpty else { return nil }
        self = .universe
        if set != space[field].full {
            fields = [Int32(field)]
            sets = [set]
        }
    }

    /// The set of atoms the box allows for a field.
    func set(_ field: Int, in space: InputSpace) -> AtomSet {
        if let i = fields.firstIndex(of: Int32(field)) { return sets[i] }
        return space[field].full
    }

    func constrains(_ field: Int) -> Bool { fields.contains(Int32(field)) }

    /// Whether the two boxes share a point; allocates nothing. (Fields one box leaves
    /// unconstrained allow every atom, so only the fields both constrain can keep them apart.)
    func intersects(_ other: Box) -> Bool {
        var i = 0
        var j = 0
        while i < fields.count, j < other.fields.count {
            if fields[i] < other.fields[j] {
                i += 1
            } else if other.fields[j] < fields[i] {
                j += 1
            } else {
                if !sets[i].intersects(other.sets[j]) { return false }
                i += 1
                j += 1
            }
        }
        return true
    }

    /// The intersection, or nil when it is empty.
    func intersection(_ other: Box) -> Box? {
        var fields: [Int32] = []
        var sets: [AtomSet] = []
        fields.reserveCapacity(self.fields.count + other.fields.count)
        var i = 0
        var j = 0
        while i < self.fields.count || j < other.fields.count {
            if j == other.fields.count || (i < self.fields.count && self.fields[i] < other.fields[j]) {
                fields.append(self.fields[i])
                sets.append(self.sets[i])
                i += 1
            } else if i == self.fields.count || other.fields[j] < self.fields[i] {
                fields.append(other.fields[j])
                sets.append(other.sets[j])
                j += 1
            } else {
                let set = self.sets[i].intersection(other.sets[j])
                if set.isEmpty { return nil }
                fields.append(self.fields[i])
                sets.append(set)
                i += 1
                j += 1
            }
        }
        return Box(fields: fields, sets: sets)
    }

    /// The box with `field` set to `set` (which must not be empty).
    func replacing(_ field: Int, with set: AtomSet, in space: InputSpace) -> Box {
        var copy = removing(field)
        guard set != space[field].full else { return copy }
        let index = copy.fields.firstIndex { $0 > Int32(field) } ?? copy.fields.count
        copy.fields.insert(Int32(field), at: index)
        copy.sets.insert(set, at: index)
        return copy
    }

    /// The box with `field` unconstrained.
    func removing(_ field: Int) -> Box {
        guard let i = fields.firstIndex(of: Int32(field)) else { return self }
        var copy = self
        copy.fields.remove(at: i)
        copy.sets.remove(at: i)
        return copy
    }
}

/// Operations on regions: lists of pairwise disjoint boxes.
enum Region {
    /// Pairwise intersections of two regions.
    static func intersection(_ a: [Box], _ b: [Box]) -> [Box] {
        var result: [Box] = []
        for x in a {
            for y in b {
                if let z = x.intersection(y) { result.append(z) }
            }
        }
        return result
    }

    /// Joins boxes that differ in one field only, until no two do. The boxes stay disjoint and
    /// cover the same region; the list gets shorter and reads better.
    static func merge(_ input: [Box], in space: InputSpace) -> [Box] {
        var boxes = input
        guard boxes.count > 1 else { return boxes }
        var changed = true
        while changed {
            changed = false
            var fields = Set<Int32>()
            for b in boxes { fields.formUnion(b.fields) }
            for f in fields.sorted() {
                var groups: [Box: Int] = [:]
                var merged: [Box] = []
                for b in boxes {
                    let key = b.removing(Int(f))
                    if let i = groups[key] {
                        let union = merged[i].set(Int(f), in: space).union(b.set(Int(f), in: space))
                        merged[i] = merged[i].replacing(Int(f), with: union, in: space)
                        changed = true
                    } else {
                        groups[key] = merged.count
                        merged.append(b)
                    }
                }
                boxes = merged
                if boxes.count == 1 { return boxes }
            }
        }
        return boxes
    }
}
