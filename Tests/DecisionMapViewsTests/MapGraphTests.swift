import DecisionMap
@testable import DecisionMapViews
import XCTest

/// The diagram's content: which nodes and edges a map gives, in which order, and what the static
/// checks highlight.
final class MapGraphTests: XCTestCase {
    func testNodesFollowTheRoutingOrderWithOneColumnPerStage() throws {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.fixtures.appendingPathComponent("refunds.dmap")))
        let graph = MapGraph(map.model)
        XCTAssertEqual(graph.stages.map(\.kind), MapGraph.Stage.Kind.allCases)
        XCTAssertEqual(graph.nodes.map(\.id), [
            "start", "owners", "validate", "segment_big", "segment_rest", "escalation_1", "none_inconsistency",
            "threshold_1", "table_refunds", "route_auto", "route_desk", "route_boss", "gap",
        ])
        XCTAssertEqual(graph.nodes.map(\.stage), [
            .intake, .intake, .data, .segments, .segments, .escalation, .inconsistency, .uncertainty, .tables,
            .routes, .routes, .routes, .routes,
        ])
        XCTAssertEqual(graph.title, "Refunds")
        XCTAssertEqual(graph.subtitle, "version 1.0 · Small refunds")
    }

    func testEdgesLeadFromEachDecisionPointToItsRoute() throws {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.fixtures.appendingPathComponent("refunds.dmap")))
        let edges = MapGraph(map.model).edges.map { "\($0.from) -\($0.kind.rawValue)-> \($0.to) [\($0.label)] \($0.rows)" }
        XCTAssertEqual(edges, [
            "validate -gap-> gap [invalid, no policy] [1]",
            "validate -gap-> gap [missing, no policy] [2]",
            "escalation_1 -escalation-> route_boss [escalate] [1]",
            "threshold_1 -review-> route_desk [below 0.80] [1]",
            "table_refunds -decision-> route_auto [rule 1] [1]",
            "table_refunds -decision-> route_desk [rule 2] [2]",
            "table_refunds -gap-> gap [no rule holds] [3]",
        ])
    }

    func testNodesShowTheMapTextAsWritten() throws {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.fixtures.appendingPathComponent("refunds.dmap")))
        let graph = MapGraph(map.model)
        let big = try XCTUnwrap(graph.node("segment_big"))
        XCTAssertEqual(big.kind, .segment(.high))
        XCTAssertEqual(big.badge, "HIGH RISK")
        XCTAssertEqual(big.rows.map(\.fullText), ["when amount >= 500"])
        XCTAssertEqual(big.doc, "Large refunds.")
        XCTAssertEqual(graph.node("escalation_1")?.title, "“large service refund”")
        XCTAssertEqual(graph.node("escalation_1")?.rows.map(\.fullText),
                       ["when segment is big and kind is service", "→ boss"])
        XCTAssertEqual(graph.node("threshold_1")?.title, "confidence < 0.80")
        XCTAssertEqual(graph.node("table_refunds")?.rows.map(\.fullText),
                       ["in every segment", "1. when amount < 50 → auto", "2. when kind is goods → desk", "no rule holds → gap"])
        XCTAssertEqual(graph.node("route_desk")?.rows.map(\.fullText),
                       ["Refund desk", "owner: Desk Lead", "handle 5 min · SLA 4 h"])
        XCTAssertEqual(graph.node("route_auto")?.rows.map(\.fullText),
                       ["handled by the digital worker", "handle 1 min", "cost 0.10 EUR"])
        XCTAssertEqual(graph.node("route_boss")?.kind, .route(.escalation))
        XCTAssertEqual(graph.node("owners")?.rows.map(\.text).last, "roles: —")
    }

    func testAFallbackReplacesTheGapNode() throws {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.example("insurance-claims")))
        let graph = MapGraph(map.model)
        XCTAssertNil(graph.node(MapGraph.gapID))
        XCTAssertFalse(graph.edges.contains { $0.kind == .gap })
        XCTAssertEqual(graph.node("fallback")?.rows.last?.target, "intake_review")
        XCTAssertTrue(graph.edges.contains { $0.from == "fallback" && $0.to == "route_intake_review" && $0.kind == .fallback })
    }

    func testNamesBeyondASCIIGetIdsByPosition() throws {
        let map = try XCTUnwrap(compile("""
            map "ids"
            inputs
              x one of a, b
            segments
              größe risk low when x is a
              rest risk low otherwise
            routes
              prüfung team "Q" owner "o" sla 1h
              plain automated
            decide d (first)
              when x is a -> prüfung
              otherwise -> plain
            """))
        let ids = MapGraph(map.model).nodes.map(\.id)
        XCTAssertTrue(ids.contains("segment_1"), "\(ids)")
        XCTAssertTrue(ids.contains("route_1"), "\(ids)")
        XCTAssertTrue(ids.contains("route_plain"), "\(ids)")
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertTrue(ids.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } })
    }

    func testNodeCoveringASourceRangeIsTheSmallestThatContainsIt() throws {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.fixtures.appendingPathComponent("refunds.dmap")))
        let graph = MapGraph(map.model)
        XCTAssertEqual(graph.nodeID(covering: map.model.tables[0].rules[1].range), "table_refunds")
        XCTAssertEqual(graph.nodeID(covering: map.model.routes[2].range), "route_boss")
        XCTAssertEqual(graph.nodeID(covering: map.model.segments[0].range), "segment_big")
        XCTAssertNil(graph.nodeID(covering: SourceRange(start: 0, end: 1)))
    }

    /// The example's README lists six gaps; every one is drawn on the box it is about.
    func testLintFindingsLandOnTheCustomerTriageBoxes() throws {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.example("customer-triage")))
        let found = LintHighlighter().highlights(for: map.model, in: MapGraph(map.model))
        XCTAssertEqual(found.map { "\($0.node) \($0.check)" }, [
            "owners unanswered-ownership",
            "validate missing-data-policy",
            "segment_repeat_escalations unescalated-high-risk",
            "route_account_managers route-without-owner",
            "route_complaints_team unused-route",
            "table_route no-rule-gap",
            "table_route high-risk-automated",
            "table_route missing-data-gap",
            "table_route high-risk-automated",
            "table_route high-risk-automated",
        ])
    }

    func testLintFindsNothingToDrawInTheCompleteExamples() throws {
        for name in ["insurance-claims", "it-incidents"] {
            let map = try XCTUnwrap(try compile(contentsOf: Paths.example(name)))
            XCTAssertEqual(LintHighlighter().highlights(for: map.model, in: MapGraph(map.model)), [], name)
        }
    }

    func testHighlightsAttachToTheirNodesAndUnknownNodesAreDropped() throws {
        let map = try XCTUnwrap(try compile(contentsOf: Paths.fixtures.appendingPathComponent("refunds.dmap")))
        let graph = MapGraph(map.model).highlighting([
            GraphHighlight(node: "route_desk", check: "x", message: "first"),
            GraphHighlight(node: "no_such_node", check: "x", message: "lost"),
            GraphHighlight(node: "route_desk", check: "y", message: "second"),
        ], note: "from a test")
        XCTAssertEqual(graph.node("route_desk")?.warnings, ["first", "second"])
        XCTAssertEqual(graph.nodes.flatMap(\.warnings).count, 2)
        XCTAssertEqual(graph.highlightNote, "from a test")
        XCTAssertTrue(graph.node("route_desk")!.fullText.hasSuffix("⚠ first\n⚠ second"))
    }
}
