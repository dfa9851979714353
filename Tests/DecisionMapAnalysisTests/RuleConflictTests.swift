import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class RuleConflictTests: XCTestCase {
    let overlapping = cleanMap.with("""
        decide route (first)
          when category is billing and amount < 500  -> auto
          otherwise                                  -> team
        """, """
        decide route (unique)
          when category is billing   -> auto
          when amount >= 100         -> team
          when category is not billing and amount < 100  -> team
          when amount is missing and category is not billing -> team
        """)

    func testTwoRulesOfAUniqueTableThatBothHoldAreReportedWithBothLocations() throws {
        let report = lint(overlapping)
        let finding = try XCTUnwrap(report.findings("rule-conflict").first)
        XCTAssertEqual(report.findings("rule-conflict").count, 1)
        XCTAssertEqual(finding.severity, .error)
        XCTAssertEqual(finding.gap, .conflict)
        XCTAssertTrue(finding.diagnostic.message.hasPrefix("rules at lines 28 and 29 of `route` both hold for some cases"), finding.diagnostic.message)
        XCTAssertEqual(report.line(finding), 29)
        XCTAssertEqual(finding.diagnostic.notes.first.flatMap { $0.range.map { report.source.line(of: $0.start) } }, 28)
        XCTAssertEqual(finding.region, "category is billing, confidence >= 0.7, amount >= 100")
        XCTAssertEqual(try route(finding.witness, through: overlapping)?.gap, .conflict)
    }

    func testUnderAnyRulesNamingTheSameRouteDoNotConflict() {
        let same = overlapping.with("(unique)", "(any)").with("billing   -> auto", "billing   -> team")
        XCTAssertEqual(lint(same).findings("rule-conflict").count, 0)
        let different = overlapping.with("(unique)", "(any)")
        XCTAssertEqual(lint(different).findings("rule-conflict").count, 1)
    }

    func testExclusiveRulesDoNotConflict() {
        let exclusive = overlapping.with("when amount >= 100         -> team", "when category is not billing and amount >= 100 -> team")
            .with("  when amount is missing and category is not billing -> team\n", "")
        XCTAssertEqual(lint(exclusive).ids, [])
    }
}
