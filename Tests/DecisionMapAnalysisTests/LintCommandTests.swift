import Foundation
import DMapTestSupport
import XCTest

/// `dmap lint` end to end: exit status, formats, and witnesses that `dmap route` reproduces.
final class LintCommandTests: XCTestCase {
    static let repository = DocumentationTests.root

    /// Runs `dmap` from the repository folder.
    static func dmap(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try runDmap(arguments, in: repository, stdin: stdin)
    }

    private func requireExamples() throws {
        let path = Self.repository.appendingPathComponent("decision-maps/customer-triage.dmap").path
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("decision-maps/ is not in this checkout") }
    }

    func testTheIncompleteExampleFailsAndTheCompleteOnesPass() throws {
        try requireExamples()
        let triage = try Self.dmap(["lint", "decision-maps/customer-triage.dmap"])
        XCTAssertEqual(triage.status, 1)
        XCTAssertTrue(triage.out.contains("decision-maps/customer-triage.dmap:"), triage.out)
        XCTAssertTrue(triage.out.contains(": error: no decision rule holds for some cases in segments `critical`, `repeat_escalations`, `high_touch` and `standard` [no-rule-gap]\n"), triage.out)
        XCTAssertTrue(triage.out.contains("= witness: {"))
        XCTAssertEqual(try Self.dmap(["lint", "decision-maps/customer-triage.dmap", "--fail-on", "never"]).status, 0)
        let clean = try Self.dmap(["lint", "--fail-on", "note", "decision-maps/insurance-claims.dmap", "decision-maps/it-incidents.dmap"])
        XCTAssertEqual(clean.status, 0, clean.out)
        let lines = clean.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, clean.out)
        XCTAssertTrue(lines[0].hasPrefix("decision-maps/insurance-claims.dmap: no findings; analysis exact over "), clean.out)
        XCTAssertTrue(lines[1].hasPrefix("decision-maps/it-incidents.dmap: no findings; analysis exact over "), clean.out)
    }

    func testEveryWitnessReproducesItsGapThroughDmapRoute() throws {
        try requireExamples()
        let lint = try Self.dmap(["lint", "--format", "json", "decision-maps/customer-triage.dmap"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lint.out.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        var reproduced = 0
        for finding in findings {
            guard let witness = finding["witness"] else { continue }
            let data = try JSONSerialization.data(withJSONObject: witness)
            let routed = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "-", "--format", "json"],
                                       stdin: String(decoding: data, as: UTF8.self))
            let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(routed.out.utf8)) as? [String: Any], routed.err)
            if finding["id"] as? String == "high-risk-automated" {
                // The case goes to the automated route, decided, in the segment the finding names.
                XCTAssertEqual(result["route"] as? String, "auto_resolve")
                XCTAssertEqual(result["outcome"] as? String, "decided")
                XCTAssertTrue((finding["message"] as? String ?? "").contains("`\(result["segment"] as? String ?? "?")`"), "\(result)")
            } else {
                let gap = try XCTUnwrap(result["gap"] as? [String: Any], "\(finding["id"]!)")
                XCTAssertEqual(gap["kind"] as? String, finding["gap"] as? String)
            }
            reproduced += 1
        }
        XCTAssertGreaterThanOrEqual(reproduced, 5)
    }

    func testFailOnChoosesTheSeverityThatFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let map = folder.appendingPathComponent("warnings.dmap")
        try cleanMap.with("sla 4h    owner \"Team Lead\"", "sla 4h").write(to: map, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Self.dmap(["lint", map.path]).status, 0)
        XCTAssertEqual(try Self.dmap(["lint", map.path, "--fail-on", "warning"]).status, 1)
        XCTAssertEqual(try Self.dmap(["lint", map.path, "--fail-on", "error"]).status, 0)
    }

    func testSARIFIsValidJSONForCodeScanning() throws {
        let result = try Self.dmap(["lint", "--format", "sarif", "-"], stdin: cleanMap.with("sla 4h    owner \"Team Lead\"", "sla 4h"))
        XCTAssertEqual(result.status, 0, result.err)
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        XCTAssertEqual(log["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["ruleId"] as? String }, ["route-without-owner"])
    }

    func testUsageErrorsAndUnreadableFilesExitTwo() throws {
        XCTAssertEqual(try Self.dmap(["lint", "--format", "xml", "x.dmap"]).status, 2)
        XCTAssertEqual(try Self.dmap(["lint"]).status, 2)
        let missing = try Self.dmap(["lint", "no-such-map.dmap"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.err, "dmap: error: no such file `no-such-map.dmap`\n")
    }
}
