import DecisionMap
import DecisionMapEvaluation
import DecisionMapSimulation
import Foundation
import XCTest

/// The examples' golden files, checked against the claim in docs/evaluation.md: at least 30 cases,
/// all passing, every expectation written out, and every segment, escalation, inconsistency, data
/// policy and rule deciding at least one case, every threshold tested on both sides of its value.
final class ExampleGoldenTests: XCTestCase {
    static let examples = ["customer-triage", "insurance-claims", "it-incidents"]

    /// Parts of the example maps that no case can reach, and why. The test also checks that they
    /// decided nothing, so the list cannot go stale: an edit that makes one reachable needs a case.
    static let unreachable: [String: [String: String]] = [
        "customer-triage": [
            "missing-policy: missing amount":
                "only the billing rules need `amount`, and the billing inconsistency takes every billing case without one first",
        ],
        "insurance-claims": [
            "missing-policy: missing otherwise": "both optional inputs have a policy of their own",
            "fallback: fallback -> intake_review": "every segment's table decides every claim",
        ],
        "it-incidents": [
            "missing-policy: missing otherwise":
                "`error_rate` has a policy of its own and `summary` is only read behind `is present`",
            "fallback: fallback -> service_desk": "every segment's table ends in `otherwise` and the `any` table's rules agree",
        ],
    ]

    func run(_ name: String) throws -> (DecisionMap, GoldenRun) {
        let folder = repository.appendingPathComponent("decision-maps")
        let map = try compile(try String(contentsOf: folder.appendingPathComponent("\(name).dmap"), encoding: .utf8),
                              name: "\(name).dmap")
        let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent("\(name).tests.csv")))
        return (map, try GoldenSuite(map: map).run(bytes, file: "\(name).tests.csv"))
    }

    func testEveryExampleHasAtLeastThirtyFullySpecifiedGoldenCasesAndAllPass() throws {
        for name in Self.examples {
            let (_, run) = try run(name)
            XCTAssertGreaterThanOrEqual(run.cases.count, 30, name)
            XCTAssertEqual(run.failed, 0, "\(name): " + run.cases.filter { !$0.passed }.map(\.id).joined(separator: ", "))
            XCTAssertEqual(run.warnings, [], name)
            for c in run.cases {
                XCTAssertFalse(c.expectedOutcome?.isEmpty ?? true, "\(name) \(c.id)")
                XCTAssertFalse(c.expectedSegment?.isEmpty ?? true, "\(name) \(c.id)")
                XCTAssertNotNil(c.note, "\(name) \(c.id): say why the case is there")
            }
            XCTAssertEqual(Set(run.cases.map(\.id)).count, run.cases.count, "\(name): ids are unique")
        }
    }

    func testGoldenCasesReachEverySegmentEscalationPolicyAndRule() throws {
        for name in Self.examples {
            let (_, run) = try run(name)
            for segment in run.report.segments where segment.name != nil {
                XCTAssertGreaterThan(segment.cases, 0, "\(name): no golden case in segment `\(segment.name!)`")
            }
            let exceptions = Self.unreachable[name] ?? [:]
            for line in run.report.coverage {
                let what = "\(line.kind): \(line.label)"
                if exceptions[what] != nil {
                    XCTAssertEqual(line.cases, 0, "\(name): `\(what)` (line \(line.line)) is reachable after all: add a golden case")
                } else {
                    XCTAssertGreaterThan(line.cases, 0, "\(name): no golden case decided by \(what) (line \(line.line))")
                }
            }
            XCTAssertEqual(Set(exceptions.keys).subtracting(run.report.coverage.map { "\($0.kind): \($0.label)" }), [], name)
        }
    }

    func testGoldenCasesTestEveryThresholdJustBelowAndExactlyAtItsValue() throws {
        for name in Self.examples {
            let (map, run) = try run(name)
            let model = map.model
            let column = model.fields[try XCTUnwrap(model.confidenceField)].column
            for (t, threshold) in model.thresholds.enumerated() {
                let segments = Set(model.segments.indices.filter { model.threshold(forSegment: $0) == t }.map { model.segments[$0].name })
                let inScope = run.cases.filter { $0.actual.segment.map(segments.contains) ?? false }
                func confidence(_ c: GoldenCase) -> Double? { c.cells.first { $0.column == column }.flatMap { Double($0.value) } }
                let line = model.line(threshold.range)
                XCTAssertTrue(inScope.contains { confidence($0) == threshold.below && $0.actual.outcome != .review },
                              "\(name): no case exactly at the threshold on line \(line)")
                XCTAssertTrue(inScope.contains { (confidence($0) ?? 1) < threshold.below && $0.actual.outcome == .review },
                              "\(name): no case just below the threshold on line \(line)")
            }
        }
    }

    func testTheIncompleteExampleRecordsItsGapsAsNoRoute() throws {
        let (_, run) = try run("customer-triage")
        let gaps = run.cases.filter { $0.expectedOutcome == "gap" }
        XCTAssertTrue(gaps.allSatisfy { $0.expectedRoute == GoldenFile.none }, "a gap has no route: `-`")
        XCTAssertEqual(Set(gaps.compactMap(\.actual.gap)), [.noRule, .missingData])
    }
}
