import DecisionMap

/// `# lint: allow` directives that are malformed, name no rule, or silence nothing.
///
/// A finding is silenced by a comment on the line of the item it points at, or on its own line
/// directly above the item (other comments may stand between):
///
/// ```
/// # lint: allow route-without-owner because "owner is being hired, see ticket OPS-118"
/// account_managers  team "Key account managers"  sla 8h
/// ```
///
/// Several ids may be listed, separated by commas. The reason is required: a directive without
/// one silences nothing and is reported. Silenced findings still appear in JSON (with
/// `"suppressed"`) and SARIF (with a `suppressions` entry), and are counted in the text summary.
///
/// **Why it matters:** a silenced finding is a decision to accept a risk; the reason is the
/// record of who accepted it and why. A directive that silences nothing is stale and misleads the
/// next reader.
///
/// **Fails:**
///
/// ```
/// # lint: allow route-without-owner
/// account_managers  team "Key account managers"  sla 8h
/// ```
///
/// **Passes:**
///
/// ```
/// # lint: allow route-without-owner because "owner is being hired"
/// account_managers  team "Key account managers"  sla 8h
/// ```
enum LintDirective: LintRule {
    static let id = "lint-directive"
    static let severity = Diagnostic.Severity.warning
    static let summary = "lint directives that are malformed, name no rule, or silence nothing"
    static let rationale = "A silenced finding is an accepted risk; the reason is the record of who accepted it and why."

    /// Directives are checked by `Suppressions`, which needs every other finding first.
    static func check(_ context: LintContext) -> [Finding] { [] }
}
