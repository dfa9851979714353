import DecisionMap
import DecisionMapViews
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// What each format says about a small map, byte for byte (golden files in Fixtures, re-recorded
/// with `DMAP_RECORD=1`), and the structure of the SVG.
final class RendererTests: XCTestCase {
    private func refunds() throws -> MapGraph {
        lintedGraph(try XCTUnwrap(try compile(contentsOf: Paths.fixtures.appendingPathComponent("refunds.dmap"))))
    }

    func testMermaidMatchesGoldenFile() throws {
        try assertGolden(MermaidRenderer.render(try refunds()), "refunds.mmd")
    }

    func testDotMatchesGoldenFile() throws {
        try assertGolden(DotRenderer.render(try refunds()), "refunds.dot")
    }

    func testSVGMatchesGoldenFile() throws {
        try assertGolden(SVGRenderer.render(try refunds()), "refunds.svg")
    }

    func testEveryFormatIsTheSameOnEveryRun() throws {
        let text = try String(contentsOf: Paths.example("customer-triage"), encoding: .utf8)
        let outputs = (0..<3).map { _ -> [String] in
            let graph = lintedGraph(compile(text)!)
            return [MermaidRenderer.render(graph), DotRenderer.render(graph), SVGRenderer.render(graph)]
        }
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertEqual(outputs[0], outputs[2])
    }

    func testSVGHasOneGroupPerNodeWithItsIdAndTooltip() throws {
        let graph = try refunds()
        let document = try XMLTree(SVGRenderer.render(graph))
        let nodeGroups = document.elements.filter { $0.name == "g" && ($0.attributes["class"] ?? "").hasPrefix("node ") && $0.attributes["id"] != nil }
        XCTAssertEqual(nodeGroups.map { $0.attributes["id"]! }, graph.nodes.map(\.id))
        for (group, node) in zip(nodeGroups, graph.nodes) {
            XCTAssertEqual(group.children.first?.name, "title", node.id)
            XCTAssertEqual(group.children.first?.text, node.fullText, node.id)
        }
        XCTAssertEqual(nodeGroups.filter { ($0.attributes["class"] ?? "").contains("highlighted") }.map { $0.attributes["id"]! },
                       ["owners", "validate", "segment_big", "table_refunds", "route_boss"])
        let edgeGroups = document.elements.filter { ($0.attributes["class"] ?? "").hasPrefix("edge ") }
        XCTAssertEqual(edgeGroups.map { "\($0.attributes["data-from"]!)->\($0.attributes["data-to"]!)" },
                       graph.edges.map { "\($0.from)->\($0.to)" })
        let stages = document.elements.filter { $0.attributes["class"] == "stage" }.map { $0.attributes["id"]! }
        XCTAssertEqual(stages, graph.stages.map(\.id))
        XCTAssertTrue(document.text.contains("⚠ dmap lint findings"))
    }

    func testRouteKindsDifferInShapeAndClass() throws {
        let document = try XMLTree(SVGRenderer.render(try refunds()))
        func shape(_ id: String) -> XMLTree.Element? {
            document.elements.first { $0.attributes["id"] == id }?.children.first { $0.attributes["class"] == "shape" }
        }
        XCTAssertEqual(shape("route_auto")?.name, "rect")
        XCTAssertEqual(shape("route_auto")?.attributes["rx"], "16")
        XCTAssertEqual(shape("route_desk")?.name, "rect")
        XCTAssertEqual(shape("route_desk")?.attributes["rx"], "4")
        XCTAssertEqual(shape("route_boss")?.name, "path")
        XCTAssertEqual(document.elements.first { $0.attributes["id"] == "route_boss" }?.attributes["class"],
                       "node k-route-escalation highlighted")
    }
}

/// A parsed XML document, flattened: every element with its attributes, children and text.
/// Parsing is itself a check: `XMLParser` rejects anything that is not well-formed.
struct XMLTree {
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""
        /// Where the element's text, its children's included, is in the document's `text` (UTF-8 offsets).
        var textRange = 0..<0
        init(_ name: String, _ attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }
    }

    var elements: [Element] = []
    /// All text content, in document order.
    var text = ""

    init(_ xml: String) throws {
        let delegate = Delegate()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw NSError(domain: "XMLTree", code: 1, userInfo: [NSLocalizedDescriptionKey:
                "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)"])
        }
        elements = delegate.all
        text = delegate.text
    }

    /// All text inside `element`, in document order.
    func text(of element: Element) -> String {
        let utf8 = Array(text.utf8)
        return String(decoding: utf8[element.textRange], as: UTF8.self)
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var all: [Element] = []
        var stack: [Element] = []
        var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let element = Element(name, attributes)
            element.textRange = text.utf8.count..<text.utf8.count
            stack.last?.children.append(element)
            stack.append(element)
            all.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let element = stack.removeLast()
            element.textRange = element.textRange.lowerBound..<text.utf8.count
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
            text += string
        }
    }
}
