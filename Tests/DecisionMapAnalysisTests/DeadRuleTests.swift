import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class DeadRuleTests: XCTestCase {
    func testARuleShadowedByAnEarlierRuleIsReportedWithTheEarlierRule() throws {
        let text = cleanMap.with("  when category is billing and amount < 500  -> auto\n",
                                 "  when category is billing -> team\n  when category is billing and amount < 500  -> auto\n")
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("dead-rule").first)
        XCTAssertEqual(finding.severity, .warning)
        XCTAssertEqual(finding.diagnostic.message, "rule can never fire: earlier rules of `route` decide every case it matches")
        XCTAssertEqual(report.line(finding), 29)
        XCTAssertEqual(finding.diagnostic.notes.compactMap { $0.range.map { report.source.line(of: $0.start) } }, [28])
    }

    func testAContradictoryConditionIsReportedAsNeverHolding() throws {
        let text = cleanMap.with("amount < 500", "amount < 500 and amount > 600")
        let finding = try XCTUnwrap(lint(text).findings("dead-rule").first)
        XCTAssertEqual(finding.diagnostic.message, "rule can never fire: its condition can never hold")
    }

    func testRulesInTheRightOrderAllFire() {
        let text = cleanMap.with("  when category is billing and amount < 500  -> auto\n",
                                 "  when category is billing and amount < 500  -> auto\n  when category is billing -> team\n")
        XCTAssertEqual(lint(text).ids, [])
    }

    func testARuleThatHoldsOnlyWhenAnotherRuleCannotBeDecidedIsReported() throws {
        let text = cleanMap.with("""
            decide route (first)
              when category is billing and amount < 500  -> auto
              otherwise                                  -> team
            """, """
            decide route (unique)
              when amount < 100                              -> auto
              when amount >= 100                             -> team
              when amount is missing and category is billing -> team
              when amount is missing and category is not billing -> team
            """).with("missing\n  otherwise -> team\n", "missing\n  otherwise -> auto\n")
        let report = lint(text)
        XCTAssertEqual(report.findings("dead-rule").map(\.diagnostic.message), [
            "rule can never fire: whenever it holds, another rule of `route` cannot be decided or the case is decided before",
            "rule can never fire: whenever it holds, another rule of `route` cannot be decided or the case is decided before",
        ])
    }

    func testEveryRuleOfAnAnyTableThatHoldsWithTheChosenRouteFires() {
        // `vip` decides nothing alone: wherever it holds, the rule above it holds too and names
        // the same route. It still fires (under `any`, every rule that holds with the chosen route
        // does), so it is not dead.
        let text = cleanMap.with("""
            decide route (first)
              when category is billing and amount < 500  -> auto
              otherwise                                  -> team
            """, """
            decide route (any)
              when category is billing and amount < 500     -> auto
              when category is not billing or amount >= 500 -> team
              when vip                                      -> team
            """)
        XCTAssertEqual(lint(text).findings("dead-rule").count, 0)
        let dead = text.with("when vip                                      -> team", "when vip and amount > 900 and amount < 100 -> team")
        XCTAssertEqual(lint(dead).findings("dead-rule").map(\.diagnostic.message), ["rule can never fire: its condition can never hold"])
    }

    func testAnEscalationEarlierStepsAlwaysPreemptIsReported() throws {
        let text = cleanMap.with("to boss when segment is critical and amount >= 1000",
                                 "to boss when segment is standard and category is fraud")
        let finding = try XCTUnwrap(lint(text).findings("dead-rule").first)
        XCTAssertTrue(finding.diagnostic.message.hasPrefix("the escalation to `boss` can never apply"), finding.diagnostic.message)
    }

    func testATableNoCaseReachesIsReportedOnce() throws {
        let text = cleanMap + "decide late (first)\n  when vip -> team\n"
        let report = lint(text)
        XCTAssertEqual(report.findings("dead-rule").map(\.diagnostic.message),
                       ["table `late` is never consulted: earlier steps decide every case"])
    }

    func testRulesThatAlwaysConflictAreReportedWithTheRuleTheyConflictWith() throws {
        let text = cleanMap.with("""
            decide route (first)
              when category is billing and amount < 500  -> auto
              otherwise                                  -> team
            """, """
            decide route (unique)
              when category is billing  -> auto
              when category is billing and vip  -> team
              when category is not billing -> team
            """)
        let report = lint(text)
        let finding = try XCTUnwrap(report.findings("dead-rule").first)
        XCTAssertEqual(finding.diagnostic.message, "rule can never fire: every case it matches also matches another rule of `route`")
        XCTAssertEqual(report.line(finding), 29)
    }
}
