import Foundation
import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

/// The bundled example maps (decision-maps/): the deliberately incomplete one has exactly the
/// gaps its README lists, the two complete ones are clean.
final class ExampleMapsTests: XCTestCase {
    private func example(_ name: String) throws -> (text: String, report: LintReport) {
        let url = DocumentationTests.root.appendingPathComponent("decision-maps/\(name).dmap")
        guard FileManager.default.fileExists(atPath: url.path) else { throw XCTSkip("decision-maps/\(name).dmap is not in this checkout") }
        let text = try String(contentsOf: url, encoding: .utf8)
        return (text, lint(text))
    }

    func testTheIncompleteTriageMapHasTheGapsItsReadmeLists() throws {
        let (text, report) = try example("customer-triage")
        XCTAssertEqual(Set(report.ids), ["unanswered-ownership", "route-without-owner", "unused-route", "unescalated-high-risk",
                                         "high-risk-automated", "missing-data-gap", "missing-data-policy", "no-rule-gap"])
        XCTAssertTrue(report.findings("unanswered-ownership").allSatisfy { $0.diagnostic.message.contains("`roles`") })
        XCTAssertEqual(report.findings("route-without-owner").map(\.diagnostic.message), ["team route `account_managers` has no owner"])
        XCTAssertEqual(report.findings("unused-route").map(\.diagnostic.message), ["nothing routes to `complaints_team`"])
        XCTAssertTrue(report.findings("unescalated-high-risk").allSatisfy { $0.diagnostic.message.contains("`repeat_escalations`") })
        XCTAssertEqual(report.findings("missing-data-policy").map(\.diagnostic.message),
                       ["optional field `subject` has no missing-data policy, but some steps need it"])
        for finding in report.findings("no-rule-gap") {
            let routed = try XCTUnwrap(route(finding.witness, through: text))
            XCTAssertEqual(routed.gap, .noRule)
            XCTAssertTrue(["complaint", "other"].contains(finding.witness?["category"]?.stringValue), "\(finding.witness!)")
        }
        for finding in report.findings("missing-data-gap") {
            let routed = try XCTUnwrap(route(finding.witness, through: text))
            XCTAssertEqual(routed.gap, .missingData)
            XCTAssertEqual(finding.witness?["category"], "outage")
            XCTAssertEqual(finding.witness?["subject"], .null)
        }
        XCTAssertTrue(report.fails(at: .error))
    }

    func testTheCompleteMapsAreClean() throws {
        for name in ["insurance-claims", "it-incidents"] {
            let (_, report) = try example(name)
            XCTAssertEqual(report.ids, [], name)
            XCTAssertEqual(report.analysis?.exact, true, name)
        }
    }
}
