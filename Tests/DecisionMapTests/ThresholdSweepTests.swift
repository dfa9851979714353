import Foundation
import DMapTestSupport
import XCTest
@testable import DecisionMap
@testable import DecisionMapSimulation

/// A threshold sweep must say, at every point, exactly what a whole simulation with that threshold
/// set (`--set-threshold`) says: it is one pass standing in for many.
final class ThresholdSweepTests: XCTestCase {
    func compile(_ name: String) throws -> DecisionMap {
        try XCTUnwrap(DecisionMap.compile(try SourceFile(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/\(name).dmap"))).map)
    }

    func simulate(_ map: DecisionMap, _ csv: String, options: SimulationOptions) throws -> SimulationReport {
        var reader = try CaseFileReader(format: .csv, source: BytesByteSource(csv))
        return try Simulator(map: map, options: options).run(&reader, source: "cases.csv")
    }

    /// `count` generated cases of `map` with an expected route drawn at random, and some rows with
    /// a missing or broken confidence so those paths are in the sweep too.
    func generatedCases(_ map: DecisionMap, count: Int, seed: UInt64) -> String {
        var generator = CaseGenerator(map: map, seed: seed)
        generator.invalidRate = 0.02
        var random = SeededRandom(seed: seed + 1)
        let routes = map.model.routes.map(\.name)
        var csv = (["id"] + map.model.fields.map(\.column) + ["expected"]).map { csvField($0) }.joined(separator: ",") + "\n"
        for i in 1...count {
            var line = "G-\(i)"
            for value in generator.next() {
                line += ","
                switch value {
                case .missing, .unsupported: break
                case .text(let s), .string(let s): line += csvField(s)
                case .number(let n): line += format(n)
                case .bool(let b): line += b ? "true" : "false"
                }
            }
            csv += line + "," + routes[Int(random.next() % UInt64(routes.count))] + "\n"
        }
        return csv
    }

    /// Automated cases with an expected route, and those whose route is another, from the report's
    /// confusion matrix: counted apart from the sweep.
    func automatedErrors(_ report: SimulationReport, _ map: DecisionMap) -> (errors: Int, compared: Int) {
        guard let a = report.agreement else { return (0, 0) }
        var errors = 0, compared = 0
        for (e, label) in a.expected.enumerated() {
            for (c, actual) in a.actual.enumerated() {
                guard let route = map.model.routes.first(where: { $0.name == actual }), route.kind == .automated else { continue }
                compared += a.matrix[e][c]
                if label != actual { errors += a.matrix[e][c] }
            }
        }
        return (errors, compared)
    }

    /// Every point of every sweep equals a whole simulation with its threshold set; the point at
    /// the threshold in force equals the plain simulation; review never falls and decided never
    /// rises as the threshold rises; outcomes add up to the evaluated cases.
    func checkSweeps(_ map: DecisionMap, _ csv: String, _ sweeps: [ThresholdSweep], file: StaticString = #filePath, line: UInt = #line) throws {
        var options = SimulationOptions(jobs: 2)
        options.expectColumn = "expected"
        options.casesPerWeek = 1000
        options.batchSize = 97
        let plain = try simulate(map, csv, options: options)
        options.sweeps = sweeps
        let swept = try simulate(map, csv, options: options)
        XCTAssertEqual(swept.sweeps.count, sweeps.count, file: file, line: line)
        // The sweep does not change the report it rides on.
        var plainJSON = plain.json(), sweptJSON = swept.json()
        plainJSON = dropping(plainJSON, "sweep")
        sweptJSON = dropping(sweptJSON, "sweep")
        XCTAssertEqual(plainJSON.rendered(pretty: true), sweptJSON.rendered(pretty: true), file: file, line: line)
        var checked = 0
        for (sweep, result) in zip(sweeps, swept.sweeps) {
            XCTAssertEqual(result.points.map(\.threshold), sweep.points, file: file, line: line)
            var previous: SweepPoint?
            for point in result.points {
                let what = "\(sweep.target) at \(point.threshold)"
                let set = try map.settingThresholds([ThresholdSetting(sweep.target, point.threshold)])
                var single = options
                single.sweeps = []
                let report = try simulate(set, csv, options: single)
                XCTAssertEqual(point.outcomes.map(\.cases), report.outcomes.map(\.cases), what, file: file, line: line)
                XCTAssertEqual(point.routes.map(\.cases), report.routes.map(\.cases), what, file: file, line: line)
                XCTAssertEqual(point.automated, report.automated, what, file: file, line: line)
                XCTAssertEqual(point.reviewCases, report.outcomes.first { $0.outcome == .review }!.cases, what, file: file, line: line)
                XCTAssertEqual(point.cost, report.totalCost, accuracy: 1e-6, what, file: file, line: line)
                XCTAssertEqual(point.peopleHours, report.humanTotal.hours, accuracy: 1e-9, what, file: file, line: line)
                XCTAssertEqual(point.weeklyPeopleHours!, report.humanTotal.weeklyHours!, accuracy: 1e-9, what, file: file, line: line)
                XCTAssertEqual(point.overloaded, report.workload.filter(\.overloaded).map(\.route), what, file: file, line: line)
                XCTAssertEqual(point.agreement!, report.agreement!.rate, accuracy: 1e-12, what, file: file, line: line)
                let (errors, compared) = automatedErrors(report, set)
                XCTAssertEqual(point.automatedErrors, errors, what, file: file, line: line)
                XCTAssertEqual(point.automatedCompared, compared, what, file: file, line: line)
                XCTAssertEqual(point.outcomes.reduce(0) { $0 + $1.cases }, swept.evaluated, what, file: file, line: line)
                if let previous {
                    XCTAssertGreaterThanOrEqual(point.reviewCases, previous.reviewCases, what, file: file, line: line)
                    XCTAssertLessThanOrEqual(point.outcomes[0].cases, previous.outcomes[0].cases, what, file: file, line: line)
                }
                if result.current == [point.threshold] {
                    XCTAssertEqual(point.outcomes.map(\.cases), plain.outcomes.map(\.cases), what, file: file, line: line)
                    XCTAssertEqual(point.routes.map(\.cases), plain.routes.map(\.cases), what, file: file, line: line)
                    XCTAssertEqual(point.agreement!, plain.agreement!.rate, what, file: file, line: line)
                    checked += 1
                }
                previous = point
            }
        }
        XCTAssertGreaterThan(checked, 0, "no sweep passes through the threshold in force", file: file, line: line)
    }

    func dropping(_ value: JSONValue, _ key: String) -> JSONValue {
        guard case .object(let object) = value else { return value }
        var kept = JSONObject()
        for member in object.members where member.key != key { kept.append(member.key, member.value) }
        return .object(kept)
    }

    func testEveryPointEqualsASimulationWithThatThresholdOnTheInsuranceExample() throws {
        let map = try compile("insurance-claims")
        let csv = try String(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/insurance-claims.cases.csv"), encoding: .utf8)
            .replacing("expected_route", with: "expected")
        try checkSweeps(map, csv, [
            try ThresholdSweep(map: map, .otherwise, from: 0.5, to: 1, step: 0.05, decimals: 2),
            try ThresholdSweep(map: map, .otherwise, from: 0.02, to: 1, step: 0.02, decimals: 2),
            try ThresholdSweep(map: map, .segment("bodily_injury"), from: 0.6, to: 1, step: 0.1, decimals: 1),
            try ThresholdSweep(map: map, .all, from: 0, to: 1, step: 0.1, decimals: 1),
        ])
    }

    func testEveryPointEqualsASimulationWithThatThresholdOnGeneratedCases() throws {
        for name in ["customer-triage", "insurance-claims", "it-incidents"] {
            let map = try compile(name)
            let csv = generatedCases(map, count: 800, seed: 7)
            let segments = map.model.segments.filter { map.mapThreshold(inSegment: map.model.segments.firstIndex(of: $0)!) != nil }
            var sweeps = try segments.map { try ThresholdSweep(map: map, .segment($0.name), from: 0, to: 1, step: 0.1, decimals: 1) }
            sweeps.append(try ThresholdSweep(map: map, .all, points: [0, 0.33, 0.5, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.999, 1]))
            try checkSweeps(map, csv, sweeps)
        }
    }

    func testTheSweepIsTheSameForAnyNumberOfWorkers() throws {
        let map = try compile("customer-triage")
        let csv = generatedCases(map, count: 3000, seed: 3)
        var reports: [String] = []
        for jobs in [1, 2, 4] {
            var options = SimulationOptions(jobs: jobs)
            options.expectColumn = "expected"
            options.sweeps = [try ThresholdSweep(map: map, .all, from: 0.5, to: 1, step: 0.01, decimals: 2)]
            options.targets = [try SweepTarget("automated-error<=90%")]
            reports.append(try simulate(map, csv, options: options).json().rendered(pretty: true))
        }
        XCTAssertEqual(Set(reports).count, 1)
    }

    func testPointsAreWrittenAsGivenAndRangesAreChecked() throws {
        let map = try compile("insurance-claims")
        XCTAssertEqual(try ThresholdSweep(map: map, .otherwise, from: 0.1, to: 0.5, step: 0.1, decimals: 1).points, [0.1, 0.2, 0.3, 0.4, 0.5])
        XCTAssertEqual(try ThresholdSweep(map: map, .otherwise, from: 0.5, to: 1, step: 0.02, decimals: 2).points.count, 26)
        XCTAssertEqual(try ThresholdSweep(map: map, .otherwise, from: 0.7, to: 0.7, step: 0.1, decimals: 1).points, [0.7])
        XCTAssertEqual(try ThresholdSweep(map: map, .otherwise, from: 0, to: 1, step: 0.3, decimals: 1).points, [0, 0.3, 0.6, 0.9])
        func message(_ body: () throws -> Void) -> String? {
            do { try body() } catch { return (error as? ThresholdError)?.message ?? "\(error)" }
            return nil
        }
        XCTAssertEqual(message { _ = try ThresholdSweep(map: map, .otherwise, from: 0.9, to: 0.5, step: 0.1, decimals: 1) },
                       "the sweep starts at 0.9, above its end 0.5")
        XCTAssertEqual(message { _ = try ThresholdSweep(map: map, .otherwise, from: 0, to: 1.5, step: 0.1, decimals: 1) },
                       "a threshold sweep runs within 0..1; got 0..1.5")
        XCTAssertEqual(message { _ = try ThresholdSweep(map: map, .otherwise, from: 0, to: 1, step: 0, decimals: 1) },
                       "the sweep's step must be above 0; got 0")
        XCTAssertEqual(message { _ = try ThresholdSweep(map: map, .otherwise, from: 0, to: 1, step: 0.0001, decimals: 4) },
                       "a sweep from 0 to 1 by 0.0001 has 10001 points; at most 1000")
        XCTAssertEqual(message { _ = try ThresholdSweep(map: map, .segment("smal_claims"), points: [0.5]) }, "the map has no segment `smal_claims`")
        XCTAssertEqual(message { _ = try map.settingThresholds([ThresholdSetting(.all, 1.2)]) }, "threshold 1.2 for `all` is outside 0..1")
        let noThresholds = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "t.dmap", text: SimulationTests.mapText)).map)
        XCTAssertEqual(message { _ = try noThresholds.segments(for: .all) }, "the map has no confidence thresholds")
    }

    func testATargetPicksTheMostAutomationThatMeetsIt() throws {
        let target = try SweepTarget("automated-error <= 2%")
        XCTAssertEqual(target.description, "automated-error<=2%")
        XCTAssertEqual(target.value, 0.02)
        XCTAssertEqual(try SweepTarget("automation>=0.6").value, 0.6)
        XCTAssertEqual(try SweepTarget("review-hours/week<=40").measure, .weeklyReviewHours)
        XCTAssertThrowsError(try SweepTarget("automated-eror<=2%")) { error in
            XCTAssertEqual((error as? ThresholdError)?.help, "did you mean `automated-error`?")
        }
        XCTAssertThrowsError(try SweepTarget("review-hours<=5%"))
        XCTAssertThrowsError(try SweepTarget("automation=5%"))

        let map = try compile("insurance-claims")
        let csv = try String(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/insurance-claims.cases.csv"), encoding: .utf8)
        var options = SimulationOptions(jobs: 1)
        options.expectColumn = "expected_route"
        options.sweeps = [try ThresholdSweep(map: map, .otherwise, from: 0.5, to: 1, step: 0.05, decimals: 2)]
        for goal in ["automated-error<=3.5%", "automated-error<=5%", "review-hours<=10", "automation>=7.5%", "automated-error<=1%"] {
            options.targets = [try SweepTarget(goal)]
            let sweep = try XCTUnwrap(try simulate(map, csv, options: options).sweeps.first)
            let meeting = sweep.points.indices.filter { options.targets[0].isMet(by: sweep.points[$0]) }
            // Worked out from the points: the most automation among those that meet the goal,
            // fewer automated errors first among equals, then fewer review hours, then the lowest.
            let best = meeting.max { a, b in
                let (p, q) = (sweep.points[a], sweep.points[b])
                return (p.automated, -(p.automatedErrors ?? 0), -p.reviewHours, -a) < (q.automated, -(q.automatedErrors ?? 0), -q.reviewHours, -b)
            }
            XCTAssertEqual(sweep.recommended, best, goal)
            if let best { XCTAssertTrue(options.targets[0].isMet(by: sweep.points[best]), goal) }
        }
        options.targets = [try SweepTarget("automated-error<=3.5%")]
        XCTAssertEqual(try simulate(map, csv, options: options).sweeps[0].recommended.map { options.sweeps[0].points[$0] }, 0.7)
        options.targets = [try SweepTarget("automated-error<=1%")]
        XCTAssertNil(try simulate(map, csv, options: options).sweeps[0].recommended)
    }
}
