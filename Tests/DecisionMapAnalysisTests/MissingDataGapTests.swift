import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class MissingDataGapTests: XCTestCase {
    let noPolicy = cleanMap.with("missing\n  otherwise -> team\n", "")

    func testAStepThatNeedsAMissingFieldWithoutPolicyIsReportedAtTheStep() throws {
        let report = lint(noPolicy)
        let findings = report.findings("missing-data-gap")
        XCTAssertEqual(findings.count, 2, "the escalation and the rule")
        let rule = try XCTUnwrap(findings.first { $0.diagnostic.message.hasPrefix("table") })
        XCTAssertEqual(rule.diagnostic.message,
                       "table `route` cannot be decided when `amount` is missing, and `amount` has no missing-data policy")
        XCTAssertEqual(rule.gap, .missingData)
        XCTAssertEqual(rule.region, "category is billing, confidence >= 0.7, amount is missing")
        XCTAssertEqual(rule.witness?["amount"], .null)
        let routed = try XCTUnwrap(route(rule.witness, through: noPolicy))
        XCTAssertEqual(routed.gap, .missingData)
        XCTAssertEqual(routed.field, "amount")
        let escalation = try XCTUnwrap(findings.first { $0.diagnostic.message.hasPrefix("the escalation") })
        XCTAssertEqual(try route(escalation.witness, through: noPolicy)?.gap, .missingData)
    }

    func testAPolicyForTheFieldClosesTheGap() {
        XCTAssertEqual(lint(noPolicy + "missing\n  amount -> team\n").findings("missing-data-gap").count, 0)
    }

    func testAGuardedTestNeverNeedsTheMissingField() {
        let guarded = noPolicy
            .with("amount >= 1000", "amount is present and amount >= 1000")
            .with("amount < 500", "amount is present and amount < 500")
        XCTAssertEqual(lint(guarded).ids, [])
    }
}
