import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

/// The coverage analysis on shapes of map that stress it.
final class CoverageTests: XCTestCase {
    /// A `first` table of thresholds, each rule shadowing part of the next: the analysis must
    /// neither recurse once per rule on the call stack nor carry every rule down every branch.
    func testALongChainOfThresholdsIsAnalysedInFewRegionsPerRule() throws {
        let n = 3_000
        var text = "map \"chain\"\ninputs\n  x number 0..100000\nsegments\n  all risk low otherwise\nroutes\n  a team \"A\" sla 1h owner \"o\"\n"
        text += "decide t (first)\n"
        for i in stride(from: n, to: 0, by: -1) { text += "  when x >= \(i * 5) -> a\n" }
        let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "chain.dmap", text: text)).map)
        let coverage = Coverage(map: map)
        XCTAssertTrue(coverage.isExact)
        XCTAssertEqual(coverage.sweep.leaves, n + 1, "one region per rule and the gap below the last")
        XCTAssertLessThan(coverage.sweep.nodes, 3 * n)
        XCTAssertEqual(coverage.gaps.count, 1)
        XCTAssertTrue(coverage.sweep.ruleFired[0].allSatisfy { $0 })
    }

    /// The same chain under `unique`: every pair of neighbours conflicts, and the rules after the
    /// second that holds are dropped, so the analysis stays near-linear.
    func testAChainOfOverlappingRulesInAUniqueTableGivesOneConflictPerNeighbour() throws {
        let n = 1_000
        var text = "map \"chain\"\ninputs\n  x number 0..100000\nsegments\n  all risk low otherwise\nroutes\n  a team \"A\" sla 1h owner \"o\"\n"
        text += "decide t (unique)\n"
        for i in stride(from: n, to: 0, by: -1) { text += "  when x >= \(i * 5) -> a\n" }
        let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "chain.dmap", text: text)).map)
        let coverage = Coverage(map: map)
        XCTAssertEqual(coverage.gapGroups.filter { $0.kind == .conflict }.count, n - 1)
        XCTAssertLessThan(coverage.sweep.nodes, 4 * n)
    }

    /// Tables built from a decision tree are cut along the tree's own cuts.
    func testATreeShapedTableNeedsAboutOneRegionPerRule() {
        let result = lintBenchmark(rules: 200, inputs: 10, seed: 3)
        XCTAssertTrue(result.exact)
        XCTAssertLessThan(result.regions, 200 * 6)
    }
}
