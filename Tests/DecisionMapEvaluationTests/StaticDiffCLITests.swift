import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `dmap diff OLD NEW` without cases: exact output, the guards and their exit status, JSON, HTML,
/// versions with different inputs, and `--git`.
final class StaticDiffCLITests: XCTestCase {
    static let claims = try! String(contentsOfFile: repository.appendingPathComponent("decision-maps/insurance-claims.dmap").path, encoding: .utf8)
    static let lowered = claims.replacingOccurrences(of: "otherwise                       below 0.70", with: "otherwise                       below 0.60")
    static let raised = claims.replacingOccurrences(of: "otherwise                       below 0.70", with: "otherwise                       below 0.80")

    func testAMapAgainstItselfIsEquivalentAndPassesEveryGuard() throws {
        let result = try dmap(["diff", "decision-maps/customer-triage.dmap", "decision-maps/customer-triage.dmap",
                               "--fail-on-change", "--check", "no-new-automation", "--check", "no-new-gaps"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.out, """
            Diff of "Customer case triage" over every case
              old  decision-maps/customer-triage.dmap
              new  decision-maps/customer-triage.dmap

            MAP CHANGES
              none

            equivalent: every case is decided the same (exact analysis over 82 regions)

            check no-new-automation: passed

            check no-new-gaps: passed

            """)
    }

    func testALoweredThresholdFailsNoNewAutomationAndARaisedOneDoesNot() throws {
        let dir = try folder(["old.dmap": Self.claims, "lowered.dmap": Self.lowered, "raised.dmap": Self.raised], test: self)
        let down = try dmap(["diff", "old.dmap", "lowered.dmap", "--check", "no-new-automation"], in: dir)
        XCTAssertEqual(down.status, 1, down.err)
        XCTAssertTrue(down.out.contains("\n5 regions change decisions (exact analysis over 203 regions)\n"), down.out)
        XCTAssertTrue(down.out.hasSuffix("""

            check no-new-automation: FAILED: 1 region breaks it
              intake_review (review) → straight_through (decided), segment small_claims

            """), down.out)
        let up = try dmap(["diff", "old.dmap", "raised.dmap", "--check", "no-new-automation", "--check", "no-new-gaps"], in: dir)
        XCTAssertEqual(up.status, 0, up.out)
        XCTAssertTrue(up.out.contains("  straight_through (decided) → intake_review (review)\n"), up.out)
        // Without a guard, a change is an answer, not a failure.
        XCTAssertEqual(try dmap(["diff", "old.dmap", "lowered.dmap"], in: dir).status, 0)
        XCTAssertEqual(try dmap(["diff", "old.dmap", "lowered.dmap", "--fail-on-change"], in: dir).status, 1)
    }

    func testEveryWitnessRoutesAsTheChangeSaysInBothVersions() throws {
        let dir = try folder(["old.dmap": Self.claims, "lowered.dmap": Self.lowered], test: self)
        let result = try dmap(["diff", "old.dmap", "lowered.dmap", "--format", "json"], in: dir)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["equivalent"] as? Bool, false)
        XCTAssertEqual(object["exact"] as? Bool, true)
        let changes = try XCTUnwrap(object["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.count, 5)
        for change in changes {
            let witness = try JSONSerialization.data(withJSONObject: try XCTUnwrap(change["witness"]))
            try witness.write(to: dir.appendingPathComponent("witness.json"))
            for (map, side) in [("old.dmap", "from"), ("lowered.dmap", "to")] {
                let routed = try dmap(["route", map, "witness.json", "--format", "json"], in: dir)
                let decision = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(routed.out.utf8)) as? [String: Any])
                let expected = try XCTUnwrap(change[side] as? [String: Any])
                XCTAssertEqual(decision["route"] as? String, expected["route"] as? String, "\(map): \(change)")
                XCTAssertEqual(decision["outcome"] as? String, expected["outcome"] as? String, "\(map): \(change)")
                XCTAssertEqual(decision["segment"] as? String, expected["segment"] as? String, "\(map): \(change)")
            }
        }
    }

    func testVersionsWithDifferentInputsAreComparedOverTheUnion() throws {
        let tiny = """
            map "t"
            inputs
              kind    one of a, b
              amount  integer 0..100
            segments
              all risk low otherwise
            routes
              bot   automated
              desk  team "Desk"  sla 1h  owner "Lead"
            invalid
              otherwise -> desk
            decide d (first)
              when kind is a and amount < 50 -> bot
              otherwise -> desk

            """
        let widened = tiny.replacingOccurrences(of: "one of a, b", with: "one of a, b, c")
            .replacingOccurrences(of: "when kind is a and amount < 50", with: "when kind in (a, c) and amount < 50")
            .replacingOccurrences(of: "  amount  integer 0..100\n", with: "  amount  integer 0..100\n  note    text  optional\n")
        let dir = try folder(["old.dmap": tiny, "new.dmap": widened], test: self)
        let result = try dmap(["diff", "old.dmap", "new.dmap", "--check", "no-new-automation"], in: dir)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.out.contains("""
            DECISION CHANGES (route or outcome)
              desk (data-policy) → bot (decided)
                segment none → all; old line 11, new line 14
                  region:  kind is c, amount <= 49
                  witness: {"kind":"c","amount":0,"note":"other"}
              desk (data-policy) → desk (decided)
                segment none → all; old line 11, new line 15
                  region:  kind is c, amount >= 50
                  witness: {"kind":"c","amount":50,"note":"other"}

            """), result.out)
        // A value neither version accepts routes the same in both: no change for it.
        XCTAssertFalse(result.out.contains("neither version accepts"), result.out)
    }

    func testInputsThatChangeKindAreComparedOverCasesInstead() throws {
        let a = "map \"t\"\ninputs\n  x integer 0..9\nsegments\n  s risk low otherwise\nroutes\n  r automated\ndecide d (first)\n  otherwise -> r\n"
        let dir = try folder(["a.dmap": a, "b.dmap": a.replacingOccurrences(of: "x integer 0..9", with: "x one of p, q")], test: self)
        let result = try dmap(["diff", "a.dmap", "b.dmap"], in: dir)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.err, """
            dmap: error: input `x` (column `x`) is integer 0..9 in OLD and one of p, q in NEW
            help: versions whose inputs change kind are compared over real cases: add --cases FILE

            """)
    }

    func testGitComparesTheCommittedVersionWithTheWorkingCopy() throws {
        let dir = try folder(["claims.dmap": Self.claims], test: self)
        func git(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-c", "user.name=t", "-c", "user.email=t@t"] + arguments
            process.currentDirectoryURL = dir
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        guard (try? git(["init", "-q"])) == 0 else { throw XCTSkip("git is not available") }
        XCTAssertEqual(try git(["add", "claims.dmap"]), 0)
        XCTAssertEqual(try git(["commit", "-q", "-m", "claims"]), 0)
        try Self.lowered.write(to: dir.appendingPathComponent("claims.dmap"), atomically: true, encoding: .utf8)
        let result = try dmap(["diff", "--git", "HEAD", "claims.dmap", "--check", "no-new-automation"], in: dir)
        XCTAssertEqual(result.status, 1, result.err)
        XCTAssertTrue(result.out.hasPrefix("Diff of \"Insurance claim intake\" over every case\n  old  claims.dmap at HEAD\n  new  claims.dmap\n"), result.out)
        let missing = try dmap(["diff", "--git", "no-such-rev", "claims.dmap"], in: dir)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.err.hasPrefix("dmap: error: cannot read `claims.dmap` at `no-such-rev` with git\n"), missing.err)
        let two = try dmap(["diff", "--git", "HEAD", "claims.dmap", "claims.dmap"], in: dir)
        XCTAssertEqual(two.status, 2)
    }

    func testTheHTMLPageShowsTheVerdictAndEveryChange() throws {
        let dir = try folder(["old.dmap": Self.claims, "lowered.dmap": Self.lowered], test: self)
        let result = try dmap(["diff", "old.dmap", "lowered.dmap", "--html", "diff.html", "--check", "no-new-automation"], in: dir)
        XCTAssertEqual(result.status, 1)
        let html = try String(contentsOf: dir.appendingPathComponent("diff.html"), encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n"))
        let parser = XMLParser(data: Data(html.utf8))
        XCTAssertTrue(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertTrue(html.contains("<div id=\"verdict\" class=\"callout warn\"><p><b>5 regions change decisions (exact analysis over 203 regions)</b></p>"), html)
        XCTAssertTrue(html.contains("Check <code>no-new-automation</code>: failed: 1 region breaks it"))
        XCTAssertEqual(html.components(separatedBy: "<tr>").count - 1, 5 + 1, "a row per change and the header")
        XCTAssertFalse(html.contains("<script"))
    }
}
