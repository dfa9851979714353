import DecisionMap

extension SimulationReport {
    /// The report for machines. Same numbers as the text report; keys in a fixed order, shares
    /// rounded to 4 decimals and hours and costs to 2, so the output is stable byte for byte.
    public func json() -> JSONValue {
        func n(_ v: Int) -> JSONValue { .number(Double(v)) }
        func r(_ v: Double, _ places: Double) -> JSONValue { .number((v * places).rounded() / places) }
        func shareOf(_ v: Int) -> JSONValue { r(share(v), 10_000) }
        func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func reference(_ c: CaseReference) -> JSONValue { ["id": .string(c.id), "row": n(c.row), "segment": optional(c.segment)] }

        var object: JSONObject = [
            "map": ["title": .string(title), "version": optional(version), "file": .string(mapFile)],
            "source": .string(source),
            "delimiter": optional(delimiter),
            "cases": ["read": n(read), "routed": n(routed), "gaps": n(undecided), "rejected": n(rejected),
                      "evaluated": n(evaluated), "caughtByFallback": n(caughtByFallback)],
            "lines": [
                "afterHeader": dataLines.map(n) ?? .null, "multiLineRows": n(multiLineRecords), "swallowing": n(swallowed),
                "swallowingExamples": .array(swallowedExamples.map { e in
                    ["id": .string(e.reference.id), "row": n(e.reference.row), "firstLine": n(e.line), "lastLine": n(e.lastLine)]
                }),
            ],
            "whatIf": .array(whatIf.map { .string($0) }),
            "sweep": .array(sweeps.map(sweepJSON)),
            "targets": .array(targets.map { .string($0.description) }),
            "automationRate": shareOf(automated),
            "automatedHighRisk": .array(automatedHighRisk.map { line in
                ["segment": .string(line.segment), "risk": .string(line.risk.rawValue), "cases": n(line.cases),
                 "share": shareOf(line.cases), "examples": .array(line.examples.map(reference))]
            }),
            "routes": .array(routes.map { line in
                ["route": optional(line.name), "kind": optional(line.kind?.keyword), "owner": optional(line.owner),
                 "cases": n(line.cases), "share": shareOf(line.cases)]
            }),
            "outcomes": .array(outcomes.map { ["outcome": .string($0.outcome.rawValue), "cases": n($0.cases), "share": shareOf($0.cases)] }),
            "segments": .array(segments.map { line in
                ["segment": optional(line.name), "risk": optional(line.risk?.rawValue), "cases": n(line.cases), "share": shareOf(line.cases),
                 "line": line.line.map(n) ?? .null]
            }),
            "routeBySegment": [
                "segments": .array(segments.map { optional($0.name) }),
                "rows": .array(zip(routes, routeBySegment).map { route, counts in
                    ["route": optional(route.name), "cases": .array(counts.map(n))]
                }),
            ],
            "gaps": .array(gaps.map { gap in
                ["kind": .string(gap.kind.rawValue), "cases": n(gap.cases), "share": shareOf(gap.cases),
                 "caughtByFallback": n(gap.caughtByFallback),
                 "bySegment": .array(gap.bySegment.map { ["segment": optional($0.segment), "cases": n($0.cases)] }),
                 "byField": .array(gap.byField.map { ["field": .string($0.field), "cases": n($0.cases)] }),
                 "examples": .array(gap.examples.map { e in
                     ["id": .string(e.reference.id), "row": n(e.reference.row), "segment": optional(e.reference.segment),
                      "steps": .array(e.steps.map { ["line": $0.line.map(n) ?? .null, "step": .string($0.detail)] }),
                      "reason": .string(e.reason), "reproduce": optional(reproduce(e.reference))]
                 })]
            }),
            "rules": .array(coverage.map { c in
                ["kind": .string(c.kind), "label": .string(c.label), "line": n(c.line), "cases": n(c.cases), "share": shareOf(c.cases)]
            }),
            "neverFired": .array(neverFired.map { ["kind": .string($0.kind), "label": .string($0.label), "line": n($0.line)] }),
            "dataQuality": [
                "missing": .array(missingByField.map { ["field": .string($0.field), "cases": n($0.cases)] }),
                "invalid": .array(invalidByField.map { i in
                    ["field": .string(i.field), "cases": n(i.cases),
                     "example": i.example.map { ["row": n($0.row), "problem": .string($0.problem)] } ?? .null]
                }),
                "invalidValues": .array(badValues.map { b in
                    ["field": .string(b.field), "cases": n(b.cases), "distinct": n(b.distinct),
                     "top": .array(b.values.map { v in
                         ["value": .string(v.value), "cases": n(v.cases), "firstRow": n(v.firstRow), "problem": .string(v.problem)]
                     })]
                }),
            ],
            "workload": [
                "perWeek": casesPerWeek.map { .number($0) } ?? .null,
                "currency": optional(currency),
                "routes": .array(workload.map { w in
                    ["route": .string(w.route), "kind": .string(w.kind.keyword), "owner": optional(w.owner), "cases": n(w.cases),
                     "handleMinutes": w.handleMinutes.map { .number($0) } ?? .null, "hours": r(w.hours, 100), "cost": r(w.cost, 100),
                     "weeklyHours": w.weeklyHours.map { r($0, 100) } ?? .null,
                     "capacity": w.capacity.map { .number($0) } ?? .null, "overloaded": .bool(w.overloaded)]
                }),
                "owners": .array(owners.map { o in
                    ["owner": optional(o.owner), "cases": n(o.cases), "hours": r(o.hours, 100), "cost": r(o.cost, 100),
                     "weeklyHours": o.weeklyHours.map { r($0, 100) } ?? .null]
                }),
            ],
        ]
        if let a = agreement {
            object.append("agreement", [
                "column": .string(a.column), "compared": n(a.compared), "agreed": n(a.agreed),
                "rate": r(a.rate, 10_000), "withoutExpectation": n(a.withoutExpectation),
                "confusion": [
                    "expected": .array(a.expected.map { .string($0) }),
                    "actual": .array(a.actual.indices.map { $0 < a.actual.count - 1 ? .string(a.actual[$0]) : .null }),
                    "matrix": .array(a.matrix.map { .array($0.map(n)) }),
                ],
                "disagreements": n(a.disagreementCount),
                "unknownExpected": .array(a.unknownExpected.map { ["value": .string($0.label), "didYouMean": optional($0.suggestion)] }),
                "disagreementExamples": .array(a.disagreements.map { d in
                    ["id": .string(d.reference.id), "row": n(d.reference.row), "expected": .string(d.expected),
                     "actual": optional(d.actual), "segment": optional(d.reference.segment)]
                }),
            ])
        }
        object.append("rejects", [
            "count": n(rejected),
            "examples": .array(rejects.map { ["row": n($0.rowNumber), "line": n($0.line), "id": optional($0.id), "reason": .string($0.reason)] }),
        ])
        object.append("columns", [
            "inputs": .array(columns.inputs.map { ["field": .string($0.field), "column": optional($0.column)] }),
            "id": optional(columns.id),
            "expect": optional(columns.expect),
            "allowedMissing": .array(columns.allowedMissing.map { .string($0) }),
            "unused": .array(columns.unused.map { .string($0) }),
        ])
        return .object(object)
    }

    /// One swept threshold: its points in the report's list forms, and the recommendation.
    func sweepJSON(_ sweep: SweepResult) -> JSONValue {
        func n(_ v: Int) -> JSONValue { .number(Double(v)) }
        func r(_ v: Double?, _ places: Double) -> JSONValue { v.map { .number(($0 * places).rounded() / places) } ?? .null }
        func shareOf(_ v: Int) -> JSONValue { r(share(v), 10_000) }
        return [
            "segment": .string(sweep.target.description),
            "segments": .array(sweep.segments.map { .string($0) }),
            "current": .array(sweep.current.map { .number($0) }),
            "recommended": sweep.recommended.map { .number(sweep.points[$0].threshold) } ?? .null,
            "points": .array(sweep.points.map { p in
                [
                    "threshold": .number(p.threshold),
                    "outcomes": .array(p.outcomes.map { ["outcome": .string($0.outcome.rawValue), "cases": n($0.cases), "share": shareOf($0.cases)] }),
                    "routes": .array(p.routes.map { ["route": $0.route.map { .string($0) } ?? .null, "cases": n($0.cases), "share": shareOf($0.cases)] }),
                    "automated": n(p.automated),
                    "automationRate": r(p.automationRate, 10_000),
                    "reviewCases": n(p.reviewCases),
                    "reviewHours": r(p.reviewHours, 100),
                    "peopleHours": r(p.peopleHours, 100),
                    "cost": r(p.cost, 100),
                    "weeklyReviewHours": r(p.weeklyReviewHours, 100),
                    "weeklyPeopleHours": r(p.weeklyPeopleHours, 100),
                    "overloaded": .array(p.overloaded.map { .string($0) }),
                    "agreement": r(p.agreement, 10_000),
                    "automatedErrors": p.automatedErrors.map(n) ?? .null,
                    "automatedCompared": p.automatedCompared.map(n) ?? .null,
                    "automatedErrorRate": r(p.automatedErrorRate, 10_000),
                    "meetsTargets": targets.isEmpty ? .null : .bool(targets.allSatisfy { $0.isMet(by: p) }),
                ]
            }),
        ]
    }
}
