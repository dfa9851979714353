import DecisionMap
@testable import DecisionMapViews
import XCTest

/// The SVG layout's promises, checked on the geometry for every example map: boxes never
/// overlap, text fits its box by the width estimate, and edges are orthogonal lines from their
/// source to their target's left side that pass through no box.
final class LayoutTests: XCTestCase {
    private func layouts() throws -> [(String, GraphLayout)] {
        var result: [(String, GraphLayout)] = []
        for name in Paths.examples {
            result.append((name, GraphLayout(lintedGraph(try XCTUnwrap(try compile(contentsOf: Paths.example(name)))))))
        }
        let refunds = try XCTUnwrap(try compile(contentsOf: Paths.fixtures.appendingPathComponent("refunds.dmap")))
        result.append(("refunds", GraphLayout(lintedGraph(refunds))))
        result.append(("hostile", GraphLayout(lintedGraph(try XCTUnwrap(compile(EscapingTests.hostile))))))
        return result
    }

    func testBoxesDoNotOverlapAndStayOnTheCanvas() throws {
        for (name, layout) in try layouts() {
            for (i, a) in layout.boxes.enumerated() {
                XCTAssertGreaterThanOrEqual(a.frame.x, 0, "\(name) \(a.node.id)")
                XCTAssertLessThanOrEqual(a.frame.maxX, layout.width, "\(name) \(a.node.id)")
                XCTAssertLessThanOrEqual(a.frame.maxY, layout.height, "\(name) \(a.node.id)")
                for b in layout.boxes[(i + 1)...] {
                    XCTAssertFalse(a.frame.intersects(b.frame), "\(name): \(a.node.id) overlaps \(b.node.id)")
                }
            }
            for item in layout.legend {
                XCTAssertGreaterThan(item.y - 20, layout.boxes.map(\.frame.maxY).max()!, "\(name): legend overlaps a box")
            }
        }
    }

    func testColumnsFollowTheStagesFromLeftToRight() throws {
        for (name, layout) in try layouts() {
            XCTAssertEqual(layout.columns.map(\.stage.kind), MapGraph.Stage.Kind.allCases, name)
            for (a, b) in zip(layout.columns, layout.columns.dropFirst()) {
                XCTAssertGreaterThanOrEqual(b.x - (a.x + a.width), 44, "\(name): gutter after \(a.stage.kind)")
            }
            for box in layout.boxes {
                let column = layout.columns.first { $0.stage.kind == box.node.stage }!
                XCTAssertEqual(box.frame.x, column.x, "\(name) \(box.node.id)")
                XCTAssertEqual(box.frame.width, column.width, "\(name) \(box.node.id)")
            }
        }
    }

    func testEveryLineFitsItsBoxByTheEstimate() throws {
        for (name, layout) in try layouts() {
            for box in layout.boxes {
                let right = box.frame.maxX - GraphLayout.padX
                for line in box.lines {
                    let width = line.spans.map { GraphLayout.metrics($0.style).width($0.text) }.reduce(0, +)
                        + 8 * (line.spans.count - 1)
                    XCTAssertLessThanOrEqual(line.x + width, right, "\(name) \(box.node.id): \(line.spans.map(\.text))")
                    XCTAssertGreaterThan(line.baseline, box.frame.y, "\(name) \(box.node.id)")
                    XCTAssertLessThan(line.baseline, box.frame.maxY, "\(name) \(box.node.id)")
                }
            }
        }
    }

    func testLongTextIsCutWithAnEllipsisAndKeptWholeInTheTooltip() throws {
        let long = String(repeating: "very long reason ", count: 30)
        let map = try XCTUnwrap(compile("""
            map "t"
            inputs
              x one of a, b
            segments
              s risk low otherwise
            routes
              r team "Q" owner "o" sla 1h
            escalate
              to r when x is a because "\(long)"
            decide d (first)
              otherwise -> r
            """))
        let layout = GraphLayout(MapGraph(map.model))
        let box = try XCTUnwrap(layout.boxes.first { $0.node.id == "escalation_1" })
        XCTAssertTrue(box.truncated)
        XCTAssertEqual(box.lines.filter { $0.spans.first?.style == .title }.count, 3)
        XCTAssertTrue(box.lines.contains { $0.spans.first?.text.hasSuffix("…") == true })
        XCTAssertTrue(box.node.fullText.contains(long))
    }

    func testEdgesAreOrthogonalRunFromSourceToTargetAndCrossNoBox() throws {
        for (name, layout) in try layouts() {
            let frames = Dictionary(uniqueKeysWithValues: layout.boxes.map { ($0.node.id, $0.frame) })
            for path in layout.edges {
                let source = frames[path.edge.from]!, target = frames[path.edge.to]!
                XCTAssertFalse(path.polylines.isEmpty, "\(name) \(path.edge)")
                for line in path.polylines {
                    XCTAssertEqual(line.first?.x, source.maxX, "\(name) \(path.edge.from)")
                    XCTAssertEqual(line.last?.x, target.x, "\(name) \(path.edge.to)")
                    XCTAssertTrue((target.y...target.maxY).contains(line.last!.y), "\(name) \(path.edge.to)")
                    for (a, b) in zip(line, line.dropFirst()) {
                        XCTAssertTrue(a.x == b.x || a.y == b.y, "\(name): diagonal segment in \(path.edge.from)→\(path.edge.to)")
                        for box in layout.boxes where Self.passesThrough(a, b, box.frame) {
                            XCTFail("\(name): edge \(path.edge.from)→\(path.edge.to) runs through \(box.node.id)")
                        }
                    }
                }
            }
        }
    }

    /// Whether a horizontal or vertical segment enters a box's interior (touching its border is
    /// how edges start and end).
    static func passesThrough(_ a: GraphLayout.Point, _ b: GraphLayout.Point, _ r: GraphLayout.Rect) -> Bool {
        let (x0, x1) = (min(a.x, b.x), max(a.x, b.x)), (y0, y1) = (min(a.y, b.y), max(a.y, b.y))
        return x0 < r.maxX && x1 > r.x && y0 < r.maxY && y1 > r.y
    }

    func testLanesIntoTheSameGutterNeverShareATrack() throws {
        for (name, layout) in try layouts() {
            // Vertical segments of edges to different targets never lie on one x with overlapping y.
            var verticals: [(x: Int, y0: Int, y1: Int, target: String)] = []
            for path in layout.edges {
                for line in path.polylines {
                    for (a, b) in zip(line, line.dropFirst()) where a.x == b.x && a.y != b.y {
                        verticals.append((a.x, min(a.y, b.y), max(a.y, b.y), path.edge.to))
                    }
                }
            }
            for (i, v) in verticals.enumerated() {
                for w in verticals[(i + 1)...] where v.x == w.x && v.target != w.target {
                    XCTAssertTrue(v.y1 < w.y0 || w.y1 < v.y0, "\(name): lanes to \(v.target) and \(w.target) share x = \(v.x)")
                }
            }
        }
    }

    /// `MapGraph`'s fields are public, so a graph built by hand may break the builder's rules: an
    /// edge between two middle columns, an edge naming no node, a duplicate id. It still renders.
    func testHandBuiltGraphsThatBreakTheRulesStillRender() throws {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.fixtures.appendingPathComponent("refunds.dmap")))
        var graph = MapGraph(map.model)
        graph.edges.append(.init(from: "segment_big", to: "escalation_1", kind: .decision, label: "odd", rows: []))
        graph.edges.append(.init(from: "nowhere", to: "route_desk", kind: .decision, label: "lost", rows: [7]))
        graph.edges.append(.init(from: "table_refunds", to: "route_auto", kind: .decision, label: "bad row", rows: [99]))
        graph.nodes.append(graph.nodes[3])
        let layout = GraphLayout(graph)
        let odd = try XCTUnwrap(layout.edges.first { $0.edge.label == "odd" })
        XCTAssertEqual(odd.polylines.map(\.count), [2])
        XCTAssertNil(layout.edges.first { $0.edge.label == "lost" })
        XCTAssertNoThrow(try XMLTree(SVGRenderer.render(graph)))
    }

    func testLayoutIsTheSameOnEveryRun() throws {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.example("insurance-claims")))
        XCTAssertEqual(GraphLayout(lintedGraph(map)), GraphLayout(lintedGraph(map)))
    }
}
