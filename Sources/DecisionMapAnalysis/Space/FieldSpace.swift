import DecisionMap

/// One field's domain, cut into atoms: the coarsest partition on which every test the map makes of
/// the field is constant. Atoms `0..<presentCount` are values; an optional field has one more atom,
/// `presentCount`, for "missing".
///
/// - enumerations: one atom per value, in declaration order;
/// - booleans: `false` (0) and `true` (1);
/// - numbers: the points and open intervals between the constants the map compares the field with,
///   inside the declared range (every constant becomes a point atom of its own, so `<`, `<=`, `=`,
///   `!=`, `>=` and `>` are all constant on every atom);
/// - integers: the same, snapped to whole numbers, so `x <= 2` and `x >= 3` leave no gap;
/// - text: one atom per literal the map compares the field with, plus one text for each set of
///   `contains` substrings a text can contain (a text's behaviour is fully determined by which
///   literal it equals and which substrings it contains).
struct FieldSpace: Sendable {
    enum Kind: Sendable {
        case enumeration([String])
        case boolean
        case number(integer: Bool)
        case text
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

    let field: Int
    let name: String
    let kind: Kind
    let optional: Bool
    let presentCount: Int
    /// Number and integer fields: the interval of each present atom.
    let intervals: [Interval]
    /// Text fields: the text standing for each present atom, and whether it is a literal of the map
    /// (as opposed to a made-up text standing for a class).
    let texts: [String]
    let textIsLiteral: [Bool]
    /// Text fields: the `contains` substrings the map uses, lowercased (`contains` ignores case).
    let substrings: [String]

    var atomCount: Int { presentCount + (optional ? 1 : 0) }
    var missingAtom: Int? { optional ? presentCount : nil }
    var full: AtomSet { AtomSet(0..<atomCount) }
    var present: AtomSet { AtomSet(0..<presentCount) }
    var missing: AtomSet { optional ? AtomSet(presentCount..<presentCount + 1) : .empty }

    /// The number a case record holds for a present atom (enum index, 0/1, or the sample).
    func number(_ atom: Int) -> Double {
        switch kind {
        case .enumeration, .boolean: Double(atom)
        case .number: intervals[atom].sample
        case .text: 0
        }
    }

    /// The atom holding a value of this field, if the value is in the domain.
    func atom(ofNumber v: Double) -> Int? {
        switch kind {
        case .enumeration(let values): return v >= 0 && Int(v) < values.count ? Int(v) : nil
        case .boolean: return v == 0 ? 0 : v == 1 ? 1 : nil
        case .number:
            return intervals.firstIndex { i in
                (i.low < v || (i.lowClosed && i.low == v)) && (v < i.high || (i.highClosed && i.high == v))
            }
        case .text: return nil
        }
    }

    /// The atom holding a text, for text fields.
    func atom(ofText s: String) -> Int? {
        if let literal = texts.indices.first(where: { textIsLiteral[$0] && texts[$0] == s }) { return literal }
        let signature = substrings.map { s.lowercased().contains($0) }
        return texts.indices.first { !textIsLiteral[$0] && substrings.map(texts[$0].lowercased().contains) == signature }
    }
}

/// The typed input space of a map: one `FieldSpace` per field.
struct InputSpace: Sendable {
    let fields: [FieldSpace]
    /// What the space leaves out, in words; empty when it is exact.
    let approximations: [String]

    /// More text atoms than this per field and the text space is cut down (and says so).
    static let textAtomLimit = 256

    init(_ model: MapModel) {
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
        model.conditions.forEach { collect($0.predicate) }
        model.segments.forEach { $0.predicate.map(collect) }
        model.escalations.forEach { collect($0.predicate) }
        model.inconsistencies.forEach { collect($0.predicate) }
        for table in model.tables { table.rules.forEach { $0.predicate.map(collect) } }
        if let c = model.confidenceField { numbers[c] += model.thresholds.map(\.below) }

        var approximations: [String] = []
        fields = model.fields.enumerated().map { f, field in
            switch field.type {
            case .enumeration(let values):
                return FieldSpace(field: f, name: field.name, kind: .enumeration(values), optional: field.optional,
                                  presentCount: values.count, intervals: [], texts: [], textIsLiteral: [], substrings: [])
            case .boolean:
                return FieldSpace(field: f, name: field.name, kind: .boolean, optional: field.optional, presentCount: 2,
                                  intervals: [], texts: [], textIsLiteral: [], substrings: [])
            case .number(let lo, let hi):
                let intervals = realIntervals(low: lo, high: hi, constants: numbers[f])
                return FieldSpace(field: f, name: field.name, kind: .number(integer: false), optional: field.optional,
                                  presentCount: intervals.count, intervals: intervals, texts: [], textIsLiteral: [], substrings: [])
            case .integer(let lo, let hi):
                let (intervals, exact) = integerIntervals(low: lo, high: hi, constants: numbers[f])
                if !exact {
                    approximations.append("`\(field.name)` is compared with whole numbers beyond 2^52, which are treated as equal to their neighbours")
                }
                return FieldSpace(field: f, name: field.name, kind: .number(integer: true), optional: field.optional,
                                  presentCount: intervals.count, intervals: intervals, texts: [], textIsLiteral: [], substrings: [])
            case .text:
                let (texts, isLiteral, exact) = textAtoms(literals: literals[f], substrings: substrings[f])
                if !exact {
                    approximations.append("`\(field.name)` is tested with so many `contains` substrings that only some combinations of them are analysed")
                }
                var seen = Set<String>()
                let uniqueSubstrings = substrings[f].filter { seen.insert($0).inserted }
                return FieldSpace(field: f, name: field.name, kind: .text, optional: field.optional, presentCount: texts.count,
                                  intervals: [], texts: texts, textIsLiteral: isLiteral, substrings: uniqueSubstrings)
            }
        }
        for fs in fields where !fs.optional && fs.presentCount == 0 {
            approximations.append("`\(fs.name)` has no valid value (\(model.fields[fs.field].type.summary)), so no case is valid and nothing can be analysed")
        }
        self.approximations = approximations
    }

    subscript(field: Int) -> FieldSpace { fields[field] }

    /// Whether the space holds no valid case at all (a required field with an empty domain).
    var isEmpty: Bool { fields.contains { !$0.optional && $0.presentCount == 0 } }
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
        let scale = pow10(abs(exponent))
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

private func pow10(_ e: Int) -> Double {
    var result = 1.0
    if e >= 0 { for _ in 0..<e { result *= 10 } } else { for _ in 0..<(-e) { result /= 10 } }
    return result
}

/// The texts standing for every behaviour a text can have under the map's tests: each literal,
/// and one non-literal text per realisable set of `contains` substrings (given lowercased, since
/// `contains` ignores case; literals compare exactly).
private func textAtoms(literals: [String], substrings: [String]) -> ([String], [Bool], Bool) {
    var texts: [String] = []
    var isLiteral: [Bool] = []
    for literal in literals where !literal.isEmpty && !texts.contains(literal) {
        texts.append(literal)
        isLiteral.append(true)
    }
    var unique: [String] = []
    for s in substrings where !unique.contains(s) { unique.append(s) }
    let literalSet = Set(texts)
    func signature(_ s: String) -> [Bool] { unique.map { s.lowercased().contains($0) } }

    // Which subsets to try: all of them while that stays small, else singletons, all and none.
    var exact = true
    var subsets: [[Bool]] = []
    if unique.count <= 8 {
        for mask in 0..<(1 << unique.count) { subsets.append(unique.indices.map { mask & (1 << $0) != 0 }) }
    } else {
        exact = false
        subsets.append(unique.map { _ in false })
        for i in unique.indices { subsets.append(unique.indices.map { $0 == i }) }
        subsets.append(unique.map { _ in true })
    }
    let separators = [" ", " / ", " | ", " ~ ", "|", "\u{B7}", "\u{2022}"]
    let fillers = ["other", "something else", "x", "-", "?", "~", "\u{B7}"]
    for wanted in subsets {
        let members = unique.indices.filter { wanted[$0] }.map { unique[$0] }
        var candidates: [String] = []
        if members.isEmpty {
            candidates = fillers
        } else {
            for separator in separators {
                candidates.append(members.joined(separator: separator))
                candidates.append("x" + separator + members.joined(separator: separator))
            }
        }
        // A set is realisable only if some text has exactly that signature; substrings of
        // substrings make some sets impossible, and then no candidate fits (which is right).
        if let text = candidates.first(where: { !$0.isEmpty && !literalSet.contains($0) && signature($0) == wanted }) {
            if !texts.contains(text) {
                texts.append(text)
                isLiteral.append(false)
            }
        } else if members.isEmpty || !impossible(wanted, unique) {
            exact = false
        }
        if texts.count > InputSpace.textAtomLimit {
            exact = false
            break
        }
    }
    return (texts, isLiteral, exact)
}

/// Whether no text can contain exactly the substrings in `wanted`: one it contains contains one
/// it must not.
private func impossible(_ wanted: [Bool], _ substrings: [String]) -> Bool {
    for i in substrings.indices where wanted[i] {
        for j in substrings.indices where !wanted[j] && substrings[i].contains(substrings[j]) { return true }
    }
    return false
}
