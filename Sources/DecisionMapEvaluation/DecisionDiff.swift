import DecisionMap
import DecisionMapSimulation

/// What a case got from one version of a map, by name, so versions compare.
public struct CaseState: Hashable, Sendable {
    public var route: String?
    public var outcome: Outcome
    public var segment: String?
}

/// A case named in a diff: its id (the `id` column, else `row N`) and row.
public struct CaseID: Hashable, Sendable {
    public var id: String
    public var row: Int
}

/// A value in the old and the new version.
public struct Change<Value: Hashable & Sendable>: Hashable, Sendable {
    public var from: Value
    public var to: Value
}

/// Every changed case that changed the same way: the same route before and after, and, where
/// they changed, the same outcome and segment before and after.
public struct Transition: Sendable {
    /// The route before and after (the same when only the outcome or segment changed); nil: no route.
    public var route: Change<String?>
    /// nil when the outcome stayed the same (it may differ from case to case).
    public var outcome: Change<Outcome>?
    /// nil when the segment stayed the same (it may differ from case to case).
    public var segment: Change<String?>?
    /// Every such case, in file order.
    public var cases: [CaseID]

    /// `billing_team → auto_resolve`; the outcome and segment are named when they changed too:
    /// `triage_review, outcome decided → review`.
    public var label: String {
        func name(_ s: String?) -> String { s ?? "(none)" }
        var label = route.from == route.to ? name(route.from) : "\(name(route.from)) → \(name(route.to))"
        if let outcome { label += ", outcome \(outcome.from.rawValue) → \(outcome.to.rawValue)" }
        if let segment { label += ", segment \(name(segment.from)) → \(name(segment.to))" }
        return label
    }
}

/// Cases that became gaps (by the new gap kind) or stopped being gaps (by the old one). A case
/// caught by a fallback is still a gap.
public struct GapChange: Sendable {
    public var kind: GapKind
    public var cases: Int
    /// The first cases, in file order.
    public var examples: [CaseID]
}

/// One route's workload in each version; nil where the route does not exist.
public struct WorkloadChange: Sendable {
    public var route: String
    public var old: SimulationReport.WorkloadLine?
    public var new: SimulationReport.WorkloadLine?
}

/// One owner's human workload in each version; nil where the owner has no route.
public struct OwnerChange: Sendable {
    /// nil: human routes without an owner.
    public var owner: String?
    public var old: SimulationReport.OwnerLine?
    public var new: SimulationReport.OwnerLine?
}

/// How many cases a rule, threshold, escalation or policy decided in each version; nil where it
/// does not exist.
public struct CoverageChange: Sendable {
    public var old: SimulationReport.Coverage?
    public var new: SimulationReport.Coverage?
}

/// Two versions of a map routed over the same cases: what changed, case by case and in total.
public struct DiffReport: Sendable {
    /// The simulation reports of each version, from the same simulator as `dmap simulate`.
    public var old: SimulationReport
    public var new: SimulationReport
    /// The structural difference between the maps.
    public var structure: MapDiff
    /// Cases whose route, outcome or segment changed.
    public var changed: Int
    /// The changed cases grouped by what happened to them, the largest group first.
    public var transitions: [Transition]
    public var gapsIntroduced: [GapChange]
    public var gapsClosed: [GapChange]
    /// Routes and owners whose cases, hours or cost changed.
    public var workload: [WorkloadChange]
    public var owners: [OwnerChange]
    /// Rules, thresholds, escalations and policies that decided a different number of cases, or
    /// exist in one version only.
    public var coverage: [CoverageChange]
    /// How many example ids the text report lists per line.
    public var exampleLimit: Int
}

/// Routes two versions of a map over the same cases and compares them.
public enum DecisionDiff {
    /// Runs the simulator for each version over the same cases, pairs the decisions case by case,
    /// and compares the two reports.
    ///
    /// - Parameters:
    ///   - old: the map before the change.
    ///   - new: the map after the change.
    ///   - source: the case file's name, for the reports.
    ///   - options: simulation options for both runs; `listLimit` is also how many examples the
    ///     text report shows.
    ///   - cases: opens the case file; called once per version, so it must give the same cases
    ///     each time.
    ///   - each: called with what each case got from the old and the new version, in file order.
    /// - Throws: `SimulationError` when the cases cannot be read or lack a column a map needs.
    public static func run(old: DecisionMap, new: DecisionMap, source: String, options: SimulationOptions,
                           cases: () throws -> CaseFileReader,
                           each: ((_ old: CaseState, _ new: CaseState) -> Void)? = nil) throws(SimulationError) -> DiffReport {
        func open() throws(SimulationError) -> CaseFileReader {
            do {
                return try cases()
            } catch let error as SimulationError {
                throw error
            } catch let error as CaseFileError {
                throw SimulationError("\(source)\(error.position.map { ":\($0.line):\($0.column)" } ?? ""): \(error.message)")
            } catch {
                throw SimulationError("\(source): \(error)")
            }
        }

        // The old version's decisions, compactly, in file order.
        var before: [Packed] = []
        var reader = try open()
        let oldReport = try Simulator(map: old, options: options).run(
            &reader, source: source, cases: { rows in before += rows.map { Packed($0.decision) } })

        let routeMap = old.model.routes.map { r in Int32(new.model.routeIndex(named: r.name) ?? -2) }
        let segmentMap = old.model.segments.map { s in Int32(new.model.segmentIndex(named: s.name) ?? -2) }
        let limit = options.listLimit
        var index = 0
        var groups: [TransitionKey: Int] = [:]
        var transitions: [Transition] = []
        var introduced: [GapKind: GapChange] = [:]
        var closed: [GapKind: GapChange] = [:]
        var mismatch = false
        func note(_ changes: inout [GapKind: GapChange], _ kind: GapKind, _ id: CaseID) {
            var change = changes[kind] ?? GapChange(kind: kind, cases: 0, examples: [])
            change.cases += 1
            if change.examples.count < limit { change.examples.append(id) }
            changes[kind] = change
        }
        reader = try open()
        let newReport = try Simulator(map: new, options: options).run(&reader, source: source, cases: { rows in
            for row in rows {
                guard index < before.count else {
                    mismatch = true
                    return
                }
                let was = before[index]
                let now = Packed(row.decision)
                index += 1
                let sameRoute = was.route < 0 ? now.route < 0 : routeMap[Int(was.route)] == now.route
                let sameSegment = was.segment < 0 ? now.segment < 0 : segmentMap[Int(was.segment)] == now.segment
                let id = CaseID(id: row.id, row: row.row.rowNumber)
                each?(was.state(old.model), now.state(new.model))
                if !sameRoute || !sameSegment || was.outcome != now.outcome {
                    let key = TransitionKey(old: was, new: now, sameSegment: sameSegment)
                    if let g = groups[key] {
                        transitions[g].cases.append(id)
                    } else {
                        groups[key] = transitions.count
                        let from = was.state(old.model), to = now.state(new.model)
                        transitions.append(Transition(
                            route: Change(from: from.route, to: to.route),
                            outcome: from.outcome == to.outcome ? nil : Change(from: from.outcome, to: to.outcome),
                            segment: sameSegment ? nil : Change(from: from.segment, to: to.segment), cases: [id]))
                    }
                }
                if was.gap != now.gap {
                    if let kind = was.gapKind { note(&closed, kind, id) }
                    if let kind = now.gapKind { note(&introduced, kind, id) }
                }
            }
        })
        guard !mismatch, index == before.count else {
            throw SimulationError("\(source): the cases differed between the two runs; was the file changed while dmap read it?")
        }
        transitions = transitions.enumerated().sorted {
            ($1.element.cases.count, $0.offset) < ($0.element.cases.count, $1.offset)
        }.map(\.element)

        let structure = MapDiff(old: old.model, new: new.model)
        return DiffReport(
            old: oldReport, new: newReport, structure: structure,
            changed: transitions.reduce(0) { $0 + $1.cases.count }, transitions: transitions,
            gapsIntroduced: GapKind.allCases.compactMap { introduced[$0] },
            gapsClosed: GapKind.allCases.compactMap { closed[$0] },
            workload: workloadChanges(oldReport, newReport), owners: ownerChanges(oldReport, newReport),
            coverage: coverageChanges(structure, old, oldReport, new, newReport), exampleLimit: limit)
    }

    private static func workloadChanges(_ old: SimulationReport, _ new: SimulationReport) -> [WorkloadChange] {
        var names = old.workload.map(\.route)
        for line in new.workload where !names.contains(line.route) { names.append(line.route) }
        return names.compactMap { name in
            let a = old.workload.first { $0.route == name }, b = new.workload.first { $0.route == name }
            if let a, let b, a.cases == b.cases, a.hours == b.hours, a.cost == b.cost, a.weeklyHours == b.weeklyHours { return nil }
            return WorkloadChange(route: name, old: a, new: b)
        }
    }

    private static func ownerChanges(_ old: SimulationReport, _ new: SimulationReport) -> [OwnerChange] {
        var owners = old.owners.map(\.owner)
        for line in new.owners where !owners.contains(line.owner) { owners.append(line.owner) }
        return owners.compactMap { owner in
            let a = old.owners.first { $0.owner == owner }, b = new.owners.first { $0.owner == owner }
            if let a, let b, a.cases == b.cases, a.hours == b.hours, a.cost == b.cost, a.weeklyHours == b.weeklyHours { return nil }
            if (a?.cases ?? 0) == 0, (b?.cases ?? 0) == 0 { return nil }
            return OwnerChange(owner: owner, old: a, new: b)
        }
    }

    /// Coverage lines matched the way the structural diff matches items, so a rule edited in place
    /// is one line with its old and new count.
    private static func coverageChanges(_ structure: MapDiff, _ old: DecisionMap, _ oldReport: SimulationReport,
                                        _ new: DecisionMap, _ newReport: SimulationReport) -> [CoverageChange] {
        var changes: [CoverageChange] = []
        var matched = Set<Decider>()
        for c in oldReport.coverage {
            let partner = structure.partner(of: c.decider, old: old.model, new: new.model)
            let other = partner.flatMap { p in newReport.coverage.first { $0.decider == p } }
            if let p = other?.decider { matched.insert(p) }
            changes.append(CoverageChange(old: c, new: other))
        }
        for c in newReport.coverage where !matched.contains(c.decider) {
            changes.append(CoverageChange(old: nil, new: c))
        }
        return changes.filter { $0.old?.cases != $0.new?.cases || ($0.old == nil) != ($0.new == nil) }
    }
}

/// A decision in four small numbers (-1 / 255: none), so the old version's decisions of a large
/// case file fit in memory.
private struct Packed: Hashable {
    var route: Int32
    var segment: Int32
    var outcome: UInt8
    var gap: UInt8

    init(_ d: Decision) {
        route = Int32(d.route ?? -1)
        segment = Int32(d.segment ?? -1)
        outcome = UInt8(Outcome.allCases.firstIndex(of: d.outcome)!)
        gap = d.gap.map { UInt8(GapKind.allCases.firstIndex(of: $0)!) } ?? 255
    }

    var gapKind: GapKind? { gap == 255 ? nil : GapKind.allCases[Int(gap)] }

    func state(_ model: MapModel) -> CaseState {
        CaseState(route: route < 0 ? nil : model.routes[Int(route)].name, outcome: Outcome.allCases[Int(outcome)],
                  segment: segment < 0 ? nil : model.segments[Int(segment)].name)
    }
}

/// What identifies a transition: the routes, and the outcomes and segments only where they changed.
private struct TransitionKey: Hashable {
    var old: Packed
    var new: Packed

    init(old: Packed, new: Packed, sameSegment: Bool) {
        // Gap kinds are not part of a transition; the gap lists count them.
        var o = old, n = new
        o.gap = 0
        n.gap = 0
        if o.outcome == n.outcome {
            o.outcome = 0
            n.outcome = 0
        }
        if sameSegment {
            o.segment = -1
            n.segment = -1
        }
        self.old = o
        self.new = n
    }
}
