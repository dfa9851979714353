import Foundation
import XCTest

/// `dmap simulate --html` end to end: the page is written beside the report on standard output,
/// is the same bytes for any `--jobs`, and refuses to share standard output.
final class SimulateHTMLCLITests: XCTestCase {
    private let arguments = ["simulate", "decision-maps/customer-triage.dmap", "--cases", "decision-maps/customer-triage.cases.csv",
                             "--expect", "expected_route", "--per-week", "5000"]

    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-html-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testHTMLIsWrittenBesideTheJSONReportAndIsTheSameForAnyJobs() throws {
        let folder = try temporaryFolder()
        var pages: [Data] = []
        for jobs in ["1", "2"] {
            let file = folder.appendingPathComponent("report-\(jobs).html")
            let result = try CLITests.dmap(arguments + ["--format", "json", "--html", file.path, "--jobs", jobs])
            XCTAssertEqual(result.status, 1, "the triage sample has gaps: \(result.err)")
            XCTAssertEqual(result.err, "")
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
            XCTAssertEqual((json["cases"] as? [String: Int])?["evaluated"], 360)
            pages.append(try Data(contentsOf: file))
        }
        XCTAssertEqual(pages[0], pages[1])
        let page = String(decoding: pages[0], as: UTF8.self)
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>\n"))
        XCTAssertTrue(page.hasSuffix("</html>\n"))
        XCTAssertTrue(page.contains("<title>Simulation of Customer case triage</title>"))
        XCTAssertTrue(page.contains("id=\"map\""), "the map's diagram is the last section")
        XCTAssertTrue(page.contains("class=\"node k-route-team highlighted\""), "drawn as dmap graph --lint draws it")
    }

    func testTextReportOnStandardOutputIsUnchangedByHTML() throws {
        let folder = try temporaryFolder()
        let plain = try CLITests.dmap(arguments)
        let withPage = try CLITests.dmap(arguments + ["--html", folder.appendingPathComponent("r.html").path])
        XCTAssertEqual(plain.out, withPage.out)
        XCTAssertEqual(plain.status, withPage.status)
    }

    func testHTMLToStandardOutputIsRefused() throws {
        let result = try CLITests.dmap(arguments + ["--html", "-"])
        XCTAssertEqual(result.status, 2, "a usage error")
        XCTAssertEqual(result.out, "")
        XCTAssertTrue(result.err.hasPrefix("dmap: error: `--html -` would mix into the report on standard output\nhelp: give a file name\n"),
                      result.err)
    }

    func testUnwritableHTMLFileExitsTwoBeforeRouting() throws {
        let result = try CLITests.dmap(arguments + ["--html", "/no/such/folder/report.html"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.out, "")
        XCTAssertTrue(result.err.contains("cannot write `/no/such/folder/report.html`"), result.err)
    }

    func testHelpListsTheHTMLOption() throws {
        let result = try CLITests.dmap(["simulate", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.out.contains("--html OUT"), result.out)
    }
}
