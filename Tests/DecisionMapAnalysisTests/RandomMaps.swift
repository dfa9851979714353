import DecisionMap
@testable import DecisionMapAnalysis

/// Random decision maps in the analysis's exact fragment, with small domains, and every case of
/// each map's space (up to equivalence): the material of the differential tests.
struct RandomMaps {
    enum Kind {
        case enumeration(Int)
        case integer(Int, Int)
        case number(Double, Double)
        case boolean
        case text
    }

    struct Field {
        var name: String
        var kind: Kind
        var optional: Bool
    }

    /// One generated map, with the values to enumerate per field (`nil` = missing).
    struct Sample {
        var text: String
        var fields: [Field]
        var values: [[CaseValue]]
        var caseCount: Int { values.reduce(1) { $0 * $1.count } }
    }

    var random: SeededRandom
    /// Per map: the strings its text tests may use (short strings over a, b and c, so that many
    /// are substrings of others), and per text field the literals and substrings it did use.
    private var pool: [String] = []
    private var literals: [String: Set<String>] = [:]
    private var needles: [String: Set<String>] = [:]

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    private mutating func int(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
    private mutating func chance(_ p: Double) -> Bool { Double(random.next() % 1000) < p * 1000 }
    private mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    mutating func sample(maxCases: Int = 3000) -> Sample {
        while true {
            let s = makeSample()
            if s.caseCount <= maxCases { return s }
        }
    }

    private mutating func makeSample() -> Sample {
        // Four to seven distinct strings of one to three letters.
        var strings = Set<String>()
        let wanted = 4 + int(4)
        while strings.count < wanted {
            strings.insert(String((0..<(1 + int(3))).map { _ in pick(["a", "b", "c"]) }))
        }
        pool = strings.sorted()
        literals = [:]
        needles = [:]
        var fields: [Field] = []
        // Half the maps test a text input whatever else they have, so substrings of substrings
        // come up often.
        let forceText = chance(0.5)
        for i in 0..<(2 + int(3)) {
            var kind: Kind = switch int(5) {
            case 0: .enumeration(2 + int(2))
            case 1: .integer(0, 2 + int(3))
            case 2: .number(0, 2)
            case 3: .boolean
            default: .text
            }
            if i == 0 && forceText { kind = .text }
            fields.append(Field(name: "f\(i)", kind: kind, optional: chance(0.4)))
        }
        let hasConfidence = chance(0.4)
        if hasConfidence { fields.append(Field(name: "conf", kind: .number(0, 1), optional: chance(0.3))) }
        let segmentCount = 1 + int(3)
        let segmentNames = (0..<segmentCount).map { "s\($0)" }
        let routeCount = 3 + int(2)

        var text = "map \"random\"\ninputs\n"
        for f in fields {
            text += "  \(f.name) "
            switch f.kind {
            case .enumeration(let n): text += "one of " + (0..<n).map { "v\($0)" }.joined(separator: ", ")
            case .integer(let lo, let hi): text += "integer \(lo)..\(hi)"
            case .number(let lo, let hi): text += "number \(fmt(lo))..\(fmt(hi))"
            case .boolean: text += "boolean"
            case .text: text += "text"
            }
            if f.optional { text += " optional" }
            if f.name == "conf" { text += " from model" }
            text += "\n"
        }
        let conditionCount = int(3)
        if conditionCount > 0 {
            text += "conditions\n"
            for c in 0..<conditionCount {
                text += "  c\(c) when " + condition(fields, segments: [], conditions: c, depth: 2) + "\n"
            }
        }
        text += "segments\n"
        for (s, name) in segmentNames.enumerated() {
            let risk = pick(["low", "medium", "high", "critical"])
            if s == segmentCount - 1 && chance(0.6) {
                text += "  \(name) risk \(risk) otherwise\n"
            } else {
                text += "  \(name) risk \(risk) when " + condition(fields, segments: [], conditions: conditionCount, depth: 2) + "\n"
            }
        }
        text += "routes\n"
        for r in 0..<routeCount { text += "  r\(r) " + (r == 0 ? "automated" : "team \"T\(r)\"") + "\n" }
        if chance(0.4) {
            text += "escalate\n"
            for _ in 0..<(1 + int(2)) {
                text += "  to r\(1 + int(routeCount - 1)) when " + condition(fields, segments: segmentNames, conditions: conditionCount, depth: 2)
                    + " because \"x\"\n"
            }
        }
        if chance(0.3) {
            text += "inconsistent\n  when " + condition(fields, segments: segmentNames, conditions: conditionCount, depth: 2)
                + " -> r\(int(routeCount))\n"
        }
        if hasConfidence, chance(0.8) {
            text += "uncertainty using conf\n"
            var named = Set<String>()
            for name in segmentNames where chance(0.4) { named.insert(name) }
            for name in segmentNames where named.contains(name) {
                text += "  in \(name) below \(fmt(Double(int(5)) * 0.25)) -> r\(int(routeCount))\n"
            }
            if named.isEmpty || chance(0.5) { text += "  otherwise below \(fmt(Double(int(5)) * 0.25)) -> r\(int(routeCount))\n" }
        }
        let optional = fields.filter(\.optional)
        if !optional.isEmpty, chance(0.6) {
            text += "missing\n"
            for f in optional where chance(0.5) { text += "  \(f.name) -> r\(int(routeCount))\n" }
            if chance(0.4) { text += "  otherwise -> r\(int(routeCount))\n" }
        }
        for t in 0..<(1 + int(2)) {
            let policy = pick(["first", "unique", "priority", "any"])
            var scope = ""
            if segmentCount > 1, chance(0.4) {
                scope = " in " + segmentNames.filter { _ in chance(0.6) }.joined(separator: ", ")
                if scope == " in " { scope = " in s0" }
            }
            text += "decide t\(t) (\(policy))\(scope)\n"
            for _ in 0..<(1 + int(5)) {
                text += "  when " + condition(fields, segments: segmentNames, conditions: conditionCount, depth: 2) + " -> r\(int(routeCount))\n"
            }
            if chance(0.2) { text += "  otherwise -> r\(int(routeCount))\n" }
        }
        if chance(0.25) { text += "fallback -> r\(int(routeCount))\n" }
        let values = fields.map(values)
        return Sample(text: text, fields: fields, values: values)
    }

    /// Every value worth trying for a field: one per behaviour the map's tests can tell apart.
    ///
    /// For a text field the set is complete by construction, independently of the analysis: a
    /// text's behaviour is which literal it equals and which substrings it contains (ignoring
    /// case); every literal is tried, in its own case and in upper case; and for every subset of
    /// the substrings the field is tested with, their join with a space, and the same after `z `,
    /// which no literal is (literals are made of a, b and c): texts that contain exactly those
    /// substrings and the ones inside them (no substring has a space or a z). Every set of
    /// substrings a text can contain is such a closed set, so every behaviour is reached.
    private func values(_ f: Field) -> [CaseValue] {
        var result: [CaseValue] = f.optional ? [.missing] : []
        switch f.kind {
        case .enumeration(let n): result += (0..<n).map { .text("v\($0)") }
        case .integer(let lo, let hi): result += (lo...hi).map { .number(Double($0)) }
        case .number(let lo, let hi):
            // Constants are multiples of 0.25 (thresholds) or 0.5; every eighth is a point or in an
            // open interval between them.
            result += stride(from: lo, through: hi, by: 0.125).map { .number($0) }
        case .boolean: result += [.bool(false), .bool(true)]
        case .text:
            var texts = Set<String>()
            for literal in literals[f.name] ?? [] { texts.formUnion([literal, literal.uppercased()]) }
            let subs = (needles[f.name] ?? []).sorted()
            for mask in 0..<(1 << subs.count) {
                let members = subs.indices.filter { mask & (1 << $0) != 0 }.map { subs[$0] }
                let joined = members.joined(separator: " ")
                texts.formUnion([joined, joined.uppercased(), "z " + joined].filter { !$0.isEmpty })
            }
            result += texts.sorted().map { .text($0) }
        }
        return result
    }

    private mutating func condition(_ fields: [Field], segments: [String], conditions: Int, depth: Int) -> String {
        let roll = int(10)
        if depth > 0, roll < 2 {
            return condition(fields, segments: segments, conditions: conditions, depth: depth - 1) + " and "
                + condition(fields, segments: segments, conditions: conditions, depth: depth - 1)
        }
        if depth > 0, roll < 4 {
            return "(" + condition(fields, segments: segments, conditions: conditions, depth: depth - 1) + " or "
                + condition(fields, segments: segments, conditions: conditions, depth: depth - 1) + ")"
        }
        if depth > 0, roll < 5 {
            return "not (" + condition(fields, segments: segments, conditions: conditions, depth: depth - 1) + ")"
        }
        if roll == 5, !segments.isEmpty {
            if chance(0.5) { return "segment is \(pick(segments))" }
            return "segment \(chance(0.3) ? "not " : "")in (" + segments.filter { _ in chance(0.5) }.map { $0 }.joined(separator: ", ")
                .replacingEmpty(with: segments[0]) + ")"
        }
        if roll == 6, conditions > 0 { return "c\(int(conditions))" }
        return test(pick(fields))
    }

    private mutating func test(_ f: Field) -> String {
        let n = f.name
        if f.optional, chance(0.15) { return chance(0.5) ? "\(n) is missing" : "\(n) is present" }
        switch f.kind {
        case .enumeration(let count):
            let v = "v\(int(count))"
            switch int(4) {
            case 0: return "\(n) is \(v)"
            case 1: return "\(n) is not \(v)"
            case 2: return "\(n) in (\(v), v\(int(count)))"
            default: return "\(n) not in (\(v))"
            }
        case .integer(let lo, let hi):
            return numeric(n, Double(lo), Double(hi))
        case .number(let lo, let hi):
            return numeric(n, lo, hi)
        case .boolean:
            return pick(["\(n)", "not \(n)", "\(n) is true", "\(n) is false"])
        case .text:
            // A literal sometimes in another case than the pool's: `is` compares exactly.
            func literal() -> String {
                let s = chance(0.15) ? pick(pool).uppercased() : pick(pool)
                literals[n, default: []].insert(s)
                return s
            }
            switch int(5) {
            case 0: return "\(n) is \"\(literal())\""
            case 1: return "\(n) is not \"\(literal())\""
            case 2: return "\(n) in (\"\(literal())\", \"\(literal())\")"
            default:
                let s = pick(pool)
                needles[n, default: []].insert(s)
                return "\(n) contains \"\(chance(0.15) ? s.uppercased() : s)\""
            }
        }
    }

    private mutating func numeric(_ n: String, _ lo: Double, _ hi: Double) -> String {
        let step = n == "conf" ? 0.25 : 0.5
        let constants = stride(from: lo - step, through: hi + step, by: step).map { $0 }
        let c = pick(constants)
        switch int(8) {
        case 0: return "\(n) < \(fmt(c))"
        case 1: return "\(n) <= \(fmt(c))"
        case 2: return "\(n) > \(fmt(c))"
        case 3: return "\(n) >= \(fmt(c))"
        case 4: return "\(n) = \(fmt(c))"
        case 5: return "\(n) != \(fmt(c))"
        case 6:
            let d = pick(constants.filter { $0 >= c })
            return "\(n) \(chance(0.3) ? "not " : "")between \(fmt(c)) and \(fmt(d))"
        default: return "\(n) in (\(fmt(c)), \(fmt(pick(constants))))"
        }
    }
}

func fmt(_ v: Double) -> String {
    v == v.rounded() ? String(Int(v)) : String(v)
}

extension String {
    func replacingEmpty(with other: String) -> String { isEmpty ? other : self }
}
