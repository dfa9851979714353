import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class UnescalatedHighRiskTests: XCTestCase {
    let automatedFraud = cleanMap.with("  otherwise                                  -> team\n",
                                       "  when category is fraud and amount < 100 -> auto\n  otherwise                                  -> team\n")

    func testAHighRiskSegmentWithoutEscalationThatAutomationCanFinishIsReported() throws {
        let text = automatedFraud.with("escalate\n  to boss when segment is critical and amount >= 1000   because \"large fraud\"\n", "")
            .with("  boss  escalation \"Boss\"  sla 30m   owner \"Head of Operations\"\n", "")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("unescalated-high-risk").first)
        XCTAssertEqual(finding.diagnostic.message,
                       "high-risk segment `critical` has no mandatory escalation, and some of its cases are finished by an automated route")
        XCTAssertEqual(report.line(finding), 14)
    }

    func testAnEscalationThatCanFireInTheSegmentIsEnough() {
        XCTAssertEqual(lint(automatedFraud).findings("unescalated-high-risk").count, 0)
    }

    func testRoutingEveryCaseToPeopleIsMandatoryReview() {
        let text = cleanMap.with("escalate\n  to boss when segment is critical and amount >= 1000   because \"large fraud\"\n", "")
            .with("  boss  escalation \"Boss\"  sla 30m   owner \"Head of Operations\"\n", "")
        XCTAssertEqual(lint(text).ids, [])
    }
}
