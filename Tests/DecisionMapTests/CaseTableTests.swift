@testable import DecisionMap
import XCTest

/// A tabulated map (`DecisionMap.tabulated()`) decides every case exactly as the router does:
/// random maps with every section (escalations, inconsistencies, thresholds and what-ifs, data
/// policies, tables of every hit policy, a fallback or none), on random cases that sit on the
/// maps' cut points, between them, missing, invalid, and with text the tests do and do not find.
final class CaseTableTests: XCTestCase {
    static let pool: [Double] = [0, 5, 10, 17.5, 40, 100, 250, 999]
    static let values = ["a", "b", "c", "d", "e", "f"]

    static func randomMap(_ random: inout SeededRandom) -> String {
        func pick<T>(_ xs: [T]) -> T { xs[random.below(xs.count)] }
        func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
        // Segments cannot test the segment.
        var segmentTests = true
        func atom(_ depth: Int) -> String {
            switch random.below(17) {
            case 0: return "e is \(pick(values))"
            case 1: return "e in (\(pick(values)), \(pick(values)))"
            case 2: return "n < \(number(pick(pool)))"
            case 3: return "n >= \(number(pick(pool)))"
            case 4: return "n = \(number(pick(pool)))"
            case 5: return "n != \(number(pick(pool)))"
            case 6: return "i > \(random.below(50))"
            case 7: return "i <= \(random.below(50))"
            case 8: return pick(["b", "not b", "b is missing", "n is missing", "i is present"])
            case 9: return "t contains \"\(pick(["x", "y", "xy"]))\""
            case 10: return "t in (\"\(pick(["x", "z", ""]))\", \"q\")"
            case 11 where segmentTests: return "segment is \(pick(["s1", "s2", "s3"]))"
            case 12: return pick(["big", "picky"])
            case 13: return "c < 0.\(random.below(10))"
            case 14 where depth < 2: return "(\(atom(depth + 1)) or \(atom(depth + 1)))"
            case 15 where depth < 2: return "not (\(atom(depth + 1)))"
            default: return "e is \(pick(values)) and n < \(number(pick(pool)))"
            }
        }
        func condition() -> String { (0..<(1 + random.below(3))).map { _ in atom(0) }.joined(separator: pick([" and ", " or "])) }
        segmentTests = false
        let segments = (0..<3).map { _ in condition() }
        segmentTests = true
        var text = """
            map "random"
            inputs
              e  one of a, b, c, d, e, f
              n  number 0..1000  optional
              i  integer 0..50  optional
              b  boolean  optional
              t  text  optional
              c  number 0..1  from model\(random.below(3) == 0 ? "  optional" : "")
            conditions
              big    when n >= 100
              picky  when e in (a, b) or i < 10
            segments
              s1  risk high  when \(segments[0])
              s2  risk medium  when \(segments[1])
              s3  risk low  \(random.below(3) == 0 ? "when \(segments[2])" : "otherwise")
            routes
              r0  automated
              r1  automated
              r2  team "T"
              r3  escalation "U"

            """
        if random.below(2) == 0 { text += "escalate\n  to r3  when \(condition())\n" }
        if random.below(2) == 0 { text += "inconsistent\n  when \(condition()) -> r2\n" }
        if random.below(4) > 0 {
            text += "uncertainty using c\n"
            if random.below(2) == 0 { text += "  in s1 below 0.\(1 + random.below(9)) -> r2\n" }
            text += "  otherwise below 0.\(1 + random.below(9)) -> r2\n"
        }
        if random.below(2) == 0 { text += "missing\n  \(pick(["n", "i, b", "t"])) -> r2\n" + (random.below(2) == 0 ? "  otherwise -> r1\n" : "") }
        if random.below(2) == 0 { text += "invalid\n  otherwise -> r2\n" }
        for k in 0..<(1 + random.below(2)) {
            let policy = pick(HitPolicy.allCases)
            text += "decide d\(k) (\(policy.rawValue))\(k == 1 ? " in s1, s2" : "")\n"
            for _ in 0..<(2 + random.below(8)) { text += "  when \(condition()) -> r\(random.below(4))\n" }
            if policy == .first, random.below(2) == 0 { text += "  otherwise -> r0\n" }
        }
        if random.below(2) == 0 { text += "fallback -> r2\n" }
        return text
    }

    /// A random case: values on the map's cut points and beside them, missing and invalid ones.
    static func randomRecord(_ map: DecisionMap, _ random: inout SeededRandom) -> CaseRecord {
        func pick<T>(_ xs: [T]) -> T { xs[random.below(xs.count)] }
        var record = map.makeRecord()
        func maybe(_ f: Int, _ value: CaseValue) {
            switch random.below(8) {
            case 0: break
            case 1: map.bind(.text("nonsense"), toField: f, in: &record)
            default: map.bind(value, toField: f, in: &record)
            }
        }
        maybe(0, .text(pick(values)))
        maybe(1, .number(min(1000, max(0, pick(pool) + pick([0, 0, 0.5, -0.5, 50])))))
        maybe(2, .number(Double(random.below(51))))
        maybe(3, .bool(random.below(2) == 0))
        maybe(4, .text(pick(["x", "axy", "XY", "z", "", "q", "yx"])))
        maybe(5, .number(Double(random.below(11)) / 10 + pick([0, 0, 0.05])))
        return record
    }

    func testTabulatedMapsDecideExactlyAsTheRouter() throws {
        var random = SeededRandom(seed: 23)
        var tabulated = 0, cases = 0, fromTable = 0
        var outcomes = Set<Outcome>()
        for trial in 0..<40 {
            let text = Self.randomMap(&random)
            let (compiled, diagnostics) = DecisionMap.compile(SourceFile(name: "random.dmap", text: text))
            let written = try XCTUnwrap(compiled, "\(diagnostics.map(\.message))\n\(text)")
            // The map as written, and with a what-if threshold (when it has thresholds).
            var maps = [written]
            if !written.model.thresholds.isEmpty {
                maps.append(try written.settingThresholds([ThresholdSetting(.all, Double(random.below(11)) / 10)]))
            }
            for map in maps {
                let table = map.tabulated()
                guard let size = table.tableSize else { continue }
                tabulated += 1
                XCTAssertLessThanOrEqual(size.cells, DecisionMap.tableLimit)
                for _ in 0..<300 {
                    let record = Self.randomRecord(map, &random)
                    let expected = map.route(record)
                    XCTAssertEqual(table.route(record), expected, "trial \(trial)\n\(text)")
                    if let cases = table.table {
                        switch cases.lookup.find(record) {
                        case .decision: fromTable += 1
                        case .text(let plain): if cases.decision(record, plain: plain) != nil { fromTable += 1 }
                        case .router: break
                        }
                    }
                    outcomes.insert(expected.outcome)
                    cases += 1
                }
            }
        }
        XCTAssertGreaterThan(tabulated, 50, "most random maps get a table")
        // Each of six fields is invalid in one case of eight, so 45% of the cases pass the
        // router's first step; those the table answers.
        XCTAssertGreaterThan(fromTable, cases / 3, "the table answers the cases with valid values")
        XCTAssertEqual(outcomes, Set(Outcome.allCases), "every outcome is reached")
    }

    func testTheTriageMapsTableIsSmallAndAnswersEveryCombination() throws {
        let url = CLITests.repository.appendingPathComponent("decision-maps/customer-triage.dmap")
        let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "customer-triage.dmap", text: String(contentsOf: url, encoding: .utf8))).map)
        // Fields by the pieces its atoms make: channel none (unread), tier 2, category 4,
        // confidence 4 (three thresholds), amount 4 + missing, sentiment 2, prior escalations 2,
        // vip 2, subject 2 + missing.
        XCTAssertEqual(map.tabulated().tableSize?.cells, 2 * 4 * 4 * 5 * 2 * 2 * 2 * 3)
        XCTAssertEqual(map.tabulated().tableSize?.answered, 2 * 4 * 4 * 5 * 2 * 2 * 2 * 3)
        XCTAssertNil(map.tableSize, "a map is tabulated only when asked")
        // A NaN set straight into a record (binding never makes one) goes to the router.
        var odd = map.makeRecord()
        for (f, value) in ["email", "gold", "billing", "0.5", "100", "0", "1", "false", "x"].enumerated() { map.bind(text: value, toField: f, in: &odd) }
        for f in [3, 4, 5] {
            var record = odd
            record.values[f] = .nan
            XCTAssertEqual(map.tabulated().route(record), map.route(record))
        }
        // A what-if of a tabulated map is tabulated for its own thresholds, and decides as the
        // router does with them.
        let whatIf = try map.tabulated().settingThresholds([ThresholdSetting(.all, 0.8)])
        XCTAssertEqual(whatIf.tableSize?.cells, 2 * 4 * 2 * 5 * 2 * 2 * 2 * 3, "confidence: below 0.8 or not")
        let plain = try map.settingThresholds([ThresholdSetting(.all, 0.8)])
        XCTAssertNil(plain.tableSize)
        var random = SeededRandom(seed: 5)
        for _ in 0..<2000 {
            var record = plain.makeRecord()
            let values: [CaseValue] = [.text(["email", "chat"][random.below(2)]), .text(["standard", "gold", "platinum"][random.below(3)]),
                                       .text(["billing", "outage", "fraud", "complaint", "other"][random.below(5)]),
                                       .number(Double(random.below(21)) / 20), random.below(4) == 0 ? .missing : .number(Double(random.below(30)) * 500),
                                       .number(Double(random.below(21)) / 10 - 1), .number(Double(random.below(6))), .bool(random.below(2) == 0),
                                       random.below(3) == 0 ? .missing : .text(["Refund please", "hello"][random.below(2)])]
            for (f, value) in values.enumerated() { plain.bind(value, toField: f, in: &record) }
            XCTAssertEqual(whatIf.route(record), plain.route(record))
        }
    }

    func testMapsBeyondTheLimitAreRoutedWithoutATable() throws {
        // Nine numeric fields of four pieces each (below 10, 50, above 90, the rest): 4^9
        // combinations, past the limit.
        var text = "map \"wide\"\ninputs\n"
        for f in 0..<9 { text += "  f\(f) number 0..100\n" }
        text += "segments\n  all risk low otherwise\nroutes\n  a automated\n  b automated\ndecide d (first)\n"
        for f in 0..<9 { text += "  when f\(f) < 10 or f\(f) > 90 or f\(f) = 50 -> a\n" }
        text += "  otherwise -> b\n"
        let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "wide.dmap", text: text)).map)
        XCTAssertNil(map.tabulated().tableSize)
        var record = map.makeRecord()
        for f in 0..<9 { map.bind(.number(50.5), toField: f, in: &record) }
        XCTAssertEqual(map.tabulated().route(record).route, 1)
    }
}
