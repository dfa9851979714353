import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class ThresholdInversionTests: XCTestCase {
    func testAHigherRiskSegmentWithALowerThresholdIsReportedAtItsThreshold() throws {
        let text = cleanMap.with("in critical  below 0.9", "in critical  below 0.6")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("threshold-inversion").first)
        XCTAssertEqual(finding.diagnostic.message,
                       "segment `critical` (risk high) is decided from confidence 0.6, less strict than `standard` (risk low) at 0.7")
        XCTAssertEqual(report.line(finding), 23)
        XCTAssertEqual(finding.diagnostic.notes.first?.range.map { report.source.line(of: $0.start) }, 24)
    }

    func testAHigherRiskSegmentWithNoThresholdAtAllIsReported() throws {
        let text = cleanMap.with("  in critical  below 0.9 -> team\n  otherwise    below 0.7 -> team\n", "  in standard  below 0.7 -> team\n")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("threshold-inversion").first)
        XCTAssertEqual(finding.diagnostic.message,
                       "segment `critical` (risk high) has no confidence threshold, while `standard` (risk low) has 0.7")
        XCTAssertEqual(report.line(finding), 14)
    }

    func testThresholdsThatRiseWithRiskPass() {
        XCTAssertEqual(lint(cleanMap).findings("threshold-inversion").count, 0)
        XCTAssertEqual(lint(cleanMap.with("in critical  below 0.9", "in critical  below 0.7")).findings("threshold-inversion").count, 0)
    }
}
