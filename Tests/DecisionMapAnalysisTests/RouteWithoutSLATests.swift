import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class RouteWithoutSLATests: XCTestCase {
    func testAHumanRouteWithoutSLAIsReported() throws {
        let report = lint(cleanMap.with("team  team \"Team\"        sla 4h", "team  team \"Team\""))
        let finding = try XCTUnwrap(report.findings("route-without-sla").first)
        XCTAssertEqual(finding.diagnostic.message, "team route `team` has no SLA")
    }

    func testAnEscalationRouteMayTakeItsSLAFromEveryEscalateLine() {
        let text = cleanMap.with("boss  escalation \"Boss\"  sla 30m", "boss  escalation \"Boss\"")
        XCTAssertEqual(lint(text).findings("route-without-sla").map(\.diagnostic.message), ["escalation route `boss` has no SLA"])
        let fixed = text.with("because \"large fraud\"", "because \"large fraud\"   sla 30m")
        XCTAssertEqual(lint(fixed).findings("route-without-sla").count, 0)
    }
}
