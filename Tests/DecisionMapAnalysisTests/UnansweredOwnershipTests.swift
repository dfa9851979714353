import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class UnansweredOwnershipTests: XCTestCase {
    func testEachUnansweredQuestionIsReportedAtTheHeader() throws {
        let text = cleanMap.with("  roles     \"Operations Director\"\n", "").with("  quality   \"Quality Lead\"\n", "")
        let report = lint(text)
        XCTAssertEqual(report.findings("unanswered-ownership").map(\.diagnostic.message), [
            "no one is named for who measures outcome quality (`quality`)",
            "no one is named for who redesigns the roles (`roles`)",
        ])
        XCTAssertEqual(report.findings("unanswered-ownership").map(report.line), [1, 1])
    }

    func testAllFiveAnsweredPasses() {
        XCTAssertEqual(lint(cleanMap).findings("unanswered-ownership").count, 0)
    }
}
