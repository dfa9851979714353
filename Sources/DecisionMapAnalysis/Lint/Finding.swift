import DecisionMap

/// One lint finding: a diagnostic (rule id, severity, message, location, notes, help) plus, for
/// coverage findings, the gap the router would report, the region in words and a witness case.
public struct Finding: Equatable, Sendable {
    public var diagnostic: Diagnostic
    /// The gap kind `dmap route` reports for the witness.
    public var gap: GapKind?
    /// The region of the input space the finding is about, in words.
    public var region: String?
    /// A case in the region, keyed by field name (`dmap route` reads it); `null` means missing.
    public var witness: JSONObject?
    /// The reason a `# lint: allow` directive gave for silencing the finding; nil when it is not
    /// silenced. Silenced findings are kept, so they can be counted and audited.
    public var suppression: String?

    public init(_ diagnostic: Diagnostic, gap: GapKind? = nil, region: String? = nil, witness: JSONObject? = nil) {
        self.diagnostic = diagnostic
        self.gap = gap
        self.region = region
        self.witness = witness
    }

    /// The rule's stable id, e.g. `no-rule-gap`.
    public var id: String { diagnostic.id }
    public var severity: Diagnostic.Severity { diagnostic.severity }
    public var isSuppressed: Bool { suppression != nil }
}

/// What `Linter.lint` found in one map.
public struct LintReport: Sendable {
    public let source: SourceFile
    /// Every finding, silenced ones included, in source order.
    public var findings: [Finding]
    /// Whether the map compiled; when it did not, the findings are its compile errors.
    public var compiled: Bool
    /// How the coverage analysis went, when it ran.
    public var analysis: AnalysisSummary?
    /// Whether `LintOptions.shouldStop` stopped the analysis: the findings are then only the
    /// compiler's, and the report says nothing about the map's coverage.
    public var stopped = false

    /// The findings that count: the ones not silenced.
    public var active: [Finding] { findings.filter { !$0.isSuppressed } }
    public var suppressed: [Finding] { findings.filter(\.isSuppressed) }

    /// Whether any active finding is at least as severe as `severity`.
    public func fails(at severity: Diagnostic.Severity) -> Bool {
        active.contains { $0.severity >= severity }
    }
}

/// Statistics of the coverage analysis, for reports and benchmarks.
public struct AnalysisSummary: Hashable, Sendable {
    /// Nodes of the recursive split visited.
    public var nodes: Int
    /// Regions the space was divided into, each ending one way.
    public var regions: Int
    /// How many of them end as a gap (caught by the fallback or not).
    public var gapRegions: Int
    /// Whether the analysis covered the whole space exactly; when false, the absence of a gap is
    /// not a proof, and an `approximated-analysis` finding says why.
    public var exact: Bool
}

/// Options of the linter.
public struct LintOptions: Sendable {
    /// How many nodes the coverage analysis may visit before it stops and reports that it did.
    public var analysisBudget: Int
    /// A severity per rule id, for teams whose review policy differs from the defaults: every
    /// finding of that rule gets it.
    public var severities: [String: Diagnostic.Severity]
    /// Asked now and then during the analysis; true stops it early, and the report is then
    /// incomplete (`LintReport.stopped`): for a caller that no longer wants it, such as an editor
    /// whose document has changed.
    public var shouldStop: (@Sendable () -> Bool)?

    public init(analysisBudget: Int = 2_000_000, severities: [String: Diagnostic.Severity] = [:],
                shouldStop: (@Sendable () -> Bool)? = nil) {
        self.analysisBudget = analysisBudget
        self.severities = severities
        self.shouldStop = shouldStop
    }
}
