import XCTest
import DecisionMap
import DMapTestSupport
@testable import DecisionMapAnalysis

final class HighRiskAutomatedTests: XCTestCase {
    let automatedFraud = cleanMap.with("  otherwise                                  -> team\n",
                                       "  when category is fraud and amount < 100 -> auto\n  otherwise                                  -> team\n")

    func testTheExactRegionOfAHighRiskSegmentThatAutomationFinishesIsReportedAtTheDecidingRule() throws {
        let report = lint(automatedFraud)
        XCTAssertEqual(report.ids, ["high-risk-automated"])
        let finding = try XCTUnwrap(report.findings("high-risk-automated").first)
        XCTAssertEqual(finding.severity, .warning, "a high segment; critical ones are errors")
        XCTAssertEqual(finding.diagnostic.message, "cases of high-risk segment `critical` are finished by `auto` "
            + "(automated, through the rule at line 29) with no person in the loop")
        XCTAssertEqual(report.line(finding), 29)
        XCTAssertEqual(finding.diagnostic.notes.map(\.message), ["the segment is declared here"])
        // Confident fraud under 100: the escalation takes 1000 and more, the threshold below 0.9.
        XCTAssertEqual(finding.region, "category is fraud, confidence >= 0.9, amount < 100")
        let routed = try XCTUnwrap(route(finding.witness, through: automatedFraud))
        XCTAssertEqual(routed.route, "auto")
        XCTAssertEqual(routed.outcome, .decided)
        XCTAssertEqual(routed.segment, "critical")
    }

    func testACriticalSegmentIsAnErrorAndSeverityCanBeSet() throws {
        let critical = automatedFraud.with("critical  risk high", "critical  risk critical")
        XCTAssertEqual(try XCTUnwrap(lint(critical).findings("high-risk-automated").first).severity, .error)
        let lowered = lint(critical, options: LintOptions(severities: ["high-risk-automated": .note]))
        XCTAssertEqual(try XCTUnwrap(lowered.findings("high-risk-automated").first).severity, .note)
    }

    func testOneFindingPerSegmentAndDecidingRuleAndTheFallbackCounts() throws {
        let text = cleanMap.with("  otherwise                                  -> team\n", "  when category is fraud and amount < 100 -> auto\n")
            .with("  standard  risk low   otherwise\n", "  standard  risk high  otherwise\n") + "fallback -> auto\n"
        let findings = lint(text).findings("high-risk-automated")
        XCTAssertEqual(findings.map { "\($0.diagnostic.range.start) \($0.diagnostic.message.prefix(50))" }.count, 4, findings.map(\.diagnostic.message).joined(separator: "\n"))
        XCTAssertTrue(findings.contains { $0.diagnostic.message.contains("through the fallback") })
        for finding in findings {
            let routed = try XCTUnwrap(route(finding.witness, through: text), finding.diagnostic.message)
            XCTAssertEqual(routed.route, "auto")
            XCTAssertTrue(routed.outcome == .decided || routed.outcome == .fallback)
        }
    }

    func testEscalationReviewAndDataPoliciesCountAsAPerson() {
        // Every automated case of the segment is escalated first.
        let escalated = automatedFraud.with("to boss when segment is critical and amount >= 1000", "to boss when segment is critical")
        XCTAssertEqual(lint(escalated).findings("high-risk-automated").count, 0)
        // Every one is reviewed: the rule only takes cases the threshold sends to a person first.
        let reviewed = automatedFraud.with("when category is fraud and amount < 100 -> auto", "when category is fraud and amount < 100 and confidence < 0.9 -> auto")
        XCTAssertEqual(lint(reviewed).findings("high-risk-automated").count, 0)
    }

    func testTheIncompleteTriageExampleReportsBothHighRiskSegments() throws {
        let map = try XCTUnwrap(DecisionMap.compile(try SourceFile(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/customer-triage.dmap"))).map)
        let findings = Linter.lint(map).findings.filter { $0.id == "high-risk-automated" }
        let segments = Set(findings.compactMap { $0.diagnostic.message.components(separatedBy: "`")[safe: 1] })
        XCTAssertEqual(segments, ["critical", "repeat_escalations"])
        for finding in findings {
            var values: [String: CaseValue] = [:]
            for member in finding.witness!.members { values[member.key] = CaseValue(json: member.value) }
            let routed = try map.explain(values)
            XCTAssertEqual(routed.route, "auto_resolve")
            XCTAssertEqual(routed.outcome, .decided)
        }
        // A critical outage case with 20,000 at stake, a calm customer and a confident model: no person.
        let critical = try XCTUnwrap(findings.first { $0.diagnostic.message.contains("`critical`") })
        XCTAssertTrue(critical.region?.contains("category is outage") == true, critical.region ?? "")
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
