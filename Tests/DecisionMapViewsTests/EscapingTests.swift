import DecisionMap
import DecisionMapViews
import Foundation
import XCTest

/// Text from a map is data, never markup: a route, title, owner or reason holding `<script>`,
/// quotes, `&`, `#` or backslashes shows up as that text in every format.
final class EscapingTests: XCTestCase {
    static let hostile = #"""
        map "Evil <script>alert(\"t\")</script> & co"
          description "a \"quoted\" description"

        inputs
          subject  text   optional
          kind     one of "<b>", "a#b", "x`y", plain

        segments
          all risk low otherwise

        routes
          desk  team "<script>alert('x')</script>"   sla 1h   owner "A \"quoted\" owner & <b>bold</b>"
          back  team "back\\slash \"q\""              sla 1h   owner "o"

        escalate
          to desk when subject contains "</text><script>" because "it's <b>urgent</b> \"now\""

        missing
          otherwise -> desk

        decide d (first)
          when kind is "<b>" -> desk
          when kind in ("a#b", "x`y") -> back
          otherwise -> back
        """#

    private func graph() throws -> MapGraph {
        lintedGraph(try XCTUnwrap(compile(Self.hostile)))
    }

    func testSVGShowsHostileTextAsText() throws {
        let svg = SVGRenderer.render(try graph())
        let document = try XMLTree(svg)  // well-formed, or this throws
        XCTAssertFalse(document.elements.contains { $0.name.lowercased() == "script" || $0.name == "b" })
        for text in ["Evil <script>alert(\"t\")</script> & co", "<script>alert('x')</script>",
                     "owner: A \"quoted\" owner & <b>bold</b>", "“it's <b>urgent</b> \"now\"”",
                     "when subject contains \"</text><script>\"", "back\\slash \"q\""] {
            XCTAssertTrue(document.text.contains(text), "missing as text: \(text)")
        }
        XCTAssertFalse(svg.contains("<script"))
        XCTAssertFalse(svg.contains("<b>"))
    }

    func testMermaidLabelsUseEntityCodes() throws {
        let mermaid = MermaidRenderer.render(try graph())
        XCTAssertTrue(mermaid.contains("#lt;script#gt;alert('x')#lt;/script#gt;"))
        XCTAssertTrue(mermaid.contains("owner: A #quot;quoted#quot; owner #amp; #lt;b#gt;bold#lt;/b#gt;"))
        XCTAssertTrue(mermaid.contains("when kind in (#quot;a#35;b#quot;, #quot;x#96;y#quot;)"))
        XCTAssertTrue(mermaid.contains(#"title: "Evil ‹script›alert(\"t\")‹/script› & co""#))
        XCTAssertFalse(mermaid.contains("<script"))
        XCTAssertFalse(mermaid.contains("`"))
        // Every node line has exactly the two quotes that delimit its label.
        for line in mermaid.split(separator: "\n") where line.hasPrefix("    ") {
            XCTAssertEqual(line.filter { $0 == "\"" }.count, 2, String(line))
        }
    }

    func testDotStringsAreEscapedAndBalanced() throws {
        let dot = DotRenderer.render(try graph())
        XCTAssertTrue(dot.contains(#"<script>alert('x')</script>"#))
        XCTAssertTrue(dot.contains(#"owner: A \"quoted\" owner & <b>bold</b>"#))
        XCTAssertTrue(dot.contains(#"back\\slash \"q\""#))
        for (n, line) in dot.split(separator: "\n").enumerated() {
            XCTAssertTrue(balancedQuotes(line), "line \(n + 1) leaves a string open: \(line)")
        }
    }

    /// Whether a DOT line ends outside a quoted string, honouring backslash escapes.
    private func balancedQuotes(_ line: Substring) -> Bool {
        var inString = false
        var escaped = false
        for c in line {
            if escaped { escaped = false; continue }
            if inString && c == "\\" { escaped = true; continue }
            if c == "\"" { inString.toggle() }
        }
        return !inString
    }

    /// With Graphviz installed, `dot` itself must accept the output (skipped otherwise).
    func testGraphvizAcceptsTheDotOutput() throws {
        guard let dot = findExecutable(["dot"]) else { throw XCTSkip("Graphviz `dot` is not on PATH") }
        for text in [Self.hostile, try String(contentsOf: Paths.example("customer-triage"), encoding: .utf8)] {
            let result = try runProgram(dot, ["-Tsvg"], input: DotRenderer.render(lintedGraph(try XCTUnwrap(compile(text)))))
            XCTAssertEqual(result.status, 0, result.err)
            XCTAssertTrue(result.out.contains("&lt;script&gt;") || !text.contains("<script>"))
        }
    }
}
