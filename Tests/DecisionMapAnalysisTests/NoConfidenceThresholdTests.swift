import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class NoConfidenceThresholdTests: XCTestCase {
    func testSegmentsDecidingWithModelOutputButNoThresholdAreReported() throws {
        let text = cleanMap.with("  otherwise    below 0.7 -> team\n", "")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("no-confidence-threshold").first)
        XCTAssertEqual(report.findings("no-confidence-threshold").count, 1)
        XCTAssertEqual(finding.diagnostic.message,
                       "segment `standard` decides with model output (`category`) but has no confidence threshold")
        XCTAssertEqual(report.line(finding), 15)
    }

    func testAMapWithoutAnUncertaintySectionReportsEverySegmentThatUsesTheModel() {
        let text = cleanMap.with("uncertainty using confidence\n  in critical  below 0.9 -> team\n  otherwise    below 0.7 -> team\n", "")
        XCTAssertEqual(lint(text).findings("no-confidence-threshold").count, 2)
    }

    func testSegmentsWhoseRulesUseOnlyFactsNeedNoThreshold() {
        let text = cleanMap.with("  otherwise    below 0.7 -> team\n", "").with("when category is billing and amount < 500", "when amount < 500")
        XCTAssertEqual(lint(text).findings("no-confidence-threshold").count, 0)
    }
}
