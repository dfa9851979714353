import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class CleanMapTests: XCTestCase {
    func testTheBaseMapOfTheRuleTestsHasNoFindings() {
        let report = lint(cleanMap)
        XCTAssertEqual(report.ids, [])
        XCTAssertEqual(report.analysis?.exact, true)
    }

    func testEveryCatalogueRuleHasAStableKebabCaseIDAndADescription() {
        let ids = Linter.catalogue.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "ids are unique")
        for rule in Linter.catalogue {
            XCTAssertTrue(rule.id.allSatisfy { $0.isLowercase || $0 == "-" }, rule.id)
            XCTAssertFalse(rule.summary.isEmpty, rule.id)
            XCTAssertFalse(rule.rationale.isEmpty, rule.id)
        }
        XCTAssertEqual(ids, [
            "no-rule-gap", "rule-conflict", "no-segment-gap", "missing-data-gap", "fallback-catches-gap", "dead-rule",
            "unused-segment", "high-risk-automated", "unescalated-high-risk", "no-confidence-threshold", "threshold-inversion",
            "unanswered-ownership", "route-without-owner", "route-without-sla", "unused-route", "unused-condition",
            "missing-data-policy", "approximated-analysis", "lint-directive",
        ])
    }

    func testAMapWithErrorsIsNotAnalysedAndReportsItsErrors() {
        let report = Linter.lint(SourceFile(name: "bad.dmap", text: cleanMap.with("-> auto", "-> autoo")))
        XCTAssertFalse(report.compiled)
        XCTAssertNil(report.analysis)
        XCTAssertEqual(report.active.map(\.id), ["undefined-name"])
        XCTAssertTrue(report.fails(at: .error))
    }

    func testCheckerWarningsAreReportedToo() {
        let report = lint(cleanMap.with("amount < 500", "amount < 50000"))
        XCTAssertEqual(report.ids, ["value-out-of-range"])
    }
}
