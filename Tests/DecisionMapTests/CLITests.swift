import DMapTestSupport
import XCTest

/// End-to-end tests of the `dmap` executable: exit codes and exactly what a user sees.
final class CLITests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `dmap` with arguments (and standard input) from the repository folder.
    static func dmap(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try runDmap(arguments, in: repository, stdin: stdin)
    }

    func testEveryExampleMapChecksClean() throws {
        let maps = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("decision-maps").path)
            .filter { $0.hasSuffix(".dmap") }.sorted()
        XCTAssertGreaterThanOrEqual(maps.count, 3)
        let result = try Self.dmap(["check"] + maps.map { "decision-maps/\($0)" })
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, "")
        XCTAssertEqual(result.out.split(separator: "\n").count, maps.count)
    }

    func testEveryExampleSimulatesItsSampleCasesAndTheCountsAddUp() throws {
        for name in ["customer-triage", "insurance-claims", "it-incidents"] {
            let result = try Self.dmap(["simulate", "decision-maps/\(name).dmap", "--cases", "decision-maps/\(name).cases.csv",
                                        "--expect", "expected_route", "--format", "json"])
            XCTAssertEqual(result.err, "", name)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any], name)
            let cases = try XCTUnwrap(json["cases"] as? [String: Int])
            XCTAssertGreaterThanOrEqual(cases["read"]!, 300, name)
            XCTAssertEqual(cases["read"], cases["routed"]! + cases["rejected"]!, name)
            let gaps = (json["gaps"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["cases"] as! Int) - ($1["caughtByFallback"] as! Int) }
            // The incomplete example exits 1 because it leaves gaps; the complete ones route everything.
            XCTAssertEqual(result.status, name == "customer-triage" ? 1 : (gaps > 0 || cases["rejected"]! > 0 ? 1 : 0), name)
            XCTAssertEqual(name == "customer-triage", gaps > 0, name)
        }
    }

    func testSimulateNamesAMissingColumnBeforeRoutingAnything() throws {
        let result = try Self.dmap(["simulate", "decision-maps/customer-triage.dmap", "--cases", "-"],
                                   stdin: "id,channel,tier\nC-1,email,gold\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.out, "")
        XCTAssertEqual(result.err, """
            dmap: error: the case file has no column `Channel`, which the map needs for field `channel`
            help: did you mean `channel`? rename the column, or map it with `column "channel"` on the input

            """)
    }

    func testCheckReportsErrorsInTheCompilerConventionAndExitsOne() throws {
        let map = "map \"t\"\ninputs\n  x one of a, b\nsegments\n  s risk low otherwise\nroutes\n  r automated\ndecide d (first)\n  when x is c -> rr\n"
        let result = try Self.dmap(["check", "-"], stdin: map)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.err, """
            <stdin>:9:13: error: `c` is not a value of `x`
             9 |   when x is c -> rr
               |             ^
               = help: its values are a, b

            <stdin>:9:18: error: undefined route `rr`
             9 |   when x is c -> rr
               |                  ^~
               = help: did you mean `r`?

            <stdin>: 2 errors

            """)
    }

    func testCheckJSONListsDiagnosticsWithLocations() throws {
        let result = try Self.dmap(["check", "--format", "json", "-"], stdin: "map \"t\"\nroutes\n  r automatic\n")
        XCTAssertEqual(result.status, 1)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let files = try XCTUnwrap(json["files"] as? [[String: Any]])
        XCTAssertEqual(files.first?["valid"] as? Bool, false)
        let first = try XCTUnwrap((files.first?["diagnostics"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["message"] as? String, "unknown kind of route `automatic`")
        XCTAssertEqual(first["line"] as? Int, 3)
        XCTAssertEqual(first["column"] as? Int, 5)
        XCTAssertEqual(first["help"] as? String, "did you mean `automated`?")
    }

    func testRouteExplainsTheDecisionWithLineNumbers() throws {
        let result = try Self.dmap([
            "route", "decision-maps/customer-triage.dmap", "--set", "Channel=email", "--set", "tier=gold",
            "--set", "category=fraud", "--set", "confidence=0.99", "--set", "amount=50", "--set", "sentiment=0.1",
            "--set", "prior_escalations=0", "--set", "vip=no", "--format", "json",
        ])
        XCTAssertEqual(result.status, 0, result.err)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        XCTAssertEqual(json["route"] as? String, "fraud_desk")
        XCTAssertEqual(json["outcome"] as? String, "decided")
        XCTAssertEqual(json["segment"] as? String, "critical")
        XCTAssertTrue(json["gap"] is NSNull)
        let trace = try XCTUnwrap(json["trace"] as? [[String: Any]])
        XCTAssertEqual(trace.map { $0["step"] as? String }, ["validate", "segment", "escalate", "uncertainty", "decide"])
        XCTAssertTrue(trace.dropFirst().allSatisfy { ($0["line"] as? Int).map { $0 > 0 } ?? ($0["step"] as? String == "escalate") })
    }

    func testRouteOfAGapExitsOneAndReadsCaseFromStandardInput() throws {
        let result = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "-"], stdin: """
            {"id": "C-1", "Channel": "chat", "tier": "standard", "category": "complaint", "confidence": 0.95,
             "amount": 20, "sentiment": 0.3, "prior_escalations": 0, "vip": false, "subject": null}
            """)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.out.hasPrefix("case:     C-1\nroute:    none\noutcome:  gap\nsegment:  standard (risk low)\ngap:      no-rule\n"), result.out)
    }

    func testRouteRejectsUnknownFieldsAndBadJSON() throws {
        let unknown = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "--set", "catgory=fraud"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.err, "dmap: error: unknown field `catgory`; did you mean `category`?\n")
        let bad = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "-"], stdin: "{\"tier\": gold}")
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.err.hasPrefix("dmap: error: -:1:10: "), bad.err)
    }

    func testUsageErrorsExitTwoAndHelpAndVersionWork() throws {
        let typo = try Self.dmap(["chekc"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.err.contains("unknown command `chekc`"), typo.err)
        XCTAssertTrue(typo.err.contains("did you mean `check`?"), typo.err)
        let help = try Self.dmap(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.out.contains("route"))
        let routeHelp = try Self.dmap(["help", "route"])
        XCTAssertTrue(routeHelp.out.hasPrefix("usage: dmap route MAP [CASE]"), routeHelp.out)
        let version = try Self.dmap(["--version"])
        XCTAssertEqual(version.out, "dmap 0.1.0\n")
    }
}
