import DecisionMap
import DecisionMapViews
import XCTest

/// The helpers the HTML report will share: escaping, text measuring, the writer.
final class SVGWriterTests: XCTestCase {
    func testTextEscapesMarkupButNotQuotes() {
        XCTAssertEqual(XML.text(#"<script>alert("x") & 'y'</script>"#),
                       #"&lt;script&gt;alert("x") &amp; 'y'&lt;/script&gt;"#)
    }

    func testAttributesEscapeQuotesAndKeepLineBreaks() {
        XCTAssertEqual(XML.attribute("a \"b\" 'c' <d> & e\nf\tg"), "a &quot;b&quot; &apos;c&apos; &lt;d&gt; &amp; e&#10;f&#9;g")
    }

    func testCharactersXMLCannotCarryBecomeReplacementCharacters() {
        XCTAssertEqual(XML.text("a\u{0}b\u{1B}c\u{FFFE}d"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}d")
        XCTAssertEqual(XML.text("é ⚠ 🙂"), "é ⚠ 🙂")
    }

    func testWidthGrowsWithTextAndBoldIsWider() {
        let plain = TextMetrics(size: 12)
        XCTAssertEqual(plain.width(""), 0)
        XCTAssertLessThan(plain.width("iii"), plain.width("mmm"))
        XCTAssertLessThan(plain.width("billing_team"), TextMetrics(size: 12, bold: true).width("billing_team"))
        XCTAssertGreaterThan(plain.width("漢字"), plain.width("ab"))
    }

    func testTruncateEndsInAnEllipsisOnlyWhenItCuts() {
        let metrics = TextMetrics(size: 12)
        XCTAssertEqual(metrics.truncate("short", width: 200), "short")
        let cut = metrics.truncate("a rather long label that cannot fit", width: 80)
        XCTAssertTrue(cut.hasSuffix("…"), cut)
        XCTAssertLessThanOrEqual(metrics.width(cut), 80)
    }

    func testWrapBreaksAtSpacesAndCutsTheLastLine() {
        let metrics = TextMetrics(size: 12)
        let text = "when category is billing and amount < 500 and tier is gold"
        let lines = metrics.wrap(text, width: 120, maxLines: 10)
        XCTAssertEqual(lines.joined(separator: " "), text)
        XCTAssertTrue(lines.allSatisfy { metrics.width($0) <= 120 }, "\(lines)")
        let two = metrics.wrap(text, width: 120, maxLines: 2)
        XCTAssertEqual(two.count, 2)
        XCTAssertTrue(two[1].hasSuffix("…"), two[1])
        XCTAssertEqual(two[0], lines[0])
    }

    func testWrapBreaksAWordLongerThanALine() {
        let metrics = TextMetrics(size: 12)
        let lines = metrics.wrap("a_very_long_identifier_without_spaces", width: 60, maxLines: 10)
        XCTAssertGreaterThan(lines.count, 1)
        XCTAssertEqual(lines.joined(), "a_very_long_identifier_without_spaces")
        XCTAssertTrue(lines.allSatisfy { metrics.width($0) <= 60 }, "\(lines)")
    }

    func testWriterNestsEscapesAndClosesEverything() {
        var svg = SVGWriter(width: 10, height: 20, standalone: false)
        svg.start("g", [("id", "a\"b")])
        svg.title("x < y")
        svg.rect(x: 1, y: 2, width: 3, height: 4, radius: 1)
        svg.text(runs: [("a&b", [("class", "k")]), ("c", [])], x: 5, y: 6)
        svg.path([(0, 0), (3, 4)], closed: true)
        XCTAssertEqual(svg.finished(), """
            <svg xmlns="http://www.w3.org/2000/svg" width="10" height="20" viewBox="0 0 10 20">
              <g id="a&quot;b">
                <title>x &lt; y</title>
                <rect x="1" y="2" width="3" height="4" rx="1"/>
                <text x="5" y="6"><tspan class="k">a&amp;b</tspan><tspan>c</tspan></text>
                <path d="M0 0 L3 4 Z"/>
              </g>
            </svg>

            """)
    }
}
