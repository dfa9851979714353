import DecisionMap
import DMapTestSupport
import DecisionMapSimulation
import Foundation
import XCTest
@testable import DecisionMapAnalysis

/// The static diff against brute force: random maps and random edits (threshold moves, reordered,
/// added, removed and rerouted rules, inputs made required, narrowed or widened, an invalid-data
/// policy added, conditions renamed, reformatting). Every case of the map's universe is routed by
/// both versions' real routers: each case decided differently must fall in a reported change, each
/// reported change must be seen on some case, and each witness must reproduce; renames and
/// reformatting must be equivalent.
final class StaticDiffTests: XCTestCase {
    private func compile(_ text: String, _ name: String = "map.dmap") -> DecisionMap? {
        DecisionMap.compile(SourceFile(name: name, text: text)).map
    }

    private enum Edit: CaseIterable {
        case moveThreshold, swapRules, removeRule, addRule, reroute, makeRequired, narrowRange, widenEnumeration, addInvalidPolicy
    }

    /// Applies one edit to a map's text; nil when the map has nothing to apply it to. Returns the
    /// new text and, for a widened enumeration, the field and value added.
    private func apply(_ edit: Edit, to text: String, _ random: inout SeededRandom) -> (String, (String, String)?)? {
        var lines = text.components(separatedBy: "\n")
        func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[Int(random.next() % UInt64(items.count))] }
        let rules = lines.indices.filter { lines[$0].hasPrefix("  when ") && lines[$0].contains(" -> r") && !lines[$0].contains("because") }
        let routes = lines.filter { $0.hasPrefix("  r") && ($0.contains(" automated") || $0.contains(" team ")) }.count
        func reroute(_ line: String) -> String {
            guard let arrow = line.range(of: " -> r", options: .backwards) else { return line }
            let current = Int(line[arrow.upperBound...]) ?? 0
            return line[..<arrow.upperBound] + String((current + 1 + Int(random.next() % UInt64(max(1, routes - 1)))) % max(1, routes))
        }
        switch edit {
        case .moveThreshold:
            guard let i = pick(lines.indices.filter { lines[$0].contains(" below ") }) else { return nil }
            let value = ["0", "0.25", "0.5", "0.75", "1", "0.375"][Int(random.next() % 6)]
            lines[i] = lines[i].replacingOccurrences(of: #"below [0-9.]+"#, with: "below \(value)", options: .regularExpression)
        case .swapRules:
            guard let i = pick(rules.filter { rules.contains($0 + 1) }) else { return nil }
            lines.swapAt(i, i + 1)
        case .removeRule:
            guard let i = pick(rules.filter { rules.contains($0 + 1) || rules.contains($0 - 1) }) else { return nil }
            lines.remove(at: i)
        case .addRule:
            guard let i = pick(rules) else { return nil }
            lines.insert(reroute(lines[i]), at: i + Int(random.next() % 2))
        case .reroute:
            guard let i = pick(rules) else { return nil }
            lines[i] = reroute(lines[i])
        case .makeRequired:
            guard let i = pick(lines.indices.filter { lines[$0].hasPrefix("  f") && lines[$0].hasSuffix(" optional") }) else { return nil }
            lines[i].removeLast(" optional".count)
        case .narrowRange:
            guard let i = pick(lines.indices.filter { lines[$0].hasPrefix("  f") && lines[$0].contains(" integer 0..") }) else { return nil }
            guard let range = lines[i].range(of: #"0\.\.[0-9]+"#, options: .regularExpression),
                  let high = Int(lines[i][range].dropFirst(3)), high > 1 else { return nil }
            lines[i].replaceSubrange(range, with: "1..\(high - 1)")
        case .widenEnumeration:
            guard let i = pick(lines.indices.filter { lines[$0].hasPrefix("  f") && lines[$0].contains(" one of ") }) else { return nil }
            let name = String(lines[i].dropFirst(2).prefix { $0 != " " })
            lines[i] = lines[i].replacingOccurrences(of: #"(one of [v0-9, ]+[0-9])"#, with: "$1, v9", options: .regularExpression)
            return (lines.joined(separator: "\n"), (name, "v9"))
        case .addInvalidPolicy:
            guard !text.contains("\ninvalid\n") else { return nil }
            lines.append("invalid\n  otherwise -> r\(Int(random.next() % UInt64(max(1, routes))))")
        }
        return (lines.joined(separator: "\n"), nil)
    }

    private func state(_ map: DecisionMap, _ values: [String: CaseValue]) -> StaticDiff.State {
        let d = map.route(map.bindLeniently(values).record)
        return StaticDiff.State(route: d.route.map { map.model.routes[$0].name }, outcome: d.outcome, segment: d.segment.map { map.model.segments[$0].name })
    }

    private struct Key: Hashable {
        var from: StaticDiff.State
        var to: StaticDiff.State
    }

    /// Every case of the universe, routed by both versions, against the static changes.
    private func check(_ old: DecisionMap, _ new: DecisionMap, _ sample: RandomMaps.Sample, extra: (String, String)?,
                       _ stats: inout [String: Int], file: StaticString = #filePath, line: UInt = #line) throws {
        let diff = try StaticDiff.compare(old: old, new: new)
        XCTAssertTrue(diff.exact, "\(diff.approximations)", file: file, line: line)
        let reported = Set(diff.changes.map { Key(from: $0.from, to: $0.to) })
        for change in diff.changes {
            let witness = try XCTUnwrap(change.witness, "\(change.from) → \(change.to) has no witness", file: file, line: line)
            var values: [String: CaseValue] = [:]
            for member in witness.members { values[member.key] = CaseValue(json: member.value) }
            XCTAssertEqual(state(old, values), change.from, file: file, line: line)
            XCTAssertEqual(state(new, values), change.to, file: file, line: line)
        }
        var domains = sample.values
        if let (field, value) = extra, let f = sample.fields.firstIndex(where: { $0.name == field }) { domains[f].append(.text(value)) }
        // And a value neither version accepts, for every field that has one.
        for (f, field) in sample.fields.enumerated() {
            if case .text = field.kind { continue }
            domains[f].append(.text("n/a"))
        }
        var seen = Set<Key>()
        var index = Array(repeating: 0, count: domains.count)
        var cases = 0
        outer: while true {
            var values: [String: CaseValue] = [:]
            for (f, field) in sample.fields.enumerated() { values[field.name] = domains[f][index[f]] }
            let (a, b) = (state(old, values), state(new, values))
            if a != b {
                let key = Key(from: a, to: b)
                if !reported.contains(key) {
                    XCTFail("case \(values) goes \(a) → \(b), which no change reports", file: file, line: line)
                    return
                }
                seen.insert(key)
            }
            cases += 1
            for f in domains.indices.reversed() {
                index[f] += 1
                if index[f] < domains[f].count { continue outer }
                index[f] = 0
            }
            break
        }
        XCTAssertEqual(seen, reported, "changes no case of the universe shows", file: file, line: line)
        stats["cases", default: 0] += cases
        stats["changes", default: 0] += diff.changes.count
        stats[diff.equivalent ? "equivalent" : "different", default: 0] += 1
    }

    func testEveryCaseThatChangesIsInAReportedRegionAndEveryRegionIsSeen() throws {
        let maps = Int(ProcessInfo.processInfo.environment["DMAP_STATIC_DIFF_MAPS"] ?? "") ?? 250
        var generator = RandomMaps(seed: 11)
        var random = SeededRandom(seed: 12)
        var stats: [String: Int] = [:]
        var tried = 0
        while tried < maps {
            let sample = generator.sample(maxCases: 1500)
            guard let old = compile(sample.text) else { continue }
            var text = sample.text
            var extra: (String, String)?
            for _ in 0..<(1 + Int(random.next() % 2)) {
                let edit = Edit.allCases[Int(random.next() % UInt64(Edit.allCases.count))]
                if let (edited, added) = apply(edit, to: text, &random) {
                    text = edited
                    extra = added ?? extra
                    stats["\(edit)", default: 0] += 1
                }
            }
            guard let new = compile(text) else { continue }
            tried += 1
            try check(old, new, sample, extra: extra, &stats)
            if testRun?.failureCount ?? 0 > 0 {
                print("--- old\n\(sample.text)\n--- new\n\(text)")
                break
            }
        }
        print("static diff: \(tried) map pairs, \(stats.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        XCTAssertGreaterThan(stats["different"] ?? 0, maps / 3)
    }

    func testRenamedConditionsAndReformattingAreEquivalent() throws {
        var generator = RandomMaps(seed: 21)
        var checked = 0
        while checked < 100 {
            let sample = generator.sample(maxCases: 1500)
            guard let old = compile(sample.text) else { continue }
            let renamed = sample.text.replacingOccurrences(of: #"\bc([0-9])\b"#, with: "condition_$1", options: .regularExpression)
            let formatted = try XCTUnwrap(MapFormatter.format(SourceFile(name: "map.dmap", text: renamed)).text)
            let new = try XCTUnwrap(compile(formatted))
            let diff = try StaticDiff.compare(old: old, new: new)
            XCTAssertTrue(diff.equivalent, "\(diff.summary)\n\(sample.text)")
            checked += 1
        }
    }

    func testTheBundledMapsAgainstThemselvesACopyAndAThresholdMovedEachWay() throws {
        for name in ["customer-triage", "insurance-claims", "it-incidents"] {
            let text = try String(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/\(name).dmap"), encoding: .utf8)
            let map = try XCTUnwrap(compile(text, "\(name).dmap"))
            XCTAssertTrue(try StaticDiff.compare(old: map, new: map).equivalent, name)
            // Re-aligned (every run of spaces doubled) and with a condition renamed: the same map.
            var copy = text.replacingOccurrences(of: #"(\S)  +(\S)"#, with: "$1    $2", options: .regularExpression)
            if let condition = map.model.conditions.first?.name {
                copy = copy.replacingOccurrences(of: #"\b\#(condition)\b"#, with: "renamed_condition", options: .regularExpression)
            }
            let realigned = try XCTUnwrap(compile(copy, "copy.dmap"), copy)
            XCTAssertTrue(try StaticDiff.compare(old: map, new: realigned).equivalent, name)
        }
    }

    func testALoweredThresholdIsNewAutomationAndARaisedOneIsNot() throws {
        let text = try String(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/insurance-claims.dmap"), encoding: .utf8)
        let map = try XCTUnwrap(compile(text))
        let lowered = try XCTUnwrap(compile(text.replacingOccurrences(of: "otherwise                       below 0.70", with: "otherwise                       below 0.60")))
        let raised = try XCTUnwrap(compile(text.replacingOccurrences(of: "otherwise                       below 0.70", with: "otherwise                       below 0.80")))
        let down = try StaticDiff.compare(old: map, new: lowered)
        let up = try StaticDiff.compare(old: map, new: raised)
        XCTAssertFalse(down.equivalent)
        XCTAssertFalse(up.equivalent)
        XCTAssertEqual(down.violations(of: .noNewAutomation).map { "\($0.from.label) → \($0.to.label)" }, ["intake_review (review) → straight_through (decided)"])
        XCTAssertEqual(up.violations(of: .noNewAutomation).count, 0)
        XCTAssertEqual(up.violations(of: .noNewGaps).count, 0)
        // Every change of 20,000 generated cases is one the static diff lists.
        for (other, diff) in [(lowered, down), (raised, up)] {
            let listed = Set(diff.changes.map { "\($0.from) → \($0.to)" })
            var generator = CaseGenerator(map: map, seed: 5)
            generator.invalidRate = 0.02
            for _ in 0..<20_000 {
                let values = Dictionary(uniqueKeysWithValues: zip(map.model.fields.map(\.column), generator.next()))
                let (a, b) = (state(map, values), state(other, values))
                if a != b { XCTAssertTrue(listed.contains("\(a) → \(b)"), "\(a) → \(b) for \(values)") }
            }
        }
    }
}
