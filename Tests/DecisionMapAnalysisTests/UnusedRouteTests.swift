import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

final class UnusedRouteTests: XCTestCase {
    func testARouteNothingSendsWorkToIsReported() throws {
        let report = lint(cleanMap.with("routes\n", "routes\n  idle  team \"Idle\"  sla 1h  owner \"Nobody\"\n"))
        let finding = try XCTUnwrap(report.findings("unused-route").first)
        XCTAssertEqual(finding.diagnostic.message, "nothing routes to `idle`")
        XCTAssertEqual(finding.severity, .warning)
    }

    func testARouteUsedOnlyByAPolicyOrTheFallbackIsUsed() {
        let text = cleanMap.with("routes\n", "routes\n  desk  team \"Desk\"  sla 1h  owner \"Desk Lead\"\n") + "fallback -> desk\n"
        XCTAssertEqual(lint(text).findings("unused-route").count, 0)
    }
}
