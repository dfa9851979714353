import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class UnusedConditionTests: XCTestCase {
    func testANamedConditionNothingUsesIsReportedAsANote() throws {
        let report = lint(cleanMap.with("segments\n", "conditions\n  large when amount >= 1000\nsegments\n"))
        let finding = try XCTUnwrap(report.findings("unused-condition").first)
        XCTAssertEqual(finding.diagnostic.message, "condition `large` is never used")
        XCTAssertEqual(finding.severity, .note)
        XCTAssertFalse(report.fails(at: .warning))
    }

    func testAConditionUsedByAnotherConditionIsUsed() {
        let text = cleanMap.with("segments\n", "conditions\n  large when amount >= 1000\n  large_fraud when large and category is fraud\nsegments\n")
            .with("segment is critical and amount >= 1000", "segment is critical and large_fraud")
        XCTAssertEqual(lint(text).ids, [])
    }
}
