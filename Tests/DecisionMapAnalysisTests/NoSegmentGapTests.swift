import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class NoSegmentGapTests: XCTestCase {
    func testCasesNoSegmentHoldsForAreReportedWithAWitness() throws {
        let text = cleanMap.with("standard  risk low   otherwise", "standard  risk low   when category is billing")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("no-segment-gap").first)
        XCTAssertEqual(finding.severity, .error)
        XCTAssertEqual(finding.gap, .noSegment)
        XCTAssertEqual(finding.region, "category is other, confidence any, amount any")
        XCTAssertEqual(report.source.lineText(report.line(finding)).trimmingCharacters(in: .whitespaces),
                       "standard  risk low   when category is billing")
        XCTAssertEqual(try route(finding.witness, through: text)?.gap, .noSegment)
    }

    func testACatchAllSegmentLeavesNoGap() {
        XCTAssertEqual(lint(cleanMap).findings("no-segment-gap").count, 0)
    }
}
