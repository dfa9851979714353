import DMapTestSupport
import Foundation
import XCTest

/// `--sweep`, `--target` and `--set-threshold` from the command line: exact output, exit status,
/// and errors.
final class SweepCLITests: XCTestCase {
    private let insurance = ["decision-maps/insurance-claims.dmap", "--cases", "decision-maps/insurance-claims.cases.csv"]

    func testASweepWithATargetLeadsTheTextReport() throws {
        let result = try runDmap(["simulate"] + insurance + ["--expect", "expected_route", "--sweep", "otherwise=0.6..0.8/0.1",
                                                             "--target", "automated-error<=3.5%"])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.out.components(separatedBy: "\n\nCASES\n")[0], """
            Simulation of "Insurance claim intake" (version 2026.3)
            map decision-maps/insurance-claims.dmap, cases decision-maps/insurance-claims.cases.csv
            case ids from column `id`

            RECOMMENDED THRESHOLDS (the most automation that meets `automated-error<=3.5%`)
              otherwise (small_claims): threshold 0.7; automation 8.0% (32 cases), automated errors 3.1% (1 of 32), review 35 cases, 7.3 h; in force now: 0.7

            THRESHOLD SWEEP: `small_claims` (the `otherwise` line, in force: 0.7), 3 points over 400 evaluated cases
              threshold             automated  share  review  review h  people h  cost (EUR)  agreement  automated errors
                    0.6                    33   8.2%      33       7.0     240.6    11644.85      92.5%    2 of 33 (6.1%)
                    0.7  now, best         32   8.0%      35       7.3     240.7    11651.40      93.0%    1 of 32 (3.1%)
                    0.8                    30   7.5%      44       8.8     240.2    11632.50      90.8%    1 of 30 (3.3%)
              now: the threshold in force in this run; best: the recommended point
              review: cases a threshold sent to a person; people h: hours of every team and escalation route
              automated errors: cases on an automated route other than their expected route, of the automated cases with one
            """)
    }

    func testATargetNoPointMeetsExitsOne() throws {
        let result = try runDmap(["simulate"] + insurance + ["--expect", "expected_route", "--sweep", "otherwise=0.6..0.8/0.1",
                                                             "--target", "automated-error<=1%"])
        XCTAssertEqual(result.status, 1, result.err)
        XCTAssertTrue(result.out.contains("\n  otherwise (small_claims): no point from 0.6 to 0.8 meets the target (a point with no automated case has no automated error rate)\n"),
                      result.out)
    }

    func testTheJSONReportHasOneSweepPerOptionWithEveryFigurePerPoint() throws {
        let result = try runDmap(["simulate"] + insurance + ["--expect", "expected_route", "--per-week", "2000", "--format", "json",
                                                             "--sweep", "otherwise=0.6..0.8/0.1", "--sweep", "bodily_injury=0.9..1/0.1",
                                                             "--target", "automation>=7.6%"])
        XCTAssertEqual(result.status, 0, result.err)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        XCTAssertEqual(report["targets"] as? [String], ["automation>=7.6%"])
        let sweeps = try XCTUnwrap(report["sweep"] as? [[String: Any]])
        XCTAssertEqual(sweeps.map { $0["segment"] as? String }, ["otherwise", "bodily_injury"])
        XCTAssertEqual(sweeps[0]["segments"] as? [String], ["small_claims"])
        XCTAssertEqual(sweeps[0]["current"] as? [Double], [0.7])
        XCTAssertEqual(sweeps[0]["recommended"] as? Double, 0.6)
        XCTAssertEqual(sweeps[1]["current"] as? [Double], [0.9])
        let points = try XCTUnwrap(sweeps[0]["points"] as? [[String: Any]])
        XCTAssertEqual(points.map { $0["threshold"] as? Double }, [0.6, 0.7, 0.8])
        XCTAssertEqual(points.map { $0["automated"] as? Int }, [33, 32, 30])
        XCTAssertEqual(points.map { $0["reviewCases"] as? Int }, [33, 35, 44])
        XCTAssertEqual(points.map { $0["automatedErrors"] as? Int }, [2, 1, 1])
        XCTAssertEqual(points.map { $0["meetsTargets"] as? Bool }, [true, true, false])
        XCTAssertEqual(Set(points[1].keys), [
            "threshold", "outcomes", "routes", "automated", "automationRate", "reviewCases", "reviewHours", "peopleHours", "cost",
            "weeklyReviewHours", "weeklyPeopleHours", "overloaded", "agreement", "automatedErrors", "automatedCompared",
            "automatedErrorRate", "meetsTargets",
        ])
        // The point at the threshold in force is the report itself.
        XCTAssertEqual(points[1]["automationRate"] as? Double, report["automationRate"] as? Double)
        XCTAssertEqual(points[1]["outcomes"] as? NSArray, report["outcomes"] as? NSArray)
        XCTAssertEqual(points[1]["agreement"] as? Double, (report["agreement"] as? [String: Any])?["rate"] as? Double)
    }

    func testWithoutExpectationsTheErrorFiguresAreNull() throws {
        let result = try runDmap(["simulate"] + insurance + ["--format", "json", "--sweep", "all=0.9..0.9/0.1"])
        XCTAssertEqual(result.status, 0, result.err)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let point = try XCTUnwrap(((report["sweep"] as? [[String: Any]])?.first?["points"] as? [[String: Any]])?.first)
        for key in ["agreement", "automatedErrors", "automatedCompared", "automatedErrorRate", "weeklyReviewHours", "meetsTargets"] {
            XCTAssertTrue(point[key] is NSNull, key)
        }
    }

    func testSetThresholdIsSaidFirstAndEqualsTheSweepPoint() throws {
        let set = try runDmap(["simulate"] + insurance + ["--set-threshold", "otherwise=0.8", "--format", "json"])
        XCTAssertEqual(set.status, 0, set.err)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(set.out.utf8)) as? [String: Any])
        XCTAssertEqual(report["whatIf"] as? [String], ["confidence threshold of the `otherwise` line set to 0.8 (the map says 0.7)"])
        let swept = try runDmap(["simulate"] + insurance + ["--sweep", "otherwise=0.8..0.8/0.1", "--format", "json"])
        let sweep = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(swept.out.utf8)) as? [String: Any])
        let point = try XCTUnwrap(((sweep["sweep"] as? [[String: Any]])?.first?["points"] as? [[String: Any]])?.first)
        XCTAssertEqual(point["outcomes"] as? NSArray, report["outcomes"] as? NSArray)
        func routeCases(_ routes: Any?) -> [String] {
            ((routes as? [[String: Any]]) ?? []).map { "\($0["route"] ?? "none") \($0["cases"] ?? "")" }
        }
        XCTAssertEqual(routeCases(point["routes"]), routeCases(report["routes"]))
        XCTAssertEqual(routeCases(point["routes"]).count, 13)

        let text = try runDmap(["simulate"] + insurance + ["--set-threshold", "bodily_injury=0.5", "--set-threshold", "otherwise=0.8"])
        XCTAssertEqual(text.out.split(separator: "\n").prefix(5).joined(separator: "\n"), """
            Simulation of "Insurance claim intake" (version 2026.3)
            map decision-maps/insurance-claims.dmap, cases decision-maps/insurance-claims.cases.csv
            case ids from column `id`
            WHAT-IF: confidence threshold of `bodily_injury` set to 0.5 (the map says 0.9)
            WHAT-IF: confidence threshold of the `otherwise` line set to 0.8 (the map says 0.7)
            """)
        // The line shared with `large_loss` shows both thresholds in the coverage table.
        XCTAssertTrue(text.out.contains("threshold: uncertainty in bodily_injury, large_loss below 0.9 (what-if: bodily_injury 0.5)\n"), text.out)
    }

    func testRouteAndDiffTakeSetThreshold() throws {
        let route = try runDmap(["route", "decision-maps/insurance-claims.dmap", "--cases", "decision-maps/insurance-claims.cases.csv",
                                 "--case", "CLM-10001", "--set-threshold", "otherwise=0.95"])
        XCTAssertEqual(route.status, 0, route.err)
        XCTAssertTrue(route.out.hasPrefix("what-if:  confidence threshold of the `otherwise` line set to 0.95 (the map says 0.7)\ncase:     CLM-10001"), route.out)
        XCTAssertTrue(route.out.contains("uncertainty   `model_confidence` 0.91 is below 0.95 → review by `intake_review`\n"), route.out)

        let diff = try runDmap(["diff", "decision-maps/insurance-claims.dmap", "decision-maps/insurance-claims.dmap",
                                "--cases", "decision-maps/insurance-claims.cases.csv", "--set-threshold", "otherwise=0.8", "--fail-on-change"])
        XCTAssertEqual(diff.status, 1, diff.err)
        XCTAssertTrue(diff.out.contains("  what-if (new): confidence threshold of the `otherwise` line set to 0.8 (the map says 0.7)\n"), diff.out)
        XCTAssertTrue(diff.out.contains("CHANGED CASES: 9 of 400 evaluated cases changed route, outcome or segment\n"), diff.out)
    }

    func testAReproduceHintCarriesTheWhatIf() throws {
        let map = """
            map "t"
            inputs
              kind        one of a, b
              confidence  number 0..1 from model
            segments
              all risk low otherwise
            routes
              bot  automated
              person team "P" sla 1h owner "O"
            uncertainty using confidence
              otherwise below 0.5 -> person
            decide d (first)
              when kind is a -> bot

            """
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-whatif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try map.write(to: folder.appendingPathComponent("t.dmap"), atomically: true, encoding: .utf8)
        try "id,kind,confidence\nX1,b,0.6\nX2,b,0.3\n".write(to: folder.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let result = try runDmap(["simulate", "t.dmap", "--cases", "c.csv", "--set-threshold", "all=0.2"], in: folder)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.out.contains("    reproduce: dmap route t.dmap --cases c.csv --set-threshold all=0.2 --case X1\n"), result.out)
        let reproduced = try runDmap(["route", "t.dmap", "--cases", "c.csv", "--set-threshold", "all=0.2", "--case", "X2"], in: folder)
        XCTAssertEqual(reproduced.status, 1, "X2 is below 0.5 but not below 0.2: a no-rule gap")
    }

    func testBadThresholdOptionsCannotRun() throws {
        for (options, message) in [
            (["--sweep", "smal_claims=0.6..0.8/0.1"], "dmap: error: `--sweep smal_claims=0.6..0.8/0.1`: the map has no segment `smal_claims`\nhelp: did you mean `small_claims`?\n"),
            (["--sweep", "otherwise=0.6..0.8"], "dmap: error: `--sweep otherwise=0.6..0.8`: expected FROM..TO/STEP after `=`\nhelp: for example `--sweep otherwise=0.5..1/0.05`\n"),
            (["--sweep", "otherwise=0.6..x/0.1"], "dmap: error: `--sweep otherwise=0.6..x/0.1`: FROM, TO and STEP must be numbers\nhelp: for example `--sweep otherwise=0.5..1/0.05`\n"),
            (["--sweep", "otherwise=0.8..0.6/0.1"], "dmap: error: `--sweep otherwise=0.8..0.6/0.1`: the sweep starts at 0.8, above its end 0.6\nhelp: write FROM..TO with FROM ≤ TO\n"),
            (["--target", "automation>=5%"], "dmap: error: --target chooses among the points of a sweep\nhelp: add --sweep SEGMENT=FROM..TO/STEP\n"),
            (["--sweep", "all=0.5..1/0.1", "--target", "automated-error<=1%"], "dmap: error: `--target automated-error<=1%` needs the expected routes\nhelp: add --expect COLUMN\n"),
            (["--sweep", "all=0.5..1/0.1", "--target", "review-hours/week<=10"], "dmap: error: `--target review-hours/week<=10` needs the weekly volume\nhelp: add --per-week N\n"),
            (["--sweep", "all=0.5..1/0.1", "--target", "speed>=1"], "dmap: error: `--target speed>=1`: unknown target measure `speed`\nhelp: the measures are automated-error, automation, review-hours, review-hours/week\n"),
            (["--set-threshold", "otherwise=1.5"], "dmap: error: `--set-threshold`: threshold 1.5 for `otherwise` is outside 0..1\nhelp: a confidence threshold is a probability between 0 and 1\n"),
            (["--set-threshold", "otherwise"], "dmap: error: `--set-threshold otherwise`: expected SEGMENT=VALUE\n"),
            (["--set-threshold", "new_policy=high"], "dmap: error: `--set-threshold new_policy=high`: `high` is not a number\nhelp: for example `--set-threshold new_policy=0.8`\n"),
        ] {
            let result = try runDmap(["simulate"] + insurance + options)
            XCTAssertEqual(result.status, 2, "\(options)")
            XCTAssertEqual(result.out, "")
            XCTAssertTrue(result.err.hasPrefix(message), "\(options): \(result.err)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-nothreshold-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "map \"t\"\ninputs\n  kind one of a, b\nsegments\n  all risk low otherwise\nroutes\n  bot automated\ndecide d (first)\n  otherwise -> bot\n"
            .write(to: folder.appendingPathComponent("t.dmap"), atomically: true, encoding: .utf8)
        try "kind\na\n".write(to: folder.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        let noThresholds = try runDmap(["simulate", "t.dmap", "--cases", "c.csv", "--sweep", "all=0..1/0.5"], in: folder)
        XCTAssertEqual(noThresholds.status, 2, noThresholds.err)
        XCTAssertTrue(noThresholds.err.hasPrefix("dmap: error: `--sweep all=0..1/0.5`: the map has no confidence thresholds\nhelp: add an `uncertainty using FIELD` section\n"),
                      noThresholds.err)
    }
}
