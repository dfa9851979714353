import Foundation
import XCTest
import DecisionMap
@testable import DecisionMapAnalysis

/// A small, complete map that every rule passes. Each rule's tests change one thing in it, so a
/// test shows exactly what triggers the rule.
let cleanMap = """
    map "Test"
    owners
      decisions "Head of Operations"
      risk      "Risk Lead"
      review    "Review Lead"
      quality   "Quality Lead"
      roles     "Operations Director"
    inputs
      category    one of billing, fraud, other   from model
      confidence  number 0..1   from model
      amount      number 0..10000   optional
      vip         boolean
    segments
      critical  risk high  when category is fraud
      standard  risk low   otherwise
    routes
      auto  automated
      team  team "Team"        sla 4h    owner "Team Lead"
      boss  escalation "Boss"  sla 30m   owner "Head of Operations"
    escalate
      to boss when segment is critical and amount >= 1000   because "large fraud"
    uncertainty using confidence
      in critical  below 0.9 -> team
      otherwise    below 0.7 -> team
    missing
      otherwise -> team
    decide route (first)
      when category is billing and amount < 500  -> auto
      otherwise                                  -> team

    """

extension String {
    /// The map with `old` replaced by `new`; fails the test if `old` is not in it.
    func with(_ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        XCTAssertTrue(contains(old), "the map has no `\(old)`", file: file, line: line)
        return replacingOccurrences(of: old, with: new)
    }
}

/// Lints a map given as text; fails the test if it does not compile.
func lint(_ text: String, options: LintOptions = LintOptions(), file: StaticString = #filePath, line: UInt = #line) -> LintReport {
    let report = Linter.lint(SourceFile(name: "test.dmap", text: text), options: options)
    XCTAssertTrue(report.compiled, "the map does not compile: \(report.findings.map(\.diagnostic.message))", file: file, line: line)
    return report
}

extension LintReport {
    /// The active findings of one rule.
    func findings(_ id: String) -> [Finding] { active.filter { $0.id == id } }

    /// The ids of the active findings, sorted, for compact assertions.
    var ids: [String] { active.map(\.id).sorted() }

    /// The 1-based line a finding points at.
    func line(_ finding: Finding) -> Int { source.line(of: finding.diagnostic.range.start) }
}

/// Routes a finding's witness as `dmap route` would read it from a JSON file.
func route(_ witness: JSONObject?, through text: String) throws -> RoutedCase? {
    guard let witness else { return nil }
    let map = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "test.dmap", text: text)).map)
    var values: [String: CaseValue] = [:]
    for member in witness.members { values[member.key] = CaseValue(json: member.value) }
    return try map.explain(values)
}
