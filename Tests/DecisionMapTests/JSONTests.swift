import XCTest

@testable import DecisionMap


final class JSONTests: XCTestCase {
    // MARK: Helpers

    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
        do {
            return try JSONValue.parse(text)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    private func assertError(
        _ text: String, _ message: String, line: Int, column: Int,
        file: StaticString = #filePath, sourceLine: UInt = #line
    ) {
        assertError(Array(text.utf8), message, line: line, column: column, file: file, sourceLine: sourceLine)
    }

    private func assertError(
        _ bytes: [UInt8], _ message: String, line: Int, column: Int,
        file: StaticString = #filePath, sourceLine: UInt = #line
    ) {
        do {
            let value = try JSONValue.parse(bytes)
            XCTFail("expected an error, got \(value)", file: file, line: sourceLine)
        } catch {
            XCTAssertEqual(error.message, message, file: file, line: sourceLine)
            XCTAssertEqual(error.line, line, "line", file: file, line: sourceLine)
            XCTAssertEqual(error.column, column, "column", file: file, line: sourceLine)
        }
    }

    // MARK: Parsing values

    func testScalars() {
        XCTAssertEqual(parse("null"), .null)
        XCTAssertEqual(parse("true"), .bool(true))
        XCTAssertEqual(parse("false"), .bool(false))
        XCTAssertEqual(parse("0"), .number(0))
        XCTAssertEqual(parse("-0")?.numberValue?.sign, .minus)
        XCTAssertEqual(parse("42"), .number(42))
        XCTAssertEqual(parse("-12.5e2"), .number(-1250))
        XCTAssertEqual(parse("1E+2"), .number(100))
        XCTAssertEqual(parse("1e-2"), .number(0.01))
        XCTAssertEqual(parse(" \t\r\n\"x\" \n"), .string("x"))
    }

    func testNumbersAreCorrectlyRounded() {
        let cases = [
            "0.1", "0.3", "3.141592653589793", "2.2250738585072014e-308", "1.7976931348623157e308",
            "5e-324", "9007199254740993", "123456789012345678901234567890", "0.000000000000000000001234",
            "1.00000000000000011102230246251565404236316680908203125", "4.9406564584124654e-324",
            "18446744073709551616", "1e23", "8.98846567431158e307",
        ]
        for text in cases {
            XCTAssertEqual(parse(text)?.numberValue, Double(text), text)
        }
        XCTAssertEqual(parse("0e-400"), .number(0))
    }

    func testANumberTooSmallToTellFromZeroIsRefusedNotRoundedToZero() {
        assertError("1e-400", "number `1e-400` is out of range", line: 1, column: 1)
    }

    func testContainersKeepOrder() throws {
        let value = try XCTUnwrap(parse(#"{"b": 1, "a": [true, null, "x"], "c": {}}"#))
        let object = try XCTUnwrap(value.objectValue)
        XCTAssertEqual(object.keys, ["b", "a", "c"])
        XCTAssertEqual(value["a"], [true, nil, "x"])
        XCTAssertEqual(value["a"]?[2], "x")
        XCTAssertEqual(value["c"], .object(JSONObject()))
        XCTAssertNil(value["zzz"])
        XCTAssertEqual(parse("[]"), .array([]))
        XCTAssertEqual(parse("[[[]]]"), [[[]]])
    }

    func testEveryEscape() {
        XCTAssertEqual(parse(#""\"\\\/\b\f\n\r\t""#), .string("\"\\/\u{08}\u{0C}\n\r\t"))
        XCTAssertEqual(parse(#""\u0041\u00e9\u20AC\u0000""#), .string("Aé€\u{0}"))
        XCTAssertEqual(parse(#""a\nb" "#), .string("a\nb"))
    }

    func testSurrogatePairs() {
        XCTAssertEqual(parse(#""\uD83D\uDE00""#), .string("😀"))
        XCTAssertEqual(parse(#""x\ud834\udd1ey""#), .string("x𝄞y"))
        XCTAssertEqual(parse("\"😀 é\""), .string("😀 é"))
    }

    func testByteOrderMarkIsIgnored() {
        XCTAssertEqual(try JSONValue.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)), [1])
        assertError([0xEF, 0xBB, 0xBF] + Array("[1,]".utf8), "trailing comma before `]`", line: 1, column: 4)
    }

    func testParseOverloadsAgree() throws {
        let text = #"{"a": [1, 2.5, "x"]}"#
        let expected = try JSONValue.parse(text)
        XCTAssertEqual(try JSONValue.parse(Array(text.utf8)), expected)
        XCTAssertEqual(try JSONValue.parse(Array(text.utf8)[...]), expected)
        XCTAssertEqual(try JSONValue.parse(text.utf8), expected)
    }

    // MARK: Invalid input

    func testStructuralErrors() {
        assertError("", "unexpected end of input, expected a value", line: 1, column: 1)
        assertError("   \n ", "unexpected end of input, expected a value", line: 2, column: 2)
        assertError(#"{"a": 1 "b": 2}"#, "expected `,` or `}` after an object member", line: 1, column: 9)
        assertError("[1 2]", "expected `,` or `]` after an array element", line: 1, column: 4)
        assertError("[1,]", "trailing comma before `]`", line: 1, column: 4)
        assertError("{\n  \"a\": 1,\n}", "trailing comma before `}`", line: 3, column: 1)
        assertError(#"{"a" 1}"#, "expected `:` after an object key", line: 1, column: 6)
        assertError("{a: 1}", "expected an object key in double quotes", line: 1, column: 2)
        assertError(#"{"a": 1, "a": 2}"#, "duplicate key `a`", line: 1, column: 10)
        assertError("[1] 2", "unexpected `2` after the JSON value", line: 1, column: 5)
        assertError("{} x", "unexpected `x` after the JSON value", line: 1, column: 4)
        assertError("[", "unexpected end of input, expected a value", line: 1, column: 2)
        assertError("[1", "unexpected end of input, expected `,` or `]` after an array element", line: 1, column: 3)
        assertError("{", "unexpected end of input, expected an object key", line: 1, column: 2)
        assertError(#"{"a""#, "unexpected end of input, expected `:` after an object key", line: 1, column: 5)
        assertError(
            #"{"a":1"#, "unexpected end of input, expected `,` or `}` after an object member", line: 1, column: 7)
        assertError("[1, // no\n2]", "comments are not allowed in JSON", line: 1, column: 5)
        assertError("[1, ]", "trailing comma before `]`", line: 1, column: 5)
        assertError("]", "unexpected `]`, expected a value", line: 1, column: 1)
        assertError("'a'", "unexpected `'`, expected a value", line: 1, column: 1)
    }

    func testLiteralErrors() {
        assertError("NaN", "invalid literal `NaN`, expected `true`, `false` or `null`", line: 1, column: 1)
        assertError("[Infinity]", "invalid literal `Infinity`, expected `true`, `false` or `null`", line: 1, column: 2)
        assertError("tru", "invalid literal `tru`, expected `true`, `false` or `null`", line: 1, column: 1)
        assertError("nulls", "invalid literal `nulls`, expected `true`, `false` or `null`", line: 1, column: 1)
        assertError("True", "invalid literal `True`, expected `true`, `false` or `null`", line: 1, column: 1)
    }

    func testNumberErrors() {
        assertError("01", "leading zeros are not allowed in numbers", line: 1, column: 1)
        assertError("[-012]", "leading zeros are not allowed in numbers", line: 1, column: 2)
        assertError("1.", "expected a digit after the decimal point", line: 1, column: 3)
        assertError("1.e3", "expected a digit after the decimal point", line: 1, column: 3)
        assertError(".5", "unexpected `.`, expected a value", line: 1, column: 1)
        assertError("+1", "unexpected `+`, expected a value", line: 1, column: 1)
        assertError("-", "unexpected end of input, expected a digit after `-`", line: 1, column: 2)
        assertError("-x", "expected a digit after `-`", line: 1, column: 2)
        assertError("1e", "expected a digit in the exponent", line: 1, column: 3)
        assertError("1e+", "expected a digit in the exponent", line: 1, column: 4)
        assertError("1e400", "number `1e400` is out of range", line: 1, column: 1)
        assertError("-1e999999999", "number `-1e999999999` is out of range", line: 1, column: 1)
        assertError("0x10", "unexpected `x` after the JSON value", line: 1, column: 2)
    }

    func testStringErrors() {
        assertError(#"["abc"#, "unterminated string", line: 1, column: 2)
        assertError("\"a\nb\"", "unescaped control character U+000A in a string", line: 1, column: 3)
        assertError("\"a\tb\"", "unescaped control character U+0009 in a string", line: 1, column: 3)
        assertError(#""a\qb""#, #"invalid escape `\q` in a string"#, line: 1, column: 3)
        assertError(#""\u12G4""#, #"expected 4 hex digits after `\u`"#, line: 1, column: 6)
        assertError(#""\u12"#, "unterminated string", line: 1, column: 1)
        assertError(#""\uD800""#, #"unpaired surrogate `\uD800` in a string"#, line: 1, column: 2)
        assertError(#""\uD800\u0041""#, #"unpaired surrogate `\uD800` in a string"#, line: 1, column: 2)
        assertError(#""x\uDC00""#, #"unpaired surrogate `\uDC00` in a string"#, line: 1, column: 3)
        assertError(#""\"#, "unterminated string", line: 1, column: 1)
    }

    func testInvalidUTF8() {
        // A lone continuation byte, a truncated sequence, an overlong form, an encoded surrogate.
        assertError([0x22, 0x61, 0x80, 0x22], "invalid UTF-8 in a string", line: 1, column: 3)
        assertError([0x22, 0xC3, 0x22], "invalid UTF-8 in a string", line: 1, column: 2)
        assertError([0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 in a string", line: 1, column: 2)
        assertError([0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 in a string", line: 1, column: 2)
        assertError([0x22, 0x5C, 0x6E, 0xFF, 0x22], "invalid UTF-8 in a string", line: 1, column: 4)
        assertError([0xFF], "unexpected byte 0xFF, expected a value", line: 1, column: 1)
        assertError(Array("é".utf8), "unexpected `é`, expected a value", line: 1, column: 1)
    }

    func testColumnsCountUnicodeScalarsAndLinesCountAllBreaks() {
        assertError("[\"é€😀\", #]", "unexpected `#`, expected a value", line: 1, column: 9)
        assertError("[1,\r\n2,\r3,\n #]", "unexpected `#`, expected a value", line: 4, column: 2)
    }

    func testDepthLimit() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        XCTAssertNoThrow(try JSONValue.parse(ok))
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        assertError(deep, "nesting deeper than 512 levels", line: 1, column: 513)
        let objects = String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600)
        assertError(objects, "nesting deeper than 512 levels", line: 1, column: 5 * 512 + 1)
        // Far deeper than any stack could take recursively: still a clean error.
        let huge = String(repeating: "[", count: 1_000_000)
        assertError(huge, "nesting deeper than 512 levels", line: 1, column: 513)
        XCTAssertThrowsError(try JSONValue.parse("[[[1]]]", maxDepth: 2))
    }

    /// The depth limit must hold off a stack overflow even on a small secondary-thread stack
    /// (512 KiB, as on Apple platforms), in a debug build.
    func testDepthLimitOnASmallStack() {
        let finished = expectation(description: "parsed on a small stack")
        let deepest = String(repeating: #"{"a":["#, count: 256) + String(repeating: "]}", count: 256)
        let tooDeep = "[" + deepest + "]"
        nonisolated(unsafe) var results: [Bool] = []
        let thread = Thread {
            results.append((try? JSONValue.parse(deepest)) != nil)
            results.append((try? JSONValue.parse(tooDeep)) != nil)
            finished.fulfill()
        }
        thread.stackSize = 512 << 10
        thread.start()
        wait(for: [finished], timeout: 10)
        XCTAssertEqual(results, [true, false])
    }

    func testLargeObjectDuplicateDetection() {
        var text = "{" + (0..<100).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        XCTAssertEqual(parse(text + "}")?.objectValue?.count, 100)
        text += ", \"k57\": 0}"
        XCTAssertThrowsError(try JSONValue.parse(text)) { error in
            XCTAssertEqual((error as? JSONError)?.message, "duplicate key `k57`")
        }
    }

    func testErrorDescription() {
        let error = JSONError(message: "unterminated string", offset: 7, line: 2, column: 3)
        XCTAssertEqual(error.description, "2:3: unterminated string")
    }

    // MARK: Writing

    func testNumberFormatting() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (3, "3"), (0.1, "0.1"), (-2.5, "-2.5"),
            (1e21, "1e+21"), (1e20, "100000000000000000000"), (1.5e-7, "1.5e-7"), (1e-6, "0.000001"),
            (1e-7, "1e-7"), (123.456, "123.456"), (1234567.125, "1234567.125"),
            (9007199254740992, "9007199254740992"), (9007199254740994, "9007199254740994"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (.leastNonzeroMagnitude, "5e-324"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"), (0.000001234, "0.000001234"),
            (1e16, "10000000000000000"), (1.2345e25, "1.2345e+25"), (100, "100"), (0.5, "0.5"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(JSONValue.number(value).rendered(), expected, "\(value)")
        }
        XCTAssertEqual(JSONValue.number(.nan).rendered(), "null")
        XCTAssertEqual(JSONValue.number(.infinity).rendered(), "null")
        XCTAssertEqual(JSONValue.number(-.infinity).rendered(), "null")
    }

    func testFormattedNumbersRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = JSONValue.number(value).rendered()
            let back = try JSONValue.parse(text).numberValue
            XCTAssertEqual(back, value == 0 ? 0 : value, text)
        }
    }

    func testStringEscaping() {
        XCTAssertEqual(JSONValue.string("a\"b\\c/d").rendered(), #""a\"b\\c/d""#)
        XCTAssertEqual(JSONValue.string("\n\r\t\u{08}\u{0C}").rendered(), #""\n\r\t\b\f""#)
        XCTAssertEqual(JSONValue.string("\u{0}\u{1}\u{1F}\u{7F}").rendered(), "\"\\u0000\\u0001\\u001f\u{7F}\"")
        XCTAssertEqual(JSONValue.string("é€😀").rendered(), "\"é€😀\"")
        XCTAssertEqual(JSONValue.string("a\u{2028}b\u{2029}c").rendered(), #""a\u2028b\u2029c""#)
        XCTAssertEqual(JSONValue.string("").rendered(), #""""#)
    }

    func testCompactAndPrettyOutput() {
        let value: JSONValue = [
            "route": "fast_track", "count": 3, "ratio": 0.25, "flags": [true, false, nil],
            "empty": [:], "none": [], "nested": ["a": ["b": 1]],
        ]
        XCTAssertEqual(
            value.rendered(),
            #"{"route":"fast_track","count":3,"ratio":0.25,"flags":[true,false,null],"empty":{},"none":[],"nested":{"a":{"b":1}}}"#
        )
        XCTAssertEqual(
            value.rendered(pretty: true),
            """
            {
              "route": "fast_track",
              "count": 3,
              "ratio": 0.25,
              "flags": [
                true,
                false,
                null
              ],
              "empty": {},
              "none": [],
              "nested": {
                "a": {
                  "b": 1
                }
              }
            }
            """)
        XCTAssertEqual(JSONValue.array([]).rendered(pretty: true), "[]")
        XCTAssertEqual(JSONValue.string("x").rendered(pretty: true), #""x""#)
        XCTAssertEqual(value.description, value.rendered())
    }

    func testRoundTrips() throws {
        let texts = [
            #"{"a":[1,2.5,-3e-7,"x\ny",{"b":null}],"c":true,"d":"é😀\u2028"}"#,
            #"[[],{},"",0,-1,1e+21,0.1]"#,
            #""\\\"\/""#,
        ]
        for text in texts {
            let value = try JSONValue.parse(text)
            XCTAssertEqual(try JSONValue.parse(value.rendered()), value)
            XCTAssertEqual(try JSONValue.parse(value.rendered(pretty: true)), value)
            XCTAssertEqual(try JSONValue.parse(value.rendered()).rendered(), value.rendered())
        }
        XCTAssertEqual(try JSONValue.parse(#"{"a":[1,2.5,"x"],"b":{"c":null}}"#).rendered(), #"{"a":[1,2.5,"x"],"b":{"c":null}}"#)
    }

    /// Random documents survive rendering (compact and pretty) and parsing unchanged.
    func testRandomRoundTrips() throws {
        var random = SeededRandom(seed: 8259)
        func randomString() -> String {
            let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "é", "😀", "\u{2028}", "\u{7F}"]
            return (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
        }
        func randomValue(depth: Int) -> JSONValue {
            switch random.next() % (depth > 3 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(random.next() % 2 == 0)
            case 2: return .number(Double(Int64(bitPattern: random.next()) % 1_000_000) / 64)
            case 3: return .number(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF))
            case 4: return .string(randomString())
            case 5: return .array((0..<Int(random.next() % 4)).map { _ in randomValue(depth: depth + 1) })
            default:
                var object = JSONObject()
                for _ in 0..<Int(random.next() % 4) { object[randomString()] = randomValue(depth: depth + 1) }
                return .object(object)
            }
        }
        for _ in 0..<300 {
            let value = randomValue(depth: 0)
            XCTAssertEqual(try JSONValue.parse(value.rendered()), value, value.rendered())
            XCTAssertEqual(try JSONValue.parse(value.rendered(pretty: true)), value, value.rendered())
        }
    }

    func testDeterministicOutput() {
        var object = JSONObject()
        for i in (0..<50).reversed() { object.append("key\(i)", .number(Double(i) / 7)) }
        let first = JSONValue.object(object).renderedBytes(pretty: true)
        for _ in 0..<5 {
            XCTAssertEqual(JSONValue.object(object).renderedBytes(pretty: true), first)
        }
        XCTAssertEqual(object.keys.first, "key49")
    }

    // MARK: Objects

    func testObjectEditing() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["c"] = "x"
        object["b"] = 10
        object.append("a", 20)
        XCTAssertEqual(object.keys, ["b", "a", "c"])
        XCTAssertEqual(object["b"], 10)
        XCTAssertEqual(object["a"], 20)
        object["a"] = nil
        XCTAssertEqual(object.keys, ["b", "c"])
        object["n"] = .null
        XCTAssertEqual(object["n"], .null)
        XCTAssertNil(object["zz"])
        XCTAssertEqual(object.map(\.key), ["b", "c", "n"])
        XCTAssertEqual(object.index(forKey: "c"), 1)
        let repeated: JSONObject = ["k": 1, "j": 2, "k": 3]
        XCTAssertEqual(repeated.rendered(), #"{"k":3,"j":2}"#)
        XCTAssertNotEqual(["a": 1, "b": 2] as JSONObject, ["b": 2, "a": 1] as JSONObject)
    }

    func testLiteralsAndInitializers() {
        let values: [JSONValue] = ["s", 1, 1.5, true, nil, [1], ["k": "v"]]
        XCTAssertEqual(values.map(\.kindDescription), ["a string", "a number", "a number", "a boolean", "null", "an array", "an object"])
        XCTAssertEqual(JSONValue(3), .number(3))
        XCTAssertEqual(JSONValue("x"), .string("x"))
        XCTAssertEqual(JSONValue(2.5), .number(2.5))
        XCTAssertEqual(JSONValue(false), .bool(false))
        XCTAssertEqual(JSONValue(1).numberValue, 1)
        XCTAssertEqual(JSONValue("x").stringValue, "x")
        XCTAssertEqual(JSONValue(true).boolValue, true)
        XCTAssertTrue(JSONValue.null.isNull)
    }
}
