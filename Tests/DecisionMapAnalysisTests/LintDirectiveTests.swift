import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

/// Silencing findings with `# lint: allow`, and the `lint-directive` rule.
final class LintDirectiveTests: XCTestCase {
    let ownerless = cleanMap.with("sla 4h    owner \"Team Lead\"", "sla 4h")

    func testADirectiveAboveTheItemSilencesTheFindingAndKeepsTheReason() throws {
        let text = ownerless.with("  team  team", "  # lint: allow route-without-owner because \"owner is being hired, OPS-118\"\n  team  team")
        let report = lint(text)
        XCTAssertEqual(report.ids, [])
        let silenced = try XCTUnwrap(report.suppressed.first)
        XCTAssertEqual(silenced.id, "route-without-owner")
        XCTAssertEqual(silenced.suppression, "owner is being hired, OPS-118")
        XCTAssertFalse(report.fails(at: .note))
    }

    func testADirectiveAtTheEndOfTheLineSilencesItsFindings() {
        let text = ownerless.with("  team  team \"Team\"        sla 4h", "  team  team \"Team\"        sla 4h  # lint: allow route-without-owner because \"interim\"")
        XCTAssertEqual(lint(text).ids, [])
    }

    func testCommentsAndDescriptionsMayStandBetweenTheDirectiveAndTheItem() {
        let text = ownerless.with("  team  team", "  # lint: allow route-without-owner because \"interim\"\n  # more words\n  ## The team.\n  team  team")
        XCTAssertEqual(lint(text).ids, [])
    }

    func testADirectiveWithoutAReasonSilencesNothingAndIsReported() throws {
        let text = ownerless.with("  team  team", "  # lint: allow route-without-owner\n  team  team")
        let report = lint(text)
        XCTAssertEqual(report.ids, ["lint-directive", "route-without-owner"])
        XCTAssertEqual(report.findings("lint-directive").first?.diagnostic.message,
                       "`lint: allow` needs a reason, so the accepted risk is on record")
    }

    func testAnUnknownRuleIsReportedWithASuggestion() throws {
        let text = ownerless.with("  team  team", "  # lint: allow route-without-ownr because \"x\"\n  team  team")
        let finding = try XCTUnwrap(lint(text).findings("lint-directive").first)
        XCTAssertEqual(finding.diagnostic.message, "unknown lint rule `route-without-ownr`")
        XCTAssertEqual(finding.diagnostic.help, "did you mean `route-without-owner`?")
        // Three edits from both `route-without-owner` and `route-without-sla`: the first in
        // alphabetical order, not the first a set of rule ids happened to hold.
        let tie = ownerless.with("  team  team", "  # lint: allow route-without-ow because \"x\"\n  team  team")
        XCTAssertEqual(lint(tie).findings("lint-directive").first?.diagnostic.help, "did you mean `route-without-owner`?")
    }

    func testADirectiveThatSilencesNothingIsReported() throws {
        let text = cleanMap.with("  team  team", "  # lint: allow route-without-owner because \"interim\"\n  team  team")
        let finding = try XCTUnwrap(lint(text).findings("lint-directive").first)
        XCTAssertEqual(finding.diagnostic.message, "`lint: allow route-without-owner` silences nothing on line 19")
    }

    func testOneDirectiveMaySilenceSeveralRules() {
        let text = ownerless.with("team  team \"Team\"        sla 4h", "team  team \"Team\"")
            .with("  team  team", "  # lint: allow route-without-owner, route-without-sla because \"pilot team\"\n  team  team")
        let report = lint(text)
        XCTAssertEqual(report.ids, [])
        XCTAssertEqual(report.suppressed.map(\.id).sorted(), ["route-without-owner", "route-without-sla"])
    }

    func testCoverageFindingsAreSilencedAboveTheTable() {
        let text = cleanMap.with("  otherwise                                  -> team\n", "")
            .with("decide route (first)", "# lint: allow no-rule-gap because \"other cases are out of scope for the pilot\"\ndecide route (first)")
        let report = lint(text)
        XCTAssertEqual(report.ids, [])
        XCTAssertEqual(report.suppressed.map(\.id), ["no-rule-gap"], "one per table where cases fall through")
    }
}
