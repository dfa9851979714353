import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class ApproximatedAnalysisTests: XCTestCase {
    func testManyContainsSubstringsMakeTheAnalysisApproximateAndSaySo() throws {
        let tests = (0..<9).map { "subject contains \"w\($0)\"" }.joined(separator: " or ")
        let text = cleanMap.with("  vip         boolean\n", "  vip         boolean\n  subject     text   optional\n")
            .with("when category is billing and amount < 500", "when category is billing and (\(tests))")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("approximated-analysis").first)
        XCTAssertTrue(finding.diagnostic.message.hasPrefix("the analysis is approximate: `subject`"), finding.diagnostic.message)
        XCTAssertEqual(report.analysis?.exact, false)
    }

    func testAnAnalysisThatRunsOutOfBudgetSaysSoAndClaimsNothingDead() throws {
        let text = cleanMap + "decide late (first)\n  when vip -> team\n"
        let report = lint(text, options: LintOptions(analysisBudget: 3))
        let finding = try XCTUnwrap(report.findings("approximated-analysis").first)
        XCTAssertEqual(finding.diagnostic.message, "the analysis stopped after 3 regions; gaps and dead rules beyond them may be missed")
        XCTAssertEqual(report.findings("dead-rule").count, 0)
        XCTAssertEqual(lint(text).findings("dead-rule").count, 1)
    }

    func testTextEqualityAndAFewSubstringsAreExact() {
        let text = cleanMap.with("  vip         boolean\n", "  vip         boolean\n  subject     text   optional\n")
            .with("when category is billing and amount < 500", "when category is billing and (subject contains \"refund\" or subject is \"invoice\")")
        let report = lint(text)
        XCTAssertEqual(report.findings("approximated-analysis").count, 0)
        XCTAssertEqual(report.analysis?.exact, true)
    }
}
