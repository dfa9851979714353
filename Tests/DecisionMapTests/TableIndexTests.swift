@testable import DecisionMap
import XCTest

/// Indexed tables route exactly as a scan of every rule does: random tables of every hit policy,
/// with missing values, negations, `or`, named conditions, text and segment tests.
final class TableIndexTests: XCTestCase {
    static let pool: [Double] = [0, 5, 10, 17.5, 40, 100, 250, 999]

    /// A random map with one large table.
    static func randomMap(_ random: inout SeededRandom, rules: Int, policy: HitPolicy) -> String {
        func pick<T>(_ xs: [T]) -> T { xs[random.below(xs.count)] }
        let values = ["a", "b", "c", "d", "e", "f"]
        func atom(_ depth: Int) -> String {
            switch random.below(19) {
            case 0: return "e is \(pick(values))"
            case 1: return "e in (\(pick(values)), \(pick(values)))"
            case 2: return "e is not \(pick(values))"
            case 3: return "n < \(number(pick(pool)))"
            case 4: return "n >= \(number(pick(pool)))"
            case 5:
                let low = pick(pool)
                return "n between \(number(low)) and \(number(low + 50))"
            case 6: return "n = \(number(pick(pool)))"
            case 7: return "n != \(number(pick(pool)))"
            case 8: return "i > \(random.below(50))"
            case 9: return "i <= \(random.below(50))"
            case 10: return pick(["b", "not b", "b is missing"])
            case 11: return pick(["n is missing", "n is present", "i is missing"])
            case 12: return "t contains \"\(pick(["x", "y"]))\""
            case 13: return "segment is \(pick(["s1", "s2"]))"
            case 14: return pick(["big", "picky"])
            case 15 where depth < 2: return "(\(atom(depth + 1)) or \(atom(depth + 1)))"
            case 16 where depth < 2: return "not (\(atom(depth + 1)))"
            case 17: return "e is \(pick(values)) and n < \(number(pick(pool)))"
            default: return "e is \(pick(values))"
            }
        }
        var text = """
            map "random"
            inputs
              e  one of a, b, c, d, e, f
              n  number 0..1000  optional
              i  integer 0..50  optional
              b  boolean  optional
              t  text  optional
            conditions
              big    when n >= 100
              picky  when e in (a, b) or i < 10
            segments
              s1  risk low  when e is a
              s2  risk low  otherwise
            routes
              r0  automated
              r1  automated
              r2  team "T"
              r3  team "U"
            decide d (\(policy.rawValue))

            """
        for _ in 0..<rules {
            let terms = (0..<(1 + random.below(3))).map { _ in atom(0) }
            text += "  when \(terms.joined(separator: " and ")) -> r\(random.below(4))\n"
        }
        if policy == .first, random.below(2) == 0 { text += "  otherwise -> r0\n" }
        return text
    }

    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }

    func testIndexedTablesRouteExactlyAsTheScanDoes() throws {
        var random = SeededRandom(seed: 17)
        var indexed = 0, cases = 0, decided = 0, undecided = 0
        for trial in 0..<80 {
            let policy = HitPolicy.allCases[trial % 4]
            let text = Self.randomMap(&random, rules: 32 + random.below(300), policy: policy)
            let (compiled, diagnostics) = DecisionMap.compile(SourceFile(name: "random.dmap", text: text))
            let map = try XCTUnwrap(compiled, "\(diagnostics.map(\.message))\n\(text)")
            if map.router.tableIndexes[0].splits { indexed += 1 }
            let scan = Router(map.model, indexTables: false)
            for _ in 0..<300 {
                var record = map.makeRecord()
                func maybe(_ f: Int, _ value: CaseValue) {
                    if random.below(5) > 0 { map.bind(value, toField: f, in: &record) }
                }
                map.bind(.text(["a", "b", "c", "d", "e", "f"][random.below(6)]), toField: 0, in: &record)
                let n = Self.pool[random.below(Self.pool.count)] + [0, 0, 0.5, -0.5, 50][random.below(5)]
                maybe(1, .number(min(1000, max(0, n))))
                maybe(2, .number(Double(random.below(51))))
                maybe(3, .bool(random.below(2) == 0))
                maybe(4, .text(["x", "axy", "z", ""][random.below(4)]))
                var trace = CollectingTrace(source: map.model.source)
                let expected = scan.route(record, below: scan.below([:]), &trace)
                let (actual, steps) = map.explain(record)
                XCTAssertEqual(actual, expected, "trial \(trial)")
                XCTAssertEqual(steps, trace.steps, "trial \(trial)")
                XCTAssertEqual(map.route(record), expected)
                cases += 1
                if expected.outcome == .decided { decided += 1 } else { undecided += 1 }
            }
        }
        XCTAssertGreaterThan(indexed, 60, "most random tables get an index")
        XCTAssertGreaterThan(decided, cases / 10)
        XCTAssertGreaterThan(undecided, cases / 10)
    }

    func testTheIndexSkipsRulesThatCannotHold() throws {
        // A rate table: five regions × 40 bands; a case reads only the rules of its region and band.
        var text = "map \"rates\"\ninputs\n  region one of n, s, e, w, c\n  weight number 0..4000\nsegments\n  all risk low otherwise\nroutes\n  cheap automated\n  dear automated\ndecide rate (first)\n"
        for region in ["n", "s", "e", "w", "c"] {
            for band in 0..<40 { text += "  when region is \(region) and weight >= \(band * 100) and weight < \(band * 100 + 100) -> \(band % 2 == 0 ? "cheap" : "dear")\n" }
        }
        let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "rates.dmap", text: text)).map)
        let index = map.router.tableIndexes[0]
        XCTAssertTrue(index.splits)
        var record = map.makeRecord()
        map.bind(.text("e"), toField: 0, in: &record)
        map.bind(.number(1234), toField: 1, in: &record)
        let candidates = index.candidates(record)
        XCTAssertLessThanOrEqual(candidates.count, TableIndex.leafRules)
        XCTAssertTrue(candidates.map { index.rules[$0] }.contains(92), "rule 93, region e, band 12")
        XCTAssertEqual(map.route(record).decider, .rule(table: 0, rule: 92))
        // The root splits on the weight (a part holds at most 5 rules; split on the region, 40), so
        // with the weight missing every rule is read, and with the region missing, a band's 5.
        var partial = map.makeRecord()
        map.bind(.text("e"), toField: 0, in: &partial)
        XCTAssertEqual(index.candidates(partial).count, 200)
        XCTAssertEqual(map.route(partial).outcome, .gap, "band rules are unknown without a weight")
        var bandOnly = map.makeRecord()
        map.bind(.number(1234), toField: 1, in: &bandOnly)
        XCTAssertEqual(index.candidates(bandOnly).map { index.rules[$0] }, [12, 52, 92, 132, 172])
    }

    func testTheGridFindsEveryPieceOfAwkwardBounds() throws {
        // Bounds in tight clusters and far apart (one grid cell holds many, most hold none), and
        // consecutive integers (found by arithmetic); cases on every bound, the doubles next to
        // it, between bounds and far outside them.
        let constants = ["-1000000000000", "-3", "-2.5", "0", "0.000000001", "0.000000002", "0.000000003",
                         "0.1", "0.2", "7", "7.000001", "1000000000000"]
        var random = SeededRandom(seed: 5)
        var text = "map \"awkward\"\ninputs\n  n number\n  m number\n  k one of a, b, c\nsegments\n  all risk low otherwise\nroutes\n  r0 automated\n  r1 automated\n  r2 automated\ndecide d (first)\n"
        for r in 0..<120 {
            let c = constants[random.below(constants.count)], op = ["<", "<=", ">", ">=", "=", "!="][random.below(6)]
            let m = "m \(["=", "!=", ">", "<="][random.below(4)]) \(random.below(8) - 3)"
            let k = random.below(3) == 0 ? " and k is \(["a", "b", "c"][random.below(3)])" : ""
            switch random.below(3) {
            case 0: text += "  when \(m)\(k) -> r\(r % 3)\n"
            case 1: text += "  when n \(op) \(c) and \(m)\(k) -> r\(r % 3)\n"
            default: text += "  when n \(op) \(c)\(k) -> r\(r % 3)\n"
            }
        }
        let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "awkward.dmap", text: text)).map)
        let nodes = map.router.tableIndexes[0].griddedNodes
        XCTAssertGreaterThan(nodes.all, nodes.consecutive)
        XCTAssertGreaterThan(nodes.consecutive, 0)
        let scan = Router(map.model, indexTables: false)
        var values: [Double] = [-.greatestFiniteMagnitude, .greatestFiniteMagnitude, 1e300, -1e300, -0.0, 1e-300]
        for c in constants.compactMap(Double.init) + (-4...5).map(Double.init) { values += [c, c.nextUp, c.nextDown, c * 1.5 + 0.001] }
        for v in values {
            for (m, k) in [(v, "a"), (2, "b"), (v, "c"), (-3.5, "a")] {
                var record = map.makeRecord()
                map.bind(.number(v), toField: 0, in: &record)
                map.bind(.number(m), toField: 1, in: &record)
                map.bind(.text(k), toField: 2, in: &record)
                var trace = NoTrace()
                XCTAssertEqual(map.route(record), scan.route(record, below: scan.below([:]), &trace), "n = \(v), m = \(m), k = \(k)")
            }
        }
    }

    func testValueSetsComplementAndCombine() {
        let a = ValueSet(spans: [.init(low: 0, lowClosed: true, high: 5, highClosed: false), .init(low: 7, lowClosed: false, high: 9, highClosed: true)])
        XCTAssertEqual(a.complement.spans, [.init(low: -.infinity, lowClosed: false, high: 0, highClosed: false),
                                            .init(low: 5, lowClosed: true, high: 7, highClosed: true),
                                            .init(low: 9, lowClosed: false, high: .infinity, highClosed: false)])
        XCTAssertEqual(a.complement.complement, a)
        XCTAssertEqual(ValueSet.union([a, .point(5), .point(7)]).spans, [.init(low: 0, lowClosed: true, high: 5, highClosed: true),
                                                                          .init(low: 7, lowClosed: true, high: 9, highClosed: true)])
        XCTAssertEqual(ValueSet.union([a, .point(5), .point(7), a.complement]), .all)
        XCTAssertEqual(ValueSet.point(3).complement.pieces(in: [3]), [0..<1, 2..<3])
        XCTAssertEqual(a.pieces(in: [0, 5, 7, 9]), [1..<3, 6..<8], "point 0 and (0, 5); (7, 9) and point 9")
    }
}
