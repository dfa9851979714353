import Foundation
import XCTest

/// `dmap graph` end to end: formats, `--lint`, `--output`, exit codes, byte-identical output.
final class GraphCLITests: XCTestCase {
    private let triage = "decision-maps/customer-triage.dmap"

    func testGraphWritesEachFormatToStandardOutput() throws {
        let svg = try CLITests.dmap(["graph", triage])
        XCTAssertEqual(svg.status, 0, svg.err)
        XCTAssertEqual(svg.err, "")
        XCTAssertTrue(svg.out.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), String(svg.out.prefix(80)))
        XCTAssertTrue(svg.out.hasSuffix("</svg>\n"))
        let mermaid = try CLITests.dmap(["graph", triage, "--format", "mermaid"])
        XCTAssertEqual(mermaid.status, 0, mermaid.err)
        XCTAssertTrue(mermaid.out.hasPrefix("---\ntitle: \"Customer case triage\"\n---\nflowchart LR\n"))
        let dot = try CLITests.dmap(["graph", triage, "--format=dot"])
        XCTAssertEqual(dot.status, 0, dot.err)
        XCTAssertTrue(dot.out.hasPrefix("digraph \"Customer case triage\" {\n"))
    }

    func testLintDrawsHighlightsAndSaysWhereTheyComeFrom() throws {
        let plain = try CLITests.dmap(["graph", triage, "--format", "mermaid"])
        XCTAssertFalse(plain.out.contains("⚠"))
        let linted = try CLITests.dmap(["graph", triage, "--format", "mermaid", "--lint"])
        XCTAssertEqual(linted.status, 0, "highlights are drawn, not failures")
        XCTAssertTrue(linted.out.contains("⚠ team route #96;account_managers#96; has no owner"))
        XCTAssertTrue(linted.out.contains(
            "class owners,validate,segment_repeat_escalations,table_route,route_account_managers,route_complaints_team lint"), linted.out)
        XCTAssertTrue(linted.out.contains("⚠ no decision rule holds for some cases in segments #96;critical#96;, #96;repeat_escalations#96;, #96;high_touch#96; and #96;standard#96; (no-rule)"), linted.out)
        let svg = try CLITests.dmap(["graph", triage, "--lint"])
        XCTAssertTrue(svg.out.contains("⚠ dmap lint findings"))
    }

    func testOutputFileHoldsTheSameBytesOnEveryRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-graph-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var outputs: [Data] = []
        for run in 0..<2 {
            let file = folder.appendingPathComponent("triage-\(run).svg")
            let result = try CLITests.dmap(["graph", triage, "--lint", "-o", file.path])
            XCTAssertEqual(result.status, 0, result.err)
            XCTAssertEqual(result.out, "")
            outputs.append(try Data(contentsOf: file))
        }
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertEqual(String(decoding: outputs[0], as: UTF8.self), try CLITests.dmap(["graph", triage, "--lint"]).out)
    }

    func testMapWithErrorsExitsTwoWithDiagnosticsAndNoPicture() throws {
        let result = try CLITests.dmap(["graph", "-"], stdin: "map \"t\"\nroutes\n  r automatic\n")
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.out, "")
        XCTAssertTrue(result.err.contains("<stdin>:3:"), result.err)
    }

    func testUnknownFormatIsAUsageError() throws {
        let result = try CLITests.dmap(["graph", triage, "--format", "png"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.err.hasPrefix("dmap: error: `--format` must be one of mermaid, dot, svg; got `png`"), result.err)
    }

    func testUnwritableOutputExitsTwo() throws {
        let result = try CLITests.dmap(["graph", triage, "--output", "/nonexistent-dir/x.svg"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.err.hasPrefix("dmap: error: cannot write `/nonexistent-dir/x.svg`"), result.err)
    }

    func testHelpDescribesGraph() throws {
        let result = try CLITests.dmap(["help", "graph"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.out.hasPrefix("usage: dmap graph MAP [--format mermaid|dot|svg] [--lint] [--output FILE]"), result.out)
        XCTAssertTrue(try CLITests.dmap(["--help"]).out.contains("  graph "))
    }
}
