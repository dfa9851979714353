import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class FallbackCatchesGapTests: XCTestCase {
    func testGapsTheFallbackCatchesAreWarningsWithWitnessesThatStillReportTheGap() throws {
        let text = cleanMap.with("  otherwise                                  -> team\n", "") + "fallback -> team\n"
        let report = lint(text)
        XCTAssertEqual(report.findings("no-rule-gap").count, 0)
        let finding = try XCTUnwrap(report.findings("fallback-catches-gap").first)
        XCTAssertEqual(report.findings("fallback-catches-gap").count, 2, "one per segment")
        XCTAssertEqual(finding.severity, .warning)
        XCTAssertEqual(finding.gap, .noRule)
        XCTAssertTrue(finding.diagnostic.message.hasPrefix("the fallback catches cases in segment"), finding.diagnostic.message)
        let routed = try XCTUnwrap(route(finding.witness, through: text))
        XCTAssertEqual(routed.outcome, .fallback)
        XCTAssertEqual(routed.gap, .noRule)
        XCTAssertFalse(report.fails(at: .error))
        XCTAssertTrue(report.fails(at: .warning))
    }

    func testAFallbackThatCatchesNothingIsFine() {
        XCTAssertEqual(lint(cleanMap + "fallback -> team\n").ids, [])
    }
}
