import DecisionMap
import DecisionMapEvaluation
import DecisionMapSimulation
import Foundation
import XCTest

/// `dmap diff`: two versions of a map over the same cases.
final class DiffTests: XCTestCase {
    static let triagePath = repository.appendingPathComponent("decision-maps/customer-triage.dmap").path
    static let casesPath = repository.appendingPathComponent("decision-maps/customer-triage.cases.csv").path

    // The edits below find what they change by content, and the expected lines come from the maps,
    // so the tests hold however the example is formatted (`dmap fmt` realigns it).
    static func raiseBillingLimit(_ text: String) -> String {
        text.replacingOccurrences(of: "amount < 500 ", with: "amount < 1000")
    }

    static func decideComplaints(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        let last = lines.lastIndex { $0.contains("when category is outage") }!
        lines.insert("  when category is complaint -> complaints_team", at: last + 1)
        return lines.joined(separator: "\n")
    }

    /// The line of rule `index` of the table `route`.
    func ruleLine(_ map: DecisionMap, _ index: Int) -> Int {
        let table = map.model.tables.first { $0.name == "route" }!
        return map.model.line(table.rules[index < 0 ? table.rules.count + index : index].range)
    }

    func triage(_ edit: ((String) -> String)? = nil) throws -> DecisionMap {
        let text = try String(contentsOfFile: Self.triagePath, encoding: .utf8)
        let edited = edit?(text) ?? text
        if edit != nil { XCTAssertNotEqual(edited, text, "the edit must change the map") }
        return try compile(edited, name: "customer-triage.dmap")
    }

    func diff(_ old: DecisionMap, _ new: DecisionMap, jobs: Int = 2) throws -> DiffReport {
        var options = SimulationOptions(jobs: jobs)
        options.batchSize = 50
        return try DecisionDiff.run(old: old, new: new, source: "cases.csv", options: options) {
            try CaseFileReader(format: .csv, source: FileHandleByteSource(FileHandle(forReadingAtPath: Self.casesPath)!))
        }
    }

    /// Every sample case routed by each map through the public `explain` API: values keyed by
    /// column and bound with `CaseValue`, not the simulator's byte binder, batches or pairing.
    func independentlyRouted(_ old: DecisionMap, _ new: DecisionMap) throws -> [(id: String, values: [String: String], old: RoutedCase, new: RoutedCase)] {
        var reader = try CSVReader(source: FileHandleByteSource(FileHandle(forReadingAtPath: Self.casesPath)!))
        let header = reader.header
        var result: [(String, [String: String], RoutedCase, RoutedCase)] = []
        while let row = try reader.next() {
            guard case .record(let record) = row else { continue }
            let cells = Dictionary(uniqueKeysWithValues: zip(header, record.fields))
            var values: [String: CaseValue] = [:]
            for (column, cell) in cells { values[column] = cell.isEmpty ? .missing : .text(cell) }
            let ignored: Set<String> = ["id", "expected_route"]
            let a = try old.explain(old.record(values, ignoring: ignored))
            let b = try new.explain(new.record(values, ignoring: ignored))
            result.append((cells["id"]!, cells, RoutedCase(map: old, decision: a.decision, trace: []),
                           RoutedCase(map: new, decision: b.decision, trace: [])))
        }
        return result
    }

    func testAMapDiffedWithItselfReportsNothing() throws {
        let map = try triage()
        let report = try diff(map, map)
        XCTAssertEqual(report.changed, 0)
        XCTAssertTrue(report.transitions.isEmpty)
        XCTAssertTrue(report.structure.changes.isEmpty)
        XCTAssertTrue(report.gapsIntroduced.isEmpty && report.gapsClosed.isEmpty)
        XCTAssertTrue(report.workload.isEmpty && report.owners.isEmpty && report.coverage.isEmpty)
        XCTAssertEqual(report.old.evaluated, 360)
    }

    func testAKnownEditMovesExactlyTheCasesItShould() throws {
        let old = try triage()
        let new = try triage(Self.raiseBillingLimit)
        let report = try diff(old, new)
        let (limitRule, billingRule) = (ruleLine(old, 1), ruleLine(old, 2))

        let expected = try independentlyRouted(old, new).filter {
            $0.old.route != $0.new.route || $0.old.outcome != $0.new.outcome || $0.old.segment != $0.new.segment
        }
        XCTAssertFalse(expected.isEmpty)
        // What the edit means: billing cases from 500 up to 1000 EUR that the main table used to send to billing.
        for c in expected {
            XCTAssertEqual(c.values["category"], "billing", c.id)
            XCTAssertTrue((500..<1000).contains(Double(c.values["amount"]!)!), c.id)
            XCTAssertEqual(c.old.route, "billing_team", c.id)
            XCTAssertEqual(c.new.route, "auto_resolve", c.id)
        }
        XCTAssertEqual(report.changed, expected.count)
        XCTAssertEqual(report.transitions.map(\.label), ["billing_team → auto_resolve"])
        XCTAssertEqual(report.transitions.flatMap(\.cases).map(\.id), expected.map(\.id))
        XCTAssertEqual(report.workload.map { "\($0.route) \($0.old!.cases)→\($0.new!.cases)" }, [
            "auto_resolve \(report.old.routes[0].cases)→\(report.old.routes[0].cases + expected.count)",
            "billing_team \(report.old.routes[1].cases)→\(report.old.routes[1].cases - expected.count)",
        ])
        XCTAssertEqual(report.owners.map(\.owner), ["Billing Lead"])
        XCTAssertEqual(report.coverage.map { "\($0.old!.line)→\($0.new!.line) \($0.new!.cases - $0.old!.cases)" },
                       ["\(limitRule)→\(limitRule) \(expected.count)", "\(billingRule)→\(billingRule) -\(expected.count)"])
        XCTAssertTrue(report.gapsIntroduced.isEmpty && report.gapsClosed.isEmpty)
        XCTAssertEqual(report.structure.changes.map { "\($0.kind) \($0.name) \($0.oldLine!)→\($0.newLine!)" },
                       ["changed rule in `route` \(limitRule)→\(limitRule)"])
    }

    func testClosingAGapIsReportedWithTheCasesItClosed() throws {
        let old = try triage()
        let new = try triage(Self.decideComplaints)
        let report = try diff(old, new)
        let added = ruleLine(new, -1)
        let expected = try independentlyRouted(old, new).filter { $0.old.gap != $0.new.gap }
        XCTAssertTrue(expected.allSatisfy { $0.values["category"] == "complaint" && $0.old.gap == .noRule && $0.new.gap == nil })
        XCTAssertEqual(report.gapsClosed.map { "\($0.kind.rawValue) \($0.cases)" }, ["no-rule \(expected.count)"])
        XCTAssertEqual(report.gapsClosed.first?.examples.map(\.id), Array(expected.map(\.id).prefix(10)))
        XCTAssertTrue(report.gapsIntroduced.isEmpty)
        XCTAssertEqual(report.transitions.map(\.label), ["(none) → complaints_team, outcome gap → decided"])
        XCTAssertEqual(report.coverage.map { "\($0.old?.line ?? 0)→\($0.new!.line) \($0.new!.cases)" }, ["0→\(added) \(expected.count)"])
        XCTAssertEqual(report.structure.changes.map { "\($0.kind) \($0.name) \($0.newLine!)" }, ["added rule in `route` \(added)"])
    }

    func testTheReportIsTheSameForAnyNumberOfJobs() throws {
        let old = try triage()
        let new = try triage { $0.replacingOccurrences(of: "below 0.70", with: "below 0.80") }
        let one = try diff(old, new, jobs: 1), four = try diff(old, new, jobs: 4)
        XCTAssertGreaterThan(one.changed, 0)
        XCTAssertEqual(one.text(), four.text())
        XCTAssertEqual(one.json(), four.json())
    }

    // MARK: Command line

    func testDiffCommandPrintsNothingChangedForAMapAndItself() throws {
        let result = try dmap(["diff", "decision-maps/customer-triage.dmap", "decision-maps/customer-triage.dmap",
                               "--cases", "decision-maps/customer-triage.cases.csv", "--fail-on-change"])
        XCTAssertEqual(result.err, "")
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.out, """
            Diff of "Customer case triage" (version 2026.11-draft)
              old    decision-maps/customer-triage.dmap
              new    decision-maps/customer-triage.dmap
              cases  decision-maps/customer-triage.cases.csv: 360 read = 360 evaluated + 0 rejected

            MAP CHANGES
              none

            CHANGED CASES: none of 360 evaluated cases changed route, outcome or segment

            EVERY CASE (static analysis, not only the file's)
            equivalent: every case is decided the same (exact analysis over 82 regions)

            """)
    }

    func testDiffCommandReportsAKnownEditAndFailsOnChangeWhenAsked() throws {
        let text = try String(contentsOfFile: Self.triagePath, encoding: .utf8)
        let dir = try folder([
            "old.dmap": text,
            "new.dmap": Self.raiseBillingLimit(text).replacingOccurrences(of: "\"2026.11-draft\"", with: "\"2026.12-draft\""),
            "cases.csv": try String(contentsOfFile: Self.casesPath, encoding: .utf8),
        ], test: self)
        let old = try triage()
        let version = text.components(separatedBy: "\n").firstIndex { $0.contains("\"2026.11-draft\"") }! + 1
        let (a, b) = (ruleLine(old, 1), ruleLine(old, 2))
        let result = try dmap(["diff", "old.dmap", "new.dmap", "--cases", "cases.csv", "--examples", "3", "--per-week", "5000",
                               "--fail-on-change"], in: dir)
        XCTAssertEqual(result.err, "")
        XCTAssertEqual(result.status, 1)
        let (caseReport, staticReport) = (result.out.components(separatedBy: "\nEVERY CASE")[0], result.out.components(separatedBy: "\nEVERY CASE").last!)
        // The static part: three regions, one per segment, with the file's cases in each (none in
        // the high-risk segment the file happens not to have).
        XCTAssertTrue(staticReport.hasPrefix(" (static analysis, not only the file's)\n3 regions change decisions (exact analysis over 86 regions)\n"), staticReport)
        XCTAssertEqual(staticReport.components(separatedBy: "\n").filter { $0.hasPrefix("      cases:") },
                       ["      cases:   2 in the file", "      cases:   none in the file", "      cases:   10 in the file"])
        XCTAssertEqual(caseReport, """
            Diff of "Customer case triage": version 2026.11-draft → 2026.12-draft
              old    old.dmap
              new    new.dmap
              cases  cases.csv: 360 read = 360 evaluated + 0 rejected

            MAP CHANGES
              changed  map version      line \(version) → \(version)
                       - version "2026.11-draft"
                       + version "2026.12-draft"
              changed  rule in `route`  line \(a) → \(a)
                       - when category is billing and amount < 500 -> auto_resolve
                       + when category is billing and amount < 1000 -> auto_resolve

            CHANGED CASES: 12 of 360 evaluated cases changed route, outcome or segment
              billing_team → auto_resolve: 12 cases, e.g. C-0047, C-0065, C-0172, …

            WORKLOAD (old → new), scaled to 5000 cases per week
              route         owner             cases  change      hours  change     cost (EUR)  change        h/week  capacity
              auto_resolve                205 → 217     +12  3.4 → 3.6    +0.2    41.0 → 43.4    +2.4
              billing_team  Billing Lead    43 → 31     -12  8.6 → 6.2    -2.4  387.0 → 279.0  -108.0  119.4 → 86.1        80  OVERLOADED
              by owner: Billing Lead 8.6 → 6.2 h (-2.4)

            RULE COVERAGE (cases each rule, threshold, escalation and policy decided, old → new)
                   line    decided  change  what
              \(a) → \(a)  125 → 137     +12  rule: route: when category is billing and amount < 1000 -> auto_resolve
              \(b) → \(b)     17 → 5     -12  rule: route: when category is billing -> billing_team

            """)

        let json = try dmap(["diff", "old.dmap", "new.dmap", "--cases", "cases.csv", "--format", "json"], in: dir)
        XCTAssertEqual(json.status, 0, "without --fail-on-change a change is not a failure")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["changed"] as? Int, 12)
        let transitions = try XCTUnwrap(object["transitions"] as? [[String: Any]])
        XCTAssertEqual(transitions.count, 1)
        XCTAssertEqual(transitions[0]["label"] as? String, "billing_team → auto_resolve")
        XCTAssertEqual((transitions[0]["cases"] as? [String])?.count, 12)
        XCTAssertEqual(transitions[0]["route"] as? [String: String], ["from": "billing_team", "to": "auto_resolve"])
        XCTAssertTrue(transitions[0]["segment"] is NSNull)
        XCTAssertEqual(Set(object.keys), ["old", "new", "cases", "changed", "transitions", "gaps", "workload", "coverage", "structure",
                                          "equivalent", "exact", "approximations", "regions", "changes", "checks"])
        let changes = try XCTUnwrap(object["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.map { $0["cases"] as? Int }, [2, 0, 10])
        XCTAssertEqual(changes.reduce(0) { $0 + ($1["cases"] as? Int ?? 0) }, object["changed"] as? Int)
    }

    func testDiffReadsCasesFromStandardInputOnceForBothVersions() throws {
        let dir = try folder(["tiny.dmap": tinyMap, "tiny2.dmap": tinyMap.replacingOccurrences(of: "amount < 50", with: "amount < 20")],
                             test: self)
        let result = try dmap(["diff", "tiny.dmap", "tiny2.dmap", "--cases", "-", "--format", "json"], in: dir,
                              stdin: "id,kind,amount\nB1,b,10\nB2,b,30\nA1,a,30\n")
        XCTAssertEqual(result.status, 0, result.err)
        let data = Data(result.out.utf8)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["changed"] as? Int, 1)
        XCTAssertEqual((object["transitions"] as? [[String: Any]])?.first?["cases"] as? [String], ["B2"])
    }
}
