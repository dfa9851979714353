import DecisionMap

/// Synthetic cases that cover a map's input schema: every enum value, the edges of every range,
/// both booleans, and some missing optional fields. For exploring a map without data and for
/// benchmarks. The same map and seed give the same cases on every platform.
public struct CaseGenerator: Sendable {
    public let map: DecisionMap
    private var random: SeededRandom
    /// Share of optional fields left missing.
    public var missingRate: Double = 0.05
    /// Share of numbers drawn from a range edge or a threshold the map mentions.
    public var edgeRate: Double = 0.15
    /// Share of values made invalid on purpose (an unknown enum value, a number out of range or
    /// unreadable), to exercise the map's invalid-data policies.
    public var invalidRate: Double = 0
    private let interesting: [[Double]]

    public init(map: DecisionMap, seed: UInt64) {
        self.map = map
        random = SeededRandom(seed: seed)
        interesting = map.model.fields.indices.map { CaseGenerator.mentionedNumbers(field: $0, in: map.model) }
    }

    /// The next case: one value per field, in field order.
    public mutating func next() -> [CaseValue] {
        map.model.fields.indices.map { value(for: $0) }
    }

    private mutating func value(for index: Int) -> CaseValue {
        let field = map.model.fields[index]
        if field.optional, random.unit() < missingRate { return .missing }
        if invalidRate > 0, random.unit() < invalidRate { return invalid(field) }
        switch field.type {
        case .enumeration(let values):
            return .text(values[random.below(values.count)])
        case .boolean:
            return .bool(random.below(2) == 1)
        case .text:
            return .text(CaseGenerator.phrases[random.below(CaseGenerator.phrases.count)])
        case .number(let low, let high):
            let (lo, hi) = CaseGenerator.span(low, high)
            if random.unit() < edgeRate, let edge = edge(index, lo, hi) { return .number(edge) }
            let v = lo + random.unit() * (hi - lo)
            // Two decimals for small ranges (scores, confidences), whole numbers for large ones.
            let scale = hi - lo <= 10 ? 100.0 : 1.0
            return .number(min(hi, max(lo, (v * scale).rounded() / scale)))
        case .integer(let low, let high):
            let (lo, hi) = CaseGenerator.span(low, high)
            if random.unit() < edgeRate, let edge = edge(index, lo, hi) { return .number(edge.rounded(.down)) }
            return .number(lo + Double(random.below(Int(hi - lo) + 1)))
        }
    }

    private mutating func invalid(_ field: Field) -> CaseValue {
        switch field.type {
        case .enumeration(let values):
            return .text(random.below(2) == 0 ? "unknown" : (values.first ?? "x").uppercased())
        case .number(let low, let high), .integer(let low, let high):
            let (lo, hi) = CaseGenerator.span(low, high)
            return random.below(2) == 0 ? .text("n/a") : .number(random.below(2) == 0 && high != nil ? hi + 1 : lo - 1)
        case .boolean:
            return .text("maybe")
        case .text:
            // Any text is valid; leave the field missing instead if it may be.
            return field.optional ? .missing : .text("")
        }
    }

    private mutating func edge(_ index: Int, _ lo: Double, _ hi: Double) -> Double? {
        let candidates = ([lo, hi] + interesting[index]).filter { $0 >= lo && $0 <= hi }
        return candidates.isEmpty ? nil : candidates[random.below(candidates.count)]
    }

    /// A finite span for generation: open ends are closed at a plausible distance.
    static func span(_ low: Double?, _ high: Double?) -> (Double, Double) {
        switch (low, high) {
        case let (lo?, hi?): (lo, hi)
        case let (lo?, nil): (lo, lo + 100)
        case let (nil, hi?): (hi - 100, hi)
        case (nil, nil): (0, 100)
        }
    }

    /// Numbers the map compares a field with, so generated cases land on both sides of each bound.
    static func mentionedNumbers(field: Int, in model: MapModel) -> [Double] {
        var numbers = Set<Double>()
        func walk(_ p: Predicate) {
            switch p {
            case .compare(let f, _, let v) where f == field:
                numbers.insert(v)
            case .and(let ps), .or(let ps):
                ps.forEach(walk)
            case .not(let inner):
                walk(inner)
            default:
                break
            }
        }
        model.conditions.forEach { walk($0.predicate) }
        model.segments.compactMap(\.predicate).forEach(walk)
        model.escalations.forEach { walk($0.predicate) }
        model.inconsistencies.forEach { walk($0.predicate) }
        model.tables.forEach { $0.rules.compactMap(\.predicate).forEach(walk) }
        if model.confidenceField == field { model.thresholds.forEach { numbers.insert($0.below) } }
        return numbers.sorted()
    }

    static let phrases = [
        "first request", "follow-up", "urgent, please call back", "see attached document",
        "refund requested", "second reminder", "question about the last decision", "no details given",
    ]
}
