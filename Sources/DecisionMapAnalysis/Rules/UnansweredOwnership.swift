import DecisionMap

/// Ownership questions the map leaves unanswered.
///
/// The `owners` section answers five questions, each with a named role: who defines the decision
/// logic (`decisions`), who owns risk tolerance (`risk`), who intervenes when the model is
/// uncertain (`review`), who measures outcome quality (`quality`) and who redesigns the roles
/// (`roles`). Each one left out is a finding, at the map's header.
///
/// **Why it matters:** AI pilots fail in production when nobody owns the decisions around the
/// model. A question without an owner is a decision nobody will revisit when it goes wrong.
///
/// **Fails:**
///
/// ```
/// owners
///   decisions "Head of Customer Operations"
///   risk      "Risk & Compliance Lead"
/// ```
///
/// **Passes:**
///
/// ```
/// owners
///   decisions "Head of Customer Operations"
///   risk      "Risk & Compliance Lead"
///   review    "Triage Team Lead"
///   quality   "Quality Assurance Lead"
///   roles     "Operations Director"
/// ```
enum UnansweredOwnership: LintRule {
    static let id = "unanswered-ownership"
    static let severity = Diagnostic.Severity.warning
    static let summary = "ownership questions the map leaves unanswered"
    static let rationale = "A decision nobody owns is a decision nobody revisits when it goes wrong."

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        let at = model.syntax.header.map { context.headerRange($0.range) } ?? .none
        return OwnershipQuestion.allCases.filter { model.owners[$0] == nil }.map { question in
            context.finding(self, "no one is named for \(question.question) (`\(question.rawValue)`)", at: at,
                            help: "add `\(question.rawValue) \"Role\"` under `owners`")
        }
    }
}
