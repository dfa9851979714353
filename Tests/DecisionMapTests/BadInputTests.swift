import XCTest
@testable import DecisionMap

/// Bad input never crashes, hangs or disappears: each gets a clear diagnostic in bounded time.
final class BadInputTests: XCTestCase {
    private func errors(_ bytes: [UInt8]) -> [Diagnostic] {
        let (map, diagnostics) = DecisionMap.compile(SourceFile(name: "bad.dmap", bytes: bytes))
        XCTAssertTrue(map == nil)
        return diagnostics.filter { $0.severity == .error }
    }

    func testEmptyFileIsAnEmptyMap() {
        XCTAssertEqual(errors([]).map(\.id), ["empty-map"])
        XCTAssertEqual(errors(Array("  \n# only a comment\n\n".utf8)).map(\.id), ["empty-map"])
    }

    func testOneHundredThousandNestedParenthesesStopAtTheNestingLimit() {
        let text = "map \"t\"\ndecide d (first)\n  when " + String(repeating: "(", count: 100_000) + "x"
            + String(repeating: ")", count: 100_000) + " -> r\n"
        let found = errors(Array(text.utf8))
        XCTAssertEqual(found.first?.message, "condition is nested more than 64 levels deep, found `(`")
    }

    func testNotChainsAreBoundedToo() {
        let text = "map \"t\"\ndecide d (first)\n  when " + String(repeating: "not ", count: 50_000) + "x -> r\n"
        XCTAssertTrue(errors(Array(text.utf8)).contains { $0.message.hasPrefix("condition is nested more than 64") })
    }

    func testLongAndChainsStayFlat() {
        let text = "map \"t\"\ninputs\n  x boolean\nsegments\n  s risk low otherwise\nroutes\n  r automated\ndecide d (first)\n  when "
            + Array(repeating: "x", count: 20_000).joined(separator: " and ") + " -> r\n"
        let (map, diagnostics) = DecisionMap.compile(SourceFile(name: "long.dmap", text: text))
        XCTAssertEqual(diagnostics, [])
        var record = map!.makeRecord()
        map!.bind(.bool(true), toField: 0, in: &record)
        XCTAssertEqual(map!.route(record).route, 0)
    }

    func testOversizedSourceIsRefusedWithoutLexing() {
        let bytes = [UInt8](repeating: UInt8(ascii: "#"), count: Lexer.maximumSourceSize + 1)
        XCTAssertEqual(errors(bytes).map(\.id), ["file-too-large"])
    }

    func testBinaryAndInvalidUTF8GiveOneDiagnosticEach() {
        XCTAssertEqual(errors([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00]).map(\.id), ["binary-file"])
        let invalid = errors(Array("map \"t\"\ninputs\n  x one of a".utf8) + [0xC3, 0x28])
        XCTAssertEqual(invalid.map(\.id), ["invalid-utf8"])
        XCTAssertEqual(SourceFile(name: "x", bytes: Array("map \"t\"\ninputs\n  x one of a".utf8)).location(of: 26), SourceLocation(line: 3, column: 12))
    }

    func testRandomBytesAndTokenSoupNeverCrash() {
        var rng = SeededRandom(seed: 42)
        let fragments = ["map", "\"t\"", "inputs", "segments", "routes", "decide", "(", ")", "when", "->", "and", "or", "not",
                         "x", "is", "in", "between", "1", "..", "-0.5", "\n", "\n  ", "\n    ", "#", "##", "\"", "risk", "high",
                         "otherwise", "one of", ",", "number", "fallback", "escalate", "to", "uncertainty", "below", "missing",
                         "segment", "h/week", "capacity", "=", "!=", "<=", "é", "\t"]
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 60) { text += fragments[Int(rng.next() % UInt64(fragments.count))] + " " }
            _ = DecisionMap.compile(SourceFile(name: "soup", text: text))
            let bytes = (0..<Int(rng.next() % 200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = DecisionMap.compile(SourceFile(name: "noise", bytes: bytes))
        }
    }

    func testCaseWithWrongTypesIsInvalidDataAndUnknownFieldsAreNamed() throws {
        let text = """
            map "t"
            inputs
              tier    one of gold, silver
              amount  number 0..100
              vip     boolean
            segments
              all risk low otherwise
            routes
              r automated
            decide d (first)
              otherwise -> r
            """
        let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "t.dmap", text: text)).map)
        let routed = try map.explain(["tier": "Gold", "amount": "12 EUR", "vip": 3])
        XCTAssertEqual(routed.outcome, .gap)
        XCTAssertEqual(routed.gap, .invalidData)
        XCTAssertEqual(routed.field, "tier")
        XCTAssertEqual(routed.trace.first?.detail, "`Gold` is not a valid `tier` (one of gold, silver); did you mean `gold`?")
        XCTAssertThrowsError(try map.explain(["tier": "gold", "amout": 3, "id": "C-1"])) { error in
            XCTAssertEqual((error as? CaseError)?.messages, ["unknown field `amout`; did you mean `amount`?"])
        }
    }
}
