import DecisionMap

/// The reviewer's linter: checks a map against the rule catalogue, using the static coverage
/// analysis for gaps, conflicts and dead rules.
///
/// ```swift
/// let report = Linter.lint(SourceFile(name: "triage.dmap", text: text))
/// for finding in report.active { print(finding.id, finding.diagnostic.message) }
/// ```
public enum Linter {
    /// Every rule, in the order of `docs/lint-rules.md`.
    static let rules: [any LintRule.Type] = [
        NoRuleGap.self, RuleConflict.self, NoSegmentGap.self, MissingDataGap.self, FallbackCatchesGap.self,
        DeadRule.self, UnusedSegment.self, HighRiskAutomated.self, UnescalatedHighRisk.self, NoConfidenceThreshold.self,
        ThresholdInversion.self, UnansweredOwnership.self, RouteWithoutOwner.self, RouteWithoutSLA.self,
        UnusedRoute.self, UnusedCondition.self, MissingDataPolicy.self, ApproximatedAnalysis.self, LintDirective.self,
    ]

    /// The rule catalogue: stable ids, default severities and descriptions.
    public static let catalogue: [LintRuleInfo] = rules.map {
        LintRuleInfo(id: $0.id, severity: $0.severity, summary: $0.summary, rationale: $0.rationale)
    }

    /// Compiles and lints a map. A map that does not compile is not linted: its report holds the
    /// compile errors (and warnings) as findings, and `compiled` is false. A map that compiles
    /// gets the checker's warnings too.
    public static func lint(_ source: SourceFile, options: LintOptions = LintOptions()) -> LintReport {
        let (map, diagnostics) = DecisionMap.compile(source)
        guard let map else {
            return LintReport(source: source, findings: diagnostics.map { Finding($0) }, compiled: false, analysis: nil)
        }
        return lint(map, extra: diagnostics.map { Finding($0) }, options: options)
    }

    /// Lints a compiled map. `checked` are the diagnostics its compilation gave (warnings), reported
    /// with the findings as `lint(_ source:)` does, so a caller that has compiled the map already
    /// need not compile it again.
    public static func lint(_ map: DecisionMap, checked: [Diagnostic] = [], options: LintOptions = LintOptions()) -> LintReport {
        lint(map, extra: checked.map { Finding($0) }, options: options)
    }

    private static func lint(_ map: DecisionMap, extra: [Finding], options: LintOptions) -> LintReport {
        func stopped() -> LintReport {
            var report = LintReport(source: map.model.source, findings: extra, compiled: true, analysis: nil)
            report.stopped = true
            return report
        }
        let coverage = Coverage(map: map, budget: options.analysisBudget, shouldStop: options.shouldStop)
        if coverage.sweep.stopped { return stopped() }
        let context = LintContext(map: map, coverage: coverage)
        var findings = extra
        for rule in rules {
            if let shouldStop = options.shouldStop, shouldStop() { return stopped() }
            findings += rule.check(context)
        }
        for i in findings.indices {
            if let severity = options.severities[findings[i].id] { findings[i].diagnostic.severity = severity }
        }
        findings = Suppressions(source: map.model.source, comments: map.model.syntax.comments,
                                knownIDs: Set(catalogue.map(\.id))).apply(to: findings)
        findings.sort { a, b in
            (a.diagnostic.range.start, b.severity, a.id) < (b.diagnostic.range.start, a.severity, b.id)
        }
        let summary = AnalysisSummary(nodes: coverage.sweep.nodes, regions: coverage.sweep.leaves,
                                      gapRegions: coverage.gaps.reduce(0) { $0 + $1.leaves }, exact: coverage.isExact)
        return LintReport(source: map.model.source, findings: findings, compiled: true, analysis: summary)
    }
}

