import DecisionMap

/// One dimension of the input space, cut into atoms: the coarsest partition on which every test
/// the map makes is constant. Atoms `0..<presentCount` are values; an optional field has one more
/// atom, `presentCount`, for "missing".
///
/// - enumerations: one atom per value, in declaration order;
/// - booleans: `false` (0) and `true` (1);
/// - numbers: the points and open intervals between the constants the map compares the field with,
///   inside the declared range (every constant becomes a point atom of its own, so `<`, `<=`, `=`,
///   `!=`, `>=` and `>` are all constant on every atom);
/// - integers: the same, snapped to whole numbers, so `x <= 2` and `x >= 3` leave no gap;
/// - text: one atom per literal the map compares the field with (`is`, `in`), and one for every
///   other text. What a text contains is not in these atoms: each substring the map tests with
///   `contains` is a dimension of its own (see `TextSpace`), so that a map testing sixteen
///   substrings gets sixteen two-valued dimensions, split only where its rules tell texts apart,
///   instead of 2^16 atoms.
struct FieldSpace: Sendable {
    enum Kind: Sendable {
        case enumeration([String])
        case boolean
        case number(integer: Bool)
        case text
        /// Whether the text field `field` contains a substring (lowercased): atom 0 no, 1 yes.
        case substring(String)
        /// Comparing two versions of a map: whether the field holds a value that no version
        /// accepts (atom 1), such as `n/a` in a number field; atom 0 is every typed value.
        case invalid
    }

    /// An interval atom of a number or integer field.
    struct Interval: Sendable {
        var low: Double
        var lowClosed: Bool
        var high: Double
        var highClosed: Bool
        /// A value inside the interval, chosen to be easy to read.
        var sample: Double

        var isPoint: Bool { low == high }
    }

    /// The map field this dimension reads (for a substring dimension, its text field).
    let field: Int
    /// The dimension's index in the space; the map's fields come first, so for them it is `field`.
    let dim: Int
    let name: String
    let kind: Kind
    let optional: Bool
    let presentCount: Int
    /// Number and integer fields: the interval of each present atom.
    let intervals: [Interval]
    /// Text fields: the literals, atom by atom; atom `literals.count` is every other text.
    let literals: [String]

    var atomCount: Int { presentCount + (optional ? 1 : 0) }
    var missingAtom: Int? { optional ? presentCount : nil }
    var full: AtomSet { AtomSet(0..<atomCount) }
    var present: AtomSet { AtomSet(0..<presentCount) }
    var missing: AtomSet { optional ? AtomSet(presentCount..<presentCount + 1) : .empty }
    /// Text fields: the atom of every text that is not a literal.
    var otherText: Int { literals.count }

    /// The number a case record holds for a present atom (enum index, 0/1, or the sample).
    func number(_ atom: Int) -> Double {
        switch kind {
        case .enumeration, .boolean, .substring, .invalid: Double(atom)
        case .number: intervals[atom].sample
        case .text: 0
        }
    }

    /// The atom holding a value of this field, if the value is in the domain.
    func atom(ofNumber v: Double) -> Int? {
        switch kind {
        case .enumeration(let values): return v >= 0 && Int(v) < values.count ? Int(v) : nil
        case .boolean, .substring, .invalid: return v == 0 ? 0 : v == 1 ? 1 : nil
        case .number:
            return intervals.firstIndex { i in
                (i.low < v || (i.lowClosed && i.low == v)) && (v < i.high || (i.highClosed && i.high == v))
            }
        case .text: return nil
        }
    }

    /// The atom holding a text, for text fields.
    func atom(ofText s: String) -> Int { literals.firstIndex(of: s) ?? otherText }
}

/// The typed input space of a map: one dimension per field, then one per `contains` substring.
struct InputSpace: Sendable {
    /// Every dimension: the map's fields in order, then the substring dimensions.
    let fields: [FieldSpace]
    /// How many of `fields` are the map's fields.
    let fieldCount: Int
    /// Per text field that is tested with `contains`, what its substrings are and how they relate.
    let texts: [Int: TextSpace]
    /// What the space leaves out, in words; empty when it is exact.
    let approximations: [String]
    /// Per field: the dimension saying that it holds a value no version accepts (`invalid`), for
    /// a space that compares versions; nil for text fields, and for a space of one map.
    let invalidDim: [Int?]

    /// The space of one map.
    init(_ model: MapModel) {
        self.init(model, alongside: [], boundaries: [], invalidDims: false)
    }

    /// The space of `model` and of `others`, models over the same fields (see `MapModel.aligned`):
    /// cut at the constants of all of them and at `boundaries` (per field, the numbers where some
    /// version's range starts or ends). With `invalidDims`, every field but text ones gets a
    /// dimension for "a value no version accepts".
    init(_ model: MapModel, alongside others: [MapModel], boundaries: [[Double]], invalidDims: Bool) {
        var numbers = [[Double]](repeating: [], count: model.fields.count)
        var literals = [[String]](repeating: [], count: model.fields.count)
        var substrings = [[String]](repeating: [], count: model.fields.count)
        func collect(_ p: Predicate) {
            switch p {
            case .and(let ps), .or(let ps): ps.forEach(collect)
            case .not(let inner): collect(inner)
            case .compare(let f, _, let v): numbers[f].append(v)
            case .textIn(let f, let strings): literals[f] += strings
            case .textContains(let f, let s): substrings[f].append(s.lowercased())
            case .constant, .oneOf, .boolean, .missing, .segment, .condition: break
            }
        }
        for m in [model] + others {
            m.conditions.forEach { collect($0.predicate) }
            m.segments.forEach { $0.predicate.map(collect) }
            m.escalations.forEach { collect($0.predicate) }
            m.inconsistencies.forEach { collect($0.predicate) }
            for table in m.tables { table.rules.forEach { $0.predicate.map(collect) } }
            if let c = m.confidenceField { numbers[c] += m.thresholds.map(\.below) }
        }
        for (f, extra) in boundaries.enumerated() where f < numbers.count { numbers[f] += extra }

        var approximations: [String] = []
        var fields: [FieldSpace] = model.fields.enumerated().map { f, field in
            func space(_ kind: FieldSpace.Kind, _ count: Int, intervals: [FieldSpace.Interval] = [], literals: [String] = []) -> FieldSpace {
                FieldSpace(field: f, dim: f, name: field.name, kind: kind, optional: field.optional, presentCount: count,
                           intervals: intervals, literals: literals)
            }
            switch field.type {
            case .enumeration(let values):
                return space(.enumeration(values), values.count)
            case .boolean:
                return space(.boolean, 2)
            case .number(let lo, let hi):
                let intervals = realIntervals(low: lo, high: hi, constants: numbers[f])
                return space(.number(integer: false), intervals.count, intervals: intervals)
            case .integer(let lo, let hi):
                let (intervals, exact) = integerIntervals(low: lo, high: hi, constants: numbers[f])
                if !exact {
                    approximations.append("`\(field.name)` is compared with whole numbers beyond 2^52, which are treated as equal to their neighbours")
                }
                return space(.number(integer: true), intervals.count, intervals: intervals)
            case .text:
                var seen = Set<String>()
                // The empty text is "missing" in a case, so it is no literal.
                let unique = literals[f].filter { !$0.isEmpty && seen.insert($0).inserted }
                return space(.text, unique.count + 1, literals: unique)
            }
        }
        var texts: [Int: TextSpace] = [:]
        for f in model.fields.indices where !substrings[f].isEmpty {
            var seen = Set<String>()
            let needles = substrings[f].filter { seen.insert($0).inserted }
            let text = TextSpace(field: fields[f], needles: needles, firstDim: fields.count)
            for (j, needle) in needles.enumerated() {
                fields.append(FieldSpace(field: f, dim: fields.count, name: model.fields[f].name, kind: .substring(needle),
                                         optional: false, presentCount: 2, intervals: [], literals: []))
                precondition(text.dims[j] == fields.count - 1)
            }
            if text.separator == nil {
                approximations.append("`\(model.fields[f].name)` is tested with substrings that together use every character dmap builds example texts from, so some combinations of them cannot be shown with a case")
            }
            texts[f] = text
        }
        var invalidDim = [Int?](repeating: nil, count: model.fields.count)
        if invalidDims {
            for f in model.fields.indices where model.fields[f].type != .text {
                invalidDim[f] = fields.count
                fields.append(FieldSpace(field: f, dim: fields.count, name: model.fields[f].name, kind: .invalid,
                                         optional: false, presentCount: 2, intervals: [], literals: []))
            }
        }
        self.invalidDim = invalidDim
        for fs in fields where !fs.optional && fs.presentCount == 0 {
            approximations.append("`\(fs.name)` has no valid value (\(model.fields[fs.field].type.summary)), so no case is valid and nothing can be analysed")
        }
        self.fields = fields
        fieldCount = model.fields.count
        self.texts = texts
        self.approximations = approximations
    }

    subscript(field: Int) -> FieldSpace { fields[field] }

    /// Whether the space holds no valid case at all (a required field with an empty domain).
    var isEmpty: Bool { fields.contains { !$0.optional && $0.presentCount == 0 } }

    /// The dimension of "text field `field` contains `needle`" (given lowercased).
    func substringDim(_ field: Int, _ needle: String) -> Int {
        texts[field]!.dim(of: needle)
    }

    /// The atom of every dimension that a bound, valid case lies in: how the differential tests
    /// place a routed case in the regions of the analysis.
    func atoms(of record: CaseRecord) -> [Int] {
        fields.map { fs in
            let f = fs.field
            if record.states[f] == .missing {
                return fs.missingAtom ?? 0  // a substring dimension: a missing text contains nothing
            }
            switch fs.kind {
            case .text: return fs.atom(ofText: record.text(f))
            case .substring(let needle): return record.text(f).lowercased().contains(needle) ? 1 : 0
            case .invalid: return 0
            case .number: return fs.atom(ofNumber: record.values[f]) ?? -1
            case .enumeration, .boolean: return Int(record.values[f])
            }
        }
    }

    /// Whether some case lies in a node (per dimension, an interval of atoms). Only the substring
    /// dimensions can make part of the product of dimensions empty: a literal contains what it
    /// contains, and no text contains `ab` without containing `a`.
    func isFeasible(_ node: [Range<Int32>]) -> Bool {
        for text in texts.values where !text.isFeasible(node) { return false }
        return true
    }
}

/// Atoms of a real interval `low...high` (either end may be open-ended) cut at `constants`.
private func realIntervals(low: Double?, high: Double?, constants: [Double]) -> [FieldSpace.Interval] {
    // A cut sits just before (`after == false`) or just after a number.
    struct Cut: Comparable {
        var x: Double
        var after: Bool
        static func < (a: Cut, b: Cut) -> Bool { (a.x, a.after ? 1 : 0) < (b.x, b.after ? 1 : 0) }
    }
    let lo = low ?? -.infinity
    let hi = high ?? .infinity
    guard lo <= hi else { return [] }
    var cuts = [low.map { Cut(x: $0, after: false) } ?? Cut(x: -.infinity, after: true),
                high.map { Cut(x: $0, after: true) } ?? Cut(x: .infinity, after: false)]
    for c in constants where c.isFinite && c >= lo && c <= hi {
        cuts += [Cut(x: c, after: false), Cut(x: c, after: true)]
    }
    cuts = Array(Set(cuts.map { [$0.x, $0.after ? 1 : 0] })).map { Cut(x: $0[0], after: $0[1] == 1) }.sorted()
    var result: [FieldSpace.Interval] = []
    for i in 0..<(cuts.count - 1) {
        let a = cuts[i]
        let b = cuts[i + 1]
        let lowClosed = !a.after
        let highClosed = b.after
        result.append(FieldSpace.Interval(low: a.x, lowClosed: lowClosed, high: b.x, highClosed: highClosed,
                                          sample: niceNumber(a.x, lowClosed, b.x, highClosed, integer: false)))
    }
    return result
}

/// Atoms of the whole numbers in `low...high`, cut where a comparison with one of `constants`
/// changes its truth. Returns whether every cut could be represented exactly.
private func integerIntervals(low: Double?, high: Double?, constants: [Double]) -> ([FieldSpace.Interval], Bool) {
    let limit = 4_503_599_627_370_496.0  // 2^52: beyond it, n + 1 is not always a different Double
    let lo = (low ?? -.infinity).rounded(.up)
    let hi = (high ?? .infinity).rounded(.down)
    guard lo <= hi else { return ([], true) }
    // A boundary n means "between n - 1 and n".
    var boundaries: Set<Double> = [lo, hi + 1]
    var exact = true
    for c in constants where c.isFinite {
        guard abs(c) < limit else {
            exact = false
            continue
        }
        for n in [c.rounded(.up), c.rounded(.down) + 1] where n > lo && n < hi + 1 { boundaries.insert(n) }
    }
    let sorted = boundaries.sorted()
    var result: [FieldSpace.Interval] = []
    for i in 0..<(sorted.count - 1) {
        let a = sorted[i]
        let b = sorted[i + 1] - 1
        guard a <= b else { continue }
        result.append(FieldSpace.Interval(low: a, lowClosed: a.isFinite, high: b, highClosed: b.isFinite,
                                          sample: niceNumber(a, a.isFinite, b, b.isFinite, integer: true)))
    }
    return (result, exact)
}

/// A value inside an interval that is easy to read: 0 if the interval holds it, else the closed
/// lower end, else the roundest number in it.
func niceNumber(_ low: Double, _ lowClosed: Bool, _ high: Double, _ highClosed: Bool, integer: Bool) -> Double {
    func inside(_ v: Double) -> Bool {
        (low < v || (lowClosed && low == v)) && (v < high || (highClosed && high == v))
    }
    if inside(0) { return 0 }
    if low.isFinite, lowClosed { return low }
    if high.isFinite, highClosed, !low.isFinite { return high }
    // Open-ended on one side: look just beyond the finite end.
    let lo = low.isFinite ? low : high - Swift.max(1, abs(high))
    let hi = high.isFinite ? high : low + Swift.max(1, abs(low))
    var exponent = 16
    while exponent >= (integer ? 0 : -12) {
        // m × 10^k, computed so that the result prints as written (0.6, not 0.6000000000000001).
        let scale = DecimalText.exactPowersOfTen[abs(exponent)]
        let m = exponent >= 0 ? (lo / scale).rounded(.up) : (lo * scale).rounded(.up)
        for k in [m, m + 1] {
            let v = exponent >= 0 ? k * scale : k / scale
            if inside(v) { return v }
        }
        exponent -= 1
    }
    let mid = lo / 2 + hi / 2
    if inside(mid) { return mid }
    return inside(lo.nextUp) ? lo.nextUp : lo
}
