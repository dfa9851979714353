import Foundation
import XCTest
@testable import DecisionMap
@testable import DecisionMapAnalysis
@testable import DecisionMapSimulation

/// The limits docs/reliability.md lists, each answered with a clear error in bounded work, and the
/// inputs that used to crash, hang or blow up: deep chains, long rules, long conditions.
final class LimitsTests: XCTestCase {
    private func compile(_ text: String) -> (DecisionMap?, [Diagnostic]) {
        DecisionMap.compile(SourceFile(name: "limits.dmap", text: text))
    }

    private func chain(_ n: Int) -> String {
        var text = "map \"chain\"\ninputs\n  x number 0..10\nconditions\n"
        for i in 0..<n { text += "  c\(i) when c\(i + 1)\n" }
        text += "  c\(n) when x > 1\nsegments\n  s risk low otherwise\nroutes\n  r automated\n  q automated\n"
        return text + "decide d (first)\n  when c0 -> r\n  otherwise -> q\n"
    }

    func testAChainOfThousandsOfNamedConditionsIsOneErrorNotACrash() throws {
        let (map, diagnostics) = compile(chain(5_750))
        XCTAssertNil(map)
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.map(\.id), ["condition-depth"])
        XCTAssertTrue(diagnostics[0].message.hasPrefix("conditions nest deeper than 256 levels, through named conditions `c0` → `c1` → `c2` → … →"),
                      diagnostics[0].message)
        // Within the limit, a chain works, through every consumer that walks conditions.
        let (ok, okDiagnostics) = compile(chain(200))
        let chained = try XCTUnwrap(ok, "\(okDiagnostics.map(\.message))")
        var record = chained.makeRecord()
        chained.bind(text: "5", toField: 0, in: &record)
        XCTAssertEqual(chained.route(record).route.map { chained.model.routes[$0].name }, "r")
        XCTAssertTrue(Linter.lint(chained).analysis?.exact ?? false)
    }

    func testParenthesesBeyondTheNestingLimitAreOneError() {
        let depth = 100_000
        let text = "map \"p\"\ninputs\n  x number 0..10\nsegments\n  s risk low otherwise\nroutes\n  r automated\ndecide d (first)\n  when "
            + String(repeating: "(", count: depth) + "x > 1" + String(repeating: ")", count: depth) + " -> r\n  otherwise -> r\n"
        let (map, diagnostics) = compile(text)
        XCTAssertNil(map)
        XCTAssertEqual(diagnostics.map(\.message), ["condition is nested more than 64 levels deep, found `(`"])
        // The rendered diagnostic is a window of the line, not the 200,000 characters.
        XCTAssertLessThan(DiagnosticRenderer(source: SourceFile(name: "p.dmap", text: text)).text(diagnostics).utf8.count, 600)
    }

    /// (The issue's case has 4,000 short rules: `scripts/bench-limits.sh` runs it.)
    func testFormattingALongRuleDoesNotPadEveryOtherRule() throws {
        var text = "map \"pad\"\ninputs\n  x number 0..100000\nsegments\n  s risk low otherwise\nroutes\n  r automated\ndecide d (first)\n"
        text += "  when " + (0..<300).map { "x = \($0)" }.joined(separator: " or ") + " -> r\n"
        for i in 0..<100 { text += "  when x = \(i + 5_000) -> r\n" }
        text += "  otherwise -> r\n"
        let formatted = try XCTUnwrap(MapFormatter.format(SourceFile(name: "pad.dmap", text: text)).text)
        XCTAssertLessThan(formatted.utf8.count, text.utf8.count * 11 / 10, "formatting grew the map")
        XCTAssertEqual(MapFormatter.format(SourceFile(name: "pad.dmap", text: formatted)).text, formatted, "not idempotent")
        let (a, b) = (try XCTUnwrap(compile(text).0), try XCTUnwrap(compile(formatted).0))
        XCTAssertTrue(try StaticDiff.compare(old: a, new: b).equivalent)
    }

    func testAThousandTimesTheSameMistakeIsShownThreeTimesAndCounted() {
        let text = "map \"o\"\ninputs\n  x number 0..100000\nsegments\n  s risk low otherwise\nroutes\n  r automated\ndecide d (first)\n  when "
            + (0..<2_000).map { "y = \($0)" }.joined(separator: " or ") + " -> r\n  otherwise -> r\n"
        let source = SourceFile(name: "o.dmap", text: text)
        let (_, diagnostics) = DecisionMap.compile(source)
        XCTAssertEqual(diagnostics.count, 2_000)
        let rendered = DiagnosticRenderer(source: source).text(diagnostics)
        XCTAssertLessThan(rendered.utf8.count, 2_000)
        XCTAssertTrue(rendered.hasSuffix("o.dmap: note: 1997 more not shown: undefined field `y` (line 9)\n\n"), String(rendered.suffix(200)))
    }

    func testALongOrOfOneFieldIsAnalysedAsOneSet() throws {
        let text = "map \"o\"\ninputs\n  x number 0..100000\nsegments\n  s risk low otherwise\nroutes\n  r automated\n  q automated\ndecide d (first)\n  when "
            + (0..<5_000).map { "x = \($0 * 2)" }.joined(separator: " or ") + " -> r\n  otherwise -> q\n"
        let report = Linter.lint(SourceFile(name: "o.dmap", text: text))
        let analysis = try XCTUnwrap(report.analysis)
        XCTAssertTrue(analysis.exact)
        XCTAssertEqual(analysis.regions, 10_000, "every value of the or, and every gap between them")
    }

    func testSizeLimitsSayWhatTheyAre() throws {
        // A map over 8 MB is refused before it is read.
        let big = SourceFile(name: "big.dmap", bytes: Array(repeating: UInt8(ascii: "#"), count: (8 << 20) + 1))
        XCTAssertEqual(DecisionMap.compile(big).diagnostics.map(\.message), ["map is 8388609 bytes; the limit is 8388608 bytes"])
        // JSON deeper than 512 levels is refused with its place.
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        XCTAssertThrowsError(try JSONValue.parse(deep)) { error in
            XCTAssertTrue("\(error)".contains("nesting deeper than 512 levels"), "\(error)")
        }
        // A CSV record longer than the reader's limit (64 MB by default) stops the read, saying why.
        var reader = try CSVReader(source: BytesByteSource("a,b\n1,\"" + String(repeating: "x", count: 500)), maxRecordBytes: 100)
        XCTAssertThrowsError(try reader.next()) { error in
            XCTAssertEqual((error as? CaseFileError)?.message, "record is longer than 100 bytes; is a quote unbalanced?")
        }
    }

    func testMoreThanTwoHundredErrorsAreCountedNotListed() {
        let text = "map \"e\"\n" + String(repeating: "bogus line here\n", count: 300)
        let diagnostics = DecisionMap.compile(SourceFile(name: "e.dmap", text: text)).diagnostics
        XCTAssertEqual(diagnostics.count, 201)
        XCTAssertEqual(diagnostics.last?.id, "too-many-errors")
        XCTAssertTrue(diagnostics.last?.message.hasSuffix("more errors not shown") ?? false, diagnostics.last?.message ?? "")
    }

    func testASweepHasAtMostAThousandPoints() throws {
        let (map, _) = compile("map \"s\"\ninputs\n  c number 0..1 from model\nsegments\n  s risk low otherwise\nroutes\n  r automated\n  q automated\nuncertainty\n  otherwise below 0.5 -> q\ndecide d (first)\n  otherwise -> r\n")
        let compiled = try XCTUnwrap(map)
        XCTAssertThrowsError(try ThresholdSweep(map: compiled, .all, from: 0, to: 1, step: 0.0001, decimals: 4)) { error in
            XCTAssertEqual((error as? ThresholdError)?.message, "a sweep from 0 to 1 by 0.0001 has 10001 points; at most 1000")
        }
        XCTAssertEqual(try ThresholdSweep(map: compiled, .all, from: 0.001, to: 1, step: 0.001, decimals: 3).points.count, 1000)
    }

    func testTheHintForALongNonNumberIsFoundInOnePass() {
        // Found by fuzzing: each rewriting the hint tried was hinted about in turn, so a value of
        // a point and 58 more took 19 s; 10,000 would never have ended.
        let dots = String(repeating: ".", count: 10_000)
        for text in [".1 4," + dots, "12,500", "12,50", ".5", "1,000." + dots, "5."] {
            XCTAssertEqual(DecimalText.parse(text), .notANumber, text)
        }
        XCTAssertEqual(DecimalText.hint(".1 4," + dots), nil)
        XCTAssertEqual(DecimalText.hint("12,500"), "use a decimal point (12.500) and no thousands separator (12500)")
        XCTAssertEqual(DecimalText.hint("12,50"), "use a decimal point: 12.50")
        XCTAssertEqual(DecimalText.hint(".5"), "write a digit before the point: 0.5")
        XCTAssertEqual(DecimalText.hint("1,000." + dots), nil)
        XCTAssertEqual(DecimalText.hint("5."), "write it without the final point: 5")
    }

    func testAJSONLinesLineLongerThanTheLimitStopsTheRead() throws {
        var reader = JSONLinesReader(source: BytesByteSource("{\"a\": \"" + String(repeating: "x", count: 500) + "\"}\n"), chunkSize: 64, maxLineBytes: 100)
        XCTAssertThrowsError(try reader.next()) { error in
            XCTAssertTrue((error as? CaseFileError)?.message.hasPrefix("line is longer than 100 bytes") ?? false, "\(error)")
        }
    }
}
