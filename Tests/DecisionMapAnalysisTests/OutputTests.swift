import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

/// The text, JSON and SARIF renderings of lint reports.
final class OutputTests: XCTestCase {
    let gappy = cleanMap.with("  otherwise                                  -> team\n", "")
        .with("sla 4h    owner \"Team Lead\"", "sla 4h    # lint: allow route-without-owner because \"interim\"")

    func testTextFollowsTheCompilerConventionWithRegionAndWitness() throws {
        let report = lint(gappy)
        let regions = try XCTUnwrap(report.analysis?.regions)
        let text = LintOutput.text(report)
        XCTAssertEqual(text, """
            test.dmap:27:1: error: no decision rule holds for some cases in segments `critical` and `standard` [no-rule-gap]
             27 | decide route (first)
                | ^~~~~~~~~~~~~~~~~~~~
                = help: add a rule for these cases to `route`, or an `otherwise` rule
                = gap: no-rule
                = region: category is fraud, confidence >= 0.9, amount < 1000; or category is billing, confidence >= 0.7, amount >= 500; or category is other, confidence >= 0.7, amount any
                = witness: {"category": "fraud", "confidence": 0.9, "amount": 0, "vip": false}

            test.dmap: 1 error, 0 warnings, 0 notes (1 silenced); analysis exact over \(regions) regions

            """)
    }

    func testJSONHasTheDocumentedKeys() throws {
        let report = lint(gappy)
        let json = LintOutput.json([report])
        let findings = try XCTUnwrap(json["findings"]?.arrayValue)
        XCTAssertEqual(findings.count, 2)
        let gap = try XCTUnwrap(findings.first { $0["id"] == "no-rule-gap" }?.objectValue)
        XCTAssertEqual(Array(gap.keys.prefix(6)), ["id", "severity", "message", "file", "line", "column"])
        XCTAssertEqual(gap["gap"], "no-rule")
        XCTAssertNotNil(gap["region"]?.stringValue)
        XCTAssertEqual(gap["witness"]?["category"], "fraud")
        let silenced = try XCTUnwrap(findings.first { $0["id"] == "route-without-owner" })
        XCTAssertEqual(silenced["suppressed"], "interim")
        XCTAssertEqual(json["files"]?[0]?["errors"], 1)
        XCTAssertEqual(json["files"]?[0]?["suppressed"], 1)
    }

    func testSARIFHasWhatCodeScanningNeeds() throws {
        let log = SARIF.log([lint(gappy)], toolVersion: "1.2.3")
        XCTAssertEqual(log["version"], "2.1.0")
        XCTAssertEqual(log["$schema"], .string(SARIF.schema))
        let run = try XCTUnwrap(log["runs"]?[0])
        let driver = try XCTUnwrap(run["tool"]?["driver"])
        XCTAssertEqual(driver["name"], "dmap")
        XCTAssertEqual(driver["version"], "1.2.3")
        let rules = try XCTUnwrap(driver["rules"]?.arrayValue)
        XCTAssertEqual(rules.compactMap { $0["id"]?.stringValue }, Linter.catalogue.map(\.id))
        for rule in rules {
            XCTAssertNotNil(rule["shortDescription"]?["text"]?.stringValue)
            XCTAssertNotNil(rule["help"]?["text"]?.stringValue)
            XCTAssertNotNil(rule["defaultConfiguration"]?["level"]?.stringValue)
        }
        let results = try XCTUnwrap(run["results"]?.arrayValue)
        XCTAssertEqual(results.count, 2)
        for result in results {
            let id = try XCTUnwrap(result["ruleId"]?.stringValue)
            XCTAssertEqual(rules[Int(try XCTUnwrap(result["ruleIndex"]?.numberValue))]["id"]?.stringValue, id)
            XCTAssertNotNil(result["level"]?.stringValue)
            XCTAssertNotNil(result["message"]?["text"]?.stringValue)
            let location = try XCTUnwrap(result["locations"]?[0]?["physicalLocation"])
            XCTAssertEqual(location["artifactLocation"]?["uri"], "test.dmap")
            XCTAssertNotNil(location["region"]?["startLine"]?.numberValue)
            XCTAssertNotNil(location["region"]?["startColumn"]?.numberValue)
        }
        let gap = try XCTUnwrap(results.first { $0["ruleId"] == "no-rule-gap" })
        XCTAssertEqual(gap["level"], "error")
        XCTAssertEqual(gap["properties"]?["gap"], "no-rule")
        XCTAssertNotNil(gap["properties"]?["witness"]?.objectValue)
        let silenced = try XCTUnwrap(results.first { $0["ruleId"] == "route-without-owner" })
        XCTAssertEqual(silenced["suppressions"]?[0]?["kind"], "inSource")
        XCTAssertEqual(silenced["suppressions"]?[0]?["justification"], "interim")
    }

    func testSARIFNamesFilesAsURIs() {
        XCTAssertEqual(SARIF.uri("decision-maps/customer triage.dmap"), "decision-maps/customer%20triage.dmap")
        XCTAssertEqual(SARIF.uri("a\\b.dmap"), "a/b.dmap")
    }

    func testTheSameMapGivesTheSameBytes() {
        let first = LintOutput.json([lint(gappy)]).rendered(pretty: true)
        let second = LintOutput.json([lint(gappy)]).rendered(pretty: true)
        XCTAssertEqual(first, second)
    }
}
