// EmbeddedTriage: a Swift service's view of dmap. It builds a small triage map in Swift, prints
// it as canonical `.dmap` text (what `dmap fmt` would write), and routes a few cases in process:
// one given as a dictionary, the others as a `Codable` struct.
//
//     swift run EmbeddedTriage

import DecisionMap

// Inputs: typed handles, so conditions are checked by the Swift compiler.
let category = EnumInput("category", ["billing", "outage", "fraud", "other"], fromModel: true,
                         doc: "What the intake model thinks the case is about.")
let confidence = NumberInput("confidence", in: 0...1, fromModel: true)
let amount = NumberInput("amount", in: 0...1_000_000, unit: "EUR", optional: true)
let vip = BooleanInput("vip")

// Segments and routes are values; rules refer to them, never to strings.
let critical = RiskSegment("critical", risk: .high, when: category == "fraud" || amount >= 10_000)
let standard = RiskSegment("standard", risk: .low)

let autoResolve = Destination("auto_resolve", .automated, handle: .minutes(1), cost: 0.2)
let billingTeam = Destination("billing_team", .team("Billing L1"), handle: .minutes(12), sla: .hours(4), owner: "Billing Lead")
let fraudDesk = Destination("fraud_desk", .team("Fraud Desk"), handle: .minutes(30), sla: .hours(1), owner: "Fraud Lead")
let review = Destination("triage_review", .team("Triage reviewers"), handle: .minutes(6), sla: .hours(2), owner: "Triage Lead")
let supervisor = Destination("supervisor", .escalation("Shift supervisor"), sla: .minutes(30), owner: "Head of Operations")

let syntax = MapSyntax("Embedded triage", version: "1.0", currency: "EUR",
                       doc: "A small triage map, written in Swift.") {
    Owners(decisions: "Head of Operations", risk: "Risk Lead", review: "Triage Lead", quality: "QA Lead", roles: "COO")
    Inputs { category; confidence; amount; vip }
    Segments { critical; standard }
    Routes { autoResolve; billingTeam; fraudDesk; review; supervisor }
    Escalate(to: supervisor, when: inSegment(critical) && vip, because: "VIP in a critical case")
    Uncertainty(using: confidence) {
        Below(0.95, in: critical, to: review)
        Below(0.70, to: review)
    }
    Missing(amount, to: review)
    Invalid(to: review)
    Decide("route", .first) {
        When(category == "fraud", to: fraudDesk)
        When(category == "billing" && amount < 500, to: autoResolve)
        When(category == "billing", to: billingTeam)
        When(category == "outage", to: autoResolve)
    }
    FallbackTo(review, doc: "Anything else goes to a person, and is reported as a gap.")
}

print("The map as text:\n")
print(syntax.formatted())

let map: DecisionMap
do {
    map = try DecisionMap(syntax: syntax, name: "embedded-triage.dmap")
} catch {
    print(error)
    fatalError("the map has errors")
}

/// A case as the service has it. Property names are the map's column names; `nil` is missing.
struct Ticket: Codable {
    var id: String
    var category: String
    var confidence: Double
    var amount: Double?
    var vip: Bool
}

func show(_ label: String, _ routed: RoutedCase) {
    let gap = routed.gap.map { "  (gap: \($0.rawValue))" } ?? ""
    print("\(label): \(routed.route ?? "no route") — \(routed.outcome.rawValue), segment \(routed.segment ?? "none")\(gap)")
}

do {
    print("Routing cases (the first given as a dictionary, the others as Codable tickets):\n")
    show("case   D-1", try map.route(["id": "D-1", "category": "billing", "confidence": 0.92, "amount": 120, "vip": false]))
    let tickets = [
        Ticket(id: "T-1", category: "fraud", confidence: 0.99, amount: 40, vip: false),
        Ticket(id: "T-2", category: "billing", confidence: 0.91, amount: nil, vip: false),
        Ticket(id: "T-3", category: "outage", confidence: 0.55, amount: 10, vip: false),
        Ticket(id: "T-4", category: "fraud", confidence: 0.99, amount: 50_000, vip: true),
        Ticket(id: "T-5", category: "other", confidence: 0.88, amount: 10, vip: false),
    ]
    for ticket in tickets { show("ticket \(ticket.id)", try map.route(ticket)) }

    print("\nWhy T-5 went where it went:")
    for step in try map.explain(tickets[4]).trace {
        print("  " + (step.line.map { "line \($0)" } ?? "       ") + "  \(step.kind.rawValue): \(step.detail)")
    }
} catch {
    print("a case could not be read: \(error)")
}
