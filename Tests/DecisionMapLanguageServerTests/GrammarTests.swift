import DecisionMap
import DMapTestSupport
import Foundation
import XCTest

/// The TextMate grammar (editors/vscode/syntaxes/dmap.tmLanguage.json), run over the bundled maps
/// by a small tokenizer with TextMate's rule for single-line patterns: at each point the match
/// that starts first wins, ties going to the pattern listed first.
final class GrammarTests: XCTestCase {
    struct Rule {
        var regex: NSRegularExpression
        var name: String?
        var captures: [Int: String]
    }

    static func rules() throws -> [Rule] {
        let url = repositoryFolder.appendingPathComponent("editors/vscode/syntaxes/dmap.tmLanguage.json")
        let grammar = try JSONValue.parse(Array(Data(contentsOf: url)))
        XCTAssertEqual(grammar["scopeName"], "source.dmap")
        let repository = grammar["repository"]?.objectValue ?? [:]
        func flatten(_ patterns: [JSONValue]) throws -> [Rule] {
            try patterns.flatMap { pattern -> [Rule] in
                if let include = pattern["include"]?.stringValue {
                    let entry = try XCTUnwrap(repository[String(include.dropFirst())], "unknown include \(include)")
                    return try flatten(entry["patterns"]?.arrayValue ?? [entry])
                }
                if let nested = pattern["patterns"]?.arrayValue { return try flatten(nested) }
                let match = try XCTUnwrap(pattern["match"]?.stringValue, "a pattern without match: \(pattern)")
                var captures: [Int: String] = [:]
                for member in pattern["captures"]?.objectValue ?? [:] {
                    captures[Int(member.key)!] = member.value["name"]?.stringValue
                }
                return [Rule(regex: try NSRegularExpression(pattern: match, options: [.anchorsMatchLines]),
                             name: pattern["name"]?.stringValue, captures: captures)]
            }
        }
        return try flatten(grammar["patterns"]?.arrayValue ?? [])
    }

    /// The scope of each UTF-16 unit of a line ("" where no rule matched).
    static func scopes(_ line: String, _ rules: [Rule]) -> [String] {
        let text = line as NSString
        var scopes = Array(repeating: "", count: text.length)
        var position = 0
        while position < text.length {
            var best: (NSTextCheckingResult, Rule)?
            for rule in rules {
                guard let m = rule.regex.firstMatch(in: line, range: NSRange(location: position, length: text.length - position)) else { continue }
                if best == nil || m.range.location < best!.0.range.location { best = (m, rule) }
            }
            guard let (m, rule) = best else { break }
            func paint(_ range: NSRange, _ name: String) {
                var name = name
                for i in 1..<max(1, m.numberOfRanges) where m.range(at: i).location != NSNotFound {
                    name = name.replacingOccurrences(of: "$\(i)", with: text.substring(with: m.range(at: i)))
                }
                for i in range.location..<range.location + range.length { scopes[i] = name }
            }
            if let name = rule.name { paint(m.range, name) }
            for (group, name) in rule.captures where m.range(at: group).location != NSNotFound { paint(m.range(at: group), name) }
            position = max(m.range.location + m.range.length, position + (m.range.length == 0 ? 1 : 0))
        }
        return scopes
    }

    func testTheGrammarHighlightsTheBundledMaps() throws {
        let rules = try Self.rules()
        var checked: [String: Int] = [:]
        for name in ["customer-triage", "insurance-claims", "it-incidents"] {
            let text = try String(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/\(name).dmap"), encoding: .utf8)
            var section = ""
            for (number, line) in text.components(separatedBy: "\n").enumerated() {
                let scopes = Self.scopes(line, rules)
                let units = Array(line.utf16)
                func scope(at needle: String, from start: Int = 0) -> String? {
                    guard let r = (line as NSString).range(of: needle, range: NSRange(location: start, length: units.count - start)).nonEmpty else { return nil }
                    return scopes[r.location]
                }
                let place = "\(name).dmap:\(number + 1): \(line)"
                let first = line.prefix { $0.isLetter }
                if Vocabulary.sections.contains(String(first)) {
                    section = String(first)
                    XCTAssertEqual(scopes.first, "keyword.control.section.dmap", place)
                    checked["section", default: 0] += 1
                }
                // Comments and strings: scan outside strings for `#`.
                var inString = false, stringStart = 0
                for (i, unit) in units.enumerated() {
                    if unit == 0x22, i == 0 || units[i - 1] != 0x5C {
                        if inString {
                            XCTAssertEqual(Set(scopes[stringStart...i]), ["string.quoted.double.dmap"], place)
                            checked["string", default: 0] += 1
                        } else {
                            stringStart = i
                        }
                        inString.toggle()
                    } else if unit == 0x23, !inString {
                        let expected = line.dropFirst(i).hasPrefix("##") ? "comment.line.documentation.dmap"
                            : line.range(of: #"#\s*lint:"#, options: .regularExpression) != nil ? "comment.line.directive.dmap" : "comment.line.number-sign.dmap"
                        XCTAssertEqual(Set(scopes[i...]), [expected], place)
                        checked["comment", default: 0] += 1
                        break
                    }
                }
                let code = line.components(separatedBy: "#").first ?? ""
                if let level = ["low", "medium", "high", "critical"].first(where: { code.contains("risk \($0)") }), section == "segments" {
                    XCTAssertEqual(scope(at: "risk \(level)").map { _ in scopes[(line as NSString).range(of: "risk \(level)").location + 5] },
                                   "constant.language.risk.\(level).dmap", place)
                    checked["risk", default: 0] += 1
                }
                if section == "routes", line.hasPrefix("  "), !line.hasPrefix("  #") {
                    let kind = line.split(separator: " ").dropFirst().first.map(String.init) ?? ""
                    XCTAssertEqual(scope(at: " \(kind)").map { _ in scopes[(line as NSString).range(of: " \(kind)").location + 1] }, "storage.type.route.dmap", place)
                    checked["route kind", default: 0] += 1
                    if let handle = code.range(of: #"handle \d+ \w+"#, options: .regularExpression) {
                        let offset = code.utf16.distance(from: code.utf16.startIndex, to: handle.lowerBound.samePosition(in: code.utf16)!) + 7
                        XCTAssertEqual(scopes[offset], "constant.numeric.duration.dmap", place)
                        checked["duration", default: 0] += 1
                    }
                }
                if let arrow = code.range(of: "->") {
                    XCTAssertEqual(scopes[code.utf16.distance(from: code.utf16.startIndex, to: arrow.lowerBound.samePosition(in: code.utf16)!)],
                                   "keyword.operator.arrow.dmap", place)
                    checked["arrow", default: 0] += 1
                }
            }
        }
        // Every kind of check ran, many times.
        XCTAssertEqual(Set(checked.keys), ["section", "string", "comment", "risk", "route kind", "duration", "arrow"])
        XCTAssertGreaterThan(checked.values.min() ?? 0, 10, "\(checked)")
    }
}

extension NSRange {
    var nonEmpty: NSRange? { location == NSNotFound || length == 0 ? nil : self }
}
