import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class UnescalatedHighRiskTests: XCTestCase {
    let withoutEscalation = cleanMap.with("escalate\n  to boss when segment is critical and amount >= 1000   because \"large fraud\"\n", "")
        .with("  boss  escalation \"Boss\"  sla 30m   owner \"Head of Operations\"\n", "")

    func testAHighRiskSegmentThatNoEscalationCanReachIsReported() throws {
        let report = lint(withoutEscalation)
        let finding = try XCTUnwrap(report.findings("unescalated-high-risk").first)
        XCTAssertEqual(finding.diagnostic.message, "high-risk segment `critical` has no mandatory escalation: none can fire for its cases")
        XCTAssertEqual(report.line(finding), 14)
        // Every case of the segment goes to a team: mandatory review, so no automation finding.
        XCTAssertEqual(report.ids, ["unescalated-high-risk"])
    }

    func testAnEscalationThatCanFireInTheSegmentIsEnough() {
        XCTAssertEqual(lint(cleanMap).findings("unescalated-high-risk").count, 0)
    }

    func testAnEscalationThatCanNeverFireInTheSegmentIsNot() {
        // The condition holds only outside the segment.
        let text = cleanMap.with("to boss when segment is critical and amount >= 1000", "to boss when segment is standard and amount >= 1000")
        XCTAssertEqual(lint(text).findings("unescalated-high-risk").count, 1)
    }
}
