import XCTest
@testable import DecisionMap

/// Golden tests for `dmap fmt`: each Fixtures/fmt map is formatted and compared, byte for byte,
/// with the `.expected` file beside it (for a map with syntax errors, the diagnostics it gets
/// instead). Set `DMAP_RECORD=1` to re-record the golden files, then review them in the diff.
final class FormatterGoldenTests: XCTestCase {
    func testFormattedMapsMatchGoldenFiles() throws {
        let folder = fixtures.appendingPathComponent("fmt")
        let record = ProcessInfo.processInfo.environment["DMAP_RECORD"] != nil
        let maps = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".dmap") }.sorted()
        XCTAssertGreaterThanOrEqual(maps.count, 8)
        for file in maps {
            let source = SourceFile(name: file, bytes: try [UInt8](Data(contentsOf: folder.appendingPathComponent(file))))
            let (text, diagnostics) = MapFormatter.format(source)
            let output = text ?? "not formatted:\n" + DiagnosticRenderer(source: source).text(diagnostics)
            let golden = folder.appendingPathComponent(file.replacingOccurrences(of: ".dmap", with: ".expected"))
            if record {
                try output.write(to: golden, atomically: true, encoding: .utf8)
                continue
            }
            XCTAssertEqual(output, try String(contentsOf: golden, encoding: .utf8), "\(file): formatted text differs from the golden file")
            guard let text else { continue }
            let formatted = SourceFile(name: file, text: text)
            XCTAssertEqual(MapFormatter.format(formatted).text, text, "\(file): formatting again changes the text")
            XCTAssertEqual(Parser.parse(formatted).syntax, Parser.parse(source).syntax, "\(file): formatting changed the map")
        }
    }

    func testMapWithSyntaxErrorsIsNotFormatted() {
        let (text, diagnostics) = MapFormatter.format(SourceFile(name: "bad.dmap", text: "map \"x\"\nroutes\n  r automatic\n"))
        XCTAssertNil(text)
        XCTAssertEqual(diagnostics.map(\.id), ["syntax"])
    }

    func testNameErrorsDoNotStopFormatting() {
        let (text, diagnostics) = MapFormatter.format(SourceFile(name: "names.dmap", text: "map \"x\"\ndecide d (first)\n  otherwise -> nowhere\n"))
        XCTAssertEqual(text, "map \"x\"\n\ndecide d (first)\n  otherwise  -> nowhere\n")
        XCTAssertEqual(diagnostics, [])
    }
}

/// The test fixtures folder, in the source tree, so golden files can be re-recorded in place.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
