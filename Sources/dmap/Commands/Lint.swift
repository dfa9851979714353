import DecisionMap
import DecisionMapAnalysis

enum LintCommand {
    static let spec = CommandSpec(
        name: ["lint"], abstract: "Review maps: gaps with witnesses, dead rules, missing safeguards.",
        discussion: """
            Analyses each map over its whole typed input space, without cases: regions where no \
            rule applies, where rules of a unique table conflict, where no segment applies or a \
            missing field stops a step, each with a witness case that `dmap route` reproduces; rules \
            that can never fire; and the reviewer's checks: escalations, confidence thresholds, \
            owners, SLAs, unused items, missing-data policies. Every rule is described in \
            docs/lint-rules.md. A finding is silenced by `# lint: allow RULE because "reason"` on or \
            above its line. A map with errors is not analysed; its errors are reported instead, as \
            findings.
            """,
        positionals: [PositionalSpec("MAP", help: "Map files (`-` reads standard input).", variadic: true)],
        options: [
            .option("--format", value: "FORMAT", help: "Output format.", allowed: ["text", "json", "sarif"], default: "text"),
            .option("--fail-on", value: "SEVERITY", help: "Fail when a finding is at least this severe.",
                    allowed: ["error", "warning", "note", "never"], default: "error"),
            .option("--severity", value: "RULE=LEVEL", help: "Give every finding of RULE this severity (error, warning or note).",
                    repeatable: true),
        ],
        examples: [
            "dmap lint decision-maps/*.dmap",
            "dmap lint triage.dmap --fail-on warning",
            "dmap lint --format sarif decision-maps/*.dmap > dmap.sarif",
            "dmap lint triage.dmap --severity high-risk-automated=error --severity route-without-sla=note",
        ],
        exitStatus: ExitStatusSpec(clean: "no finding is at or above the --fail-on severity",
                                   notClean: "some finding is (a map with errors counts: its errors are findings)",
                                   cannotRun: "the command could not run: a usage error, a file that cannot be read"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let format = arguments.value("--format") ?? "text"
        let failOn = Diagnostic.Severity(rawValue: arguments.value("--fail-on") ?? "error")
        var options = LintOptions()
        do throws(UsageError) {
            for (rule, level) in try arguments.pairs("--severity") {
                guard Linter.catalogue.contains(where: { $0.id == rule }) else {
                    throw UsageError("`--severity`: no lint rule `\(rule)`", help: Suggestions.closest(to: rule, in: Linter.catalogue.map(\.id))
                                        .map { "did you mean `\($0)`?" } ?? "the rules are listed in docs/lint-rules.md", command: spec)
                }
                guard let severity = Diagnostic.Severity(rawValue: level) else {
                    throw UsageError("`--severity \(rule)=\(level)`: the levels are error, warning and note", command: spec)
                }
                options.severities[rule] = severity
            }
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        var status = ExitCode.clean
        var reports: [LintReport] = []
        for path in arguments.positionals("MAP") {
            guard let source = readMapSource(path) else {
                status = .cannotRun
                continue
            }
            let report = Linter.lint(source, options: options)
            if let failOn, report.fails(at: failOn) { status = status.worse(.notClean) }
            reports.append(report)
        }
        switch format {
        case "json": Terminal.out(LintOutput.json(reports).rendered(pretty: true) + "\n")
        case "sarif": Terminal.out(SARIF.log(reports, toolVersion: version).rendered(pretty: true) + "\n")
        default: Terminal.out(reports.map(LintOutput.text).joined(separator: "\n"))
        }
        return status
    }
}
