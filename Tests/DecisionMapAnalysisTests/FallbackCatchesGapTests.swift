import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class FallbackCatchesGapTests: XCTestCase {
    func testGapsTheFallbackCatchesAreWarningsWithWitnessesThatStillReportTheGap() throws {
        let text = cleanMap.with("  otherwise                                  -> team\n", "") + "fallback -> team\n"
        let report = lint(text)
        XCTAssertEqual(report.findings("no-rule-gap").count, 0)
        let finding = try XCTUnwrap(report.findings("fallback-catches-gap").first)
        XCTAssertEqual(report.findings("fallback-catches-gap").count, 1, "one for the table the cases fall through, listing both segments")
        XCTAssertEqual(finding.severity, .warning)
        XCTAssertEqual(finding.gap, .noRule)
        XCTAssertEqual(finding.diagnostic.message, "the fallback catches cases in segments `critical` and `standard` that no rule decides")
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
