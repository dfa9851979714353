import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class RouteWithoutOwnerTests: XCTestCase {
    func testAHumanRouteWithoutOwnerIsReported() throws {
        let report = lint(cleanMap.with("sla 4h    owner \"Team Lead\"", "sla 4h"))
        let finding = try XCTUnwrap(report.findings("route-without-owner").first)
        XCTAssertEqual(finding.diagnostic.message, "team route `team` has no owner")
        XCTAssertEqual(report.line(finding), 18)
    }

    func testAutomatedRoutesNeedNoOwner() {
        XCTAssertEqual(lint(cleanMap).findings("route-without-owner").count, 0)
    }
}
