import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class UnusedSegmentTests: XCTestCase {
    func testASegmentEarlierSegmentsEmptyIsReported() throws {
        let text = cleanMap.with("  standard  risk low   otherwise", "  more_fraud risk high when category is fraud and vip\n  standard  risk low   otherwise")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("unused-segment").first)
        XCTAssertEqual(finding.diagnostic.message, "segment `more_fraud` can never hold: earlier segments take every case it describes")
        XCTAssertEqual(report.line(finding), 15)
    }

    func testASegmentWithAContradictoryConditionIsReported() throws {
        let text = cleanMap.with("  standard  risk low   otherwise", "  never risk low when amount > 5 and amount < 2\n  standard  risk low   otherwise")
        let finding = try XCTUnwrap(lint(text).findings("unused-segment").first)
        XCTAssertEqual(finding.diagnostic.message, "segment `never` can never hold: its condition can never hold")
    }

    func testEverySegmentOfTheBaseMapHoldsForSomeCase() {
        XCTAssertEqual(lint(cleanMap).findings("unused-segment").count, 0)
    }
}
