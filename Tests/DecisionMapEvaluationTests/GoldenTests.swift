import DecisionMap
import DecisionMapEvaluation
import DecisionMapSimulation
import XCTest

/// The golden-file runner and rewriter as a library: results as values, and a rewrite that touches
/// nothing but the expectation cells.
final class GoldenTests: XCTestCase {
    func run(_ csv: String, jobs: Int = 1) throws -> GoldenRun {
        try GoldenSuite(map: try compile(tinyMap), jobs: jobs).run(Array(csv.utf8), file: "tiny.tests.csv")
    }

    func testDashMeansNoRouteAndEmptyOutcomeOrSegmentIsNotChecked() throws {
        let result = try run("""
            id,kind,amount,expect_route,expect_outcome,expect_segment
            C1,c,5,-,gap,low
            C2,c,5,-,,
            C3,c,5, - ,,-
            X1,z,5,-,gap,-

            """)
        XCTAssertEqual(result.cases.map(\.passed), [true, true, false, true])
        XCTAssertEqual(result.cases[2].mismatches, ["segment: expected no segment, got `low`"])
        XCTAssertEqual(result.cases[2].problems, [])
    }

    func testEveryRowIsReportedInFileOrderWithIdOrRowNumber() throws {
        let result = try run("""
            kind,amount,expect_route
            a,1,team
            b
            b,2,bot

            """)
        XCTAssertEqual(result.entries.map { entry -> String in
            switch entry {
            case .tested(let c): "\(c.id) \(c.rowNumber) \(c.line) \(c.passed)"
            case .rejected(let r): "rejected \(r.rowNumber) \(r.line)"
            }
        }, ["row 1 1 2 true", "rejected 2 3", "row 3 3 4 true"])
        XCTAssertEqual([result.passed, result.failed], [2, 1])
    }

    func testResultsAreTheSameForAnyNumberOfJobs() throws {
        var csv = "id,kind,amount,expect_route\n"
        for i in 0..<5000 { csv += "C\(i),\(["a", "b", "c"][i % 3]),\(i % 101),\(["team", "bot", "-"][i % 3])\n" }
        let one = try run(csv, jobs: 1), four = try run(csv, jobs: 4)
        XCTAssertEqual(one.cases.map(\.id), four.cases.map(\.id))
        XCTAssertEqual(one.cases.map(\.passed), four.cases.map(\.passed))
        XCTAssertEqual(one.cases.map(\.actualRouteCell), four.cases.map(\.actualRouteCell))
        XCTAssertEqual(one.passed + one.failed, 5000)
    }

    func testColumnsTheMapDoesNotReadAreWarnedAbout() throws {
        let result = try run("id,kind,amount,amont,expect_route,note\nA1,a,1,2,team,x\n")
        XCTAssertEqual(result.warnings, ["column `amont` is not an input of the map and is ignored; did you mean `amount`?"])
    }

    func testAnInputWithoutAColumnMakesTheFileImpossibleToRunOptionalOrNot() throws {
        XCTAssertThrowsError(try run("id,amount,expect_route\nA1,1,team\n")) { error in
            XCTAssertEqual((error as? SimulationError)?.message, "`tiny.tests.csv` has no column for input `kind`")
        }
        XCTAssertThrowsError(try run("id,kind,amont,expect_route\nA1,a,1,team\n")) { error in
            XCTAssertEqual((error as? SimulationError)?.message, "`tiny.tests.csv` has no column for input `amount`")
            XCTAssertEqual((error as? SimulationError)?.notes.first, "input `amount` reads column `amount`; did you mean `amont`?")
        }
    }

    // MARK: Rewriting

    func testFieldRangesPointAtTheCellsAsWrittenWhateverTheQuoting() throws {
        // A byte-order mark, CRLF, a quoted cell with a doubled quote, a line break inside quotes,
        // an empty quoted cell, a blank line, and a UTF-8 cell.
        let text = "\u{FEFF}a,b,c\r\n\"x \"\"y\"\"\",\"two\nlines\",\"\"\r\n\r\nplain,ü,\r\n"
        let bytes = Array(text.utf8)
        var reader = try CSVReader(source: BytesByteSource(bytes, maxReadSize: 3), chunkSize: 4)
        var written: [[String]] = []
        while let row = try reader.next() {
            guard case .record(let record) = row else { return XCTFail("rejected: \(row)") }
            written.append(record.fieldRanges(in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) })
        }
        XCTAssertEqual(written, [["\"x \"\"y\"\"\"", "\"two\nlines\"", "\"\""], ["plain", "ü", ""]])
    }

    func testUpdatesChangeOnlyExpectationCellsAndApplyingThemTwiceChangesNothing() throws {
        let csv = "\u{FEFF}id,note,expect_route,kind,amount,expect_outcome\r\n"
            + "B1,\"said \"\"hi\"\", twice\",\"team\",b,10,decided\r\n"
            + "B2,,check, b ,,review\r\n"
            + "C1,\"multi\nline\",,c,5,\r\n"
        let before = try run(csv)
        XCTAssertEqual(before.updates.map { "\($0.id) \($0.column) \($0.old)→\($0.new)" },
                       ["B1 expect_route team→bot", "B2 expect_outcome review→data-policy", "C1 expect_route →none"])
        let rewritten = try GoldenRewriter.apply(before.updates, to: Array(csv.utf8))
        XCTAssertEqual(String(decoding: rewritten, as: UTF8.self),
                       "\u{FEFF}id,note,expect_route,kind,amount,expect_outcome\r\n"
                       + "B1,\"said \"\"hi\"\", twice\",\"bot\",b,10,decided\r\n"
                       + "B2,,check, b ,,data-policy\r\n"
                       + "C1,\"multi\nline\",none,c,5,\r\n")
        let after = try GoldenSuite(map: try compile(tinyMap)).run(rewritten, file: "tiny.tests.csv")
        XCTAssertEqual(after.failed, 0)
        XCTAssertEqual(after.updates, [])
        XCTAssertEqual(try GoldenRewriter.apply(after.updates, to: rewritten), rewritten)
    }
}
