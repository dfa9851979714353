import XCTest
@testable import DecisionMap

/// Golden tests for what a domain architect sees when a map is wrong: each Fixtures/diagnostics
/// map is checked and its rendered diagnostics compared, byte for byte, with the `.txt` beside it.
/// Set `DMAP_RECORD=1` to re-record the golden files, then review them in the diff.
final class DiagnosticGoldenTests: XCTestCase {
    func testDiagnosticsMatchGoldenFiles() throws {
        let folder = fixtures.appendingPathComponent("diagnostics")
        let record = ProcessInfo.processInfo.environment["DMAP_RECORD"] != nil
        let maps = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".dmap") }.sorted()
        XCTAssertGreaterThanOrEqual(maps.count, 25)
        var kinds = Set<String>()
        for file in maps {
            let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            let source = SourceFile(name: file, bytes: bytes)
            let (map, diagnostics) = DecisionMap.compile(source)
            // `warning-*` maps compile with warnings; every other map must be rejected.
            XCTAssertEqual(map == nil, !file.hasPrefix("warning-"), "\(file): compiled = \(map != nil)")
            kinds.formUnion(diagnostics.filter { $0.severity == .error }.map(\.id))
            let rendered = DiagnosticRenderer(source: source).text(diagnostics)
            let golden = folder.appendingPathComponent(file.replacingOccurrences(of: ".dmap", with: ".txt"))
            if record {
                try rendered.write(to: golden, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            XCTAssertEqual(rendered, expected, "\(file): rendered diagnostics differ from the golden file")
        }
        XCTAssertGreaterThanOrEqual(kinds.count, 15, "distinct error kinds: \(kinds.sorted())")
    }
}
