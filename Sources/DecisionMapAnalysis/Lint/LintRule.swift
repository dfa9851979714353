import DecisionMap

/// A lint check. Each rule lives in its own file under `Rules/`; its doc comment is its
/// documentation, and `docs/lint-rules.md` is written from them.
protocol LintRule: Sendable {
    /// The stable, kebab-case id: part of the public interface once released.
    static var id: String { get }
    static var severity: Diagnostic.Severity { get }
    /// One line: what the rule catches.
    static var summary: String { get }
    /// Why it matters to the business, for help texts.
    static var rationale: String { get }
    static func check(_ context: LintContext) -> [Finding]
}

/// A rule of the catalogue, as data: for SARIF, `--help` texts and documentation.
public struct LintRuleInfo: Hashable, Sendable {
    public let id: String
    public let severity: Diagnostic.Severity
    public let summary: String
    public let rationale: String
}

/// Everything a rule may read: the map, its model and the coverage analysis.
struct LintContext {
    let map: DecisionMap
    let coverage: Coverage
    var model: MapModel { map.model }

    /// A finding of `rule` at `range`.
    func finding(_ rule: LintRule.Type, _ message: String, at range: SourceRange, notes: [Diagnostic.Note] = [],
                 help: String? = nil) -> Finding {
        Finding(Diagnostic(rule.id, rule.severity, message, at: range, notes: notes, help: help))
    }

    /// A name in backticks.
    func code(_ name: String) -> String { "`\(name)`" }

    /// The 1-based line of a range.
    func line(_ range: SourceRange) -> Int { model.line(range) }
}
