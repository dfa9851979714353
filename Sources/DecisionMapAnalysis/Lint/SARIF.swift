import DecisionMap

/// Lint reports as a SARIF 2.1.0 log, the format code-scanning tools (GitHub code scanning, Azure
/// DevOps, SonarQube, VS Code's SARIF viewer) read.
///
/// One run; `tool.driver` lists every rule of the catalogue (id, short description, help text,
/// default level), then any checker diagnostic ids the reports use. Each finding is a result with
/// `ruleId`, `ruleIndex`, `level`, `message`, one physical location (file URI as given, start and
/// end line and column), related locations for its notes, and `properties` with the gap, region
/// and witness. Silenced findings carry a `suppressions` entry (kind `inSource`, the reason as
/// justification), as the standard prescribes, instead of being left out.
public enum SARIF {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// The SARIF log for `reports`; `toolVersion` is dmap's version.
    public static func log(_ reports: [LintReport], toolVersion: String) -> JSONValue {
        var rules: [JSONValue] = Linter.catalogue.map { rule in
            descriptor(id: rule.id, summary: rule.summary, help: rule.rationale, level: rule.severity)
        }
        var ruleIndex: [String: Int] = [:]
        for (i, rule) in Linter.catalogue.enumerated() { ruleIndex[rule.id] = i }
        for report in reports {
            for finding in report.findings where ruleIndex[finding.id] == nil {
                ruleIndex[finding.id] = rules.count
                rules.append(descriptor(id: finding.id, summary: "a problem `dmap check` reports",
                                        help: "See `dmap check`; the map's language reference is docs/language.md.",
                                        level: finding.severity))
            }
        }
        var results: [JSONValue] = []
        for report in reports {
            for finding in report.findings {
                results.append(result(finding, source: report.source, ruleIndex: ruleIndex[finding.id]!))
            }
        }
        let driver: JSONObject = [
            "name": "dmap", "version": .string(toolVersion), "semanticVersion": .string(toolVersion),
            "rules": .array(rules),
        ]
        let run: JSONObject = [
            "tool": ["driver": .object(driver)],
            "columnKind": "unicodeCodePoints",
            "results": .array(results),
        ]
        return ["$schema": .string(schema), "version": "2.1.0", "runs": [.object(run)]]
    }

    private static func descriptor(id: String, summary: String, help: String, level: Diagnostic.Severity) -> JSONValue {
        [
            "id": .string(id), "name": .string(pascalCase(id)),
            "shortDescription": ["text": .string(sentence(summary))],
            "fullDescription": ["text": .string(sentence(summary) + " " + help)],
            "help": ["text": .string(help + " See docs/lint-rules.md#\(id).")],
            "defaultConfiguration": ["level": .string(level.rawValue)],
        ]
    }

    private static func result(_ finding: Finding, source: SourceFile, ruleIndex: Int) -> JSONValue {
        var message = finding.diagnostic.message
        if let region = finding.region { message += "\nregion: " + region }
        if let witness = finding.witness { message += "\nwitness: " + LintOutput.witnessText(witness) }
        if let help = finding.diagnostic.help { message += "\nhelp: " + help }
        var result: JSONObject = [
            "ruleId": .string(finding.id), "ruleIndex": .number(Double(ruleIndex)),
            "level": .string(finding.severity.rawValue),
            "message": ["text": .string(message)],
            "locations": [location(finding.diagnostic.range, source)],
        ]
        if !finding.diagnostic.notes.isEmpty {
            let related: [JSONValue] = finding.diagnostic.notes.enumerated().compactMap { i, note in
                guard let range = note.range, case .object(var object) = location(range, source) else { return nil }
                object.append("id", .number(Double(i + 1)))
                object.append("message", ["text": .string(note.message)])
                return .object(object)
            }
            if !related.isEmpty { result.append("relatedLocations", .array(related)) }
        }
        var properties = JSONObject()
        if let gap = finding.gap { properties.append("gap", .string(gap.rawValue)) }
        if let region = finding.region { properties.append("region", .string(region)) }
        if let witness = finding.witness { properties.append("witness", .object(witness)) }
        if !properties.isEmpty { result.append("properties", .object(properties)) }
        if let reason = finding.suppression {
            result.append("suppressions", [["kind": "inSource", "justification": .string(reason)]])
        }
        return .object(result)
    }

    private static func location(_ range: SourceRange, _ source: SourceFile) -> JSONValue {
        let start = source.location(of: range.start)
        let end = source.location(of: range.end)
        return [
            "physicalLocation": [
                "artifactLocation": ["uri": .string(uri(source.name))],
                "region": [
                    "startLine": .number(Double(start.line)), "startColumn": .number(Double(start.column)),
                    "endLine": .number(Double(end.line)), "endColumn": .number(Double(max(end.column, end.line == start.line ? start.column + 1 : 1))),
                ],
            ],
        ]
    }

    /// A relative path as a URI reference: forward slashes, spaces and other reserved bytes escaped.
    static func uri(_ path: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
        var out = ""
        for byte in path.replacing("\\", with: "/").utf8 {
            if allowed.contains(byte) {
                out.append(Character(UnicodeScalar(byte)))
            } else {
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return out
    }

    private static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private static func sentence(_ s: String) -> String {
        (s.prefix(1).uppercased() + s.dropFirst()) + (s.hasSuffix(".") ? "" : ".")
    }
}
