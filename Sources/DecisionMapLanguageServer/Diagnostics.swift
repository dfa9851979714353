import DecisionMap
import DecisionMapAnalysis

/// What the server knows about one version of a document after checking (and, when it checks,
/// linting) it: the findings, as the command line would report them, and the compiled map.
public struct Analysis: Sendable {
    public var version: Int
    /// Check diagnostics, then (once linted) every active lint finding; compile errors come as
    /// findings without a region.
    public var findings: [Finding]
    /// Whether lint ran (false: the check phase only, or the map has errors).
    public var linted: Bool
    /// The map, when it checks.
    public var map: DecisionMap?

    /// Phase one: parse and check, as `dmap check` does. Fast on any map, so the editor shows
    /// syntax and check errors at once.
    public static func check(_ snapshot: Snapshot) -> Analysis {
        let (map, diagnostics) = DecisionMap.compile((snapshot.syntax, snapshot.parseDiagnostics, snapshot.recovered), source: snapshot.source)
        return Analysis(version: snapshot.version, findings: diagnostics.map { Finding($0) }, linted: false, map: map)
    }

    /// Phase two: lint the map phase one compiled, as `dmap lint` does. Nil when the map has
    /// errors (the check phase has already said everything there is), or when `shouldStop` said
    /// to stop (the document has changed: the next version's analysis is what counts).
    public func lint(shouldStop: (@Sendable () -> Bool)? = nil) -> Analysis? {
        guard let map else { return nil }
        let report = Linter.lint(map, checked: findings.map(\.diagnostic), options: LintOptions(shouldStop: shouldStop))
        guard !report.stopped else { return nil }
        return Analysis(version: version, findings: report.active, linted: true, map: map)
    }
}

/// Turns dmap findings into LSP diagnostics.
public struct DiagnosticConverter: Sendable {
    /// Where the documentation lives (a URI ending in `/`), for `codeDescription`; nil leaves it out.
    public var docsBase: String?
    static let lintRules = Set(Linter.catalogue.map(\.id))

    public init(docsBase: String?) {
        self.docsBase = docsBase
    }

    public func convert(_ finding: Finding, in snapshot: Snapshot) -> JSONValue {
        let d = finding.diagnostic
        var message = d.message
        if let help = d.help { message += "\nhelp: \(help)" }
        for note in d.notes where note.range == nil { message += "\nnote: \(note.message)" }
        if let region = finding.region { message += "\nregion: \(region)" }
        if let witness = finding.witness { message += "\nwitness: \(JSONValue.object(witness).rendered())" }
        var result: JSONObject = [
            "range": snapshot.range(d.range),
            "severity": .number(d.severity == .error ? 1 : d.severity == .warning ? 2 : 3),
            "code": .string(d.id),
            "source": "dmap",
            "message": .string(message),
        ]
        if let docsBase {
            let page = DiagnosticConverter.lintRules.contains(d.id) ? "lint-rules.md#\(d.id)" : "language.md#check-diagnostics"
            result["codeDescription"] = .object(["href": .string(docsBase + page)])
        }
        let related = d.notes.compactMap { note -> JSONValue? in
            guard let range = note.range else { return nil }
            return .object(["location": snapshot.location(range), "message": .string(note.message)])
        }
        if !related.isEmpty { result["relatedInformation"] = .array(related) }
        if let witness = finding.witness { result["data"] = .object(["witness": .object(witness)]) }
        return .object(result)
    }
}
