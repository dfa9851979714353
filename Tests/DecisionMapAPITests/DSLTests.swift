import XCTest
@testable import DecisionMap

/// The Swift DSL builds the same syntax tree as the text language, and so routes alike.
final class DSLTests: XCTestCase {
    static let triageFile = repository.appendingPathComponent("decision-maps/customer-triage.dmap")

    func testCustomerTriageWrittenInSwiftHasTheSameSyntaxTreeAsTheTextMap() throws {
        let parsed = Parser.parse(try SourceFile(contentsOf: Self.triageFile)).syntax
        XCTAssertNil(firstDifference(CustomerTriageInSwift.syntax, parsed))
        XCTAssertEqual(CustomerTriageInSwift.syntax, parsed)
    }

    func testSwiftAndTextMapsRouteAndExplainEverySampleCaseAlike() throws {
        let text = try XCTUnwrap(DecisionMap.compile(contentsOf: Self.triageFile).map)
        let swift = try DecisionMap(syntax: CustomerTriageInSwift.syntax)
        let rows = caseRows(try String(contentsOf: repository.appendingPathComponent("decision-maps/customer-triage.cases.csv"), encoding: .utf8))
        XCTAssertEqual(rows.count, 360)
        var outcomes = Set<Outcome>()
        for row in rows {
            let a = try text.explain(row.values), b = try swift.explain(row.values)
            XCTAssertEqual(Routing(a), Routing(b), row.id)
            // The same steps with the same details; only line numbers differ (the text has comments).
            XCTAssertEqual(a.trace.map(\.kind), b.trace.map(\.kind), row.id)
            XCTAssertEqual(a.trace.map(\.detail), b.trace.map(\.detail), row.id)
            outcomes.insert(a.outcome)
        }
        XCTAssertEqual(outcomes, [.decided, .escalated, .review, .dataPolicy, .gap])
    }

    func testConditionsBuildTheTreesTheParserBuilds() {
        let a = NumberInput("a"), b = EnumInput("b", ["x", "y z", "in"]), vip = BooleanInput("vip"), s = TextInput("s")
        let named = Criterion("named", when: vip)
        let seg = RiskSegment("seg", risk: .low), other = RiskSegment("other", risk: .high)
        let cases: [(Condition, String)] = [
            (a >= 10_000, "a >= 10000"),
            ((a < 1 || a > 2) && vip, "(a < 1 or a > 2) and vip"),
            (a < 1 || a > 2 && vip, "a < 1 or a > 2 and vip"),
            (vip && a == 3 && b == "x", "vip and a = 3 and b is x"),
            (!(vip && named), "not (vip and named)"),
            (!vip || !(b != "y z"), "not vip or not b is not \"y z\""),
            (b.in("x", "in") && b.notIn("y z"), "b in (x, \"in\") and b not in (\"y z\")"),
            (a.between(1, 2.5) || a.notBetween(-1, 0) || a.in(1, 2), "a between 1 and 2.5 or a not between -1 and 0 or a in (1, 2)"),
            (a.isMissing || a.isPresent && s.contains("refund") && s == "Yes", "a is missing or a is present and s contains \"refund\" and s is \"Yes\""),
            (inSegment(seg) && notInSegment(seg, other) || inSegment(seg, other), "segment is seg and segment not in (seg, other) or segment in (seg, other)"),
            (vip == false && a != 0.5, "vip is false and a != 0.5"),
        ]
        for (built, text) in cases {
            let parsed = Parser.parse(SourceFile(name: "c", text: "map \"c\"\nconditions\n  c when \(text)\n")).syntax.conditions.first?.condition
            XCTAssertEqual(built, parsed, text)
            XCTAssertEqual(built.text, text)
        }
    }

    func testRoutesAndSegmentsAreReferencedByValue() {
        let fraudDesk = Destination("fraud_desk", .team("Fraud Desk"), handle: .minutes(30))
        let critical = RiskSegment("critical", risk: .high, when: BooleanInput("flagged"))
        let syntax = MapSyntax("Refs") {
            Decide("route", .unique, in: critical) { When(inSegment(critical), to: fraudDesk); Otherwise(to: fraudDesk) }
            FallbackTo(fraudDesk)
        }
        XCTAssertEqual(syntax.formatted(), """
            map "Refs"

            decide route (unique) in critical
              when segment is critical  -> fraud_desk
              otherwise                 -> fraud_desk

            fallback -> fraud_desk

            """)
    }

    func testMapErrorsPointAtLinesOfTheCanonicalText() {
        let flagged = BooleanInput("flagged")
        let declaredButNotListed = Destination("desk", .team("Desk"))
        let auto = Destination("auto", .automated)
        XCTAssertThrowsError(try DecisionMap("Broken") {
            Inputs { flagged }
            Segments { RiskSegment("all", risk: .low) }
            Routes { auto }
            Decide("route") { When(flagged, to: declaredButNotListed); Otherwise(to: auto) }
        }) { error in
            guard let error = error as? MapError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.diagnostics.map(\.id), ["undefined-name"])
            XCTAssertEqual(error.description, """
                <swift>:13:20: error: undefined route `desk`
                 13 |   when flagged  -> desk
                    |                    ^~~~
                    = help: declare it under `routes`


                """)
        }
    }

    func testControlFlowInBuilders() throws {
        let tiers = ["gold", "silver"]
        let tier = EnumInput("tier", tiers + ["basic"])
        let routes = tiers.map { Destination("\($0)_desk", .team($0)) }
        let basic = Destination("basic_desk", .automated)
        let strict = true
        let map = try DecisionMap("Loops") {
            Inputs { tier }
            Segments { RiskSegment("all", risk: .low) }
            Routes {
                for route in routes { route }
                basic
            }
            if strict { Invalid(to: basic) }
            Decide("route") {
                for (name, route) in zip(tiers, routes) { When(tier == name, to: route) }
                Otherwise(to: basic)
            }
        }
        XCTAssertEqual(try map.route(["tier": "silver"]).route, "silver_desk")
        XCTAssertEqual(try map.route(["tier": "basic"]).route, "basic_desk")
        XCTAssertEqual(try map.route(["tier": "bronze"]).outcome, .dataPolicy)
    }
}
