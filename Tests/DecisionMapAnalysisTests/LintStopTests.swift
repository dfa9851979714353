import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

/// `LintOptions.shouldStop`: a caller that no longer wants a lint (an editor whose document has
/// changed) stops it; the report then says so and holds only the compiler's findings.
final class LintStopTests: XCTestCase {
    let map = DecisionMap.compile(SourceFile(name: "bench.dmap", text: benchmarkMap(rules: 300, inputs: 6, seed: 1))).map!

    func testAStopDuringTheAnalysisEndsItThere() {
        let asked = Counter()
        let report = Linter.lint(map, options: LintOptions(shouldStop: { asked.add() >= 1 }))
        XCTAssertTrue(report.stopped)
        XCTAssertNil(report.analysis)
        XCTAssertEqual(report.findings.count, 0)
        // Asked once, after the first 1,024 nodes of the sweep: nothing after that ran.
        XCTAssertEqual(asked.value, 1)
    }

    func testAStopBetweenRulesEndsTheLintThere() {
        let full = Linter.lint(map)
        XCTAssertGreaterThan(full.analysis?.nodes ?? 0, 1_024)
        // Never stopping gives the whole report; stopping at the last question stops before the last rule.
        let never = Linter.lint(map, options: LintOptions(shouldStop: { false }))
        XCTAssertFalse(never.stopped)
        XCTAssertEqual(never.findings.map(\.id), full.findings.map(\.id))
        let asked = Counter()
        let sweepQuestions = full.analysis!.nodes / 1_024
        let late = Linter.lint(map, options: LintOptions(shouldStop: { asked.add() > sweepQuestions }))
        XCTAssertTrue(late.stopped)
        XCTAssertEqual(late.findings.count, 0)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var value = 0
        /// Counts one question and returns how many came before it, this one included.
        func add() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
