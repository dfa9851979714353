import DecisionMap
import DecisionMapSimulation

extension DiffReport {
    /// The diff for machines: the same findings as the text, every changed case included (under
    /// its transition), keys in a fixed order, hours and costs rounded to 2 decimals, so the output
    /// is stable byte for byte.
    public func json() -> JSONValue {
        func n(_ v: Int) -> JSONValue { .number(Double(v)) }
        func r(_ v: Double) -> JSONValue { .number((v * 100).rounded() / 100) }
        func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func map(_ report: SimulationReport) -> JSONValue {
            ["file": .string(report.mapFile), "title": .string(report.title), "version": optional(report.version),
             "whatIf": .array(report.whatIf.map { .string($0) })]
        }
        func gaps(_ list: [GapChange]) -> JSONValue {
            .array(list.map { ["kind": .string($0.kind.rawValue), "cases": n($0.cases), "examples": .array($0.examples.map { .string($0.id) })] })
        }
        func load(_ w: SimulationReport.WorkloadLine?) -> JSONValue {
            guard let w else { return .null }
            return ["cases": n(w.cases), "hours": r(w.hours), "cost": r(w.cost), "weeklyHours": w.weeklyHours.map(r) ?? .null]
        }
        func owner(_ o: SimulationReport.OwnerLine?) -> JSONValue {
            guard let o else { return .null }
            return ["cases": n(o.cases), "hours": r(o.hours), "cost": r(o.cost), "weeklyHours": o.weeklyHours.map(r) ?? .null]
        }
        func decided(_ c: SimulationReport.Coverage?) -> JSONValue {
            guard let c else { return .null }
            return ["line": n(c.line), "cases": n(c.cases)]
        }
        func side(_ line: Int?, _ text: String?) -> JSONValue {
            guard let line, let text else { return .null }
            return ["line": n(line), "text": .string(text)]
        }
        return [
            "old": map(old),
            "new": map(new),
            "cases": ["source": .string(new.source), "read": n(new.read), "evaluated": n(new.evaluated), "rejected": n(new.rejected)],
            "changed": n(changed),
            "transitions": .array(transitions.map { t in
                ["label": .string(t.label), "route": ["from": optional(t.route.from), "to": optional(t.route.to)],
                 "outcome": t.outcome.map { ["from": .string($0.from.rawValue), "to": .string($0.to.rawValue)] } ?? .null,
                 "segment": t.segment.map { ["from": optional($0.from), "to": optional($0.to)] } ?? .null, "count": n(t.cases.count),
                 "cases": .array(t.cases.map { .string($0.id) })]
            }),
            "gaps": ["introduced": gaps(gapsIntroduced), "closed": gaps(gapsClosed)],
            "workload": [
                "routes": .array(workload.map { ["route": .string($0.route), "old": load($0.old), "new": load($0.new)] }),
                "owners": .array(owners.map { ["owner": optional($0.owner), "old": owner($0.old), "new": owner($0.new)] }),
            ],
            "coverage": .array(coverage.map { c in
                let item = c.new ?? c.old!
                return ["kind": .string(item.kind), "label": .string(item.label), "old": decided(c.old), "new": decided(c.new)]
            }),
            "structure": .array(structure.changes.map { c in
                ["change": .string(c.kind.rawValue), "section": .string(c.section), "name": .string(c.name),
                 "old": side(c.oldLine, c.oldText), "new": side(c.newLine, c.newText), "moved": .bool(c.moved)]
            }),
        ]
    }
}
