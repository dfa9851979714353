import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class NoRuleGapTests: XCTestCase {
    let gappy = cleanMap.with("  otherwise                                  -> team\n", "  when category is fraud -> team\n")

    func testCasesNoRuleDecidesAreReportedPerSegmentWithRegionAndWitness() throws {
        let report = lint(gappy)
        let findings = report.findings("no-rule-gap")
        XCTAssertEqual(findings.count, 1)
        let finding = try XCTUnwrap(findings.first)
        XCTAssertEqual(finding.severity, .error)
        XCTAssertEqual(finding.diagnostic.message, "no decision rule holds for some cases in segment `standard`")
        XCTAssertEqual(report.line(finding), report.source.lineText(report.line(finding)) == "decide route (first)" ? report.line(finding) : -1)
        XCTAssertEqual(finding.gap, .noRule)
        XCTAssertEqual(finding.region, "category is billing, confidence >= 0.7, amount >= 500; or category is other, confidence >= 0.7, amount any")
        let routed = try XCTUnwrap(route(finding.witness, through: gappy))
        XCTAssertEqual(routed.gap, .noRule)
        XCTAssertEqual(routed.segment, "standard")
        XCTAssertTrue(report.fails(at: .error))
    }

    func testATableEndingWithOtherwiseLeavesNoGap() {
        XCTAssertEqual(lint(cleanMap).findings("no-rule-gap").count, 0)
    }

    func testASegmentNoTableAppliesToIsReportedAtTheSegment() throws {
        let text = cleanMap.with("decide route (first)", "decide route (first) in critical")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("no-rule-gap").first)
        XCTAssertEqual(finding.diagnostic.message, "no decision table applies to segment `standard`")
        XCTAssertEqual(report.source.lineText(report.line(finding)).trimmingCharacters(in: .whitespaces), "standard  risk low   otherwise")
        XCTAssertEqual(try route(finding.witness, through: text)?.gap, .noRule)
    }

    func testGapsLeftByARuleThatIsUnknownAreMissingDataNotNoRule() {
        // `amount < 500` is unknown when the amount is missing: that is the missing-data policy's
        // business, and the map has one.
        let report = lint(gappy)
        XCTAssertFalse(report.findings("no-rule-gap").contains { $0.region?.contains("billing") == true && $0.region?.contains("missing") == true })
    }
}
