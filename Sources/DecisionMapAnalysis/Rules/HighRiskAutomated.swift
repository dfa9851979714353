import DecisionMap

/// Cases of high- and critical-risk segments that an automated route finishes with no person in
/// the loop.
///
/// For every segment of risk `high` or `critical`, the analysis computes the exact region of cases
/// in that segment that end on an `automated` route, decided by a rule or caught by the fallback:
/// no mandatory escalation, no confidence review and no data policy put a person in front of them.
/// There is one finding per segment and deciding rule (or the fallback), at that rule, with the
/// region in words and a witness: a case that `dmap route` sends to the automated route, with that
/// outcome, in that segment. The severity is **error** for a `critical` segment and **warning**
/// for a `high` one; `dmap lint --severity high-risk-automated=LEVEL` sets one level for both.
///
/// Reported also when the analysis is approximate: each region found is real (its witness is
/// routed), though regions beyond the analysis's reach may be missing.
///
/// `unescalated-high-risk` asks a different question: whether any mandatory escalation can fire
/// for the segment at all. A segment can have escalations and still leave cases to automation
/// (this rule), or send every case to people and have no escalation path (that one).
///
/// **Why it matters:** a risk level is a promise that risky cases get more care. A critical case
/// finished by automation with no person anywhere is exactly what the reviewer signs off against.
/// `dmap simulate` counts the same cases in a real case file (HIGH RISK, NO PERSON).
///
/// **Fails** (a critical outage with a large amount and a calm customer is auto-resolved):
///
/// ```
/// segments
///   critical  risk critical  when category is fraud or amount >= 10000
/// escalate
///   to supervisor when segment is critical and sentiment < -0.5  because "angry customer"
/// decide route (first)
///   when category is fraud   -> fraud_desk
///   when category is outage  -> auto_resolve
/// ```
///
/// **Passes:**
///
/// ```
/// decide route (first)
///   when category is fraud                           -> fraud_desk
///   when segment is critical                         -> triage_review
///   when category is outage                          -> auto_resolve
/// ```
enum HighRiskAutomated: LintRule {
    static let id = "high-risk-automated"
    static let severity = Diagnostic.Severity.error
    static let summary = "cases of high and critical segments that automation finishes with no person in the loop"
    static let rationale = "Risky cases finished by automation alone get no more care than low-risk ones."

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        let coverage = context.coverage
        // One finding per segment and decider, in map order.
        var groups: [[Int]: [(ending: Ending, boxes: [Box])]] = [:]
        for (ending, entry) in coverage.sweep.automatedHighRisk {
            let key: [Int] = switch ending.kind {
            case .decided(let t, let r): [ending.segment, t, r]
            default: [ending.segment, Int.max, 0]
            }
            groups[key, default: []].append((ending, entry.boxes))
        }
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { key in
            let s = key[0]
            let segment = model.segments[s]
            let parts = groups[key]!.sorted { $0.ending.sortKey.lexicographicallyPrecedes($1.ending.sortKey) }
            let decider: Decider
            let range: SourceRange
            let route: Int
            if key[1] == Int.max {
                guard let fallback = model.fallback else { return nil }
                (decider, range, route) = (.fallback, fallback.range, fallback.route)
            } else {
                let rule = model.tables[key[1]].rules[key[2]]
                (decider, range, route) = (.rule(table: key[1], rule: key[2]), rule.range, rule.route)
            }
            let by = decider == .fallback ? "the fallback" : "the rule at line \(context.line(range))"
            var finding = Finding(Diagnostic(
                id, segment.risk == .critical ? .error : .warning,
                "cases of \(segment.risk.rawValue)-risk segment \(context.code(segment.name)) are finished by "
                    + "\(context.code(model.routes[route].name)) (automated, through \(by)) with no person in the loop",
                at: range, notes: [Diagnostic.Note("the segment is declared here", at: segment.range)],
                help: "put a person in the loop for these cases: an escalation, a confidence threshold, or a rule that sends them to a team first"))
            let boxes = Region.merge(parts.flatMap(\.boxes), in: coverage.space)
            finding.region = coverage.describe(boxes)
            for box in boxes.prefix(32) {
                let witness = coverage.witness(in: box)
                guard let d = coverage.route(witness), d.segment == s, d.decider == decider,
                      let r = d.route, model.routes[r].kind == .automated, d.outcome == .decided || d.outcome == .fallback
                else { continue }
                finding.witness = witness
                break
            }
            if finding.witness == nil {
                finding.diagnostic.notes.append(Diagnostic.Note("no witness could be confirmed by routing; please report this as a dmap bug"))
            }
            return finding
        }
    }
}
