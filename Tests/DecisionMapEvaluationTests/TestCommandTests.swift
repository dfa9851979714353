import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `dmap test` end to end: exactly what a user sees on the pass, fail and `--update` paths, the
/// exit codes, and the JUnit XML a CI system reads.
final class TestCommandTests: XCTestCase {
    static let passing = """
        id,kind,amount,expect_route,expect_outcome,expect_segment,note
        A1,a,10,team,decided,high,a goes to the team
        B1,b,10,bot,,,small b is automated
        B2,b,,check,data-policy,low,
        C1,c,5,-,gap,low,nothing decides c

        """

    func testPassingGoldenFilePrintsOneLinePerFileAndTheTotalsAndExitsZero() throws {
        let dir = try folder(["tiny.dmap": tinyMap, "tiny.tests.csv": Self.passing], test: self)
        let result = try dmap(["test"], in: dir)
        XCTAssertEqual(result.err, "")
        XCTAssertEqual(result.out, """
            tiny.tests.csv: 4 passed
            4 passed, 0 failed

            """)
        XCTAssertEqual(result.status, 0)
    }

    func testFailuresShowTheCaseItsRowExpectedActualAndTraceAndExitOne() throws {
        let golden = """
            id,kind,amount,expect_route,expect_outcome,expect_segment,note
            A1,a,10,team,decided,high,a goes to the team
            B1,b,10,team,,,"small b, to the team?"
            X1,z,5,bot,,,
            R1,b
            C2,c,7,,,,
            B3,b,60,tem,decidd,,

            """
        let dir = try folder(["maps/tiny.dmap": tinyMap, "maps/tiny.tests.csv": golden], test: self)
        let result = try dmap(["test", "maps"], in: dir)
        XCTAssertEqual(result.err, "")
        XCTAssertEqual(result.out, """
            FAIL maps/tiny.tests.csv:3: B1 (row 2)
              case:     kind=b amount=10
              note:     small b, to the team?
              expected: route `team`
              actual:   route `bot`, outcome `decided`, segment `low`
              why:
                         validate     every value fits the inputs
                line 8   segment      `low` (risk low): low risk low otherwise
                line 17  decide       `main` (first): when kind is b and amount < 50 -> bot
            FAIL maps/tiny.tests.csv:4: X1 (row 3)
              case:     kind=z amount=5
              expected: route `bot`
              actual:   no route, outcome `gap`, no segment, gap `invalid-data`
              why:
                line 4  validate     `z` is not a valid `kind` (one of a, b, c)
                        gap          no invalid-data policy for `kind`: invalid-data gap
            FAIL maps/tiny.tests.csv:5: row 4 cannot be read: row has 2 fields, header has 7
            FAIL maps/tiny.tests.csv:6: C2 (row 5)
              case:     kind=c amount=7
              expected: route (empty)
              actual:   no route, outcome `gap`, segment `low`, gap `no-rule`
              error:    `expect_route` is empty: write the route this case must take, or `none`
              why:
                         validate     every value fits the inputs
                line 8   segment      `low` (risk low): low risk low otherwise
                line 15  decide       no rule of `main` holds
                         gap          no decision rule holds for this case: no-rule gap
            FAIL maps/tiny.tests.csv:7: B3 (row 6)
              case:     kind=b amount=60
              expected: route `tem`, outcome `decidd`
              actual:   route `team`, outcome `decided`, segment `low`
              error:    `tem` is not a route of the map; did you mean `team`?
              error:    `decidd` is not an outcome; did you mean `decided`?
              why:
                         validate     every value fits the inputs
                line 8   segment      `low` (risk low): low risk low otherwise
                line 18  decide       `main` (first): when kind is b -> team
            maps/tiny.tests.csv: 1 passed, 5 failed
            1 passed, 5 failed

            """)
        XCTAssertEqual(result.status, 1)
    }

    func testUpdateListsEachChangeRewritesOnlyThoseCellsAndIsIdempotent() throws {
        // CRLF line endings, a quoted expectation, a quoted note with a comma, an unreadable row.
        let golden = "id,kind,amount,expect_route,expect_outcome,expect_segment,note\r\n"
            + "A1,a,10,team,decided,high,a goes to the team\r\n"
            + "B1,b,10,\"team\",,,\"small b, automated\"\r\n"
            + "B2,b,,check,review,low,\r\n"
            + "R1,b\r\n"
            + "C2,c,7,,,,\r\n"
        let dir = try folder(["tiny.dmap": tinyMap, "tiny.tests.csv": golden], test: self)
        let update = try dmap(["test", "--update", "tiny.dmap"], in: dir)
        XCTAssertEqual(update.err, "")
        XCTAssertEqual(update.out, """
            tiny.tests.csv:3: B1 (row 2): expect_route `team` → `bot`
            tiny.tests.csv:4: B2 (row 3): expect_outcome `review` → `data-policy`
            tiny.tests.csv:6: C2 (row 5): expect_route (empty) → `none`
            tiny.tests.csv: updated 3 expectations
            FAIL tiny.tests.csv:5: row 4 cannot be read: row has 2 fields, header has 7
            tiny.tests.csv: 4 passed, 1 failed
            4 passed, 1 failed

            """)
        XCTAssertEqual(update.status, 1, "the unreadable row still fails: no expectation can fix it")
        let rewritten = try String(contentsOf: dir.appendingPathComponent("tiny.tests.csv"), encoding: .utf8)
        XCTAssertEqual(rewritten, "id,kind,amount,expect_route,expect_outcome,expect_segment,note\r\n"
            + "A1,a,10,team,decided,high,a goes to the team\r\n"
            + "B1,b,10,\"bot\",,,\"small b, automated\"\r\n"
            + "B2,b,,check,data-policy,low,\r\n"
            + "R1,b\r\n"
            + "C2,c,7,none,,,\r\n")

        let again = try dmap(["test", "--update", "tiny.dmap"], in: dir)
        XCTAssertEqual(again.out, """
            FAIL tiny.tests.csv:5: row 4 cannot be read: row has 2 fields, header has 7
            tiny.tests.csv: 4 passed, 1 failed
            4 passed, 1 failed

            """)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("tiny.tests.csv"), encoding: .utf8), rewritten)
    }

    func testMapsWithoutGoldenFilesAndBrokenGoldenFilesCannotRunAndExitTwo() throws {
        let dir = try folder([
            "tiny.dmap": tinyMap, "tiny.tests.csv": "id,kind,amount,expected_route\nA1,a,1,team\n",
            "lonely.dmap": tinyMap, "orphan.tests.csv": "id,kind,expect_route\n",
        ], test: self)
        let result = try dmap(["test", ".", "lonely.dmap"], in: dir)
        XCTAssertEqual(result.out, """
            FAIL lonely.dmap: cannot run: `lonely.dmap` has no golden file
              help: write its golden cases in `lonely.tests.csv`; see docs/evaluation.md
            lonely.dmap: 0 passed, 1 failed
            FAIL orphan.tests.csv: cannot run: no map `orphan.dmap` beside the golden file `orphan.tests.csv`
            orphan.tests.csv: 0 passed, 1 failed
            FAIL tiny.tests.csv: cannot run: tiny.tests.csv: no `expect_route` column
              help: did you mean `expected_route`? rename the column to `expect_route`
            tiny.tests.csv: 0 passed, 1 failed
            0 passed, 3 failed

            """)
        XCTAssertEqual(result.status, 2)
    }

    func testAFolderWithoutGoldenFilesCannotRun() throws {
        let dir = try folder(["tiny.dmap": tinyMap], test: self)
        let result = try dmap(["test"], in: dir)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.out, "0 passed, 0 failed\n")
        XCTAssertTrue(result.err.hasPrefix("dmap: error: no golden files in `.`\n"), result.err)
    }

    func testEveryExampleMapPassesItsGoldenCases() throws {
        let result = try dmap(["test", "decision-maps"])
        XCTAssertEqual(result.status, 0, result.out)
        XCTAssertEqual(result.err, "")
        let lines = result.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, result.out)
        XCTAssertTrue(lines.dropLast().allSatisfy { $0.hasPrefix("decision-maps/") && !$0.contains("failed") }, result.out)
        XCTAssertTrue(lines.last!.hasSuffix(" passed, 0 failed"), result.out)
    }

    // MARK: JUnit

    /// The JUnit subset dmap writes, as a DTD. FoundationXML on Linux validates against DTDs (libxml2's
    /// `xmlValidateDocument`), not XML Schema: `validate()` on a document that names an XSD fails with
    /// "no DTD found". So the schema is a DTD, and the numbers a DTD cannot type are checked below.
    static let junitDTD = """
        <!ELEMENT testsuites (testsuite*)>
        <!ATTLIST testsuites name CDATA #IMPLIED tests CDATA #REQUIRED failures CDATA #REQUIRED
                             errors CDATA #REQUIRED time CDATA #IMPLIED>
        <!ELEMENT testsuite (testcase*)>
        <!ATTLIST testsuite name CDATA #REQUIRED tests CDATA #REQUIRED failures CDATA #REQUIRED
                            errors CDATA #REQUIRED skipped CDATA #IMPLIED time CDATA #IMPLIED>
        <!ELEMENT testcase (failure | error)?>
        <!ATTLIST testcase name CDATA #REQUIRED classname CDATA #REQUIRED time CDATA #IMPLIED>
        <!ELEMENT failure (#PCDATA)>
        <!ATTLIST failure message CDATA #REQUIRED type CDATA #IMPLIED>
        <!ELEMENT error (#PCDATA)>
        <!ATTLIST error message CDATA #REQUIRED type CDATA #IMPLIED>
        """

    /// Parses JUnit XML with the DTD above inserted, validates it, and checks that every count
    /// attribute is a whole number equal to what the document holds.
    func validatedJUnit(_ xml: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLDocument {
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        XCTAssertTrue(xml.hasPrefix(declaration), file: file, line: line)
        let withDTD = declaration + "<!DOCTYPE testsuites [\n\(Self.junitDTD)\n]>\n" + xml.dropFirst(declaration.count)
        let document = try XMLDocument(xmlString: withDTD, options: [])
        XCTAssertNoThrow(try document.validate(), file: file, line: line)
        // The DTD is enforced: an element it does not declare fails validation.
        let broken = try XMLDocument(xmlString: withDTD.replacingOccurrences(of: "</testsuites>", with: "<extra/></testsuites>"), options: [])
        XCTAssertThrowsError(try broken.validate(), file: file, line: line)

        func count(_ element: XMLElement, _ name: String) -> Int? { element.attribute(forName: name)?.stringValue.flatMap { Int($0) } }
        let root = try XCTUnwrap(document.rootElement())
        var totals = (0, 0, 0)
        for suite in root.elements(forName: "testsuite") {
            let cases = suite.elements(forName: "testcase")
            let failures = cases.filter { !$0.elements(forName: "failure").isEmpty }.count
            let errors = cases.filter { !$0.elements(forName: "error").isEmpty }.count
            XCTAssertEqual(count(suite, "tests"), cases.count, file: file, line: line)
            XCTAssertEqual(count(suite, "failures"), failures, file: file, line: line)
            XCTAssertEqual(count(suite, "errors"), errors, file: file, line: line)
            totals = (totals.0 + cases.count, totals.1 + failures, totals.2 + errors)
        }
        XCTAssertEqual(count(root, "tests"), totals.0, file: file, line: line)
        XCTAssertEqual(count(root, "failures"), totals.1, file: file, line: line)
        XCTAssertEqual(count(root, "errors"), totals.2, file: file, line: line)
        return document
    }

    func testJUnitXMLIsValidAndCarriesEachFailureWithItsTrace() throws {
        let golden = #"""
            id,kind,amount,expect_route,expect_outcome,expect_segment,note
            A1,a,10,team,decided,high,a goes to the team
            "B<1> & ""quoted""",b,10,team,,,
            R1,b

            """#
        let dir = try folder(["tiny.dmap": tinyMap, "tiny.tests.csv": golden, "lonely.dmap": tinyMap], test: self)
        let result = try dmap(["test", ".", "lonely.dmap", "--junit", "results.xml"], in: dir)
        XCTAssertEqual(result.status, 2, "lonely.dmap cannot run")
        let xml = try String(contentsOf: dir.appendingPathComponent("results.xml"), encoding: .utf8)
        let document = try validatedJUnit(xml)

        let suites = try XCTUnwrap(document.rootElement()).elements(forName: "testsuite")
        XCTAssertEqual(suites.map { $0.attribute(forName: "name")?.stringValue }, ["lonely.dmap", "tiny.dmap"])
        let cases = suites[1].elements(forName: "testcase")
        XCTAssertEqual(cases.map { $0.attribute(forName: "name")?.stringValue }, ["A1", "B<1> & \"quoted\"", "row 3"])
        XCTAssertEqual(cases.map { $0.attribute(forName: "classname")?.stringValue }, ["tiny", "tiny", "tiny"])
        let failure = try XCTUnwrap(cases[1].elements(forName: "failure").first)
        XCTAssertEqual(failure.attribute(forName: "message")?.stringValue, "route: expected `team`, got `bot`")
        XCTAssertTrue(failure.stringValue!.hasPrefix("FAIL tiny.tests.csv:3: B<1> & \"quoted\" (row 2)\n"), failure.stringValue!)
        XCTAssertTrue(failure.stringValue!.contains("line 17  decide       `main` (first): when kind is b and amount < 50 -> bot"))
        XCTAssertEqual(cases[2].elements(forName: "error").first?.attribute(forName: "message")?.stringValue,
                       "row has 2 fields, header has 7")
        XCTAssertEqual(suites[0].elements(forName: "testcase").first?.elements(forName: "error").first?
            .attribute(forName: "message")?.stringValue, "`lonely.dmap` has no golden file")

        // Deterministic: the same run writes the same bytes.
        _ = try dmap(["test", ".", "lonely.dmap", "--junit", "again.xml"], in: dir)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("again.xml"), encoding: .utf8), xml)
    }

    func testJUnitOfTheExamplesIsValid() throws {
        let dir = try folder([:], test: self)
        let out = dir.appendingPathComponent("examples.xml").path
        let result = try dmap(["test", "decision-maps", "--junit", out])
        XCTAssertEqual(result.status, 0)
        let document = try validatedJUnit(try String(contentsOfFile: out, encoding: .utf8))
        XCTAssertEqual(document.rootElement()?.attribute(forName: "failures")?.stringValue, "0")
        XCTAssertEqual(document.rootElement()?.elements(forName: "testsuite").count, 3)
    }
}
