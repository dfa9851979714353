@testable import DecisionMap

/// A small deterministic random number generator (SplitMix64), so every run of the property tests
/// sees the same maps and a failure names the seed that reproduces it.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}

/// Random syntax trees of the shape the parser produces: every section, every kind of item and
/// condition, names that are other sections' keywords, strings that need escapes, numbers with
/// and without their own spelling, descriptions on every item that keeps one. The trees are not
/// meant to pass the checker (names need not resolve); they exercise the printer and the parser.
struct MapGenerator {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    // Names include words that are keywords elsewhere in the language but not reserved.
    static let nameParts = ["amount", "tier", "risk", "to", "cost", "sla", "optional", "from", "unit", "below",
                            "because", "using", "first", "map", "routes", "automated", "team", "größe", "x", "h",
                            "_private", "column", "version", "week", "model", "B2", "owner", "capacity"]
    static let words = ["billing", "fraud", "Gold", "social_media", "a1", "größe", "x"]
    static let strings = ["social media", "Billing L1", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak",
                          "# not a comment", "true", "missing", "", "  padded  ", "ünïcödé ✓", "-> arrow", "and"]

    mutating func name() -> Name {
        var text = random.pick(Self.nameParts)
        if random.chance(0.5) { text += "_" + random.pick(Self.nameParts) }
        return Name(text)
    }

    mutating func string() -> String { random.pick(Self.strings) }

    mutating func doc() -> String? {
        guard random.chance(0.4) else { return nil }
        let lines = ["Describes the item.", "Second line with \"quotes\" and # hash.", "", " indented", "ünïcödé"]
        return (0..<random.int(1...3)).map { _ in random.pick(lines) }.joined(separator: "\n")
    }

    /// A value and, sometimes, a spelling of it that is not the shortest one.
    mutating func numberLiteral() -> Literal {
        let choices: [(Double, [String])] = [
            (0, ["0", "0.0"]), (1, ["1", "1.0", "1e0"]), (0.5, ["0.5", "0.50", "5e-1"]), (10_000, ["10000", "10_000", "1e4"]),
            (-0.5, ["-0.5"]), (0.95, ["0.95"]), (1_000_000, ["1_000_000", "1e6"]), (0.2, ["0.20"]), (12.75, ["12.75"]),
            (1e-7, []), (123456789012, ["123_456_789_012"]),
        ]
        let (value, spellings) = random.pick(choices)
        let spelling = spellings.isEmpty || random.chance(0.3) ? nil : random.pick(spellings)
        return Literal(.number(value), spelling: spelling)
    }

    mutating func double() -> Double { random.pick([0, 1, 0.2, 2.5, 12, 30, 80, 1e-7, 1_000_000, 0.45, 1e20, 3.25]) }

    mutating func literal() -> Literal {
        switch random.int(0...3) {
        case 0: numberLiteral()
        case 1: Literal(.word(random.pick(Self.words)))
        case 2: Literal(.string(string()))
        default: Literal(.bool(random.chance(0.5)))
        }
    }

    // MARK: Conditions

    enum Position { case top, orOperand, andOperand, notOperand }

    /// A condition that could stand where the parser would put it: no `or` directly inside `or`,
    /// no `and`/`or` directly inside `and` or `not` (those need parentheses, which are a `.group`).
    mutating func condition(depth: Int = 0, _ position: Position = .top) -> Condition {
        let composite = depth < 3 && random.chance(0.45)
        if composite {
            var kinds = ["group", "not"]
            if position == .top { kinds += ["or", "and"] }
            if position == .orOperand { kinds += ["and"] }
            switch random.pick(kinds) {
            case "or": return Condition(.or((0..<random.int(2...3)).map { _ in condition(depth: depth + 1, .orOperand) }))
            case "and": return Condition(.and((0..<random.int(2...3)).map { _ in condition(depth: depth + 1, .andOperand) }))
            case "not": return Condition(.not(condition(depth: depth + 1, .notOperand)))
            default: return Condition(.group(condition(depth: depth + 1, .top)))
            }
        }
        let field = name()
        switch random.int(0...8) {
        case 0: return Condition(.compare(field, random.pick(ComparisonOperator.allCases), random.chance(0.8) ? numberLiteral() : literal()))
        case 1: return Condition(.is(field, negated: random.chance(0.3), literal()))
        case 2: return Condition(.missing(field, negated: random.chance(0.5)))
        case 3: return Condition(.in(field, negated: random.chance(0.3), (0..<random.int(1...3)).map { _ in literal() }))
        case 4: return Condition(.between(field, negated: random.chance(0.3), numberLiteral(), numberLiteral()))
        case 5: return Condition(.contains(field, Literal(.string(string()))))
        case 6:
            let list = random.chance(0.5)
            return Condition(.segment(negated: random.chance(0.3), (0..<(list ? random.int(1...3) : 1)).map { _ in name() }, list: list))
        default: return Condition(.reference(field))
        }
    }

    // MARK: Items

    mutating func duration() -> TimeSpan {
        TimeSpan(random.pick([1, 30, 4, 2, 0.5, 90, 1.5]), random.pick([.seconds, .minutes, .hours, .days]))
    }

    mutating func input() -> InputDecl {
        let type: InputType
        func bound(_ g: inout MapGenerator) -> Double? { g.random.chance(0.3) ? nil : g.random.pick([0, -1, 1, 0.5, 100, 1_000_000, -0.25, 1e-7]) }
        switch random.int(0...4) {
        case 0: type = .enumeration((0..<random.int(1...4)).map { _ in random.chance(0.6) ? Literal(.word(random.pick(Self.words))) : Literal(.string(string())) })
        case 1: type = .number(low: bound(&self), high: bound(&self))
        case 2: type = .integer(low: bound(&self), high: bound(&self))
        case 3: type = .boolean
        default: type = .text
        }
        return InputDecl(name(), type, optional: random.chance(0.3), fromModel: random.chance(0.3),
                         column: random.chance(0.2) ? string() : nil, unit: random.chance(0.2) ? string() : nil, doc: doc())
    }

    mutating func route() -> RouteDecl {
        let kind: RouteKind = switch random.int(0...2) {
        case 0: .automated
        case 1: .team(string())
        default: .escalation(string())
        }
        return RouteDecl(name(), kind, handle: random.chance(0.6) ? duration() : nil, cost: random.chance(0.5) ? double() : nil,
                         sla: random.chance(0.5) ? duration() : nil, capacity: random.chance(0.4) ? double() : nil,
                         owner: random.chance(0.4) ? string() : nil, doc: doc())
    }

    mutating func map() -> MapSyntax {
        var map = MapSyntax()
        map.header = MapHeader(title: string(), version: random.chance(0.5) ? string() : nil,
                               description: random.chance(0.5) ? string() : nil, currency: random.chance(0.5) ? "EUR" : nil, doc: doc())
        var questions = OwnershipQuestion.allCases.shuffled(using: &random)
        questions.removeLast(random.int(0...5))
        map.owners = questions.map { OwnerDecl($0, string()) }
        func count(_ g: inout MapGenerator, _ range: ClosedRange<Int>) -> Int { g.random.int(range) }
        map.inputs = (0..<count(&self, 0...5)).map { _ in input() }
        map.conditions = (0..<count(&self, 0...3)).map { _ in ConditionDecl(name(), condition(), doc: doc()) }
        map.segments = (0..<count(&self, 0...4)).map { _ in
            SegmentDecl(name(), risk: random.pick(RiskLevel.allCases), random.chance(0.8) ? condition() : nil, doc: doc())
        }
        map.routes = (0..<count(&self, 0...5)).map { _ in route() }
        map.escalations = (0..<count(&self, 0...3)).map { _ in
            EscalationDecl(to: name(), when: condition(), because: random.chance(0.6) ? string() : nil,
                           sla: random.chance(0.5) ? duration() : nil, doc: doc())
        }
        map.inconsistencies = (0..<count(&self, 0...2)).map { _ in
            InconsistencyDecl(when: condition(), to: name(), because: random.chance(0.5) ? string() : nil, doc: doc())
        }
        if random.chance(0.6) {
            map.uncertainty = UncertaintyDecl(field: random.chance(0.7) ? name() : nil, thresholds: (0..<count(&self, 0...3)).map { _ in
                ThresholdDecl(in: random.chance(0.3) ? [] : (0..<random.int(1...2)).map { _ in name() }, below: numberLiteral(), to: name(), doc: doc())
            }, doc: doc())
        }
        map.missing = (0..<count(&self, 0...2)).map { _ in policy() }
        map.invalid = (0..<count(&self, 0...2)).map { _ in policy() }
        map.tables = (0..<count(&self, 1...3)).map { _ in
            TableDecl(name(), policy: random.pick(HitPolicy.allCases), in: random.chance(0.6) ? [] : [name(), name()],
                      rules: (0..<random.int(1...4)).map { _ in RuleDecl(when: random.chance(0.85) ? condition() : nil, to: name(), doc: doc()) },
                      doc: doc())
        }
        if random.chance(0.5) { map.fallback = FallbackDecl(to: name(), doc: doc()) }
        return map
    }

    mutating func policy() -> PolicyDecl {
        PolicyDecl(random.chance(0.3) ? [] : (0..<random.int(1...3)).map { _ in name() }, to: name(), doc: doc())
    }
}
