import DecisionMap
import DecisionMapSimulation
import DecisionMapViews
import Foundation
import XCTest

/// The HTML report: one self-contained page with every section, built from the report value
/// alone, the same bytes on every run, and text from a case file or a map always shown as text.
final class ReportHTMLTests: XCTestCase {
    /// Every section and chart a reader (and the browser test) can rely on, by element id.
    static let sectionIDs = ["report-header", "summary", "attention", "routes", "chart-routes", "chart-outcomes", "segments", "route-by-segment",
                             "high-risk", "high-risk-table", "gaps", "gap-missing-data", "gap-no-rule", "coverage", "coverage-table", "data-quality",
                             "data-quality-table", "workload", "chart-workload", "workload-table", "owners-table",
                             "agreement", "confusion", "disagreements", "rejects", "map"]

    /// The bundled triage sample, as the docs' screenshot shows it.
    static func triageReport(jobs: Int = 2, perWeek: Double? = 5000, expect: String? = "expected_route") throws -> (SimulationReport, DecisionMap) {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.example("customer-triage")))
        let cases = try String(contentsOf: Paths.repository.appendingPathComponent("decision-maps/customer-triage.cases.csv"), encoding: .utf8)
        return (try simulate(map, cases, options: SimulationOptions(expectColumn: expect, casesPerWeek: perWeek, jobs: jobs),
                             source: "decision-maps/customer-triage.cases.csv"), map)
    }

    static func simulate(_ map: DecisionMap, _ csv: String, options: SimulationOptions, source: String = "cases.csv") throws -> SimulationReport {
        var reader = try CaseFileReader(format: .csv, source: BytesByteSource(csv))
        return try Simulator(map: map, options: options).run(&reader, source: source)
    }

    func testPageIsWellFormedSelfContainedAndHasEverySection() throws {
        let (report, map) = try Self.triageReport()
        let html = report.html(graph: lintedGraph(map))
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">"))
        let document = try XMLTree(html)  // well-formed, or this throws
        let ids = Set(document.elements.compactMap { $0.attributes["id"] })
        for id in Self.sectionIDs { XCTAssertTrue(ids.contains(id), "no element #\(id)") }

        // Nothing runs and nothing is fetched: no script, no external style, font or image.
        let names = Set(document.elements.map { $0.name.lowercased() })
        for name in ["script", "link", "img", "iframe", "object", "embed"] { XCTAssertFalse(names.contains(name), name) }
        for element in document.elements {
            for (key, value) in element.attributes where ["href", "src", "xlink:href"].contains(key) {
                XCTAssertTrue(value.hasPrefix("#"), "\(element.name) \(key)=\(value) points outside the page")
            }
            XCTAssertFalse(element.attributes.keys.contains { $0.lowercased().hasPrefix("on") }, "event handler on \(element.name)")
        }
        XCTAssertFalse(html.contains("@import"))
        XCTAssertFalse(html.contains("url(http"))
        XCTAssertFalse(html.contains("@font-face"))
    }

    func testEachGapCardSaysHowToReproduceItsFirstCaseAndWhatToLookAtFirst() throws {
        let (report, map) = try Self.triageReport()
        let document = try XMLTree(report.html(graph: lintedGraph(map)))
        let card = document.text(of: try XCTUnwrap(document.elements.first { $0.attributes["id"] == "gap-no-rule" }))
        XCTAssertTrue(card.contains("To follow the first case step by step, run dmap route customer-triage.dmap "
                                    + "--cases decision-maps/customer-triage.cases.csv --case C-0006."), card)
        let attention = document.text(of: try XCTUnwrap(document.elements.first { $0.attributes["id"] == "attention" }))
        XCTAssertTrue(attention.contains("1 route received no case: complaints_team."), attention)
        XCTAssertTrue(attention.contains("6 cases of high-risk segments were finished by automation with no person: repeat_escalations 6."), attention)
        let header = document.text(of: try XCTUnwrap(document.elements.first { $0.attributes["id"] == "report-header" }))
        XCTAssertTrue(header.contains("case ids from column id"), header)
    }

    func testFiguresAreTheReportsOwn() throws {
        let (report, map) = try Self.triageReport()
        let document = try XMLTree(report.html(graph: lintedGraph(map)))
        func text(of id: String) throws -> String {
            document.text(of: try XCTUnwrap(document.elements.first { $0.attributes["id"] == id }, id))
        }
        // The same figures as the text report (docs/simulation.md walks through them).
        let summary = try text(of: "summary")
        for figure in ["360", "56.9%", "315.0", "36", "10.0%", "86.4%", "4 routes overloaded"] {
            XCTAssertTrue(summary.contains(figure), "summary lacks \(figure): \(summary)")
        }
        let routes = try text(of: "chart-routes")
        for line in report.routes {
            XCTAssertTrue(routes.contains("\(line.cases) · \(String(format: "%.1f%%", report.share(line.cases) * 100))"), line.name ?? "gap")
        }
        XCTAssertTrue(try text(of: "chart-workload").contains("119.4 h of 80 h · overloaded"))
        XCTAssertTrue(try text(of: "gap-missing-data").contains("line 120: table route needs subject, which is missing"))
        XCTAssertTrue(try text(of: "gap-no-rule").contains("line 115: no rule of route holds"))
        let coverage = try text(of: "coverage")
        XCTAssertTrue(coverage.contains("Never fired on these cases: line 104 (missing amount)"), coverage)
        let neverRows = document.elements.filter { $0.name == "tr" && $0.attributes["class"] == "never" }
        XCTAssertEqual(neverRows.count, report.neverFired.count)
        XCTAssertTrue(try text(of: "data-quality").contains("row 170: fax is not a valid channel"))
        XCTAssertTrue(try text(of: "confusion").contains("complaints_team"))
    }

    func testSameBytesForAnyNumberOfJobsAndOnEveryRun() throws {
        let (one, map) = try Self.triageReport(jobs: 1)
        let (two, _) = try Self.triageReport(jobs: 2)
        let graph = lintedGraph(map)
        XCTAssertEqual(one.html(graph: graph), two.html(graph: graph))
        XCTAssertEqual(one.html(graph: graph), one.html(graph: graph))
    }

    func testWithoutPerWeekTheWorkloadSaysHowToGetTheWeeklyView() throws {
        let (report, _) = try Self.triageReport(perWeek: nil, expect: nil)
        let html = report.html(graph: nil)
        let document = try XMLTree(html)
        let ids = Set(document.elements.compactMap { $0.attributes["id"] })
        XCTAssertTrue(ids.contains("chart-workload"))
        XCTAssertFalse(ids.contains("agreement"), "no agreement section without --expect")
        XCTAssertFalse(ids.contains("map"), "no map section without a graph")
        XCTAssertTrue(document.text.contains("To compare each team with its weekly capacity, run again with --per-week N"))
        XCTAssertTrue(document.text.contains("Human hours"))
        XCTAssertFalse(html.contains("class=\"limit\""), "no capacity marks without weekly hours")
    }

    func testACleanRunSaysNothingStandsOut() throws {
        let map = try XCTUnwrap(compile("""
            map "Fine"
            inputs
              kind  one of a, b
            segments
              all  risk low  otherwise
            routes
              bot   automated  handle 1 min
              desk  team "D"   handle 5 min  sla 1h  capacity 10 h/week  owner "Lead"
            decide main (first)
              when kind is a -> bot
              otherwise -> desk
            """))
        let report = try Self.simulate(map, "id,kind,expected\n1,a,bot\n2,b,desk\n",
                                       options: SimulationOptions(expectColumn: "expected", casesPerWeek: 100, jobs: 1))
        let document = try XMLTree(report.html(graph: nil))
        let attention = try XCTUnwrap(document.elements.first { $0.attributes["id"] == "attention" })
        XCTAssertEqual(attention.attributes["class"], "callout ok")
        XCTAssertEqual(document.text(of: attention), "Nothing stands out: every row was read, the map decided every case, every route received cases, every line of the map fired, no route is over capacity and every human route has an owner.")
        XCTAssertTrue(document.text.contains("No gaps: the map decided every case in this file."))
    }

    func testCaseFileAndMapTextIsShownAsText() throws {
        let map = try XCTUnwrap(compile(EscapingTests.hostile))
        // The id and the expected route are hostile, the kind is not a valid value (an invalid-data
        // gap whose problem quotes it), and a header names an ignored column with markup.
        let csv = #"""
            id,subject,kind,expected,"<b onclick=""x"">col</b>"
            "<script>alert(1)</script>",hello,"<img src=x onerror=alert(1)>","Tom & Jerry's ""desk""",1
            'quoted' & amp;,</text><script>,plain,back,2
            short

            """#
        let report = try Self.simulate(map, csv, options: SimulationOptions(expectColumn: "expected", casesPerWeek: 100, jobs: 1))
        XCTAssertEqual(report.undecided, 1)
        XCTAssertEqual(report.rejected, 1)
        let html = report.html(graph: lintedGraph(map))
        let document = try XMLTree(html)
        let names = Set(document.elements.map { $0.name.lowercased() })
        XCTAssertFalse(names.contains("script"))
        XCTAssertFalse(names.contains("img"))
        XCTAssertFalse(document.elements.contains { $0.attributes.keys.contains { $0.lowercased().hasPrefix("on") } })
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        for text in ["<script>alert(1)</script>", "Tom & Jerry's \"desk\"", "<img src=x onerror=alert(1)>", "'quoted' & amp;",
                     "<b onclick=\"x\">col</b>", "Evil <script>alert(\"t\")</script> & co", "A \"quoted\" owner & <b>bold</b>"] {
            XCTAssertTrue(document.text.contains(text), "missing as text: \(text)")
        }
        let attention = try XCTUnwrap(document.elements.first { $0.attributes["id"] == "attention" })
        XCTAssertTrue(document.text(of: attention).contains("1 expected value in expected names no route of the map: Tom & Jerry's \"desk\"."))
        // An attribute (a tooltip) carries hostile text escaped, and it stays one attribute.
        XCTAssertTrue(document.elements.contains { $0.attributes["title"]?.contains("Tom & Jerry's \"desk\"") == true })
    }
}
