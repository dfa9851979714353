import DecisionMap
import DecisionMapViews
import Foundation
import XCTest

/// The SVG as a person sees it: loaded in headless Chromium, it must parse with no console
/// errors, every line of text must fit inside its box as the browser measures it (with the fonts
/// actually installed), and no two boxes may overlap. Then `scripts/screenshot.sh` must take a
/// PNG. Skipped when `chromium` is not on PATH (Debian: `apt-get install chromium`).
final class BrowserTests: XCTestCase {
    private func browser() throws -> URL {
        guard let url = findExecutable(["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) else {
            throw XCTSkip("chromium is not on PATH; install it (apt-get install chromium) to run the browser check")
        }
        return url
    }

    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-browser-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A page that shows the SVG inline and, once loaded, measures it: `#result` says `OK` or
    /// lists every text that sticks out of its node's shape and every pair of overlapping nodes.
    private static func measuringPage(_ svg: String) -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>dmap graph check</title></head>
        <body style="margin:0">
        \(svg)
        <pre id="result">not measured</pre>
        <script>
        const problems = [];
        const nodes = [...document.querySelectorAll("#nodes > g.node")];
        const frames = nodes.map(g => g.querySelector(".shape").getBBox());
        nodes.forEach((g, i) => {
          const f = frames[i];
          for (const t of g.querySelectorAll("text")) {
            if (t.classList.contains("lint-marker-text")) continue;
            const b = t.getBBox();
            if (b.x < f.x + 2 || b.x + b.width > f.x + f.width - 2) {
              problems.push(g.id + ": text sticks out: " + t.textContent + " (" + Math.round(b.x + b.width) + " > " + Math.round(f.x + f.width) + ")");
            }
          }
          for (let j = i + 1; j < nodes.length; j++) {
            const o = frames[j];
            if (f.x < o.x + o.width && o.x < f.x + f.width && f.y < o.y + o.height && o.y < f.y + f.height) {
              problems.push(g.id + " overlaps " + nodes[j].id);
            }
          }
        });
        if (nodes.length === 0) problems.push("no nodes found");
        document.getElementById("result").textContent = problems.length ? problems.join("\\n") : "OK " + nodes.length + " nodes";
        </script>
        </body></html>
        """
    }

    func testEveryExampleLoadsAndItsTextFitsAsTheBrowserMeasuresIt() throws {
        let chromium = try browser()
        let folder = try temporaryFolder()
        for name in Paths.examples + ["hostile"] {
            let map = try XCTUnwrap(name == "hostile" ? compile(EscapingTests.hostile) : try compile(contentsOf: Paths.example(name)))
            let graph = lintedGraph(map)
            let page = folder.appendingPathComponent("\(name).html")
            try Self.measuringPage(SVGRenderer.render(graph, standalone: false)).write(to: page, atomically: true, encoding: .utf8)
            let result = try runProgram(chromium, ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
                                            "--user-data-dir=" + folder.appendingPathComponent("profile").path,
                                            "--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString])
            XCTAssertEqual(result.status, 0, "\(name): \(result.err)")
            XCTAssertFalse(result.err.contains("Uncaught") || result.err.contains("ERROR:CONSOLE"), "\(name): \(result.err)")
            let measured = result.out.components(separatedBy: "<pre id=\"result\">").last?.components(separatedBy: "</pre>").first ?? ""
            XCTAssertEqual(measured, "OK \(graph.nodes.count) nodes", name)
            XCTAssertFalse(result.out.contains("<script>alert"), "\(name): map text became markup")
        }
    }

    func testScreenshotScriptChecksThePageAndWritesAPNG() throws {
        _ = try browser()
        let folder = try temporaryFolder()
        let map = try XCTUnwrap(try compile(contentsOf: Paths.example("customer-triage")))
        let svg = folder.appendingPathComponent("triage.svg")
        try SVGRenderer.render(lintedGraph(map)).write(to: svg, atomically: true, encoding: .utf8)
        let png = folder.appendingPathComponent("triage.png")
        let script = Paths.repository.appendingPathComponent("scripts/screenshot.sh")
        let ok = try runProgram(URL(fileURLWithPath: "/bin/bash"),
                         [script.path, svg.path, png.path, "--expect", "route_triage_review", "--expect", "table_route"])
        XCTAssertEqual(ok.status, 0, ok.err)
        let bytes = try [UInt8](Data(contentsOf: png))
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "not a PNG")

        // A broken document and a missing element both fail the check.
        let broken = folder.appendingPathComponent("broken.svg")
        try "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><g></svg>".write(to: broken, atomically: true, encoding: .utf8)
        let bad = try runProgram(URL(fileURLWithPath: "/bin/bash"), [script.path, broken.path, folder.appendingPathComponent("b.png").path])
        XCTAssertEqual(bad.status, 1, bad.err)
        let missing = try runProgram(URL(fileURLWithPath: "/bin/bash"), [script.path, svg.path, png.path, "--expect", "no_such_node"])
        XCTAssertEqual(missing.status, 1, missing.err)
        XCTAssertTrue(missing.err.contains("#no_such_node"), missing.err)
    }
}
