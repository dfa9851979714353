/// Resolves names and checks types. Like the parser it keeps going after an error, so a map with
/// several mistakes gets all of them in one run. Produces a `MapModel` only when there is no error.
struct Checker {
    let syntax: MapSyntax
    let source: SourceFile
    var diagnostics: [Diagnostic] = []

    private var fieldIndex: [String: Int] = [:]
    private var conditionIndex: [String: Int] = [:]
    private var segmentIndex: [String: Int] = [:]
    private var routeIndex: [String: Int] = [:]
    private var fields: [Field] = []
    /// Named conditions resolved so far; nil while being resolved (to detect cycles) or failed.
    private var resolvedConditions: [Predicate?] = []
    private var resolving: [Int] = []
    /// Named conditions already resolved (successfully or not), so each is reported at most once.
    private var finished: Set<Int> = []
    /// How deep the condition being resolved nests, counting parentheses, `not`, `and`/`or` and
    /// references to named conditions; and whether a condition went past the limit already.
    private var depth = 0
    private var tooDeep = false
    /// The deepest a condition may nest, through named conditions too. Every later walk over a
    /// condition (the router's compiler, the analysis, the formatter) recurses at most this deep.
    static let maximumConditionDepth = 256
    /// Named conditions whose body mentions `segment`, directly or through other conditions.
    private var conditionUsesSegment: [Bool] = []
    /// Set while resolving a segment condition, where `segment` is not yet known.
    private var inSegmentCondition = false

    init(_ syntax: MapSyntax, source: SourceFile) {
        self.syntax = syntax
        self.source = source
    }

    mutating func check() -> MapModel? {
        declareFields()
        declareNames()
        let conditions = resolveNamedConditions()
        let segments = resolveSegments()
        let routes = resolveRoutes()
        let escalations = syntax.escalations.compactMap { e -> Escalation? in
            let route = resolveRoute(e.target)
            let predicate = resolve(e.condition)
            guard let route, let predicate else { return nil }
            return Escalation(route: route, predicate: predicate, reason: e.reason, slaMinutes: e.sla?.minutes, range: e.range)
        }
        let inconsistencies = syntax.inconsistencies.compactMap { i -> Inconsistency? in
            let route = resolveRoute(i.target)
            let predicate = resolve(i.condition)
            guard let route, let predicate else { return nil }
            return Inconsistency(predicate: predicate, route: route, reason: i.reason, range: i.range)
        }
        let (confidence, thresholds) = resolveUncertainty()
        let missing = resolvePolicies(syntax.missing, kind: "missing")
        let invalid = resolvePolicies(syntax.invalid, kind: "invalid")
        let tables = resolveTables()
        var fallback: Fallback?
        if let f = syntax.fallback, let route = resolveRoute(f.target) {
            fallback = Fallback(route: route, range: f.range)
        }
        checkRequiredSections()
        guard !diagnostics.hasErrors, let header = syntax.header else { return nil }
        var owners: [OwnershipQuestion: String] = [:]
        for owner in syntax.owners { owners[owner.question] = owner.role }
        return MapModel(
            source: source, syntax: syntax, title: header.title, owners: owners, fields: fields,
            conditions: conditions, segments: segments, routes: routes, escalations: escalations,
            inconsistencies: inconsistencies, confidenceField: confidence, thresholds: thresholds,
            missingPolicies: missing, invalidPolicies: invalid, tables: tables, fallback: fallback)
    }

    // MARK: Declarations

    private mutating func declareFields() {
        var columns: [String: SourceRange] = [:]
        for input in syntax.inputs {
            if let earlier = fieldIndex[input.name.text] {
                duplicate("field", input.name, earlier: fields[earlier].range)
                continue
            }
            let type: FieldType
            switch input.type {
            case .enumeration(let literals):
                var seen: [String: SourceRange] = [:]
                for value in literals {
                    let text = value.text ?? ""
                    if let first = seen[text] {
                        error("duplicate-value", "value `\(text)` is listed twice in `\(input.name.text)`", value.range,
                              notes: [.init("first listed here", at: first)])
                    }
                    seen[text] = value.range
                }
                type = .enumeration(literals.map { $0.text ?? "" })
            case .number(let low, let high), .integer(let low, let high):
                if let low, let high, low > high {
                    error("empty-range", "range of `\(input.name.text)` is empty: \(format(low)) is greater than \(format(high))",
                          input.range, help: "write the smaller bound first: \(format(high))..\(format(low))")
                }
                if case .integer = input.type {
                    type = .integer(low: low, high: high)
                } else {
                    type = .number(low: low, high: high)
                }
            case .boolean: type = .boolean
            case .text: type = .text
            }
            let column = input.column ?? input.name.text
            if let first = columns[column] {
                error("duplicate-name", "column `\(column)` is read by two fields", input.range,
                      notes: [.init("first read here", at: first)])
            }
            columns[column] = input.range
            fieldIndex[input.name.text] = fields.count
            fields.append(Field(name: input.name.text, column: column, type: type, optional: input.optional,
                                fromModel: input.fromModel, unit: input.unit, doc: input.doc, range: input.range))
        }
    }

    private mutating func declareNames() {
        for (i, c) in syntax.conditions.enumerated() {
            if let earlier = conditionIndex[c.name.text] {
                duplicate("condition", c.name, earlier: syntax.conditions[earlier].range)
            } else if let field = fieldIndex[c.name.text] {
                error("duplicate-name", "condition `\(c.name.text)` has the same name as a field", c.name.range,
                      notes: [.init("the field is declared here", at: fields[field].range)],
                      help: "rename the condition, e.g. `\(c.name.text)_holds`")
            } else {
                conditionIndex[c.name.text] = i
            }
        }
        resolvedConditions = Array(repeating: nil, count: syntax.conditions.count)
        conditionUsesSegment = Array(repeating: false, count: syntax.conditions.count)
        // Every report writes `none` for "no route" and "no segment"; a route or segment of that
        // name would make them ambiguous.
        for name in syntax.segments.map(\.name) + syntax.routes.map(\.name) where name.text == "none" {
            error("reserved-name", "`none` cannot name a route or segment", name.range,
                  help: "reports write `none` for a case with no route or segment; choose another name, such as `no_action`")
        }
        for (i, s) in syntax.segments.enumerated() {
            if let earlier = segmentIndex[s.name.text] {
                duplicate("segment", s.name, earlier: syntax.segments[earlier].range)
            } else {
                segmentIndex[s.name.text] = i
            }
        }
        for (i, r) in syntax.routes.enumerated() {
            if let earlier = routeIndex[r.name.text] {
                duplicate("route", r.name, earlier: syntax.routes[earlier].range)
            } else {
                routeIndex[r.name.text] = i
            }
        }
        var tables: [String: SourceRange] = [:]
        for t in syntax.tables {
            if let earlier = tables[t.name.text] { duplicate("decision table", t.name, earlier: earlier) }
            tables[t.name.text] = t.range
        }
    }

    private mutating func checkRequiredSections() {
        let at = syntax.header?.range ?? SourceRange(start: 0, end: 0)
        if syntax.inputs.isEmpty { error("missing-section", "map has no `inputs`", at, help: "declare the case fields under `inputs`") }
        if syntax.segments.isEmpty {
            error("missing-section", "map has no `segments`", at, help: "add at least one segment, e.g. `all risk low otherwise`")
        }
        if syntax.routes.isEmpty { error("missing-section", "map has no `routes`", at, help: "declare where work can go under `routes`") }
        if syntax.tables.isEmpty {
            error("missing-section", "map has no decision table", at, help: "add a `decide NAME (first)` table with rules")
        }
    }

    // MARK: Sections

    private mutating func resolveNamedConditions() -> [NamedCondition] {
        var result: [NamedCondition] = []
        for i in syntax.conditions.indices where conditionIndex[syntax.conditions[i].name.text] == i {
            _ = namedCondition(i)
        }
        for (i, c) in syntax.conditions.enumerated() {
            result.append(NamedCondition(name: c.name.text, predicate: resolvedConditions[i] ?? .constant(false), range: c.range))
        }
        return result
    }

    /// Resolves a named condition on first use, so conditions may refer to each other in any order.
    private mutating func namedCondition(_ i: Int) -> Predicate? {
        if finished.contains(i) { return resolvedConditions[i] }
        if let start = resolving.firstIndex(of: i) {
            let cycle = (resolving[start...] + [i]).map { "`\(syntax.conditions[$0].name.text)`" }
            error("condition-cycle", "condition `\(syntax.conditions[i].name.text)` refers to itself: \(cycle.joined(separator: " → "))",
                  syntax.conditions[i].name.range, help: "a condition may not depend on itself; conditions must always terminate")
            finished.formUnion(resolving[start...])
            return nil
        }
        resolving.append(i)
        let wasInSegment = inSegmentCondition
        inSegmentCondition = false
        let p = resolve(syntax.conditions[i].condition, owner: i)
        inSegmentCondition = wasInSegment
        resolving.removeLast()
        resolvedConditions[i] = p
        finished.insert(i)
        return p
    }

    private mutating func resolveSegments() -> [Segment] {
        var result: [Segment] = []
        for (i, s) in syntax.segments.enumerated() {
            var predicate: Predicate?
            if let condition = s.condition {
                inSegmentCondition = true
                predicate = resolve(condition)
                inSegmentCondition = false
            } else if i != syntax.segments.count - 1 {
                error("otherwise-not-last", "`otherwise` segment `\(s.name.text)` is not the last segment", s.range,
                      notes: [.init("this segment can never be chosen", at: syntax.segments[i + 1].range)],
                      help: "move `\(s.name.text)` to the end of `segments`")
            }
            result.append(Segment(name: s.name.text, risk: s.risk, predicate: predicate ?? (s.condition == nil ? nil : .constant(false)),
                                  doc: s.doc, range: s.range))
        }
        return result
    }

    private mutating func resolveRoutes() -> [Route] {
        syntax.routes.map { r in
            for (label, value) in [("handling time", r.handle?.value), ("cost", r.cost), ("sla", r.sla?.value), ("capacity", r.capacity)] {
                if let value, value < 0 {
                    error("negative-value", "\(label) of route `\(r.name.text)` is negative", r.range)
                }
            }
            return Route(name: r.name.text, kind: r.kind, handleMinutes: r.handle?.minutes, cost: r.cost,
                         slaMinutes: r.sla?.minutes, capacityHoursPerWeek: r.capacity, owner: r.owner,
                         doc: r.doc, range: r.range)
        }
    }

    private mutating func resolveUncertainty() -> (Int?, [Threshold]) {
        guard let u = syntax.uncertainty else { return (nil, []) }
        var confidence: Int?
        if let name = u.field {
            confidence = resolveField(name)
            if let f = confidence, !fields[f].type.isNumeric {
                error("type-mismatch", "confidence field `\(name.text)` is \(fields[f].type.summary), not a number", name.range,
                      help: "declare it as `number 0..1`")
            }
        } else {
            let candidates = fields.indices.filter {
                fields[$0].fromModel && fields[$0].type == .number(low: 0, high: 1)
            }
            if candidates.count == 1 {
                confidence = candidates[0]
            } else {
                error("ambiguous-confidence", candidates.isEmpty
                        ? "no `number 0..1 from model` field to use as the confidence"
                        : "several fields could be the confidence: " + candidates.map { "`\(fields[$0].name)`" }.joined(separator: ", "),
                      u.range, help: "name it: `uncertainty using FIELD`")
            }
        }
        var thresholds: [Threshold] = []
        var covered: [Int: SourceRange] = [:]
        var otherwise: SourceRange?
        for t in u.thresholds {
            var segments: [Int] = []
            for name in t.segments {
                guard let s = resolveSegment(name) else { continue }
                if let first = covered[s] {
                    error("duplicate-threshold", "segment `\(name.text)` has two thresholds", name.range,
                          notes: [.init("first threshold here", at: first)])
                }
                covered[s] = t.range
                segments.append(s)
            }
            if t.segments.isEmpty {
                if let first = otherwise {
                    error("duplicate-threshold", "two `otherwise` thresholds", t.range, notes: [.init("first one here", at: first)])
                }
                otherwise = t.range
            }
            let below: Double
            if case .number(let v) = t.below.value { below = v } else { below = 0 }
            if !(0...1).contains(below) {
                error("threshold-range", "threshold \(format(below)) is outside 0..1", t.below.range,
                      help: "a confidence threshold is a probability between 0 and 1")
            }
            if let route = resolveRoute(t.target) {
                thresholds.append(Threshold(segments: segments, below: below, route: route, range: t.range))
            }
        }
        return (confidence, thresholds)
    }

    private mutating func resolvePolicies(_ policies: [PolicyDecl], kind: String) -> [DataPolicy] {
        var covered: [Int: SourceRange] = [:]
        var otherwise: SourceRange?
        var result: [DataPolicy] = []
        for p in policies {
            var resolved: [Int] = []
            for name in p.fields {
                guard let f = resolveField(name) else { continue }
                if let first = covered[f] {
                    error("duplicate-policy", "field `\(name.text)` has two \(kind)-data policies", name.range,
                          notes: [.init("first policy here", at: first)])
                }
                if kind == "missing", !fields[f].optional {
                    warning("required-missing-policy",
                            "`\(name.text)` is required, so a missing value is invalid data and this policy never applies",
                            name.range, help: "mark the field `optional`, or cover it under `invalid`")
                }
                covered[f] = p.range
                resolved.append(f)
            }
            if p.fields.isEmpty {
                if let first = otherwise {
                    error("duplicate-policy", "two `otherwise` \(kind)-data policies", p.range, notes: [.init("first one here", at: first)])
                }
                otherwise = p.range
            }
            if let route = resolveRoute(p.target) {
                result.append(DataPolicy(fields: resolved, route: route, range: p.range))
            }
        }
        return result
    }

    private mutating func resolveTables() -> [Table] {
        syntax.tables.map { t in
            let segments = t.segments.compactMap { resolveSegment($0) }
            var rules: [Rule] = []
            for (i, r) in t.rules.enumerated() {
                if r.condition == nil, i != t.rules.count - 1 {
                    error("otherwise-not-last", "`otherwise` rule is not the last rule of `\(t.name.text)`", r.range,
                          notes: [.init("this rule can never fire", at: t.rules[i + 1].range)],
                          help: "move the `otherwise` rule to the end of the table")
                }
                let predicate = r.condition.map { resolve($0) }
                if let route = resolveRoute(r.target), predicate != .some(nil) {
                    rules.append(Rule(predicate: predicate ?? nil, route: route, range: r.range))
                }
            }
            return Table(name: t.name.text, policy: t.policy, segments: segments, rules: rules, range: t.range)
        }
    }

    // MARK: Conditions

    /// Resolves a condition, reporting every problem in it. Returns nil when it has errors.
    private mutating func resolve(_ c: Condition, owner: Int? = nil) -> Predicate? {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumConditionDepth {
            if !tooDeep {
                tooDeep = true
                let chain = resolving.map { "`\(syntax.conditions[$0].name.text)`" }
                let shown = chain.count > 6 ? chain.prefix(3) + ["…"] + chain.suffix(2) : chain[...]
                error("condition-depth", "conditions nest deeper than \(Self.maximumConditionDepth) levels"
                          + (chain.isEmpty ? "" : ", through named conditions " + shown.joined(separator: " → ")),
                      c.range, help: "flatten the chain: refer to the fields, or to fewer conditions in turn")
            }
            return nil
        }
        switch c.kind {
        case .and(let operands):
            let parts = operands.map { resolve($0, owner: owner) }
            return parts.contains(where: { $0 == nil }) ? nil : .and(parts.map { $0! })
        case .or(let operands):
            let parts = operands.map { resolve($0, owner: owner) }
            return parts.contains(where: { $0 == nil }) ? nil : .or(parts.map { $0! })
        case .not(let inner):
            return resolve(inner, owner: owner).map { .not($0) }
        case .group(let inner):
            return resolve(inner, owner: owner)
        case .reference(let name):
            if let i = conditionIndex[name.text] {
                guard namedCondition(i) != nil else { return nil }
                if let owner, conditionUsesSegment[i] { conditionUsesSegment[owner] = true }
                if inSegmentCondition, conditionUsesSegment[i] {
                    error("segment-in-segment", "segment conditions cannot depend on the segment, but `\(name.text)` does",
                          name.range, help: "the segment is decided by these conditions; test the fields directly")
                    return nil
                }
                return .condition(i)
            }
            if let f = fieldIndex[name.text] {
                if fields[f].type == .boolean { return .boolean(field: f, true) }
                error("type-mismatch", "`\(name.text)` is \(fields[f].type.summary), not a condition", name.range,
                      help: "compare it with a value, e.g. \(example(for: f))")
                return nil
            }
            // Declaration order: the first close one is suggested, whatever the hash seed.
            let candidates = syntax.conditions.map(\.name.text) + fields.filter { $0.type == .boolean }.map(\.name)
            undefined("condition", name, candidates: candidates,
                      fallbackHelp: "declare it under `conditions`, or as a `boolean` input")
            return nil
        case .segment(let negated, let names, _):
            if let owner { conditionUsesSegment[owner] = true }
            if inSegmentCondition {
                error("segment-in-segment", "a segment's condition cannot test the segment", c.range,
                      help: "the segment is what this condition decides; test the fields directly")
                return nil
            }
            let indices = names.compactMap { resolveSegment($0) }
            guard indices.count == names.count else { return nil }
            let p = Predicate.segment(IndexSet64(indices, capacity: syntax.segments.count))
            return negated ? .not(p) : p
        case .missing(let name, let negated):
            guard let f = resolveField(name) else { return nil }
            if !fields[f].optional {
                warning("required-field-missing-test",
                        "`\(name.text)` is required, so `is \(negated ? "present" : "missing")` is always \(negated ? "true" : "false") once the case is valid",
                        c.range, help: "mark the field `optional` if cases may lack it")
            }
            return negated ? .not(.missing(field: f)) : .missing(field: f)
        case .compare(let name, let op, let literal):
            guard let f = resolveField(name) else { return nil }
            switch fields[f].type {
            case .number, .integer:
                guard case .number(let v) = literal.value else {
                    error("type-mismatch", "`\(name.text)` is a number; compare it with a number, not \(describe(literal))",
                          literal.range)
                    return nil
                }
                checkInRange(f, v, literal.range)
                return .compare(field: f, op, v)
            default:
                if op == .equal || op == .notEqual {
                    return valueTest(f, name, negated: op == .notEqual, [literal])
                }
                error("type-mismatch", "`\(op.rawValue)` needs a number, but `\(name.text)` is \(fields[f].type.summary)",
                      c.range, help: fields[f].type == .boolean ? "test it with `\(name.text)` or `not \(name.text)`"
                        : "test it with `is` or `in`, e.g. \(example(for: f))")
                return nil
            }
        case .is(let name, let negated, let literal):
            guard let f = resolveField(name) else { return nil }
            return valueTest(f, name, negated: negated, [literal])
        case .in(let name, let negated, let literals):
            guard let f = resolveField(name) else { return nil }
            return valueTest(f, name, negated: negated, literals)
        case .between(let name, let negated, let low, let high):
            guard let f = resolveField(name) else { return nil }
            guard fields[f].type.isNumeric else {
                error("type-mismatch", "`between` needs a number, but `\(name.text)` is \(fields[f].type.summary)", c.range)
                return nil
            }
            guard case .number(let lo) = low.value, case .number(let hi) = high.value else {
                error("type-mismatch", "`between` takes two numbers", c.range)
                return nil
            }
            if lo > hi {
                error("empty-range", "`between \(format(lo)) and \(format(hi))` is empty: \(format(lo)) is greater than \(format(hi))",
                      c.range, help: "write the smaller bound first")
                return nil
            }
            let p = Predicate.and([.compare(field: f, .greaterOrEqual, lo), .compare(field: f, .lessOrEqual, hi)])
            return negated ? .not(p) : p
        case .contains(let name, let literal):
            guard let f = resolveField(name) else { return nil }
            guard fields[f].type == .text else {
                error("type-mismatch", "`contains` needs a text field, but `\(name.text)` is \(fields[f].type.summary)", c.range)
                return nil
            }
            return .textContains(field: f, literal.text ?? "")
        }
    }

    /// `is`, `in`, `=` and `!=` against one or more values of the field's type.
    private mutating func valueTest(_ f: Int, _ name: Name, negated: Bool, _ literals: [Literal]) -> Predicate? {
        let field = fields[f]
        var result: Predicate?
        switch field.type {
        case .enumeration(let values):
            var set = IndexSet64(capacity: values.count)
            var ok = true
            for literal in literals {
                guard let text = literal.text else {
                    error("type-mismatch", "`\(name.text)` is one of a list of values; \(describe(literal)) is not one of them",
                          literal.range, help: "its values are " + values.map(quoteIfNeeded).joined(separator: ", "))
                    ok = false
                    continue
                }
                guard let index = values.firstIndex(of: text) else {
                    let guess = Suggestions.closest(to: text, in: values)
                    error("unknown-value", "`\(text)` is not a value of `\(name.text)`", literal.range,
                          help: guess.map { "did you mean `\($0)`?" }
                            ?? "its values are " + values.map(quoteIfNeeded).joined(separator: ", "),
                          fixIts: guess.map { [.init(range: literal.range, replacement: quoteIfNeeded($0))] } ?? [])
                    ok = false
                    continue
                }
                set.insert(index)
            }
            if ok { result = .oneOf(field: f, set) }
        case .number, .integer:
            var parts: [Predicate] = []
            for literal in literals {
                guard case .number(let v) = literal.value else {
                    error("type-mismatch", "`\(name.text)` is a number; compare it with a number, not \(describe(literal))", literal.range)
                    return nil
                }
                checkInRange(f, v, literal.range)
                parts.append(.compare(field: f, .equal, v))
            }
            result = parts.count == 1 ? parts[0] : .or(parts)
        case .boolean:
            guard literals.count == 1, case .bool(let b) = literals[0].value else {
                error("type-mismatch", "`\(name.text)` is a boolean; test it with `true` or `false`",
                      literals.first?.range ?? name.range, help: "or write `\(name.text)` / `not \(name.text)`")
                return nil
            }
            result = .boolean(field: f, b)
        case .text:
            var strings: [String] = []
            for literal in literals {
                guard case .string(let s) = literal.value else {
                    error("type-mismatch", "`\(name.text)` is text; compare it with a quoted text, not \(describe(literal))",
                          literal.range, help: literal.text.map { "write \"\($0)\"" })
                    return nil
                }
                strings.append(s)
            }
            result = .textIn(field: f, strings)
        }
        guard let result else { return nil }
        return negated ? .not(result) : result
    }

    private mutating func checkInRange(_ f: Int, _ v: Double, _ range: SourceRange) {
        switch fields[f].type {
        case .number(let lo, let hi), .integer(let lo, let hi):
            if let lo, v < lo { outOfRange(f, v, range) } else if let hi, v > hi { outOfRange(f, v, range) }
        default: break
        }
    }

    private mutating func outOfRange(_ f: Int, _ v: Double, _ range: SourceRange) {
        warning("value-out-of-range", "\(format(v)) is outside the range of `\(fields[f].name)` (\(fields[f].type.summary))", range,
                help: "a valid case never has this value, so the test is constant")
    }

    private func describe(_ literal: Literal) -> String {
        switch literal.value {
        case .number(let v): "the number \(format(v))"
        case .word(let w): "`\(w)`"
        case .string(let s): "\"\(s)\""
        case .bool(let b): "`\(b)`"
        }
    }

    private func example(for f: Int) -> String {
        let field = fields[f]
        switch field.type {
        case .enumeration(let values): return "`\(field.name) is \(quoteIfNeeded(values.first ?? "x"))`"
        case .number(let lo, _), .integer(let lo, _): return "`\(field.name) > \(format(lo ?? 0))`"
        case .boolean: return "`\(field.name) is true`"
        case .text: return "`\(field.name) contains \"…\"`"
        }
    }

    // MARK: Names

    private mutating func resolveField(_ name: Name) -> Int? {
        if let f = fieldIndex[name.text] { return f }
        if name.text == "segment" { return nil }
        if fields.contains(where: { $0.column == name.text }) {
            let field = fields.first { $0.column == name.text }!
            error("undefined-name", "undefined field `\(name.text)`", name.range,
                  help: "`\(name.text)` is the column that field `\(field.name)` reads; use the field name",
                  fixIts: [.init(range: name.range, replacement: field.name)])
            return nil
        }
        undefined("field", name, candidates: fields.map(\.name), fallbackHelp: "declare it under `inputs`")
        return nil
    }

    private mutating func resolveSegment(_ name: Name) -> Int? {
        if let s = segmentIndex[name.text] { return s }
        undefined("segment", name, candidates: syntax.segments.map(\.name.text), fallbackHelp: "declare it under `segments`")
        return nil
    }

    private mutating func resolveRoute(_ name: Name) -> Int? {
        if let r = routeIndex[name.text] { return r }
        undefined("route", name, candidates: syntax.routes.map(\.name.text), fallbackHelp: "declare it under `routes`")
        return nil
    }

    private mutating func undefined(_ kind: String, _ name: Name, candidates: [String], fallbackHelp: String) {
        if let guess = Suggestions.closest(to: name.text, in: candidates) {
            error("undefined-name", "undefined \(kind) `\(name.text)`", name.range, help: "did you mean `\(guess)`?",
                  fixIts: [.init(range: name.range, replacement: guess)])
        } else {
            error("undefined-name", "undefined \(kind) `\(name.text)`", name.range, help: fallbackHelp)
        }
    }

    private mutating func duplicate(_ kind: String, _ name: Name, earlier: SourceRange) {
        error("duplicate-name", "\(kind) `\(name.text)` is declared twice", name.range,
              notes: [.init("first declared here", at: earlier)])
    }

    private mutating func error(_ id: String, _ message: String, _ range: SourceRange, notes: [Diagnostic.Note] = [],
                                help: String? = nil, fixIts: [Diagnostic.FixIt] = []) {
        diagnostics.append(Diagnostic(id, .error, message, at: range, notes: notes, help: help, fixIts: fixIts))
    }

    private mutating func warning(_ id: String, _ message: String, _ range: SourceRange, help: String? = nil) {
        diagnostics.append(Diagnostic(id, .warning, message, at: range, help: help))
    }
}
