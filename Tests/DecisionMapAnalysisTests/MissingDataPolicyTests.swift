import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class MissingDataPolicyTests: XCTestCase {
    func testAnOptionalFieldAStepNeedsWithoutPolicyIsReportedAtItsDeclaration() throws {
        let report = lint(cleanMap.with("missing\n  otherwise -> team\n", ""))
        let finding = try XCTUnwrap(report.findings("missing-data-policy").first)
        XCTAssertEqual(finding.diagnostic.message, "optional field `amount` has no missing-data policy, but some steps need it")
        XCTAssertEqual(report.line(finding), 11)
    }

    func testAGuardedOptionalFieldNeedsNoPolicy() {
        let text = cleanMap.with("missing\n  otherwise -> team\n", "")
            .with("amount >= 1000", "amount is present and amount >= 1000")
            .with("amount < 500", "amount is present and amount < 500")
        XCTAssertEqual(lint(text).findings("missing-data-policy").count, 0)
    }
}
