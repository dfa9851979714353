import DecisionMap

/// Optional fields that some step needs but that have no missing-data policy.
///
/// Reported at the field's declaration when the field is `optional`, has no line of its own under
/// `missing`, there is no `otherwise` line, and the analysis finds a case in which a step needs
/// the field while it is missing. (`missing-data-gap` reports the cases themselves, with a
/// witness; this finding says where to fix it.) A field that every condition guards with
/// `is present` is never needed while missing and is not reported.
///
/// **Why it matters:** every optional field will be missing in some real case; the map should say
/// what happens then, once, where the field is declared.
///
/// **Fails:**
///
/// ```
/// inputs
///   subject  text  optional
/// decide route (first)
///   when subject contains "refund"  -> billing_team
/// ```
///
/// **Passes:**
///
/// ```
/// missing
///   subject -> triage_review
/// ```
enum MissingDataPolicy: LintRule {
    static let id = "missing-data-policy"
    static let severity = Diagnostic.Severity.warning
    static let summary = "optional fields used without a missing-data policy"
    static let rationale = "Every optional field is missing in some real case; the map should say what happens then."

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        return model.fields.enumerated().filter { context.coverage.sweep.neededWithoutPolicy[$0.offset] }.map { _, field in
            context.finding(self, "optional field \(context.code(field.name)) has no missing-data policy, but some steps need it",
                            at: field.range, help: "add `\(field.name) -> ROUTE` under `missing`")
        }
    }
}
