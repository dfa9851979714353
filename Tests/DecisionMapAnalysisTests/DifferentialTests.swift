import Foundation
import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

/// The analysis against brute force, on random maps in the exact fragment: text inputs tested with
/// four to seven strings that are often substrings of one another (`is`, `in`, `contains`, in
/// either case), numbers, integers, enumerations, booleans, optional inputs, named conditions,
/// segment tests, escalations, inconsistency checks, thresholds, missing-data policies, every hit
/// policy, fallbacks. Every case of each map, from a universe that reaches every behaviour its
/// tests can tell apart, is routed by the real router and must end exactly as the analysis says
/// the region holding it ends. The gaps and conflicts, the rules that fire, the segments reached
/// and the high- and critical-risk cases automation finishes must be exactly those the
/// enumeration sees; every witness must reproduce its finding; and the analysis must be exact.
final class DifferentialTests: XCTestCase {
    /// 400 maps by default; `DMAP_DIFFERENTIAL_MAPS` and `DMAP_DIFFERENTIAL_SEED` run more, or
    /// others (`scripts/differential.sh` runs 10,000).
    static let mapCount = ProcessInfo.processInfo.environment["DMAP_DIFFERENTIAL_MAPS"].flatMap { Int($0) } ?? 400
    static let seed = ProcessInfo.processInfo.environment["DMAP_DIFFERENTIAL_SEED"].flatMap { UInt64($0) } ?? 0x646D_6170

    func testAnalysisAgreesWithTheRouterOnEveryCaseOfRandomMaps() throws {
        var generator = RandomMaps(seed: Self.seed)
        var stats: [String: Int] = [:]
        for n in 0..<Self.mapCount {
            let sample = generator.sample(maxCases: 6000)
            let (compiled, diagnostics) = DecisionMap.compile(SourceFile(name: "random-\(n).dmap", text: sample.text))
            guard let map = compiled else {
                XCTFail("random map \(n) does not compile: \(diagnostics.map(\.message))\n\(sample.text)")
                continue
            }
            let failuresBefore = testRun?.failureCount ?? 0
            check(map, sample, &stats)
            if (testRun?.failureCount ?? 0) > failuresBefore {
                print("--- random map \(n):\n\(sample.text)")
                break
            }
        }
        print("differential: " + stats.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        XCTAssertEqual(stats["maps"], Self.mapCount)
        // The generator must exercise what it is meant to.
        for kind in ["gap no-rule", "gap conflict", "gap missing-data", "gap no-segment", "dead rules", "witnesses",
                     "high-risk-automated", "maps with substrings of substrings"] {
            XCTAssertGreaterThan(stats[kind] ?? 0, Self.mapCount / 60, kind)
        }
    }

    private func check(_ map: DecisionMap, _ sample: RandomMaps.Sample, _ stats: inout [String: Int]) {
        let model = map.model
        let coverage = Coverage(map: map, recordsEveryRegion: true)
        let space = coverage.space
        XCTAssertTrue(coverage.isExact, "the fragment is exact: \(space.approximations)")
        if space.texts.values.contains(where: { text in text.implied.contains { $0.count > 1 } }) {
            stats["maps with substrings of substrings", default: 0] += 1
        }

        // Every atom tuple of the space that holds a case lies in exactly one region.
        var endingOf: [[Int]: Ending] = [:]
        func feasible(_ t: [Int]) -> Bool { space.isFeasible(t.map { Int32($0)..<Int32($0 + 1) }) }
        for (ending, box) in coverage.sweep.everyRegion {
            var tuples: [[Int]] = [[]]
            for fs in space.fields {
                let atoms = box.set(fs.dim, in: space).atoms
                tuples = tuples.flatMap { t in atoms.map { t + [$0] } }
            }
            for t in tuples where feasible(t) {
                XCTAssertNil(endingOf[t], "regions overlap at \(t)")
                endingOf[t] = ending
            }
        }
        var grid: [[Int]] = [[]]
        for fs in space.fields { grid = grid.flatMap { t in (0..<fs.atomCount).map { t + [$0] } } }
        XCTAssertEqual(endingOf.count, grid.filter(feasible).count, "the regions cover the space")

        // Every case, routed for real, ends as its region says.
        var fired = Set<[Int]>()
        var escalations = Set<Int>()
        var segments = Set<Int>()
        var gaps = Set<[Int]>()
        var automatedHighRisk = Set<[Int]>()
        var record = map.makeRecord()
        var index = Array(repeating: 0, count: sample.fields.count)
        var cases = 0
        outer: while true {
            record.reset()
            for f in index.indices { map.bind(sample.values[f][index[f]], toField: f, in: &record) }
            cases += 1
            let decision = map.route(record)
            let tuple = space.atoms(of: record)
            if let ending = endingOf[tuple] {
                if !agrees(ending, decision, model) {
                    XCTFail("case \(index.indices.map { "\(sample.fields[$0].name)=\(sample.values[$0][index[$0]])" }) routes to \(decision), "
                        + "the analysis says \(ending)")
                    return
                }
            } else {
                XCTFail("case \(index) (atoms \(tuple)) is in no region")
                return
            }
            if case .rule(let t, let r)? = decision.decider, decision.outcome == .decided { fired.insert([t, r]) }
            if case .escalation(let e)? = decision.decider { escalations.insert(e) }
            if let s = decision.segment { segments.insert(s) }
            if let gap = decision.gap { gaps.insert([GapKind.allCases.firstIndex(of: gap)!, decision.segment ?? -1]) }
            if let s = decision.segment, model.segments[s].risk >= .high, let r = decision.route, model.routes[r].kind == .automated {
                switch decision.decider {
                case .rule(let t, let q)? where decision.outcome == .decided: automatedHighRisk.insert([s, t, q])
                case .fallback?: automatedHighRisk.insert([s, -1, -1])
                default: break
                }
            }
            var f = 0
            while true {
                guard f < index.count else { break outer }
                index[f] += 1
                if index[f] < sample.values[f].count { break }
                index[f] = 0
                f += 1
            }
        }
        stats["maps", default: 0] += 1
        stats["cases", default: 0] += cases
        stats["regions", default: 0] += coverage.sweep.leaves

        // What the enumeration saw, the analysis found; what the analysis calls dead never fires.
        let sweep = coverage.sweep
        for (t, table) in model.tables.enumerated() {
            for r in table.rules.indices {
                // Under `any` every rule that holds with the chosen route fires; the router names one.
                if fired.contains([t, r]) { XCTAssertTrue(sweep.ruleFired[t][r], "rule \(r) of table \(t) fires but is called dead") }
                if table.policy != .any { XCTAssertEqual(sweep.ruleFired[t][r], fired.contains([t, r]), "rule \(r) of table \(t)") }
                if !sweep.ruleFired[t][r] { stats["dead rules", default: 0] += 1 }
            }
        }
        for e in model.escalations.indices { XCTAssertEqual(sweep.escalationFired[e], escalations.contains(e), "escalation \(e)") }
        for s in model.segments.indices { XCTAssertEqual(sweep.segmentReached[s], segments.contains(s), "segment \(s)") }
        let analysed = Set(coverage.gaps.map { g -> [Int] in
            guard case .gap(let kind) = g.ending.kind else { return [] }
            return [GapKind.allCases.firstIndex(of: kind)!, g.ending.segment]
        })
        XCTAssertEqual(analysed, gaps, "gaps by kind and segment")
        let automated = Set(sweep.automatedHighRisk.keys.map { ending -> [Int] in
            if case .decided(let t, let r) = ending.kind { return [ending.segment, t, r] }
            return [ending.segment, -1, -1]
        })
        XCTAssertEqual(automated, automatedHighRisk, "high-risk cases finished by automation, by segment and decider")

        // Every finding's witness reproduces its gap when routed as `dmap route` would read it.
        let report = Linter.lint(map)
        let highRisk = report.findings.filter { $0.id == "high-risk-automated" }
        XCTAssertEqual(highRisk.count, automatedHighRisk.count, "one high-risk-automated finding per segment and decider")
        for finding in highRisk {
            stats["high-risk-automated", default: 0] += 1
            XCTAssertNotNil(finding.witness, "every high-risk-automated finding has a confirmed witness")
        }
        for finding in report.findings where finding.gap != nil {
            stats["gap \(finding.gap!.rawValue)", default: 0] += 1
            guard let witness = finding.witness else {
                XCTFail("\(finding.id) without a witness: \(finding.diagnostic.message)")
                continue
            }
            var values: [String: CaseValue] = [:]
            for member in witness.members { values[member.key] = CaseValue(json: member.value) }
            let text = JSONValue.object(witness).rendered()
            guard case .object(let reparsed)? = try? JSONValue.parse(text), reparsed == witness else {
                XCTFail("witness \(text) does not survive JSON")
                continue
            }
            let routed = try? map.explain(values)
            XCTAssertEqual(routed?.gap, finding.gap, "witness \(text) of \(finding.id)")
            stats["witnesses", default: 0] += 1
        }
    }

    /// Whether the router's decision is the ending the analysis computed.
    private func agrees(_ ending: Ending, _ d: Decision, _ model: MapModel) -> Bool {
        guard d.segment == (ending.segment >= 0 ? ending.segment : nil) else { return false }
        switch ending.kind {
        case .decided(let t, let r): return d.outcome == .decided && d.decider == .rule(table: t, rule: r)
        case .escalated(let e): return d.outcome == .escalated && d.decider == .escalation(e)
        case .inconsistent(let i): return d.outcome == .dataPolicy && d.decider == .inconsistency(i)
        case .review(let t): return d.outcome == .review && d.decider == .threshold(t)
        case .dataPolicy(let p): return d.outcome == .dataPolicy && d.decider == .missingPolicy(p) && d.field == ending.field
        case .gap(let kind):
            guard d.gap == kind, d.outcome == (model.fallback == nil ? .gap : .fallback) else { return false }
            return kind != .missingData || d.field == (ending.field >= 0 ? ending.field : nil)
        }
    }
}
