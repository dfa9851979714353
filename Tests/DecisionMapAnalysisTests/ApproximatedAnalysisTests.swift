import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class ApproximatedAnalysisTests: XCTestCase {
    func testHugeIntegersMakeTheAnalysisApproximateAndTheMessageSaysWhatMayBeMissing() throws {
        let text = cleanMap.with("  vip         boolean\n", "  vip         boolean\n  visits      integer 0..\n")
            .with("  otherwise                                  -> team\n", "  when visits > 9007199254740993  -> team\n")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("approximated-analysis").first)
        XCTAssertEqual(finding.diagnostic.message, "the analysis is approximate: `visits` is compared with whole numbers beyond 2^52, "
            + "which are treated as equal to their neighbours; " + ApproximatedAnalysis.missing)
        XCTAssertEqual(report.analysis?.exact, false)
        XCTAssertEqual(LintOutput.json([report])["exact"], false)
        // The gaps it found are still proven: each has a witness the router confirms.
        for gap in report.findings("no-rule-gap") { XCTAssertEqual(try XCTUnwrap(route(gap.witness, through: text)).gap, .noRule) }
    }

    func testTwentySubstringsOfOneAnotherStayExactAndEveryWitnessReproduces() throws {
        // `refund`, `refund request`, `fund`, ...: substrings of one another, tested in both orders.
        let words = ["refund", "fund", "refund request", "request", "invoice", "voice", "late", "plate", "outage", "age",
                     "urgent", "gent", "cancel", "can", "fraud", "raud", "vip", "ip", "legal", "gal"]
        var rules = ""
        for (i, word) in words.enumerated() {
            rules += "  when subject contains \"\(word)\"\(i % 3 == 0 ? " and not subject contains \"\(words[(i + 1) % words.count])\"" : "")"
                + "  -> \(i % 2 == 0 ? "auto" : "team")\n"
        }
        let text = cleanMap.with("  vip         boolean\n", "  vip         boolean\n  subject     text   optional\n")
            .with("  when category is billing and amount < 500  -> auto\n  otherwise                                  -> team\n", rules)
            .with("  otherwise -> team\n", "  otherwise -> team\n  subject -> team\n")
        let report = lint(text)
        XCTAssertEqual(report.analysis?.exact, true)
        XCTAssertEqual(report.findings("approximated-analysis").count, 0)
        let gap = try XCTUnwrap(report.findings("no-rule-gap").first)
        XCTAssertEqual(try XCTUnwrap(route(gap.witness, through: text)).gap, .noRule, "\(gap.witness!)")
        XCTAssertTrue(gap.region?.contains("subject contains none of") == true, gap.region ?? "")
    }

    func testSubstringsThatUseEverySeparatorMakeTheTextApproximate() throws {
        let tests = TextSpace.separators.map { "subject contains \"\($0)\"" }.joined(separator: " or ")
        let text = cleanMap.with("  vip         boolean\n", "  vip         boolean\n  subject     text   optional\n")
            .with("when category is billing and amount < 500", "when category is billing and (\(tests))")
        let finding = try XCTUnwrap(lint(text).findings("approximated-analysis").first)
        XCTAssertTrue(finding.diagnostic.message.hasPrefix("the analysis is approximate: `subject` is tested with substrings"), finding.diagnostic.message)
    }

    func testAnAnalysisThatRunsOutOfBudgetSaysSoAndClaimsNothingDead() throws {
        let text = cleanMap + "decide late (first)\n  when vip -> team\n"
        let report = lint(text, options: LintOptions(analysisBudget: 3))
        let finding = try XCTUnwrap(report.findings("approximated-analysis").first)
        XCTAssertEqual(finding.diagnostic.message, "the analysis stopped after 3 regions; " + ApproximatedAnalysis.missing)
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
