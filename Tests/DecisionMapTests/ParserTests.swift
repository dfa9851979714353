import XCTest
@testable import DecisionMap
import DMapTestSupport

/// Parser tests: every construct parses to the expected structure (ranges are ignored by equality).
final class ParserTests: XCTestCase {
    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> MapSyntax {
        let (syntax, diagnostics) = Parser.parse(SourceFile(name: "t.dmap", text: text))
        XCTAssertEqual(diagnostics.map(\.message), [], file: file, line: line)
        return syntax
    }

    private func condition(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Condition? {
        parse("map \"t\"\ndecide d (first)\n  when \(text) -> r\n", file: file, line: line).tables.first?.rules.first?.condition
    }

    private func n(_ s: String) -> Name { Name(s) }
    private func w(_ s: String) -> Literal { Literal(.word(s)) }
    private func num(_ v: Double) -> Literal { Literal(.number(v)) }

    func testHeaderAndOwners() {
        let s = parse("""
            ## The doc
            map "Triage"
              version "2026.11"
              description "Routes cases"
              currency "EUR"
            owners
              decisions "Head of Ops"
              roles     "Director"
            """)
        XCTAssertEqual(s.header, MapHeader(title: "Triage", version: "2026.11", description: "Routes cases", currency: "EUR", doc: "The doc"))
        XCTAssertEqual(s.owners, [OwnerDecl(.decisions, "Head of Ops"), OwnerDecl(.roles, "Director")])
    }

    func testInputsOfEveryTypeAndModifier() {
        let s = parse("""
            map "t"
            inputs
              channel  one of email, "social media"   column "Channel"
              score    number 0..1   from model
              amount   number 0..   unit "EUR"   optional
              delta    number -1.5..1e3
              count    integer ..10
              free     integer
              vip      boolean
              subject  text optional
            """)
        XCTAssertEqual(s.inputs, [
            InputDecl(n("channel"), .enumeration([w("email"), Literal(.string("social media"))]), column: "Channel"),
            InputDecl(n("score"), .number(low: 0, high: 1), fromModel: true),
            InputDecl(n("amount"), .number(low: 0, high: nil), optional: true, unit: "EUR"),
            InputDecl(n("delta"), .number(low: -1.5, high: 1000)),
            InputDecl(n("count"), .integer(low: nil, high: 10)),
            InputDecl(n("free"), .integer(low: nil, high: nil)),
            InputDecl(n("vip"), .boolean),
            InputDecl(n("subject"), .text, optional: true),
        ])
    }

    func testSegmentsRoutesAndDurations() {
        let s = parse("""
            map "t"
            segments
              ## Fraud first
              hot   risk critical  when x is a
              rest  risk low       otherwise
            routes
              auto   automated  handle 90 s  cost 0.2
              team1  team "One"  handle 12 min  cost 9  sla 4h  capacity 80 h/week  owner "Lead"
              boss   escalation "Boss"  sla 2 days
            """)
        XCTAssertEqual(s.segments, [
            SegmentDecl(n("hot"), risk: .critical, Condition(.is(n("x"), negated: false, w("a"))), doc: "Fraud first"),
            SegmentDecl(n("rest"), risk: .low, nil),
        ])
        XCTAssertEqual(s.routes, [
            RouteDecl(n("auto"), .automated, handle: TimeSpan(90, .seconds), cost: 0.2),
            RouteDecl(n("team1"), .team("One"), handle: TimeSpan(12, .minutes), cost: 9, sla: TimeSpan(4, .hours),
                      capacity: 80, owner: "Lead"),
            RouteDecl(n("boss"), .escalation("Boss"), sla: TimeSpan(2, .days)),
        ])
        XCTAssertEqual(s.routes[1].sla?.minutes, 240)
    }

    func testEscalationInconsistencyUncertaintyPoliciesTablesFallback() {
        let s = parse("""
            map "t"
            escalate
              to boss when angry because "upset customer" sla 30m
            inconsistent
              when a and b -> data because "conflict"
            uncertainty using confidence
              in hot, warm below 0.9 -> review
              otherwise below 0.5 -> review
            missing
              amount, tier -> data
              otherwise -> data
            invalid
              otherwise -> data
            decide billing (unique) in hot, warm
              when x -> r1
              otherwise -> r2
            decide rest
              when y -> r3
            fallback -> r4
            """)
        XCTAssertEqual(s.escalations, [EscalationDecl(to: n("boss"), when: Condition(.reference(n("angry"))),
                                                     because: "upset customer", sla: TimeSpan(30, .minutes))])
        XCTAssertEqual(s.inconsistencies, [InconsistencyDecl(
            when: Condition(.and([Condition(.reference(n("a"))), Condition(.reference(n("b")))])), to: n("data"), because: "conflict")])
        XCTAssertEqual(s.uncertainty, UncertaintyDecl(field: n("confidence"), thresholds: [
            ThresholdDecl(in: [n("hot"), n("warm")], below: num(0.9), to: n("review")),
            ThresholdDecl(in: [], below: num(0.5), to: n("review")),
        ]))
        XCTAssertEqual(s.missing, [PolicyDecl([n("amount"), n("tier")], to: n("data")), PolicyDecl([], to: n("data"))])
        XCTAssertEqual(s.invalid, [PolicyDecl([], to: n("data"))])
        XCTAssertEqual(s.tables, [
            TableDecl(n("billing"), policy: .unique, in: [n("hot"), n("warm")], rules: [
                RuleDecl(when: Condition(.reference(n("x"))), to: n("r1")), RuleDecl(when: nil, to: n("r2")),
            ]),
            TableDecl(n("rest"), policy: .first, rules: [RuleDecl(when: Condition(.reference(n("y"))), to: n("r3"))]),
        ])
        XCTAssertEqual(s.fallback, FallbackDecl(to: n("r4")))
    }

    func testNamedConditionsAndContinuationLines() {
        let s = parse("""
            map "t"
            conditions
              big  when amount >= 10_000
                        and tier in (gold, platinum)
            """)
        XCTAssertEqual(s.conditions, [ConditionDecl(n("big"), Condition(.and([
            Condition(.compare(n("amount"), .greaterOrEqual, num(10000))),
            Condition(.in(n("tier"), negated: false, [w("gold"), w("platinum")])),
        ])))])
    }

    func testEveryConditionForm() {
        XCTAssertEqual(condition("a < 1")?.kind, .compare(n("a"), .less, num(1)))
        XCTAssertEqual(condition("a <= -0.5")?.kind, .compare(n("a"), .lessOrEqual, num(-0.5)))
        XCTAssertEqual(condition("a > 1")?.kind, .compare(n("a"), .greater, num(1)))
        XCTAssertEqual(condition("a >= 1")?.kind, .compare(n("a"), .greaterOrEqual, num(1)))
        XCTAssertEqual(condition("a = 1")?.kind, .compare(n("a"), .equal, num(1)))
        XCTAssertEqual(condition("a != 1")?.kind, .compare(n("a"), .notEqual, num(1)))
        XCTAssertEqual(condition("a is b")?.kind, .is(n("a"), negated: false, w("b")))
        XCTAssertEqual(condition("a is not \"b c\"")?.kind, .is(n("a"), negated: true, Literal(.string("b c"))))
        XCTAssertEqual(condition("a is true")?.kind, .is(n("a"), negated: false, Literal(.bool(true))))
        XCTAssertEqual(condition("a is missing")?.kind, .missing(n("a"), negated: false))
        XCTAssertEqual(condition("a is present")?.kind, .missing(n("a"), negated: true))
        XCTAssertEqual(condition("a is not missing")?.kind, .missing(n("a"), negated: true))
        XCTAssertEqual(condition("a in (b, 2)")?.kind, .in(n("a"), negated: false, [w("b"), num(2)]))
        XCTAssertEqual(condition("a not in (b)")?.kind, .in(n("a"), negated: true, [w("b")]))
        XCTAssertEqual(condition("a between 1 and 2")?.kind, .between(n("a"), negated: false, num(1), num(2)))
        XCTAssertEqual(condition("a not between 1 and 2")?.kind, .between(n("a"), negated: true, num(1), num(2)))
        XCTAssertEqual(condition("a contains \"x\"")?.kind, .contains(n("a"), Literal(.string("x"))))
        XCTAssertEqual(condition("segment is hot")?.kind, .segment(negated: false, [n("hot")], list: false))
        XCTAssertEqual(condition("segment not in (hot, warm)")?.kind, .segment(negated: true, [n("hot"), n("warm")], list: true))
        XCTAssertEqual(condition("not vip")?.kind, .not(Condition(.reference(n("vip")))))
    }

    func testAndBindsTighterThanOrAndParenthesesAreKept() {
        let a = Condition(.reference(n("a"))), b = Condition(.reference(n("b"))), c = Condition(.reference(n("c")))
        XCTAssertEqual(condition("a or b and c")?.kind, .or([a, Condition(.and([b, c]))]))
        XCTAssertEqual(condition("(a or b) and c")?.kind, .and([Condition(.group(Condition(.or([a, b])))), c]))
        XCTAssertEqual(condition("a and b and c")?.kind, .and([a, b, c]))
        XCTAssertEqual(condition("not a or b")?.kind, .or([Condition(.not(a)), b]))
    }

    func testDocCommentsAttachToTheNextItemAndCommentsAreKept() {
        let s = parse("""
            # a plain comment
            map "t"
            routes
              ## First line
              ## second line
              r1 automated   # trailing
              ## dropped by the blank line

              r2 automated
            """)
        XCTAssertEqual(s.routes.map(\.doc), ["First line\nsecond line", nil])
        XCTAssertEqual(s.comments.map(\.text), ["# a plain comment", "## First line", "## second line", "# trailing", "## dropped by the blank line"])
        XCTAssertEqual(s.comments.map(\.ownLine), [true, true, true, false, true])
    }

    func testRangesPointAtTheSource() {
        let source = SourceFile(name: "t.dmap", text: "map \"t\"\ndecide d (first)\n  when amount > 3 -> r\n")
        let rule = Parser.parse(source).syntax.tables[0].rules[0]
        XCTAssertEqual(source.text(rule.range), "when amount > 3 -> r")
        XCTAssertEqual(source.text(rule.condition!.range), "amount > 3")
        XCTAssertEqual(source.text(rule.target.range), "r")
        XCTAssertEqual(source.location(of: rule.target.range.start), SourceLocation(line: 3, column: 22))
    }

    func testCRLFAndByteOrderMarkAreAccepted() {
        let text = "\u{FEFF}map \"t\"\r\nroutes\r\n  r automated   # note\r\n"
        XCTAssertEqual(parse(text).routes, [RouteDecl(n("r"), .automated)])
    }
}

/// One misspelt section header is one error: the section is still read as the one it was meant to
/// be, so nothing it declares turns into "undefined" errors further down.
final class SectionTypoTests: XCTestCase {
    func testEveryMisspeltSectionKeywordGivesExactlyOneError() throws {
        var tried = Set<String>()
        for name in ["customer-triage", "insurance-claims", "it-incidents"] {
            let text = try String(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/\(name).dmap"), encoding: .utf8)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (i, line) in lines.enumerated() {
                guard let keyword = sectionKeywords.first(where: { line == $0 || line.hasPrefix($0 + " ") }) else { continue }
                // Swap two different letters near the middle: the most common typo, `rotues` for `routes`.
                var letters = Array(keyword)
                var m = letters.count / 2
                while letters[m - 1] == letters[m] { m += 1 }
                letters.swapAt(m - 1, m)
                let typo = String(letters)
                let original = lines[i]
                lines[i] = typo + line.dropFirst(keyword.count)
                let (map, diagnostics) = DecisionMap.compile(SourceFile(name: "\(name).dmap", text: lines.joined(separator: "\n")))
                lines[i] = original
                XCTAssertTrue(map == nil, "\(name):\(i + 1)")
                let errors = diagnostics.filter { $0.severity == .error }
                XCTAssertEqual(errors.map(\.message), ["unknown section `\(typo)`"], "\(name):\(i + 1)")
                XCTAssertEqual(errors.first?.help, "did you mean `\(keyword)`?")
                tried.insert(keyword)
            }
        }
        XCTAssertEqual(tried, Set(sectionKeywords))
    }
}
