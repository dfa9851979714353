import DecisionMap

/// The three regions in which a condition is true, false and unknown under the router's
/// three-valued logic. Together they cover the input space exactly once.
struct Partition: Sendable {
    var yes: [Box]
    var no: [Box]
    var unknown: [Box]

    static func constant(_ value: Bool) -> Partition {
        value ? Partition(yes: [.universe], no: [], unknown: []) : Partition(yes: [], no: [.universe], unknown: [])
    }

    static let alwaysUnknown = Partition(yes: [], no: [], unknown: [.universe])
}

/// Computes partitions of a map's conditions. Named conditions are computed once per context.
struct PartitionBuilder {
    let model: MapModel
    let space: InputSpace
    private var memo: [Int: [Int: Partition]] = [:]

    init(model: MapModel, space: InputSpace) {
        self.model = model
        self.space = space
    }

    /// The partition of a condition for cases in `segment`; nil while the segment is not known
    /// (segment conditions), where `segment is ...` is unknown, as in the router. Without
    /// `wantsNo` the false region may be left empty: the sweep only reads where conditions are
    /// true and unknown, and a long `and` (a rate-table row) would otherwise build its false part
    /// for nothing.
    mutating func partition(_ p: Predicate, segment: Int?, wantsNo: Bool = true) -> Partition {
        switch p {
        case .constant(let b):
            return .constant(b)
        case .and(let ps):
            var result = Partition.constant(true)
            for q in operands(ps, merge: { f, sets in
                // The intersection of many sets is what the union of their complements leaves: one
                // sort, however many sets (`x != 1 and x != 2 and …`).
                let present = space[f].present
                let outside = sets.flatMap { present.subtracting($0).ranges }.sorted { $0.lowerBound < $1.lowerBound }
                return present.subtracting(AtomSet(sortedRanges: outside))
            }) {
                let part: Partition = switch q {
                case .test(let f, let set): test(f, yes: set)
                case .other(let q): partition(q, segment: segment, wantsNo: wantsNo)
                }
                result = and(result, part, wantsNo: wantsNo)
                if result.yes.isEmpty && result.unknown.isEmpty { break }
            }
            return result
        case .or(let ps):
            var result = Partition.constant(false)
            for q in operands(ps, merge: { _, sets in AtomSet(sortedRanges: sets.flatMap(\.ranges).sorted { $0.lowerBound < $1.lowerBound }) }) {
                let part: Partition = switch q {
                case .test(let f, let set): test(f, yes: set)
                case .other(let q): partition(q, segment: segment)
                }
                result = or(result, part)
                if result.no.isEmpty && result.unknown.isEmpty { break }
            }
            return result
        case .not(let inner):
            let q = partition(inner, segment: segment)
            return Partition(yes: q.no, no: q.yes, unknown: q.unknown)
        case .compare, .oneOf, .boolean, .textIn:
            let (f, set) = valueTest(p)!
            return test(f, yes: set)
        case .textContains(let f, let s):
            // As the router does: `contains` ignores case. Whether a text contains the needle is a
            // dimension of its own; the field's atoms say only that the text is there.
            let fs = space[f]
            let d = space.substringDim(f, s.lowercased())
            let present = Box(f, fs.present, in: space) ?? .universe
            func with(_ atom: Int) -> [Box] { present.intersection(Box(d, AtomSet(atom..<atom + 1), in: space)!).map { [$0] } ?? [] }
            return Partition(yes: with(1), no: with(0), unknown: Box(f, fs.missing, in: space).map { [$0] } ?? [])
        case .missing(let f):
            let fs = space[f]
            return Partition(yes: Box(f, fs.missing, in: space).map { [$0] } ?? [],
                             no: Box(f, fs.present, in: space).map { [$0] } ?? [], unknown: [])
        case .segment(let set):
            guard let segment else { return .alwaysUnknown }
            return .constant(set.contains(segment))
        case .condition(let i):
            let key = segment ?? -1
            if let known = memo[i]?[key] { return known }
            let result = partition(model.conditions[i].predicate, segment: segment)
            memo[i, default: [:]][key] = result
            return result
        }
    }

    /// A test of one field's value, as the atoms where it holds; nil for any other condition.
    private func valueTest(_ p: Predicate) -> (field: Int, yes: AtomSet)? {
        switch p {
        case .compare(let f, let op, let value):
            return (f, compareSet(space[f], op, value))
        case .oneOf(let f, let set):
            return (f, AtomSet(count: space[f].presentCount) { set.contains($0) })
        case .boolean(let f, let b):
            return (f, AtomSet(count: space[f].presentCount) { $0 == (b ? 1 : 0) })
        case .textIn(let f, let strings):
            let fs = space[f]
            return (f, AtomSet(count: fs.presentCount) { $0 < fs.literals.count && strings.contains(fs.literals[$0]) })
        default:
            return nil
        }
    }

    private enum Operand {
        case test(Int, AtomSet)
        case other(Predicate)
    }

    /// The operands of an `and` or `or`, with the tests of one field's value merged into one test
    /// per field (their atom sets joined by `merge`), where the field's first test was. The tests
    /// of a field are all unknown exactly when it is missing, so joining them is exact; and a
    /// condition of twenty thousand `x = …` terms costs a set operation per term, not a region
    /// operation per term.
    private func operands(_ ps: [Predicate], merge: (_ field: Int, [AtomSet]) -> AtomSet) -> [Operand] {
        var result: [Operand] = []
        var sets: [Int: [AtomSet]] = [:]
        for p in ps {
            guard let (f, set) = valueTest(p) else {
                result.append(.other(p))
                continue
            }
            if sets[f] == nil { result.append(.test(f, set)) }
            sets[f, default: []].append(set)
        }
        return result.map { operand in
            guard case .test(let f, _) = operand, let all = sets[f], all.count > 1 else { return operand }
            return .test(f, merge(f, all))
        }
    }

    /// The atoms of a number or integer field where `field op value` holds. The atoms are ordered
    /// intervals, so the answer is one or two ranges found by binary search, not a scan (tables
    /// with thousands of rules cut a field into thousands of atoms).
    private func compareSet(_ fs: FieldSpace, _ op: ComparisonOperator, _ value: Double) -> AtomSet {
        let n = fs.presentCount
        // The first atom whose sample satisfies a predicate that is false, then true, along the atoms.
        func first(_ predicate: (Double) -> Bool) -> Int {
            var low = 0
            var high = n
            while low < high {
                let mid = (low + high) / 2
                if predicate(fs.number(mid)) { high = mid } else { low = mid + 1 }
            }
            return low
        }
        let atLeast = first { $0 >= value }
        let above = first { $0 > value }
        switch op {
        case .less: return AtomSet(0..<atLeast)
        case .lessOrEqual: return AtomSet(0..<above)
        case .greater: return AtomSet(above..<n)
        case .greaterOrEqual: return AtomSet(atLeast..<n)
        case .equal: return AtomSet(atLeast..<above)
        case .notEqual: return AtomSet(sortedRanges: [0..<atLeast, above..<n])
        }
    }

    private func test(_ f: Int, yes: AtomSet) -> Partition {
        let fs = space[f]
        let no = fs.present.subtracting(yes)
        return Partition(yes: Box(f, yes, in: space).map { [$0] } ?? [],
                         no: Box(f, no, in: space).map { [$0] } ?? [],
                         unknown: Box(f, fs.missing, in: space).map { [$0] } ?? [])
    }

    private func and(_ a: Partition, _ b: Partition, wantsNo: Bool) -> Partition {
        Partition(
            yes: tidy(Region.intersection(a.yes, b.yes)),
            no: wantsNo ? tidy(a.no + Region.intersection(a.yes + a.unknown, b.no)) : [],
            unknown: tidy(Region.intersection(a.yes, b.unknown) + Region.intersection(a.unknown, b.yes + b.unknown)))
    }

    private func or(_ a: Partition, _ b: Partition) -> Partition {
        Partition(
            yes: tidy(a.yes + Region.intersection(a.no + a.unknown, b.yes)),
            no: tidy(Region.intersection(a.no, b.no)),
            unknown: tidy(Region.intersection(a.no, b.unknown) + Region.intersection(a.unknown, b.no + b.unknown)))
    }

    /// Merges a region once it has grown enough for its length to cost more than merging does;
    /// short lists (a chain of `and`s gives one false box per operand) are left alone.
    private func tidy(_ boxes: [Box]) -> [Box] {
        boxes.count > 16 ? Region.merge(boxes, in: space) : boxes
    }
}

/// The router's comparison, on the value a case record would hold.
@inline(__always)
func compare(_ v: Double, _ op: ComparisonOperator, _ value: Double) -> Bool {
    switch op {
    case .less: v < value
    case .lessOrEqual: v <= value
    case .greater: v > value
    case .greaterOrEqual: v >= value
    case .equal: v == value
    case .notEqual: v != value
    }
}

/// Whether a predicate tests the segment, directly or through named conditions.
func usesSegment(_ p: Predicate, conditions: [NamedCondition]) -> Bool {
    var stack = [p]
    var seen = Set<Int>()
    while let p = stack.popLast() {
        switch p {
        case .segment: return true
        case .and(let ps), .or(let ps): stack += ps
        case .not(let inner): stack.append(inner)
        case .condition(let i):
            if seen.insert(i).inserted { stack.append(conditions[i].predicate) }
        default: break
        }
    }
    return false
}
