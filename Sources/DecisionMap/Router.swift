/// Routes one case by the brief's eight-step order. One implementation serves every front end:
/// `route(_:)` for the simulator (no trace, no allocation on the common path) and `explain(_:)`
/// for people (with a trace). Both run the same generic code; the trace-free instance compiles
/// the tracing away.

/// How a case ended.
public enum Outcome: String, Hashable, Sendable, CaseIterable {
    case decided, escalated, review
    case dataPolicy = "data-policy"
    case fallback, gap
}

/// Why the map left a case undecided.
public enum GapKind: String, Hashable, Sendable, CaseIterable {
    case invalidData = "invalid-data"
    case missingData = "missing-data"
    case noSegment = "no-segment"
    case noRule = "no-rule"
    case conflict
}

/// The part of the map that chose a case's route (or, for gaps, decided that it was a gap).
public enum Decider: Hashable, Sendable {
    case escalation(Int)
    case inconsistency(Int)
    case threshold(Int)
    case missingPolicy(Int)
    case invalidPolicy(Int)
    case rule(table: Int, rule: Int)
    case fallback
}

/// The result of routing one case, as indices into the map's model.
public struct Decision: Hashable, Sendable {
    /// The route, or nil for a gap without fallback.
    public var route: Int?
    public var outcome: Outcome
    /// The segment, or nil when it could not be decided.
    public var segment: Int?
    /// The gap the map left, also when the fallback caught it.
    public var gap: GapKind?
    /// The missing or invalid field behind a data policy or a data gap.
    public var field: Int?
    public var decider: Decider?

    /// Whether the case was decided by an invalid value (the invalid-data policy or gap).
    public var isInvalidData: Bool {
        if case .invalidPolicy = decider { return true }
        return gap == .invalidData
    }
}

/// One step of a trace, for people.
public struct TraceStep: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case validate, segment, escalate, inconsistent, uncertainty, decide, missing, invalid, gap, fallback
    }

    public var kind: Kind
    /// The map line that decided this step, if one did.
    public var line: Int?
    public var detail: String
}

protocol Tracer {
    mutating func record(_ kind: TraceStep.Kind, _ range: SourceRange?, _ detail: @autoclosure () -> String)
    /// Called when a case with a confidence reaches its segment's threshold; false routes it on to
    /// the tables as if it were not below (a threshold sweep asks for that decision).
    mutating func comparesThreshold(segment: Int, confidence: Double) -> Bool
}

extension Tracer {
    @inline(__always)
    mutating func comparesThreshold(segment: Int, confidence: Double) -> Bool { true }
}

/// Routes past the threshold and remembers where the case met it: for threshold sweeps.
struct ThresholdProbe: Tracer {
    var reach: ThresholdReach?

    @inline(__always)
    mutating func record(_ kind: TraceStep.Kind, _ range: SourceRange?, _ detail: @autoclosure () -> String) {}

    @inline(__always)
    mutating func comparesThreshold(segment: Int, confidence: Double) -> Bool {
        reach = ThresholdReach(segment: segment, confidence: confidence)
        return false
    }
}

struct NoTrace: Tracer {
    @inline(__always)
    mutating func record(_ kind: TraceStep.Kind, _ range: SourceRange?, _ detail: @autoclosure () -> String) {}
}

struct CollectingTrace: Tracer {
    let source: SourceFile
    var steps: [TraceStep] = []

    mutating func record(_ kind: TraceStep.Kind, _ range: SourceRange?, _ detail: @autoclosure () -> String) {
        steps.append(TraceStep(kind: kind, line: range.map { source.line(of: $0.start) }, detail: detail()))
    }
}

/// The compiled evaluation form of a checked map: condition roots per decision point, and lookups
/// resolved to arrays so routing does no searching. A class, so that a `DecisionMap` (which every
/// consumer copies) and every call into it pass one reference, not the whole compiled form. The
/// thresholds in force are the caller's (`route(_:below:_:)`), so what-ifs share one router.
final class Router: Sendable {
    let model: MapModel
    let program: Program
    let segmentRoots: [Int]
    let escalationRoots: [Int]
    let inconsistencyRoots: [Int]
    /// Rules of every table, flattened: table `t`'s rules are `ruleStart[t]..<ruleStart[t + 1]`,
    /// with their condition roots and routes. Plain arrays of numbers, so routing a case copies
    /// no model value and retains nothing.
    let ruleStart: [Int]
    let ruleRoot: [Int]
    let ruleRoute: [Int]
    let tablePolicy: [HitPolicy]
    /// Per table, a decision diagram over its rules (a single leaf for a small table; when it
    /// does not split them, the rules are read in order without it).
    let tableIndexes: [TableIndex]
    /// The tables that apply in segment `s`: `segmentTables[segmentTableStart[s]..<segmentTableStart[s + 1]]`.
    let segmentTableStart: [Int]
    let segmentTables: [Int]
    let escalationRoute: [Int]
    let inconsistencyRoute: [Int]
    let thresholdRoute: [Int]
    let thresholdForSegment: [Int]
    let missingPolicyForField: [Int]
    let invalidPolicyForField: [Int]
    let fieldCount: Int
    let required: [Bool]

    init(_ model: MapModel, indexTables: Bool = true) {
        self.model = model
        var program = Program(conditions: model.conditions)
        segmentRoots = model.segments.map { $0.predicate.map { program.compile($0) } ?? -1 }
        escalationRoots = model.escalations.map { program.compile($0.predicate) }
        inconsistencyRoots = model.inconsistencies.map { program.compile($0.predicate) }
        var ruleStart = [0], ruleRoot: [Int] = [], ruleRoute: [Int] = []
        for table in model.tables {
            for rule in table.rules {
                ruleRoot.append(rule.predicate.map { program.compile($0) } ?? -1)
                ruleRoute.append(rule.route)
            }
            ruleStart.append(ruleRoot.count)
        }
        (self.ruleStart, self.ruleRoot, self.ruleRoute) = (ruleStart, ruleRoot, ruleRoute)
        tablePolicy = model.tables.map(\.policy)
        tableIndexes = model.tables.indices.map { t in
            TableIndex(conditions: model.tables[t].rules.map(\.predicate), roots: ruleRoot[ruleStart[t]..<ruleStart[t + 1]],
                       named: model.conditions, indexed: indexTables)
        }
        var segmentTableStart = [0], segmentTables: [Int] = []
        for s in model.segments.indices {
            segmentTables += model.tables.indices.filter { model.tables[$0].applies(inSegment: s) }
            segmentTableStart.append(segmentTables.count)
        }
        (self.segmentTableStart, self.segmentTables) = (segmentTableStart, segmentTables)
        escalationRoute = model.escalations.map(\.route)
        inconsistencyRoute = model.inconsistencies.map(\.route)
        thresholdRoute = model.thresholds.map(\.route)
        self.program = program
        let thresholdForSegment = model.segments.indices.map { model.threshold(forSegment: $0) ?? -1 }
        self.thresholdForSegment = thresholdForSegment
        missingPolicyForField = model.fields.indices.map { model.missingPolicy(forField: $0) ?? -1 }
        invalidPolicyForField = model.fields.indices.map { model.invalidPolicy(forField: $0) ?? -1 }
        fieldCount = model.fields.count
        required = model.fields.map { !$0.optional }
    }

    /// The threshold in force per segment: its line's, or a what-if's (`overrides`, by segment);
    /// NaN for a segment without one.
    func below(_ overrides: [Int: Double]) -> [Double] {
        model.segments.indices.map { s in
            overrides[s] ?? (thresholdForSegment[s] >= 0 ? model.thresholds[thresholdForSegment[s]].below : .nan)
        }
    }

    @inline(__always)
    private func holds(_ root: Int, _ record: borrowing CaseRecord, _ segment: Int) -> Truth {
        root < 0 ? .yes : program.evaluate(root, record, segment: segment)
    }

    func route<T: Tracer>(_ record: borrowing CaseRecord, below belowForSegment: [Double], _ trace: inout T) -> Decision {
        // 1. Validate.
        for f in 0..<fieldCount {
            let state = record.states[f]
            if state == .invalid || (state == .missing && required[f]) {
                return invalidData(f, record, &trace)
            }
        }
        trace.record(.validate, nil, validationSummary(record))

        // 3. Segment.
        var segment = -1
        for (s, root) in segmentRoots.enumerated() {
            switch holds(root, record, -1) {
            case .yes:
                segment = s
            case .unknown:
                return undecided(reading: [model.segments[s].predicate!], at: model.segments[s].range,
                                 what: "segment `\(model.segments[s].name)`", segment: nil, record, &trace)
            case .no:
                continue
            }
            break
        }
        guard segment >= 0 else {
            return gap(.noSegment, field: nil, segment: nil, "no segment holds for this case", &trace)
        }
        trace.record(.segment, model.segments[segment].range,
                     "`\(model.segments[segment].name)` (risk \(model.segments[segment].risk.rawValue)): \(text(model.segments[segment].range))")

        // 4. Mandatory escalation.
        for e in escalationRoots.indices {
            switch holds(escalationRoots[e], record, segment) {
            case .yes:
                trace.record(.escalate, model.escalations[e].range,
                             "escalated to `\(model.routes[escalationRoute[e]].name)`" + (model.escalations[e].reason.map { ": \($0)" } ?? ""))
                return Decision(route: escalationRoute[e], outcome: .escalated, segment: segment, decider: .escalation(e))
            case .unknown:
                return undecided(reading: [model.escalations[e].predicate], at: model.escalations[e].range, what: "an escalation",
                                 segment: segment, record, &trace)
            case .no:
                continue
            }
        }
        if !escalationRoots.isEmpty { trace.record(.escalate, nil, "no mandatory escalation applies") }

        // 5. Inconsistent signals.
        for i in inconsistencyRoots.indices {
            switch holds(inconsistencyRoots[i], record, segment) {
            case .yes:
                trace.record(.inconsistent, model.inconsistencies[i].range,
                             "inconsistent data → `\(model.routes[inconsistencyRoute[i]].name)`"
                                 + (model.inconsistencies[i].reason.map { ": \($0)" } ?? ""))
                return Decision(route: inconsistencyRoute[i], outcome: .dataPolicy, segment: segment, decider: .inconsistency(i))
            case .unknown:
                return undecided(reading: [model.inconsistencies[i].predicate], at: model.inconsistencies[i].range, what: "an inconsistency check",
                                 segment: segment, record, &trace)
            case .no:
                continue
            }
        }
        if !inconsistencyRoots.isEmpty { trace.record(.inconsistent, nil, "no inconsistency applies") }

        // 6. Uncertainty.
        if let confidence = model.confidenceField, thresholdForSegment[segment] >= 0 {
            let t = thresholdForSegment[segment]
            guard record.states[confidence] == .present else {
                return undecided(fields: [confidence], at: model.thresholds[t].range, what: "the confidence threshold",
                                 segment: segment, record, &trace)
            }
            let value = record.values[confidence]
            let below = belowForSegment[segment]
            if trace.comparesThreshold(segment: segment, confidence: value), value < below {
                trace.record(.uncertainty, model.thresholds[t].range,
                             "`\(model.fields[confidence].name)` \(format(value)) is below \(format(below)) → review by `\(model.routes[thresholdRoute[t]].name)`")
                return review(segment)
            }
            trace.record(.uncertainty, model.thresholds[t].range,
                         "`\(model.fields[confidence].name)` \(format(value)) is not below \(format(below))")
        }

        // 7. Decision tables.
        for k in segmentTableStart[segment]..<segmentTableStart[segment + 1] {
            let t = segmentTables[k]
            if let decision = decide(t, record, segment, &trace) { return decision }
            trace.record(.decide, model.tables[t].range, "no rule of `\(model.tables[t].name)` holds")
        }
        return gap(.noRule, field: nil, segment: segment, "no decision rule holds for this case", &trace)
    }

    /// The decision of a case of `segment` that its confidence threshold sends to review.
    func review(_ segment: Int) -> Decision {
        let t = thresholdForSegment[segment]
        return Decision(route: thresholdRoute[t], outcome: .review, segment: segment, decider: .threshold(t))
    }

    /// Applies one table's hit policy. Nil when no rule of the table holds.
    private func decide<T: Tracer>(_ t: Int, _ record: borrowing CaseRecord, _ segment: Int, _ trace: inout T) -> Decision? {
        let base = ruleStart[t]
        // The rules to read, in order: the ones the table's index leaves for this case (the others
        // are false for it); all of them in a small table.
        let index = tableIndexes[t]
        let splits = index.splits
        let candidates = splits ? index.candidates(record) : 0..<(ruleStart[t + 1] - base)
        @inline(__always) func rule(_ k: Int) -> Int { splits ? Int(index.rules[k]) : k }
        @inline(__always) func root(_ r: Int) -> Int { ruleRoot[base + r] }
        @inline(__always) func route(_ r: Int) -> Int { ruleRoute[base + r] }
        func decided(_ r: Int) -> Decision {
            trace.record(.decide, model.tables[t].rules[r].range,
                         "`\(model.tables[t].name)` (\(model.tables[t].policy.rawValue)): \(text(model.tables[t].rules[r].range))")
            return Decision(route: route(r), outcome: .decided, segment: segment, decider: .rule(table: t, rule: r))
        }
        switch tablePolicy[t] {
        case .first:
            for k in candidates {
                switch holds(splits ? Int(index.ruleRoots[k]) : root(k), record, segment) {
                case .yes: return decided(rule(k))
                case .unknown: return undecidedRules(t, [rule(k)], segment, record, &trace)
                case .no: continue
                }
            }
            return nil
        case .unique, .any:
            let unique = tablePolicy[t] == .unique
            var match = -1
            var firstUnknown = -1
            for k in candidates {
                let r = rule(k)
                switch holds(root(r), record, segment) {
                case .yes:
                    if match >= 0, unique || route(match) != route(r) {
                        return conflict(t, match, r, segment, &trace)
                    }
                    if match < 0 { match = r }
                case .unknown:
                    if firstUnknown < 0 { firstUnknown = r }
                case .no:
                    continue
                }
            }
            if firstUnknown >= 0 {
                // An unknown rule matters unless it could not change the result: under `any`, a rule
                // naming the route already chosen.
                let relevant = candidates.map(rule).filter { r in
                    r >= firstUnknown && holds(root(r), record, segment) == .unknown
                        && (unique || match < 0 || route(r) != route(match))
                }
                if !relevant.isEmpty { return undecidedRules(t, relevant, segment, record, &trace) }
            }
            return match >= 0 ? decided(match) : nil
        case .priority:
            // Highest priority = the route declared first.
            var best = -1
            for k in candidates {
                let r = rule(k)
                if holds(root(r), record, segment) == .yes, best < 0 || route(r) < route(best) { best = r }
            }
            // An unknown rule of higher priority than the best that holds leaves the table undecided.
            func relevant(_ r: Int) -> Bool { (best < 0 || route(r) < route(best)) && holds(root(r), record, segment) == .unknown }
            if candidates.contains(where: { relevant(rule($0)) }) {
                return undecidedRules(t, candidates.map(rule).filter(relevant), segment, record, &trace)
            }
            return best >= 0 ? decided(best) : nil
        }
    }

    private func conflict<T: Tracer>(_ t: Int, _ a: Int, _ b: Int, _ segment: Int, _ trace: inout T) -> Decision {
        let table = model.tables[t]
        trace.record(.decide, table.rules[a].range, "`\(table.name)` (\(table.policy.rawValue)): \(text(table.rules[a].range))")
        trace.record(.decide, table.rules[b].range, "`\(table.name)` (\(table.policy.rawValue)): \(text(table.rules[b].range))")
        return gap(.conflict, field: nil, segment: segment,
                   "rules at lines \(model.line(table.rules[a].range)) and \(model.line(table.rules[b].range)) of `\(table.name)` both hold and name different routes",
                   &trace)
    }

    private func undecidedRules<T: Tracer>(_ t: Int, _ rules: [Int], _ segment: Int, _ record: borrowing CaseRecord,
                                           _ trace: inout T) -> Decision {
        let table = model.tables[t]
        let predicates = rules.compactMap { table.rules[$0].predicate }
        return undecided(reading: predicates, at: table.rules[rules[0]].range, what: "table `\(table.name)`",
                         segment: segment, record, &trace)
    }

    private func undecided<T: Tracer>(reading predicates: [Predicate], at range: SourceRange, what: String,
                                      segment: Int?, _ record: borrowing CaseRecord, _ trace: inout T) -> Decision {
        var fields = Set<Int>()
        for p in predicates { fields.formUnion(fieldsRead(by: p, conditions: model.conditions)) }
        return undecided(fields: fields.sorted(), at: range, what: what, segment: segment, record, &trace)
    }

    /// A step could not be decided because fields it reads are missing: the missing-data policy of
    /// the first such field that has its own, else `otherwise`, else a `missing-data` gap.
    private func undecided<T: Tracer>(fields: [Int], at range: SourceRange, what: String, segment: Int?,
                                      _ record: borrowing CaseRecord, _ trace: inout T) -> Decision {
        let missing = fields.filter { record.states[$0] == .missing }
        let names = missing.map { "`\(model.fields[$0].name)`" }.joined(separator: ", ")
        let chosen = missing.first { missingPolicyForField[$0] >= 0 && model.missingPolicies[missingPolicyForField[$0]].fields.contains($0) }
            ?? missing.first
        guard let field = chosen else {
            return gap(.missingData, field: nil, segment: segment, "\(what) cannot be decided", &trace)
        }
        let p = missingPolicyForField[field]
        guard p >= 0 else {
            trace.record(.missing, range, "\(what) needs \(names), which \(missing.count == 1 ? "is" : "are") missing")
            return gap(.missingData, field: field, segment: segment,
                       "no missing-data policy for `\(model.fields[field].name)`", &trace)
        }
        let policy = model.missingPolicies[p]
        trace.record(.missing, policy.range,
                     "\(what) needs \(names), which \(missing.count == 1 ? "is" : "are") missing → `\(model.routes[policy.route].name)`")
        return Decision(route: policy.route, outcome: .dataPolicy, segment: segment, field: field, decider: .missingPolicy(p))
    }

    private func invalidData<T: Tracer>(_ f: Int, _ record: borrowing CaseRecord, _ trace: inout T) -> Decision {
        let missing = record.states[f] == .missing
        // Worded only for a trace.
        var problem: String {
            let name = model.fields[f].name
            return missing ? "required field `\(name)` is missing" : record.problem(f) ?? "`\(name)` is invalid"
        }
        let p = invalidPolicyForField[f]
        guard p >= 0 else {
            trace.record(.validate, model.fields[f].range, problem)
            return gap(.invalidData, field: f, segment: nil, "no invalid-data policy for `\(model.fields[f].name)`", &trace)
        }
        let policy = model.invalidPolicies[p]
        trace.record(.invalid, policy.range, "\(problem) → `\(model.routes[policy.route].name)`")
        return Decision(route: policy.route, outcome: .dataPolicy, segment: nil, field: f, decider: .invalidPolicy(p))
    }

    private func gap<T: Tracer>(_ kind: GapKind, field: Int?, segment: Int?, _ why: @autoclosure () -> String,
                                _ trace: inout T) -> Decision {
        if let fallback = model.fallback {
            trace.record(.fallback, fallback.range, "\(why()) (\(kind.rawValue) gap) → fallback `\(model.routes[fallback.route].name)`")
            return Decision(route: fallback.route, outcome: .fallback, segment: segment, gap: kind, field: field, decider: .fallback)
        }
        trace.record(.gap, nil, "\(why()): \(kind.rawValue) gap")
        return Decision(route: nil, outcome: .gap, segment: segment, gap: kind, field: field, decider: nil)
    }

    private func validationSummary(_ record: borrowing CaseRecord) -> String {
        let missing = (0..<fieldCount).filter { record.states[$0] == .missing }.map { "`\(model.fields[$0].name)`" }
        return missing.isEmpty ? "every value fits the inputs"
            : "every value fits the inputs; missing: " + missing.joined(separator: ", ")
    }

    /// The source of an item on one line, for traces.
    func text(_ range: SourceRange) -> String {
        model.source.text(range).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
            .joined(separator: " ")
    }
}
