import DecisionMap
import DecisionMapSimulation
import DecisionMapViews
import Foundation
import XCTest

/// The HTML report as a person sees it: loaded in headless Chromium it must show every section
/// with no console error and no script element, its chart labels and values must fit, and the page
/// must not scroll sideways, from a laptop's width down to a phone's; then `scripts/screenshot.sh` must take a PNG of
/// it. Skipped when `chromium` is not on PATH (Debian: `apt-get install chromium`).
final class ReportBrowserTests: XCTestCase {
    private func browser() throws -> URL {
        guard let url = findExecutable(["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) else {
            throw XCTSkip("chromium is not on PATH; install it (apt-get install chromium) to run the browser check of the HTML report")
        }
        return url
    }

    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-report-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Loads a page and returns the DOM Chromium built, failing on a console error.
    private func load(_ page: URL, _ chromium: URL, folder: URL, width: Int = 1200) throws -> String {
        let result = try runProgram(chromium, ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                                               "--user-data-dir=" + folder.appendingPathComponent("profile").path,
                                               "--window-size=\(width),1000", "--enable-logging=stderr", "--v=0",
                                               "--dump-dom", page.absoluteString])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertFalse(result.err.contains("Uncaught") || result.err.contains("ERROR:CONSOLE"), result.err)
        return result.out
    }

    /// The report with a measuring script added (the report itself has none): `#result` says `OK`
    /// or lists every chart label that runs into its bar, every value cut off at the chart's
    /// edge, and a page wider than the window.
    private static func measuringPage(_ html: String) -> String {
        html.replacingOccurrences(of: "</body>", with: """
            <pre id="result">not measured</pre>
            <script>
            const problems = [];
            for (const chart of document.querySelectorAll("svg.chart")) {
              const width = chart.viewBox.baseVal.width;
              for (const bar of chart.querySelectorAll("g.bar")) {
                const label = bar.querySelector(".label").getBBox(), track = bar.querySelector(".track").getBBox();
                const value = bar.querySelector(".value").getBBox();
                if (label.x + label.width > track.x - 2) problems.push(chart.id + ": label runs into its bar: " + bar.querySelector(".label").textContent);
                if (value.x + value.width > width) problems.push(chart.id + ": value cut off: " + bar.querySelector(".value").textContent);
              }
            }
            if (document.documentElement.scrollWidth > window.innerWidth) problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth);
            for (const map of document.querySelectorAll(".map-figure svg")) {
              const shown = map.getBoundingClientRect(), frame = map.parentElement.getBoundingClientRect();
              if (shown.right > frame.right + 1 || shown.left < frame.left - 1) problems.push("the map is cut off: " + shown.width + " px in " + frame.width);
            }
            for (const chart of document.querySelectorAll("svg.sweep")) {
              const shown = chart.getBoundingClientRect();
              if (shown.width < 280) problems.push(chart.id + ": drawn only " + shown.width + " px wide");
              const box = chart.viewBox.baseVal;
              for (const text of chart.querySelectorAll("text")) {
                const b = text.getBBox();
                if (b.x < box.x - 1 || b.x + b.width > box.x + box.width + 1) problems.push(chart.id + ": text cut off: " + text.textContent);
              }
            }
            document.getElementById("result").textContent = problems.length ? problems.join("\\n") : "OK";
            </script>
            </body>
            """)
    }

    func testTriageReportLoadsCleanlyShowsEverySectionAndItsChartsFit() throws {
        let chromium = try browser()
        let folder = try temporaryFolder()
        let (report, map) = try ReportHTMLTests.triageReport()
        let html = report.html(graph: lintedGraph(map))
        let page = folder.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)

        let dom = try load(page, chromium, folder: folder)
        XCTAssertFalse(dom.contains("<script"), "the report has no script element")
        for id in ReportHTMLTests.sectionIDs { XCTAssertTrue(dom.contains("id=\"\(id)\""), "#\(id) is missing from the loaded page") }

        let measuring = folder.appendingPathComponent("measured.html")
        try Self.measuringPage(html).write(to: measuring, atomically: true, encoding: .utf8)
        for width in [1200, 800, 480] {
            let measured = try load(measuring, chromium, folder: folder, width: width)
            let result = measured.components(separatedBy: "<pre id=\"result\">").last?.components(separatedBy: "</pre>").first ?? ""
            XCTAssertEqual(result, "OK", "at \(width) px")
        }

        let png = folder.appendingPathComponent("report.png")
        let script = Paths.repository.appendingPathComponent("scripts/screenshot.sh")
        let shot = try runProgram(URL(fileURLWithPath: "/bin/bash"), [script.path, page.path, png.path, "--size", "1200x2400"]
                                      + ReportHTMLTests.sectionIDs.flatMap { ["--expect", $0] })
        XCTAssertEqual(shot.status, 0, shot.err)
        let bytes = try [UInt8](Data(contentsOf: png))
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")
    }

    func testAWideMapIsScaledToThePageNotCutOff() throws {
        let chromium = try browser()
        let folder = try temporaryFolder()
        var text = "map \"Wide\"\ninputs\n  kind  one of " + (0..<8).map { "k\($0)" }.joined(separator: ", ") + "\n  score  number 0..1  from model\nsegments\n"
        for i in 0..<8 { text += "  segment_number_\(i)_with_a_long_name  risk high  when kind is k\(i)\n" }
        text += "  rest  risk low  otherwise\nroutes\n  bot  automated\n"
        for i in 0..<8 { text += "  route_with_quite_a_long_name_\(i)  team \"Team \(i)\"  sla 1h  owner \"Lead\"\n" }
        text += "uncertainty using score\n  otherwise  below 0.5 -> route_with_quite_a_long_name_0\n"
        for t in 0..<6 {
            text += "decide table_number_\(t)_with_a_long_name (first) in segment_number_\(t)_with_a_long_name\n"
            text += "  when score > 0.\(t + 1)  -> route_with_quite_a_long_name_\(t + 1)\n  otherwise  -> bot\n"
        }
        text += "decide rest (first)\n  otherwise -> bot\n"
        let map = try XCTUnwrap(compile(text))
        let report = try ReportHTMLTests.simulate(map, "id,kind,score\n1,k0,0.9\n2,k7,0.2\n", options: SimulationOptions(jobs: 1))
        let graph = lintedGraph(map)
        XCTAssertGreaterThan(GraphLayout(graph).width, 1600, "the test needs a map wider than the page")
        let measuring = folder.appendingPathComponent("wide.html")
        try Self.measuringPage(report.html(graph: graph)).write(to: measuring, atomically: true, encoding: .utf8)
        for width in [1200, 480] {
            let measured = try load(measuring, chromium, folder: folder, width: width)
            let result = measured.components(separatedBy: "<pre id=\"result\">").last?.components(separatedBy: "</pre>").first ?? ""
            XCTAssertEqual(result, "OK", "at \(width) px")
        }
    }

    func testASweepChartAndItsTableFitFromALaptopToAPhone() throws {
        let chromium = try browser()
        let folder = try temporaryFolder()
        let html = try SweepHTMLTests.insuranceSweep().html(graph: nil)
        let page = folder.appendingPathComponent("sweep.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let dom = try load(page, chromium, folder: folder)
        for id in ["recommendation", "thresholds", "sweep-otherwise", "chart-sweep-otherwise"] {
            XCTAssertTrue(dom.contains("id=\"\(id)\""), "#\(id) is missing from the loaded page")
        }
        let measuring = folder.appendingPathComponent("measured.html")
        try Self.measuringPage(html).write(to: measuring, atomically: true, encoding: .utf8)
        for width in [1200, 800, 480] {
            let measured = try load(measuring, chromium, folder: folder, width: width)
            let result = measured.components(separatedBy: "<pre id=\"result\">").last?.components(separatedBy: "</pre>").first ?? ""
            XCTAssertEqual(result, "OK", "at \(width) px")
        }
    }

    func testHostileTextStaysTextInTheBrowser() throws {
        let chromium = try browser()
        let folder = try temporaryFolder()
        let map = try XCTUnwrap(compile(EscapingTests.hostile))
        let csv = "id,subject,kind,expected\n\"<script>alert(1)</script>\",x,\"<img src=x onerror=alert(1)>\",\"a \"\"b\"\" & c\"\n"
        let report = try ReportHTMLTests.simulate(map, csv, options: SimulationOptions(expectColumn: "expected", jobs: 1))
        let page = folder.appendingPathComponent("hostile.html")
        try report.html(graph: lintedGraph(map)).write(to: page, atomically: true, encoding: .utf8)
        let dom = try load(page, chromium, folder: folder)
        XCTAssertFalse(dom.contains("<script"), "case file or map text became a script element")
        XCTAssertFalse(dom.contains("<img"), "case file text became an image")
        XCTAssertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(dom.contains("a \"b\" &amp; c"))
    }
}
