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
            XCTAssertEqual(cases["read"], cases["routed"]! + cases["gaps"]! + cases["rejected"]!, name)
            XCTAssertEqual(cases["evaluated"], cases["read"]! - cases["rejected"]!, name)
            let gaps = (json["gaps"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["cases"] as! Int) - ($1["caughtByFallback"] as! Int) }
            // The incomplete example exits 1 because it leaves gaps; the complete ones route everything.
            XCTAssertEqual(result.status, name == "customer-triage" ? 1 : (gaps > 0 || cases["rejected"]! > 0 ? 1 : 0), name)
            XCTAssertEqual(name == "customer-triage", gaps > 0, name)
        }
    }

    func testSimulateNamesEveryInputWithoutAColumnBeforeRoutingAnything() throws {
        let result = try Self.dmap(["simulate", "decision-maps/customer-triage.dmap", "--cases", "-"],
                                   stdin: "ID,Ticket Channel,Tier,Category,Confidence,amount,Customer Sentiment,prior_escalations,VIP,Subject Line,CustomerName\nC-1,email,gold,fraud,0.9,1,0,0,no,x,Bo\n")
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.out, "")
        XCTAssertEqual(result.err, """
            dmap: error: `<stdin>` has no column for inputs `channel`, `tier`, `category`, `confidence`, `sentiment`, `vip`, `subject`
            note: input `channel` reads column `Channel` (or `channel`); did you mean `Ticket Channel`?
            note: input `tier` reads column `tier`; did you mean `Tier`?
            note: input `category` reads column `category`; did you mean `Category`?
            note: input `confidence` reads column `confidence`; did you mean `Confidence`?
            note: input `sentiment` reads column `sentiment`; did you mean `Customer Sentiment`?
            note: input `vip` reads column `vip`; did you mean `VIP`?
            note: input `subject` reads column `subject`; did you mean `Subject Line`?
            note: columns the map does not read: `Ticket Channel`, `Tier`, `Category`, `Confidence`, `Customer Sentiment`, `VIP`, `Subject Line`, `CustomerName`
            help: name the column with `column "…"` on the input in the map, or rename it in the file; to run with the input missing in every case, pass --allow-missing-column channel

            """)
    }

    func testAnOptionalInputWithoutAColumnStopsTheRunUnlessAllowedAndThenTheReportSaysSoFirst() throws {
        let csv = try String(contentsOf: Self.repository.appendingPathComponent("decision-maps/customer-triage.cases.csv"), encoding: .utf8)
        // Drop the optional `subject` column (the tenth).
        let withoutSubject = csv.split(separator: "\n").map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count == 11 { fields.remove(at: 9) }
            return fields.joined(separator: ",")
        }.filter { $0.split(separator: ",", omittingEmptySubsequences: false).count == 10 }.joined(separator: "\n") + "\n"
        let stopped = try Self.dmap(["simulate", "decision-maps/customer-triage.dmap", "--cases", "-"], stdin: withoutSubject)
        XCTAssertEqual(stopped.status, 2)
        XCTAssertTrue(stopped.err.hasPrefix("dmap: error: `<stdin>` has no column for input `subject`\n"), stopped.err)
        let allowed = try Self.dmap(["simulate", "decision-maps/customer-triage.dmap", "--cases", "-", "--allow-missing-column", "subject"],
                                    stdin: withoutSubject)
        XCTAssertEqual(allowed.status, 1, allowed.err)
        XCTAssertEqual(allowed.out.split(separator: "\n").prefix(4).joined(separator: "\n"), """
            Simulation of "Customer case triage" (version 2026.11-draft)
            map decision-maps/customer-triage.dmap, cases <stdin>
            case ids from column `id`
            NOTE: input `subject` has no column in the file (--allow-missing-column): every case lacks it
            """)
        let json = try Self.dmap(["simulate", "decision-maps/customer-triage.dmap", "--cases", "-", "--allow-missing-column", "subject",
                                  "--format", "json"], stdin: withoutSubject)
        let columns = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])?["columns"] as? [String: Any])
        XCTAssertEqual(columns["allowedMissing"] as? [String], ["subject"])
        XCTAssertEqual(columns["id"] as? String, "id")
        let bad = try Self.dmap(["simulate", "decision-maps/customer-triage.dmap", "--cases", "-", "--allow-missing-column", "subjet"],
                                stdin: withoutSubject)
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.err, "dmap: error: `--allow-missing-column subjet`: the map has no input `subjet`\nhelp: did you mean `subject`?\n")
    }

    func testAnExportWithAByteOrderMarkCRLFQuotedHeadersAndATrailingCommaIsReadAndItsUnnamedColumnNamed() throws {
        let map = """
            map "t"
              ids "Ticket ID"
            inputs
              kind  one of a, b  column "Ticket Type"
            segments
              all risk low otherwise
            routes
              r automated
            decide d (first)
              when kind is a -> r
              otherwise -> r

            """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try map.write(to: folder.appendingPathComponent("t.dmap"), atomically: true, encoding: .utf8)
        let csv = "\u{FEFF}\"Ticket ID\",\"Ticket Type\",\r\nT-1,a,\r\nT-2,b,\r\n"
        let result = try Self.dmap(["simulate", folder.appendingPathComponent("t.dmap").path, "--cases", "-", "--format", "json"], stdin: csv)
        XCTAssertEqual(result.status, 0, result.err)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let columns = try XCTUnwrap(report["columns"] as? [String: Any])
        XCTAssertEqual(columns["id"] as? String, "Ticket ID")
        XCTAssertEqual(columns["unused"] as? [String], ["column 3 (no name)"])
        XCTAssertEqual((report["cases"] as? [String: Any])?["routed"] as? Int, 2)
    }

    func testACaseFileWithoutCasesCannotBeSimulated() throws {
        for (name, text) in [("cases.csv", "id,Channel\n"), ("cases.csv", ""), ("cases.jsonl", ""), ("cases.jsonl", "\n\n"), ("cases.json", "[]")] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-empty-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            let result = try Self.dmap(["simulate", "decision-maps/customer-triage.dmap", "--cases", file.path, "--allow-missing-column", "tier",
                                        "--allow-missing-column", "category", "--allow-missing-column", "confidence", "--allow-missing-column", "amount",
                                        "--allow-missing-column", "sentiment", "--allow-missing-column", "prior_escalations",
                                        "--allow-missing-column", "vip", "--allow-missing-column", "subject", "--allow-missing-column", "channel"])
            XCTAssertEqual(result.status, 2, "\(name) \(text.debugDescription)")
            XCTAssertEqual(result.out, "")
            XCTAssertTrue(result.err.hasPrefix("dmap: error: no cases in `\(file.path)`\n"), result.err)
        }
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
        XCTAssertEqual(trace.map { $0["step"] as? String }, ["validate", "segment", "escalate", "inconsistent", "uncertainty", "decide"])
        XCTAssertEqual(trace.map { $0["detail"] as? String }[2...3], ["no mandatory escalation applies", "no inconsistency applies"])
        XCTAssertTrue(trace.dropFirst().allSatisfy { ($0["line"] as? Int).map { $0 > 0 } ?? ["escalate", "inconsistent"].contains($0["step"] as? String) })
    }

    func testRouteOfAGapExitsOneAndReadsCaseFromStandardInput() throws {
        let result = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "-"], stdin: """
            {"id": "C-1", "Channel": "chat", "tier": "standard", "category": "complaint", "confidence": 0.95,
             "amount": 20, "sentiment": 0.3, "prior_escalations": 0, "vip": false, "subject": null}
            """)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.out.hasPrefix("case:     C-1\nroute:    none\noutcome:  gap\nsegment:  standard (risk low)\ngap:      no-rule\n"), result.out)
    }

    func testRouteRefusesAnUnknownSetFieldAndBadJSONButIgnoresAndListsOtherKeys() throws {
        let unknown = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "--set", "catgory=fraud"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.err.hasPrefix("dmap: error: `--set catgory=…`: the map has no input `catgory`\nhelp: did you mean `category`?\n"), unknown.err)
        let bad = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "-"], stdin: "{\"tier\": gold}")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.err.hasPrefix("dmap: error: -:1:10: "), bad.err)
        // A whole row of an export, as the HTML report once suggested: extra keys are listed, not refused.
        let row = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "-", "--format", "json"], stdin: """
            {"id": "C-9", "channel": "email", "tier": "gold", "category": "fraud", "confidence": 0.99, "sentiment": 0,
             "prior_escalations": 0, "vip": false, "CustomerName": "Bo", "expected_route": "fraud_desk"}
            """)
        XCTAssertEqual(row.status, 0, row.err)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(row.out.utf8)) as? [String: Any])
        XCTAssertEqual(json["route"] as? String, "fraud_desk")
        XCTAssertEqual(json["ignoredKeys"] as? [String], ["CustomerName", "expected_route"])
        let text = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "-"], stdin: "{\"CustomerName\": \"Bo\", \"tier\": \"gold\"}")
        XCTAssertTrue(text.out.hasSuffix("\nnote: ignored, not inputs of the map: `CustomerName`\n"), text.out)
    }

    func testRouteRoutesOneRowOfACaseFileByIdOrRowNumber() throws {
        let byID = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "--cases", "decision-maps/customer-triage.cases.csv",
                                  "--case", "C-0006"])
        XCTAssertEqual(byID.status, 1, byID.err)
        XCTAssertTrue(byID.out.hasPrefix("""
            case:     C-0006 (row 6, line 7 of decision-maps/customer-triage.cases.csv)
            route:    none
            outcome:  gap
            segment:  standard (risk low)
            gap:      no-rule

            """), byID.out)
        let byRow = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "--cases", "decision-maps/customer-triage.cases.csv",
                                   "--row", "6"])
        XCTAssertEqual(byRow.out, byID.out)
        let whatIf = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "--cases", "decision-maps/customer-triage.cases.csv",
                                    "--row", "6", "--set", "category=fraud", "--set", "sentiment=0", "--format", "json"])
        XCTAssertEqual(whatIf.status, 0)
        XCTAssertTrue(whatIf.out.contains("\"route\": \"fraud_desk\""), whatIf.out)
        let missing = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "--cases", "decision-maps/customer-triage.cases.csv",
                                     "--case", "C-9999"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.err, "dmap: error: no case `C-9999` in `decision-maps/customer-triage.cases.csv`\nhelp: ids are read from column `id`\n")
        let positional = try Self.dmap(["route", "decision-maps/customer-triage.dmap", "decision-maps/customer-triage.cases.csv"])
        XCTAssertEqual(positional.status, 2)
        XCTAssertTrue(positional.err.hasPrefix("""
            dmap: error: `decision-maps/customer-triage.cases.csv` is a case file, not one case
            help: to route one of its rows, run `dmap route MAP --cases decision-maps/customer-triage.cases.csv --row N` or `--case ID`
            """), positional.err)
    }

    func testTheReproduceHintsOfTheReportRunVerbatim() throws {
        for name in ["customer-triage", "it-incidents", "insurance-claims"] {
            let report = try Self.dmap(["simulate", "decision-maps/\(name).dmap", "--cases", "decision-maps/\(name).cases.csv", "--format", "json"])
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any])
            for gap in try XCTUnwrap(json["gaps"] as? [[String: Any]]) {
                for example in gap["examples"] as? [[String: Any]] ?? [] {
                    let command = try XCTUnwrap(example["reproduce"] as? String)
                    XCTAssertTrue(command.hasPrefix("dmap route "), command)
                    let words = command.split(separator: " ").dropFirst().map(String.init)
                    let routed = try Self.dmap(words + ["--format", "json"])
                    let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(routed.out.utf8)) as? [String: Any], routed.err)
                    XCTAssertEqual(result["id"] as? String, example["id"] as? String, command)
                    XCTAssertEqual((result["gap"] as? [String: Any])?["kind"] as? String, gap["kind"] as? String, command)
                }
            }
        }
        let text = try Self.dmap(["simulate", "decision-maps/customer-triage.dmap", "--cases", "decision-maps/customer-triage.cases.csv"])
        XCTAssertTrue(text.out.contains("    reproduce: dmap route decision-maps/customer-triage.dmap --cases decision-maps/customer-triage.cases.csv --case C-0006\n"))
    }

    func testBareDmapListsTheCommandsAndAPositionalCaseFileGetsAHint() throws {
        let bare = try Self.dmap([])
        XCTAssertEqual(bare.status, 2)
        XCTAssertEqual(bare.out, "")
        XCTAssertTrue(bare.err.hasPrefix("usage: dmap [--version] [--help] COMMAND [ARGUMENTS]\n"), bare.err)
        XCTAssertTrue(bare.err.contains("\n  lint "), bare.err)
        XCTAssertTrue(bare.err.contains("EXIT STATUS (every command):"), bare.err)
        let positional = try Self.dmap(["simulate", "decision-maps/customer-triage.dmap", "cases.csv"])
        XCTAssertEqual(positional.status, 2)
        XCTAssertTrue(positional.err.hasPrefix("dmap: error: unexpected argument `cases.csv`\nhelp: did you mean `--cases cases.csv`?\n"), positional.err)
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
