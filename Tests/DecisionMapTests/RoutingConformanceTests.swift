import XCTest
@testable import DecisionMap

/// Runs every map in Fixtures/routing: each `# case JSON => ROUTE OUTCOME SEGMENT [GAP]` comment is
/// routed and compared with what it states, so the routing semantics are written down as examples.
final class RoutingConformanceTests: XCTestCase {
    func testEveryStatedCaseRoutesAsStated() throws {
        let folder = fixtures.appendingPathComponent("routing")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".dmap") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 3)
        var checked = 0
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let (map, diagnostics) = DecisionMap.compile(SourceFile(name: file, text: text))
            guard let map else {
                XCTFail("\(file) does not compile: \(diagnostics.map(\.message))")
                continue
            }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard line.hasPrefix("# case ") else { continue }
                let parts = line.dropFirst("# case ".count).components(separatedBy: " => ")
                XCTAssertEqual(parts.count, 2, "\(file):\(number + 1): malformed case line")
                guard parts.count == 2, case .object(let object) = try JSONValue.parse(Array(parts[0].utf8)) else { continue }
                var values: [String: CaseValue] = [:]
                for member in object.members { values[member.key] = CaseValue(json: member.value) }
                let routed = try map.explain(values)
                let actual = [routed.route ?? "-", routed.outcome.rawValue, routed.segment ?? "-"]
                    + (routed.gap.map { [$0.rawValue] } ?? [])
                XCTAssertEqual(actual.joined(separator: " "), parts[1], "\(file):\(number + 1): \(parts[0])\n"
                    + routed.trace.map { "  \($0.line.map(String.init) ?? "-") \($0.kind.rawValue) \($0.detail)" }.joined(separator: "\n"))
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 30)
    }
}


/// The test fixtures folder, in the source tree, so golden files can be re-recorded in place.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
