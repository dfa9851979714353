import Foundation
import XCTest
@testable import DecisionMapAnalysis

/// docs/lint-rules.md describes every rule with the doc comment of the rule's file: the comment
/// is the documentation, the page is generated from it. Run with `DMAP_RECORD=1` to rewrite the
/// page's generated part after changing a rule; the diff is then reviewed like code.
final class DocumentationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let begin = "<!-- rules: generated from the doc comments in Sources/DecisionMapAnalysis/Rules; DMAP_RECORD=1 swift test --filter DocumentationTests rewrites it -->"
    static let end = "<!-- rules: end -->"

    func testEveryRuleIsDocumentedInItsOwnFileAndOnTheRulesPage() throws {
        let folder = Self.root.appendingPathComponent("Sources/DecisionMapAnalysis/Rules")
        var sections: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            let id = try XCTUnwrap(lines.lazy.compactMap { line -> String? in
                guard let r = line.range(of: "static let id = \"") else { return nil }
                return String(line[r.upperBound...].prefix { $0 != "\"" })
            }.first, "\(file) declares no rule id")
            let declaration = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("enum ") && $0.contains(": LintRule") }, file)
            var start = declaration
            while start > 0, lines[start - 1].hasPrefix("///") { start -= 1 }
            let comment = lines[start..<declaration].map { line in
                line == "///" ? "" : String(line.dropFirst(4))
            }.joined(separator: "\n")
            for part in ["**Why it matters:**", "**Fails", "**Passes"] {
                XCTAssertTrue(comment.contains(part), "\(file)'s doc comment has no \(part)")
            }
            let rule = try XCTUnwrap(Linter.catalogue.first { $0.id == id }, "\(id) is not in the catalogue")
            sections[id] = "## `\(id)`\n\nSeverity: **\(rule.severity.rawValue)**\n\n" + comment
                + "\n\nTo silence one finding: `# lint: allow \(id) because \"reason\"` on its line or directly above it.\n"
        }
        XCTAssertEqual(Set(sections.keys), Set(Linter.catalogue.map(\.id)), "one file per rule")
        let generated = Linter.catalogue.compactMap { sections[$0.id] }.joined(separator: "\n")

        let page = Self.root.appendingPathComponent("docs/lint-rules.md")
        let text = try String(contentsOf: page, encoding: .utf8)
        let head = try XCTUnwrap(text.range(of: Self.begin), "docs/lint-rules.md has no generated part")
        let tail = try XCTUnwrap(text.range(of: Self.end))
        let current = String(text[head.upperBound..<tail.lowerBound])
        let wanted = "\n\n" + generated + "\n"
        if ProcessInfo.processInfo.environment["DMAP_RECORD"] != nil {
            try (String(text[..<head.upperBound]) + wanted + String(text[tail.lowerBound...])).write(to: page, atomically: true, encoding: .utf8)
        } else {
            XCTAssertEqual(current, wanted, "docs/lint-rules.md is out of date; run DMAP_RECORD=1 swift test --filter DocumentationTests")
        }
    }

    func testTheCatalogueTableListsEveryRuleWithItsSeverity() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/lint-rules.md"), encoding: .utf8)
        for rule in Linter.catalogue {
            XCTAssertTrue(text.contains("| [`\(rule.id)`](#\(rule.id)) | \(rule.severity.rawValue) |"), "catalogue row for \(rule.id)")
        }
    }
}
