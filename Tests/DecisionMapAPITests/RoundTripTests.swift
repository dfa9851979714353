import XCTest
@testable import DecisionMap

/// The formatter's promise: printing changes layout only. For every example map and hundreds of
/// generated ones, the canonical text parses back to an equal syntax tree, and printing it again
/// gives the same text.
final class RoundTripTests: XCTestCase {
    static let generatedMaps = 600

    func testGeneratedMapsParseBackToTheSameTreeAndPrintingIsAFixedPoint() {
        var items = 0
        for seed in 1...UInt64(Self.generatedMaps) {
            var generator = MapGenerator(seed: seed)
            let map = generator.map()
            let text = map.formatted()
            let source = SourceFile(name: "generated-\(seed).dmap", text: text)
            let (parsed, diagnostics) = Parser.parse(source)
            guard diagnostics.isEmpty else {
                return XCTFail("seed \(seed): canonical text does not parse\n\(DiagnosticRenderer(source: source).text(diagnostics))\n\(text)")
            }
            XCTAssertEqual(firstDifference(parsed, map), nil, "seed \(seed)\n\(text)")
            XCTAssertEqual(parsed.formatted(), text, "seed \(seed): printing the parsed tree changes the text")
            XCTAssertEqual(MapFormatter.format(source).text, text, "seed \(seed): formatting canonical text changes it")
            items += text.split(separator: "\n").count
            if parsed != map { return }
        }
        XCTAssertGreaterThan(items, Self.generatedMaps * 10, "the generator should make maps of some size")
    }

    func testScrambledSourcesFormatToTheSameTreeKeepingEveryComment() {
        for seed in 1...UInt64(Self.generatedMaps) {
            var generator = MapGenerator(seed: seed)
            var scrambler = Scrambler(seed: seed &* 7919)
            let text = scrambler.scramble(generator.map().formatted())
            let source = SourceFile(name: "scrambled-\(seed).dmap", text: text)
            let (expected, diagnostics) = Parser.parse(source)
            guard diagnostics.isEmpty else {
                return XCTFail("seed \(seed): scrambled text does not parse\n\(DiagnosticRenderer(source: source).text(diagnostics))\n\(text)")
            }
            guard let formatted = MapFormatter.format(source).text else { return XCTFail("seed \(seed): not formatted") }
            let reparsed = Parser.parse(SourceFile(name: "formatted-\(seed).dmap", text: formatted))
            XCTAssertEqual(reparsed.diagnostics, [], "seed \(seed)\n\(formatted)")
            XCTAssertEqual(firstDifference(reparsed.syntax, expected), nil, "seed \(seed)\n--- scrambled\n\(text)\n--- formatted\n\(formatted)")
            let again = MapFormatter.format(SourceFile(name: "again", text: formatted)).text
            XCTAssertEqual(again, formatted, "seed \(seed): formatting is not idempotent\n--- scrambled\n\(text)\n--- formatted\n\(formatted)")
            XCTAssertEqual(commentTexts(formatted), commentTexts(text), "seed \(seed): comments lost or changed\n--- scrambled\n\(text)\n--- formatted\n\(formatted)")
            if reparsed.syntax != expected || again != formatted { return }
        }
    }

    func testEveryExampleMapIsCanonical() throws {
        let folder = repository.appendingPathComponent("decision-maps")
        let maps = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".dmap") }.sorted()
        XCTAssertGreaterThanOrEqual(maps.count, 3)
        for file in maps {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let source = SourceFile(name: file, text: text)
            let formatted = try XCTUnwrap(MapFormatter.format(source).text)
            XCTAssertEqual(formatted, text, "\(file) is not canonical: run `dmap fmt decision-maps/*.dmap`")
            XCTAssertEqual(Parser.parse(SourceFile(name: file, text: formatted)).syntax, Parser.parse(source).syntax)
            let bare = Parser.parse(source).syntax.formatted()
            XCTAssertEqual(Parser.parse(SourceFile(name: file, text: bare)).syntax, Parser.parse(source).syntax)
            XCTAssertEqual(Parser.parse(SourceFile(name: file, text: bare)).syntax.formatted(), bare)
        }
    }

    /// The texts of all comments, with descriptions counted but not compared (the formatter
    /// writes `##x` as `## x`).
    private func commentTexts(_ text: String) -> [String] {
        Lexer(SourceFile(name: "", text: text)).comments.map { $0.text.hasPrefix("##") ? "##" : trimmingTrailingSpace($0.text) }.sorted()
    }
}

/// The repository folder, for the example maps.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The first part of two syntax trees that differs, for a readable failure; nil when equal.
func firstDifference(_ a: MapSyntax, _ b: MapSyntax) -> String? {
    func check<T: Equatable>(_ label: String, _ x: [T], _ y: [T]) -> String? {
        if x.count != y.count { return "\(label): \(x.count) vs \(y.count) items" }
        for (i, (p, q)) in zip(x, y).enumerated() where p != q { return "\(label)[\(i)]:\n  \(p)\n  \(q)" }
        return nil
    }
    if a.header != b.header { return "header:\n  \(String(describing: a.header))\n  \(String(describing: b.header))" }
    let lists: [String?] = [
        check("owners", a.owners, b.owners), check("inputs", a.inputs, b.inputs),
        check("conditions", a.conditions, b.conditions), check("segments", a.segments, b.segments),
        check("routes", a.routes, b.routes), check("escalations", a.escalations, b.escalations),
        check("inconsistencies", a.inconsistencies, b.inconsistencies),
        a.uncertainty != b.uncertainty ? "uncertainty:\n  \(String(describing: a.uncertainty))\n  \(String(describing: b.uncertainty))" : nil,
        check("missing", a.missing, b.missing), check("invalid", a.invalid, b.invalid),
        check("tables", a.tables, b.tables), a.fallback != b.fallback ? "fallback" : nil,
    ]
    if let difference = lists.compactMap({ $0 }).first { return difference }
    return a != b ? "trees differ" : nil
}
