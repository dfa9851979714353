import DecisionMap
import DecisionMapSimulation
import DecisionMapViews
import Foundation
import XCTest

/// The threshold sweep in the HTML report: the recommendation before any other figure, and per
/// sweep a chart and the table beside it, with the report's own figures.
final class SweepHTMLTests: XCTestCase {
    /// The insurance sample swept over its `otherwise` threshold, 0.5 to 1 by 0.05, with a target.
    static func insuranceSweep(target: String = "automated-error<=3.5%") throws -> SimulationReport {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.example("insurance-claims")))
        let cases = try String(contentsOf: Paths.repository.appendingPathComponent("decision-maps/insurance-claims.cases.csv"), encoding: .utf8)
        var options = SimulationOptions(expectColumn: "expected_route", jobs: 2)
        options.sweeps = [try ThresholdSweep(map: map, .otherwise, from: 0.5, to: 1, step: 0.05, decimals: 2)]
        options.targets = [try SweepTarget(target)]
        return try ReportHTMLTests.simulate(map, cases, options: options, source: "decision-maps/insurance-claims.cases.csv")
    }

    func testTheRecommendationComesFirstAndTheChartAndTableShowEveryPoint() throws {
        let report = try Self.insuranceSweep()
        let html = report.html(graph: nil)
        let document = try XMLTree(html)
        func element(_ id: String) throws -> XMLTree.Element { try XCTUnwrap(document.elements.first { $0.attributes["id"] == id }, id) }
        // The recommendation is the first thing in the summary, before the cards.
        let summary = html.components(separatedBy: "<section id=\"summary\">")[1]
        XCTAssertTrue(summary.hasPrefix("<div id=\"recommendation\" class=\"callout ok\">"), String(summary.prefix(200)))
        XCTAssertEqual(document.text(of: try element("recommendation")),
                       "Recommended thresholds: the most automation that meets automated-error<=3.5%"
                       + "otherwise (small_claims): threshold 0.7; automation 8.0% (32 cases), automated errors 3.1% (1 of 32), review 35 cases, 7.3 h; in force now: 0.7 → chart")
        // The sweep is the first section, with its chart and a table row per point.
        XCTAssertTrue(html.components(separatedBy: "<section id=")[2].hasPrefix("\"thresholds\""))
        let chart = try element("chart-sweep-otherwise")
        let circles = document.elements.filter { $0.name == "circle" }
        // Automation and review hours at 11 points; automated errors at 10 (at 1.00 nothing is automated).
        XCTAssertEqual(circles.count, 11 + 10 + 11)
        XCTAssertEqual(chart.attributes["role"], "img")
        let article = document.text(of: try element("sweep-otherwise"))
        XCTAssertTrue(article.contains("threshold 0.70: automation 8.0% (32 cases)"), article)
        XCTAssertTrue(article.contains("threshold 1.00: 196 review cases, 34.2 h"), article)
        XCTAssertTrue(html.contains("<title>in force now: 0.7</title>"))
        let rows = document.elements.filter { $0.name == "tr" && ($0.attributes["class"] == "best" || $0.attributes["class"] == "missed") }
        XCTAssertEqual(rows.filter { $0.attributes["class"] == "best" }.count, 1)
        XCTAssertEqual(rows.filter { $0.attributes["class"] == "missed" }.count,
                       report.sweeps[0].points.filter { !report.targets[0].isMet(by: $0) }.count)
    }

    func testANoPointMeetsTheTargetIsAWarning() throws {
        let html = try Self.insuranceSweep(target: "automated-error<=1%").html(graph: nil)
        XCTAssertTrue(html.contains("<div id=\"recommendation\" class=\"callout warn\">"))
        XCTAssertTrue(html.contains("no point from 0.5 to 1 meets the target"))
    }
}
