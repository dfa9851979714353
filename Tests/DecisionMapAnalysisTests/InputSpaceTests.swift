import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

/// The typed input space: atoms, sample values, domains without valid values.
final class InputSpaceTests: XCTestCase {
    func testUnboundedNumbersGetWitnessesOnBothSides() throws {
        let text = cleanMap.with("  vip         boolean\n", "  vip         boolean\n  balance     number\n  visits      integer ..10\n")
            .with("  when category is billing and amount < 500  -> auto\n",
                  "  when category is billing and amount < 500  -> auto\n  when balance > -3.5 and balance < 7 -> auto\n  when visits <= -2 -> team\n")
            .with("  otherwise                                  -> team\n", "")
        let report = lint(text)
        let findings = report.findings("no-rule-gap")
        XCTAssertFalse(findings.isEmpty)
        for finding in findings {
            let routed = try XCTUnwrap(route(finding.witness, through: text))
            XCTAssertEqual(routed.gap, .noRule, "\(finding.witness!)")
        }
        XCTAssertTrue(findings.contains { $0.region?.contains("balance <= -3.5") == true || $0.region?.contains("balance >= 7") == true },
                      findings.compactMap(\.region).joined(separator: "\n"))
    }

    func testIntegerComparisonsWithFractionsSnapToWholeNumbers() {
        let text = cleanMap.with("  vip         boolean\n", "  vip         boolean\n  visits      integer 0..10\n")
            .with("  when category is billing and amount < 500  -> auto\n  otherwise                                  -> team\n",
                  "  when visits <= 2.5 -> auto\n  when visits >= 3 -> team\n")
        // No gap between 2.5 and 3; the fraud cases with few visits are automated, which is right to say.
        XCTAssertEqual(lint(text).ids, ["high-risk-automated"])
    }

    func testAFieldWithNoValidValueMakesTheAnalysisSaySo() throws {
        let text = cleanMap.with("  vip         boolean\n", "  vip         boolean\n  odd         integer 0.2..0.8\n")
        let report = lint(text)
        XCTAssertEqual(report.ids, ["approximated-analysis"])
        XCTAssertTrue(report.active[0].diagnostic.message.contains("`odd` has no valid value"), report.active[0].diagnostic.message)
    }

    func testNiceNumbersAreRoundAndInside() {
        XCTAssertEqual(niceNumber(500, false, 10000, false, integer: false), 1000)
        XCTAssertEqual(niceNumber(0.5, false, 0.7, false, integer: false), 0.6)
        XCTAssertEqual(niceNumber(500, true, 10000, false, integer: false), 500)
        let below = niceNumber(-.infinity, false, -3, false, integer: false)
        XCTAssertTrue(below < -3 && below == below.rounded(), "\(below)")
        XCTAssertEqual(niceNumber(-1, true, 1, true, integer: false), 0)
        let tiny = niceNumber(0.1, false, 0.1.nextUp.nextUp, false, integer: false)
        XCTAssertTrue(tiny > 0.1 && tiny < 0.1.nextUp.nextUp)
    }
}
