import DMapTestSupport
import Foundation
import XCTest

/// Every input in the fuzz corpus (`Fixtures/fuzz/TARGET/`), seeds and the crashes
/// `scripts/fuzz.sh` found, run through its fuzz target: each must return normally, every
/// invariant holding. A crash found by fuzzing becomes a regression test by being copied here.
final class FuzzCorpusTests: XCTestCase {
    func testEveryCorpusInputRunsClean() throws {
        let root = repositoryFolder.appendingPathComponent("Tests/DecisionMapTests/Fixtures/fuzz")
        var ran = 0
        for target in FuzzTargets.names {
            let folder = root.appendingPathComponent(target)
            let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            XCTAssertFalse(files.isEmpty, "no corpus for \(target)")
            for file in files {
                FuzzTargets.run(target, try [UInt8](Data(contentsOf: file)))
                ran += 1
            }
        }
        XCTAssertGreaterThanOrEqual(ran, FuzzTargets.names.count)
    }
}
