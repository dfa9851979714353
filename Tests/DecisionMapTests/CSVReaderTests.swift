import XCTest

@testable import DecisionMap
@testable import DecisionMapSimulation


/// A row in a form that is easy to compare.
private enum Row: Equatable, CustomStringConvertible {
    case record(row: Int, line: Int, fields: [String])
    case rejected(RejectedRow)

    var description: String {
        switch self {
        case .record(let row, let line, let fields): "record(\(row), line \(line), \(fields))"
        case .rejected(let rejected): "rejected(\(rejected), at \(String(describing: rejected.position)))"
        }
    }
}

private func readCSV(_ bytes: [UInt8], chunkSize: Int = 1 << 20, maxReadSize: Int = .max) throws -> (header: [String], rows: [Row]) {
    var reader = try CSVReader(source: BytesByteSource(bytes, maxReadSize: maxReadSize), chunkSize: chunkSize)
    var rows: [Row] = []
    while let row = try reader.next() {
        switch row {
        case .record(let record): rows.append(.record(row: record.rowNumber, line: record.line, fields: record.fields))
        case .rejected(let rejected): rows.append(.rejected(rejected))
        }
    }
    return (reader.header, rows)
}

private func readCSV(_ text: String, chunkSize: Int = 1 << 20, maxReadSize: Int = .max) throws -> (header: [String], rows: [Row]) {
    try readCSV(Array(text.utf8), chunkSize: chunkSize, maxReadSize: maxReadSize)
}

final class CSVReaderTests: XCTestCase {
    func testSimpleFile() throws {
        let (header, rows) = try readCSV("id,name,amount\n1,Ann,10\n2,Bob,\n")
        XCTAssertEqual(header, ["id", "name", "amount"])
        XCTAssertEqual(
            rows,
            [.record(row: 1, line: 2, fields: ["1", "Ann", "10"]), .record(row: 2, line: 3, fields: ["2", "Bob", ""])])
    }

    func testQuotedFields() throws {
        let text = "a,b,c\n" + #""x, y","say ""hi""",""\#n"# + "\"multi\nline\",\"cr\r\nlf\",plain"
        let (_, rows) = try readCSV(text)
        XCTAssertEqual(
            rows,
            [
                .record(row: 1, line: 2, fields: ["x, y", #"say "hi""#, ""]),
                .record(row: 2, line: 3, fields: ["multi\nline", "cr\r\nlf", "plain"]),
            ])
    }

    func testLineEndings() throws {
        let expected: [Row] = [
            .record(row: 1, line: 2, fields: ["1", "2"]), .record(row: 2, line: 3, fields: ["3", "4"]),
        ]
        XCTAssertEqual(try readCSV("a,b\r\n1,2\r\n3,4\r\n").rows, expected)
        XCTAssertEqual(try readCSV("a,b\n1,2\n3,4\n").rows, expected)
        XCTAssertEqual(try readCSV("a,b\r1,2\r3,4\r").rows, expected)
        XCTAssertEqual(try readCSV("a,b\n1,2\r\n3,4").rows, expected)
    }

    func testFinalRecordWithoutNewline() throws {
        XCTAssertEqual(try readCSV("a,b\n1,2").rows, [.record(row: 1, line: 2, fields: ["1", "2"])])
        XCTAssertEqual(try readCSV("a,b\n1,").rows, [.record(row: 1, line: 2, fields: ["1", ""])])
        XCTAssertEqual(try readCSV("a,b\n1,\"x\"").rows, [.record(row: 1, line: 2, fields: ["1", "x"])])
        XCTAssertEqual(try readCSV("a,b\n1,\"\"").rows, [.record(row: 1, line: 2, fields: ["1", ""])])
    }

    func testByteOrderMark() throws {
        let (header, rows) = try readCSV([0xEF, 0xBB, 0xBF] + Array("id,x\n1,2\n".utf8))
        XCTAssertEqual(header, ["id", "x"])
        XCTAssertEqual(rows, [.record(row: 1, line: 2, fields: ["1", "2"])])
    }

    func testEmptyFileAndHeaderOnly() throws {
        for empty in ["", "\n\n", "\r\n"] {
            XCTAssertThrowsError(try readCSV(empty)) { error in
                XCTAssertEqual(error as? CaseFileError, CaseFileError(message: "empty file: no header row"))
            }
        }
        XCTAssertThrowsError(try readCSV([0xEF, 0xBB, 0xBF]))
        let (header, rows) = try readCSV("a,b,c")
        XCTAssertEqual(header, ["a", "b", "c"])
        XCTAssertEqual(rows, [])
        XCTAssertEqual(try readCSV("a,b,c\n").rows, [])
    }

    func testBlankLinesAreSkippedButCounted() throws {
        let (header, rows) = try readCSV("\na,b\n\n1,2\r\n\r\n3,4\n\n")
        XCTAssertEqual(header, ["a", "b"])
        XCTAssertEqual(
            rows, [.record(row: 1, line: 4, fields: ["1", "2"]), .record(row: 2, line: 6, fields: ["3", "4"])])
    }

    func testRaggedRowIsRejectedAndReadingContinues() throws {
        let (_, rows) = try readCSV("a,b,c\n1,2,3\n1,2\n1,2,3,4\n7,8,9\n")
        XCTAssertEqual(
            rows,
            [
                .record(row: 1, line: 2, fields: ["1", "2", "3"]),
                .rejected(RejectedRow(rowNumber: 2, line: 3, reason: "row has 2 fields, header has 3")),
                .rejected(RejectedRow(rowNumber: 3, line: 4, reason: "row has 4 fields, header has 3")),
                .record(row: 4, line: 5, fields: ["7", "8", "9"]),
            ])
        let single = try readCSV("a,b\nonly\n").rows
        XCTAssertEqual(single, [.rejected(RejectedRow(rowNumber: 1, line: 2, reason: "row has 1 field, header has 2"))])
    }

    func testBrokenQuoting() throws {
        let (_, rows) = try readCSV("a,b\nab\"c,d\n\"x\"y,z\n\"ok\",1\n")
        XCTAssertEqual(
            rows,
            [
                .rejected(
                    RejectedRow(
                        rowNumber: 1, line: 2, position: CaseFilePosition(line: 2, column: 3),
                        reason: "unexpected `\"` in an unquoted field")),
                .rejected(
                    RejectedRow(
                        rowNumber: 2, line: 3, position: CaseFilePosition(line: 3, column: 4),
                        reason: "unexpected text after a closing quote")),
                .record(row: 3, line: 4, fields: ["ok", "1"]),
            ])
    }

    func testQuotingProblemAfterAMultiLineField() throws {
        let (_, rows) = try readCSV("a,b\n\"two\nlines\"x,1\n5,6\n")
        XCTAssertEqual(
            rows,
            [
                .rejected(
                    RejectedRow(
                        rowNumber: 1, line: 2, position: CaseFilePosition(line: 3, column: 7),
                        reason: "unexpected text after a closing quote")),
                .record(row: 2, line: 4, fields: ["5", "6"]),
            ])
    }

    func testUnterminatedQuoteAtEndOfFile() throws {
        let (_, rows) = try readCSV("a,b\n1,2\n3,\"open\n4,5\n")
        XCTAssertEqual(
            rows,
            [
                .record(row: 1, line: 2, fields: ["1", "2"]),
                .rejected(
                    RejectedRow(
                        rowNumber: 2, line: 3, position: CaseFilePosition(line: 3, column: 3),
                        reason: "the quoted field opened here runs to the end of the file: its closing quote is missing")),
            ])
    }

    func testRowAndLineNumbersWithMultiLineFields() throws {
        let text = "id,note\n1,\"a\nb\nc\"\n2,x\n3,\"\r\n\"\n4,y\n"
        let (_, rows) = try readCSV(text)
        XCTAssertEqual(
            rows,
            [
                .record(row: 1, line: 2, fields: ["1", "a\nb\nc"]),
                .record(row: 2, line: 5, fields: ["2", "x"]),
                .record(row: 3, line: 6, fields: ["3", "\r\n"]),
                .record(row: 4, line: 8, fields: ["4", "y"]),
            ])
    }

    func testInvalidUTF8IsRejected() throws {
        let bytes = Array("name,city\n".utf8) + [0x41, 0xFF, 0x42] + Array(",Oslo\nÅse,Bergen\n".utf8)
        let (_, rows) = try readCSV(bytes)
        XCTAssertEqual(
            rows,
            [
                .rejected(
                    RejectedRow(
                        rowNumber: 1, line: 2, position: CaseFilePosition(line: 2, column: 2),
                        reason: "invalid UTF-8 in field 1 (`name`)")),
                .record(row: 2, line: 3, fields: ["Åse", "Bergen"]),
            ])
    }

    func testHeaderProblems() {
        XCTAssertThrowsError(try readCSV("a,b,a\n1,2,3\n")) { error in
            XCTAssertEqual(
                (error as? CaseFileError)?.message, "duplicate column name `a` in the header (columns 1 and 3)")
        }
        XCTAssertThrowsError(try readCSV("a,b\"c\n")) { error in
            XCTAssertEqual(
                error as? CaseFileError,
                CaseFileError(
                    message: "in the header: unexpected `\"` in an unquoted field",
                    position: CaseFilePosition(line: 1, column: 4)))
        }
        XCTAssertThrowsError(try readCSV([0x61, 0xC3, 0x0A])) { error in
            XCTAssertEqual((error as? CaseFileError)?.message, "invalid UTF-8 in the header (column 1)")
        }
        // Unnamed columns (as some tools write for an index) are allowed, even several.
        XCTAssertEqual(try readCSV(",a,\n1,2,3\n").header, ["", "a", ""])
    }

    func testSpacesAreData() throws {
        let (header, rows) = try readCSV(" a , b\n 1 ,\" 2 \"\n  \n")
        XCTAssertEqual(header, [" a ", " b"])
        XCTAssertEqual(
            rows,
            [
                .record(row: 1, line: 2, fields: [" 1 ", " 2 "]),
                .rejected(RejectedRow(rowNumber: 2, line: 3, reason: "row has 1 field, header has 2")),
            ])
    }

    func testRecordBytesAccess() throws {
        var reader = try CSVReader(source: BytesByteSource("a,b\n\"x\"\"y\",\n"))
        guard case .record(let record) = try reader.next() else { return XCTFail("expected a record") }
        XCTAssertEqual(record.count, 2)
        XCTAssertEqual(record.withFieldBytes(0) { Array($0) }, Array(#"x"y"#.utf8))
        XCTAssertTrue(record.isEmptyField(1))
        XCTAssertFalse(record.isEmptyField(0))
        XCTAssertNil(try reader.next())
        XCTAssertNil(try reader.next())
    }

    func testHeldRecordsAreNotOverwritten() throws {
        var reader = try CSVReader(source: BytesByteSource("a\nfirst\nsecond\n"))
        guard case .record(let first) = try reader.next(), case .record(let second) = try reader.next() else {
            return XCTFail("expected two records")
        }
        XCTAssertEqual(first.field(0), "first")
        XCTAssertEqual(second.field(0), "second")
    }

    func testRecordLongerThanTheLimitIsFatal() throws {
        let text = "a\n\"" + String(repeating: "x", count: 5000)
        var reader = try CSVReader(source: BytesByteSource(text), chunkSize: 64, maxRecordBytes: 1000)
        XCTAssertThrowsError(try reader.next()) { error in
            XCTAssertEqual(
                error as? CaseFileError,
                CaseFileError(
                    message: "record is longer than 1000 bytes; is a quote unbalanced?",
                    position: CaseFilePosition(line: 2, column: 1)))
        }
    }

    /// Every way of splitting the input into reads must give the same result as one big read: fields,
    /// quotes, doubled quotes, CRLF pairs and the byte-order mark all get split somewhere.
    func testTinyChunksGiveIdenticalResults() throws {
        var text = "\u{FEFF}id,name,note,amount\r\n"
        text += "1,Ann,\"hello, world\",10\r\n"
        text += "2,\"Bo \"\"B\"\" b\",\"multi\r\nline\nfield\",20\r\n"
        text += "\r\n"
        text += "3,Åsa 😀,,30\r"
        text += "4,x\"y,z,1\n"
        text += "5,short\n"
        text += "6,\"q\"junk,a,b\n"
        text += "7,é,\"\",\"\"\"\"\n"
        text += "8,last,no newline,\"99\""
        let expected = try readCSV(text)
        XCTAssertEqual(expected.rows.count, 8)
        XCTAssertEqual(expected.header, ["id", "name", "note", "amount"])
        for maxReadSize in 1...7 {
            for chunkSize in [1, 2, 3, 5, 7, 64] {
                let result = try readCSV(text, chunkSize: chunkSize, maxReadSize: maxReadSize)
                XCTAssertEqual(result.header, expected.header, "read \(maxReadSize), chunk \(chunkSize)")
                XCTAssertEqual(result.rows, expected.rows, "read \(maxReadSize), chunk \(chunkSize)")
            }
        }
        XCTAssertEqual(
            expected.rows,
            [
                .record(row: 1, line: 2, fields: ["1", "Ann", "hello, world", "10"]),
                .record(row: 2, line: 3, fields: ["2", #"Bo "B" b"#, "multi\r\nline\nfield", "20"]),
                .record(row: 3, line: 7, fields: ["3", "Åsa 😀", "", "30"]),
                .rejected(
                    RejectedRow(
                        rowNumber: 4, line: 8, position: CaseFilePosition(line: 8, column: 4),
                        reason: "unexpected `\"` in an unquoted field")),
                .rejected(RejectedRow(rowNumber: 5, line: 9, reason: "row has 2 fields, header has 4")),
                .rejected(
                    RejectedRow(
                        rowNumber: 6, line: 10, position: CaseFilePosition(line: 10, column: 6),
                        reason: "unexpected text after a closing quote")),
                .record(row: 7, line: 11, fields: ["7", "é", "", "\""]),
                .record(row: 8, line: 12, fields: ["8", "last", "no newline", "99"]),
            ])
    }

    /// Random fields full of commas, quotes and line breaks, written the RFC 4180 way with random
    /// line endings, read back with random read sizes.
    func testRandomRoundTrips() throws {
        var random = SeededRandom(seed: 4180)
        let pieces = ["a", "b", ",", "\"", "\n", "\r\n", "\r", "é", " ", "😀", ""]
        for round in 0..<40 {
            let columns = 1 + Int(random.next() % 4)
            var records: [[String]] = []
            for _ in 0..<Int(random.next() % 30) {
                var record: [String] = []
                for _ in 0..<columns {
                    record.append((0..<Int(random.next() % 5)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined())
                }
                // A record of one empty field would be a blank line, which is skipped by design.
                if columns == 1, record[0].isEmpty { record[0] = "x" }
                records.append(record)
            }
            func encode(_ field: String) -> String {
                let special = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                return special ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }
            let header = (0..<columns).map { "c\($0)" }
            var text = header.joined(separator: ",")
            for record in records {
                text += random.next() % 2 == 0 ? "\n" : "\r\n"
                text += record.map(encode).joined(separator: ",")
            }
            if random.next() % 2 == 0 { text += "\n" }
            let maxReadSize = 1 + Int(random.next() % 9)
            let result = try readCSV(text, chunkSize: 1 + Int(random.next() % 16), maxReadSize: maxReadSize)
            XCTAssertEqual(result.header, header, "round \(round)")
            let fields = result.rows.map { row -> [String] in
                if case .record(_, _, let fields) = row { return fields }
                return ["rejected: \(row)"]
            }
            XCTAssertEqual(fields, records, "round \(round)")
        }
    }

    func testFileHandleSource() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-csv-\(UUID().uuidString).csv")
        try Data("a,b\n1,2\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var reader = try CSVReader(source: FileHandleByteSource(handle), chunkSize: 3)
        guard case .record(let record) = try reader.next() else { return XCTFail("expected a record") }
        XCTAssertEqual(record.fields, ["1", "2"])
        XCTAssertNil(try reader.next())
    }
}

// MARK: - JSON Lines and JSON arrays

private func readJSONLines(_ text: String, chunkSize: Int = 1 << 20, maxReadSize: Int = .max) throws -> [JSONRow] {
    var reader = JSONLinesReader(source: BytesByteSource(text, maxReadSize: maxReadSize), chunkSize: chunkSize)
    var rows: [JSONRow] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
}

private func readJSONArray(_ text: String, chunkSize: Int = 1 << 20, maxReadSize: Int = .max) throws -> [JSONRow] {
    var reader = JSONArrayReader(source: BytesByteSource(text, maxReadSize: maxReadSize), chunkSize: chunkSize)
    var rows: [JSONRow] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
}

private func assertFatal(
    _ body: @autoclosure () throws -> some Any, _ expected: CaseFileError,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        XCTAssertEqual(error as? CaseFileError, expected, file: file, line: line)
    }
}

final class JSONCaseReaderTests: XCTestCase {
    func testJSONLines() throws {
        let text = "{\"a\": 1, \"b\": \"x\"}\n\n  \r\n{\"a\": 2}\r\n[1]\n{\"a\": 3,}\n{\"a\": 4}"
        let rows = try readJSONLines(text)
        XCTAssertEqual(
            rows,
            [
                .record(JSONRecord(rowNumber: 1, line: 1, object: ["a": 1, "b": "x"])),
                .record(JSONRecord(rowNumber: 2, line: 4, object: ["a": 2])),
                .rejected(RejectedRow(rowNumber: 3, line: 5, reason: "expected a JSON object, found an array")),
                .rejected(
                    RejectedRow(
                        rowNumber: 4, line: 6, position: CaseFilePosition(line: 6, column: 9),
                        reason: "trailing comma before `}`")),
                .record(JSONRecord(rowNumber: 5, line: 7, object: ["a": 4])),
            ])
        for maxReadSize in 1...7 {
            XCTAssertEqual(try readJSONLines(text, chunkSize: 3, maxReadSize: maxReadSize), rows)
        }
        XCTAssertEqual(try readJSONLines("\u{FEFF}{}\n"), [.record(JSONRecord(rowNumber: 1, line: 1, object: [:]))])
        XCTAssertEqual(try readJSONLines(""), [])
    }

    func testJSONLinesLineLimit() throws {
        var reader = JSONLinesReader(source: BytesByteSource(String(repeating: " ", count: 100)), chunkSize: 8, maxLineBytes: 50)
        assertFatal(try reader.next(), CaseFileError(message: "line is longer than 50 bytes", position: CaseFilePosition(line: 1, column: 1)))
    }

    func testJSONArray() throws {
        let text = #"""
            [
              {"a": 1, "s": "]}\"["},
              2,
              {"a": {"nested": [1, {"x": null}]}},
              "text", null, true, [],
              {}
            ]
            """#
        let rows = try readJSONArray(text)
        XCTAssertEqual(
            rows,
            [
                .record(JSONRecord(rowNumber: 1, line: 2, object: ["a": 1, "s": "]}\"["])),
                .rejected(RejectedRow(rowNumber: 2, line: 3, reason: "expected a JSON object, found a number")),
                .record(JSONRecord(rowNumber: 3, line: 4, object: ["a": ["nested": [1, ["x": nil]]]])),
                .rejected(RejectedRow(rowNumber: 4, line: 5, reason: "expected a JSON object, found a string")),
                .rejected(RejectedRow(rowNumber: 5, line: 5, reason: "expected a JSON object, found null")),
                .rejected(RejectedRow(rowNumber: 6, line: 5, reason: "expected a JSON object, found a boolean")),
                .rejected(RejectedRow(rowNumber: 7, line: 5, reason: "expected a JSON object, found an array")),
                .record(JSONRecord(rowNumber: 8, line: 6, object: [:])),
            ])
        for maxReadSize in 1...7 {
            XCTAssertEqual(try readJSONArray(text, chunkSize: 2, maxReadSize: maxReadSize), rows, "\(maxReadSize)")
        }
        XCTAssertEqual(try readJSONArray("[]"), [])
        XCTAssertEqual(try readJSONArray("\u{FEFF} [ ] \n"), [])
    }

    func testJSONArraySyntaxErrorsAreFatal() throws {
        assertFatal(
            try readJSONArray(""), CaseFileError(message: "empty file: expected a JSON array of case objects", position: CaseFilePosition(line: 1, column: 1)))
        assertFatal(
            try readJSONArray("{\"a\": 1}"),
            CaseFileError(message: "expected `[`: a JSON case file must be an array of case objects", position: CaseFilePosition(line: 1, column: 1)))
        assertFatal(
            try readJSONArray("[\n {\"a\": 1},\n {\"a\": 2,}\n]"),
            CaseFileError(message: "trailing comma before `}`", position: CaseFilePosition(line: 3, column: 10)))
        assertFatal(
            try readJSONArray("[{\"a\": 1},]"), CaseFileError(message: "trailing comma before `]`", position: CaseFilePosition(line: 1, column: 11)))
        assertFatal(
            try readJSONArray("[{\"a\": 1} {\"a\": 2}]"),
            CaseFileError(message: "expected `,` or `]` after an array element", position: CaseFilePosition(line: 1, column: 11)))
        assertFatal(
            try readJSONArray("[{\"a\": 1}"),
            CaseFileError(message: "unexpected end of input, expected `,` or `]` after an array element", position: CaseFilePosition(line: 1, column: 10)))
        assertFatal(
            try readJSONArray("[{\"a\": \n 1"),
            CaseFileError(message: "unexpected end of input, expected `,` or `}` after an object member", position: CaseFilePosition(line: 2, column: 3)))
        assertFatal(
            try readJSONArray("[{\"é\": tru}]"),
            CaseFileError(message: "invalid literal `tru`, expected `true`, `false` or `null`", position: CaseFilePosition(line: 1, column: 8)))
        assertFatal(
            try readJSONArray("[{}] x"), CaseFileError(message: "unexpected content after the JSON array", position: CaseFilePosition(line: 1, column: 6)))
    }

    func testOutOfRangeJSONNumbersAreKeptForTheFieldToRefuseNotFatal() throws {
        // As in CSV, an unrepresentable number is an invalid value of its field, not a broken file.
        let rows = try readJSONArray("[{\"a\": 1e999}, {\"a\": -1e999}, {\"a\": 1e-400}]")
        let values = rows.compactMap { row -> Double? in
            guard case .record(let r) = row, case .number(let n)? = r.object["a"] else { return nil }
            return n
        }
        XCTAssertEqual(values.count, 3)
        XCTAssertEqual(values[0], .infinity)
        XCTAssertEqual(values[1], -.infinity)
        XCTAssertTrue(values[2].isNaN)
    }

    func testJSONArrayRowsBeforeAFatalErrorAreDelivered() throws {
        var reader = JSONArrayReader(source: BytesByteSource("[{\"a\": 1}, {\"a\" 2}]"))
        XCTAssertEqual(try reader.next(), .record(JSONRecord(rowNumber: 1, line: 1, object: ["a": 1])))
        XCTAssertThrowsError(try reader.next())
        XCTAssertNil(try reader.next())
    }
}

// MARK: - The common interface

final class CaseFileReaderTests: XCTestCase {
    private func readAll(_ format: CaseFileFormat, _ text: String) throws -> (columns: [String], rows: [CaseFileRow]) {
        var reader = try CaseFileReader(format: format, source: BytesByteSource(text))
        var rows: [CaseFileRow] = []
        while let row = try reader.next() { rows.append(row) }
        return (reader.columns, rows)
    }

    func testFormatDetection() {
        XCTAssertEqual(CaseFileFormat(fileExtension: "csv"), .csv)
        XCTAssertEqual(CaseFileFormat(fileExtension: ".CSV"), .csv)
        XCTAssertEqual(CaseFileFormat(fileExtension: "jsonl"), .jsonl)
        XCTAssertEqual(CaseFileFormat(fileExtension: "ndjson"), .jsonl)
        XCTAssertEqual(CaseFileFormat(fileExtension: "json"), .json)
        XCTAssertNil(CaseFileFormat(fileExtension: "txt"))
        XCTAssertEqual(CaseFileFormat(path: "data/cases.v2.csv"), .csv)
        XCTAssertEqual(CaseFileFormat(path: "/tmp/x.NDJSON"), .jsonl)
        XCTAssertEqual(CaseFileFormat(path: "cases.json"), .json)
        XCTAssertNil(CaseFileFormat(path: "cases"))
        XCTAssertNil(CaseFileFormat(path: ".csv"))
        XCTAssertNil(CaseFileFormat(path: "dir.csv/cases"))
    }

    func testCSVRows() throws {
        let (columns, rows) = try readAll(.csv, "id,amount,note\n1,10.5,\n2,x\n3,,\"\"\n")
        XCTAssertEqual(columns, ["id", "amount", "note"])
        XCTAssertEqual(rows.count, 3)
        guard case .row(let first) = rows[0], case .rejected(let rejected) = rows[1], case .row(let third) = rows[2] else {
            return XCTFail("unexpected rows \(rows)")
        }
        XCTAssertEqual(first.values, [.text("1"), .text("10.5"), .null])
        XCTAssertEqual(first.rowNumber, 1)
        XCTAssertEqual(first.line, 2)
        XCTAssertEqual(first.extraKeys, [])
        XCTAssertEqual(rejected, RejectedRow(rowNumber: 2, line: 3, reason: "row has 2 fields, header has 3"))
        XCTAssertEqual(third.values, [.text("3"), .null, .null])
    }

    func testJSONColumnsAreTheKeysOfTheSampledObjectsInTheOrderTheyFirstAppear() throws {
        let text = #"""
            [1, {"id": 1, "amount": 10.5, "vip": true, "tags": ["a", "b"]},
             {"vip": false, "id": 2, "extra": "x", "amount": null},
             {"id": "3", "big": {"k": "0123456789012345678901234567890123456789"}}]
            """#
        let (columns, rows) = try readAll(.json, text)
        XCTAssertEqual(columns, ["id", "amount", "vip", "tags", "extra", "big"])
        XCTAssertEqual(rows.count, 4)
        guard case .rejected(let rejected) = rows[0], case .row(let a) = rows[1], case .row(let b) = rows[2],
            case .row(let c) = rows[3]
        else { return XCTFail("unexpected rows \(rows)") }
        XCTAssertEqual(rejected.reason, "expected a JSON object, found a number")
        XCTAssertEqual(a.values, [.number(1), .number(10.5), .bool(true), .other(#"["a","b"]"#), .null, .null])
        XCTAssertEqual(b.values, [.number(2), .null, .bool(false), .null, .text("x"), .null])
        XCTAssertEqual(b.extraKeys, [])
        XCTAssertEqual(c.values, [.text("3"), .null, .null, .null, .null, .other(#"{"k":"012345678901234567890123456789012"# + "…")])
        XCTAssertEqual(
            RawCaseValue(["k": "0123456789012345678901234567890123456789"]),
            .other(#"{"k":"012345678901234567890123456789012"# + "…"))
        XCTAssertEqual(c.rowNumber, 4)
        XCTAssertEqual(c.line, 3)
    }

    func testJSONLinesThroughTheCommonInterface() throws {
        let (columns, rows) = try readAll(.jsonl, "oops\n{\"a\": 1, \"b\": \"\"}\n{\"b\": \"y\"}\n")
        XCTAssertEqual(columns, ["a", "b"])
        XCTAssertEqual(rows.count, 3)
        guard case .rejected(let rejected) = rows[0], case .row(let first) = rows[1], case .row(let second) = rows[2] else {
            return XCTFail("unexpected rows \(rows)")
        }
        XCTAssertEqual(
            rejected,
            RejectedRow(
                rowNumber: 1, line: 1, position: CaseFilePosition(line: 1, column: 1),
                reason: "invalid literal `oops`, expected `true`, `false` or `null`"))
        XCTAssertEqual(first.values, [.number(1), .text("")])
        XCTAssertEqual(second.values, [.null, .text("y")])
    }

    func testEmptyJSONInputsHaveNoColumns() throws {
        XCTAssertEqual(try readAll(.jsonl, "\n\n").columns, [])
        XCTAssertEqual(try readAll(.json, "[]").columns, [])
        XCTAssertThrowsError(try readAll(.csv, ""))
    }

    func testTooManyRowsBeforeTheFirstObject() {
        let text = String(repeating: "1\n", count: 1500) + "{\"a\": 1}\n"
        XCTAssertThrowsError(try readAll(.jsonl, text)) { error in
            XCTAssertEqual(
                error as? CaseFileError,
                CaseFileError(message: "no JSON object in the first 1000 rows: this is not a case file"))
        }
    }

    func testColumnIndex() throws {
        let reader = try CaseFileReader(format: .csv, source: BytesByteSource("x,y\n"))
        XCTAssertEqual(reader.columnIndex(of: "y"), 1)
        XCTAssertNil(reader.columnIndex(of: "z"))
        XCTAssertEqual(reader.format, .csv)
    }
}
