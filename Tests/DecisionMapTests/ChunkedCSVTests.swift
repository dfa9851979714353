import Foundation
import XCTest
@testable import DecisionMap
@testable import DecisionMapSimulation

/// The parallel CSV path (chunks of whole records, parsed by the workers) must give exactly what
/// the record-by-record reader gives: the same report, rejected rows, row numbers, lines and
/// decision lines, for any chunk size and any number of workers, on files with every kind of
/// quoting, line ending and damage.
final class ChunkedCSVTests: XCTestCase {
    static let map = """
        map "chunks"
        inputs
          kind    one of a, b, "c d"
          amount  number 0..100  optional
          note    text  optional
        segments
          all  risk low  otherwise
        routes
          bot   automated
          desk  team "Desk"  sla 1h  owner "Lead"
        missing
          otherwise -> desk
        decide d (first)
          when kind is a and amount < 50 -> bot
          when note contains "urgent" -> desk
          when kind is b -> bot
          otherwise -> desk

        """

    /// A damaged export: quoted fields with delimiters, quotes and line breaks, CRLF, lone CR and
    /// LF endings, blank lines, stray quotes, text after a closing quote, wrong field counts,
    /// invalid UTF-8, and at the very end sometimes an unterminated quote, sometimes a quoted field
    /// spanning lines with no line break after it.
    func randomFile(_ random: inout SeededRandom, rows: Int) -> [UInt8] {
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        var out = Array("id,kind,amount,note,expected\r\n".utf8)
        for i in 0..<rows {
            let ending = pick(["\n", "\r\n", "\r", "\n", "\n"])
            if random.next() % 20 == 0 { out += Array(pick(["\n", "\r\n", "\r"]).utf8) }  // a blank line
            var fields = ["R\(i)", pick(["a", "b", "\"c d\"", "z", "", "A"]), pick(["10", "60", "", "0,5", "\"7\"", "101"]),
                          pick(["", "plain", "\"quoted, with comma\"", "\"two\nlines\"", "\"say \"\"urgent\"\"\"", "URGENT now", "\"cr\r\nlf\""]),
                          pick(["bot", "desk", "", "nobody"])]
            switch random.next() % 40 {
            case 0: fields[3] = "bad\"quote"
            case 1: fields[3] = "\"closed\"tail"
            case 2: fields.removeLast()
            case 3: fields.append("extra")
            default: break
            }
            var line = Array(fields.joined(separator: ",").utf8)
            if random.next() % 50 == 0 { line.insert(0xFF, at: 2) }
            out += line + Array(ending.utf8)
        }
        switch random.next() % 4 {
        case 0: out += Array("last,a,1,\"never closed".utf8)
        case 1: out += Array("last,a,1,\"two\nlines, no final break\",bot".utf8)
        default: break
        }
        return out
    }

    func simulate(_ bytes: [UInt8], jobs: Int, chunkBytes: Int, rowByRow: Bool) throws -> String {
        let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "chunks.dmap", text: Self.map)).map)
        var options = SimulationOptions(expectColumn: "expected", jobs: jobs)
        options.chunkBytes = chunkBytes
        options.listLimit = 1000
        options.decisionsFormat = .csv
        var reader = try CaseFileReader(format: .csv, source: BytesByteSource(bytes, maxReadSize: 5 + Int(bytes.count % 97)))
        var lines = ""
        var rejects: [RejectedRow] = []
        // Asking for every case takes the record-by-record path; not asking, the chunked one.
        let report = try Simulator(map: map, options: options).run(
            &reader, source: "cases.csv", decisions: { lines += $0 }, rejects: { rejects.append($0) },
            cases: rowByRow ? { _ in } : nil)
        return report.json().rendered(pretty: true) + "\n" + lines + "\n" + rejects.map(\.description).joined(separator: "\n")
    }

    func testChunkedParsingGivesWhatTheSequentialReaderGives() throws {
        var random = SeededRandom(seed: 99)
        for round in 0..<25 {
            let file = randomFile(&random, rows: 20 + Int(random.next() % 200))
            let expected = try simulate(file, jobs: 1, chunkBytes: 1 << 20, rowByRow: true)
            for (jobs, chunk) in [(1, 1 << 20), (3, 1), (2, 17), (4, 64), (2, 333)] {
                let got = try simulate(file, jobs: jobs, chunkBytes: chunk, rowByRow: false)
                if got != expected {
                    XCTFail("round \(round), jobs \(jobs), chunks of \(chunk) bytes differ:\n\(String(decoding: file, as: UTF8.self))")
                    return
                }
            }
        }
    }

    func testAQuoteThatSwallowsRowsIsCountedAndNamed() throws {
        let file = Array("id,kind,amount,note,expected\n1,a,1,x,bot\n2,b,2,\"y,bot\n3,a,3,z,bot\n4,a,4,w\",bot\n5,a,5,v,bot\n".utf8)
        for rowByRow in [true, false] {
            let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "chunks.dmap", text: Self.map)).map)
            var reader = try CaseFileReader(format: .csv, source: BytesByteSource(file))
            let report = try Simulator(map: map, options: SimulationOptions(jobs: 1)).run(&reader, source: "cases.csv", cases: rowByRow ? { _ in } : nil)
            XCTAssertEqual(report.read, 3)
            XCTAssertEqual(report.dataLines, 5)
            XCTAssertEqual(report.multiLineRecords, 1)
            XCTAssertEqual(report.swallowed, 1)
            XCTAssertEqual(report.swallowedExamples.map { "\($0.reference.id) \($0.line)-\($0.lastLine)" }, ["2 3-5"])
            XCTAssertTrue(report.text().contains("""
                  lines:      5 lines after the header became 3 rows (1 of them spans several lines)
                """), report.text())
            XCTAssertTrue(report.text().contains("""
                ROWS THAT SWALLOWED LINES (a quoted field spans lines that look like rows: is a quote missing?)
                  row 2 (id 2): lines 3–5 were read as one row
                """))
        }
    }

    func testRecordEndsAreFoundAsTheScannerFindsThem() {
        // Where the boundary pass cuts: after whole records only, keeping CR LF together, and the
        // last unterminated record only at the end of the input.
        func cut(_ text: String, atEOF: Bool) -> [Int] {
            let bytes = Array(text.utf8)
            let r = bytes.withUnsafeBufferPointer { CSVReader.wholeRecords($0, atEOF: atEOF, delimiter: UInt8(ascii: ",")) }
            return [r.end, r.rows, r.lines]
        }
        XCTAssertEqual(cut("a,b\nc,d\n", atEOF: false), [8, 2, 2])
        XCTAssertEqual(cut("a,b\nc,d", atEOF: false), [4, 1, 1])
        XCTAssertEqual(cut("a,b\nc,d", atEOF: true), [7, 2, 1])
        XCTAssertEqual(cut("a,b\r", atEOF: false), [0, 0, 0])
        XCTAssertEqual(cut("a,b\r\nc", atEOF: false), [5, 1, 1])
        XCTAssertEqual(cut("\"x\ny\",b\n\nc\n", atEOF: false), [11, 2, 4])
        XCTAssertEqual(cut("a\"b\n\"c\n", atEOF: false), [4, 1, 1], "a stray quote skips only the rest of its line")
        XCTAssertEqual(cut("\"open\nstill,open", atEOF: true), [16, 1, 1])
    }

    func testTheLineAtATimePathFindsWhatTheStateMachineFinds() {
        var random = SeededRandom(seed: 5)
        let alphabet = Array("ab,\"\n\r;".utf8)
        for _ in 0..<20_000 {
            let bytes = (0..<random.below(40)).map { _ in alphabet[random.below(alphabet.count)] }
            for atEOF in [false, true] {
                for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
                    let (fast, slow) = bytes.withUnsafeBufferPointer {
                        (CSVReader.wholeRecords($0, atEOF: atEOF, delimiter: delimiter),
                         CSVReader.wholeRecords($0, atEOF: atEOF, delimiter: delimiter, lineAtATime: false))
                    }
                    XCTAssertTrue(fast == slow, "\(String(decoding: bytes, as: UTF8.self).debugDescription): \(fast) vs \(slow)")
                }
            }
        }
    }

    func testTheEightBytesAtATimePathScansWhatTheStateMachineScans() {
        // Records of every length around the 8-byte words, with delimiters, quotes, line feeds,
        // carriage returns (alone and before a line feed) and bytes beyond ASCII anywhere, read
        // from every offset.
        var random = SeededRandom(seed: 9)
        let tokens = ["a", "b", ",", ",", ",", "\"", "\n", "\r", "\r\n", "\r\n", ";", "é", "\u{FF}"].map { Array($0.utf8) } + [[0xFF]]
        var fastBounds: [Int] = [], slowBounds: [Int] = []
        for _ in 0..<5_000 {
            let bytes = (0..<1 + random.below(40)).flatMap { _ in random.below(4) == 0 ? tokens[random.below(tokens.count)] : [UInt8(ascii: "x")] }
            for start in bytes.indices {
                for atEOF in [false, true] {
                    let (fast, slow) = bytes.withUnsafeBufferPointer { all in
                        let rest = UnsafeBufferPointer(rebasing: all[start...])
                        return (CSVReader.scan(rest, atEOF: atEOF, delimiter: UInt8(ascii: ","), bounds: &fastBounds),
                                CSVReader.scan(rest, atEOF: atEOF, delimiter: UInt8(ascii: ","), bounds: &slowBounds, plainLines: false))
                    }
                    let context = String(decoding: bytes[start...], as: UTF8.self).debugDescription
                    switch (fast, slow) {
                    case (.needMore, .needMore): break
                    case (.blank(let a), .blank(let b)): XCTAssertEqual(a, b, context)
                    case (.record(let a), .record(let b)):
                        XCTAssertEqual([a.length, a.lineBreaks, a.fieldCount], [b.length, b.lineBreaks, b.fieldCount], context)
                        XCTAssertEqual([a.endsWithCR, a.hasDoubledQuotes, a.nonASCII], [b.endsWithCR, b.hasDoubledQuotes, b.nonASCII], context)
                        XCTAssertEqual(a.problem.map { "\($0.kind) \($0.offset)" }, b.problem.map { "\($0.kind) \($0.offset)" }, context)
                        XCTAssertEqual(fastBounds.prefix(2 * a.fieldCount), slowBounds.prefix(2 * b.fieldCount), context)
                    default: XCTFail("\(context): \(fast) vs \(slow)")
                    }
                }
            }
        }
    }
}
