import DecisionMap

/// decision-maps/customer-triage.dmap, written with the Swift DSL: every section, item and
/// description, so the tests can compare the two syntax trees and their routing.
enum CustomerTriageInSwift {
    static let channel = EnumInput("channel", ["email", "chat", "phone", "social media"], column: "Channel",
                                   doc: "How the customer contacted us. The CRM export calls this column \"Channel\".")
    static let tier = EnumInput("tier", ["standard", "gold", "platinum"], doc: "Service tier of the customer's contract.")
    static let category = EnumInput("category", ["billing", "outage", "fraud", "complaint", "other"], fromModel: true,
                                    doc: "The intake model's reading of what the case is about.")
    static let confidence = NumberInput("confidence", in: 0...1, fromModel: true,
                                        doc: "How sure the intake model is of its category, from 0 to 1.")
    static let amount = NumberInput("amount", in: 0...1_000_000, unit: "EUR", optional: true,
                                    doc: "Amount in dispute, if the customer mentioned one.")
    static let sentiment = NumberInput("sentiment", in: -1...1,
                                       doc: "Tone of the customer's message, from -1 (furious) to 1 (delighted).")
    static let priorEscalations = IntegerInput("prior_escalations", in: 0...,
                                               doc: "How often this customer's cases were escalated in the last 12 months.")
    static let vip = BooleanInput("vip", doc: "Flagged as a VIP by the account team.")
    static let subject = TextInput("subject", optional: true, doc: "Subject line of the message, if there is one.")

    static let largeAmount = Criterion("large_amount", when: amount.isPresent && amount >= 10000,
                                       doc: "A disputed amount of 10 000 EUR or more.")
    static let angry = Criterion("angry", when: sentiment < -0.5, doc: "The customer is clearly upset.")

    static let critical = RiskSegment("critical", risk: .high, when: category == "fraud" || largeAmount,
                                      doc: "Suspected fraud or a large sum of money at stake.")
    static let repeatEscalations = RiskSegment("repeat_escalations", risk: .high, when: priorEscalations >= 3,
                                               doc: "Customers whose cases keep being escalated.")
    static let highTouch = RiskSegment("high_touch", risk: .medium, when: tier == "platinum" || vip,
                                       doc: "Our most valuable customers.")
    static let standard = RiskSegment("standard", risk: .low, doc: "Everyone else.")

    static let autoResolve = Destination("auto_resolve", .automated, handle: .minutes(1), cost: 0.2,
                                         doc: "The digital worker answers and closes the case itself.")
    static let billingTeam = Destination("billing_team", .team("Billing L1"), handle: .minutes(12), cost: 9, sla: .hours(4),
                                         capacity: 80, owner: "Billing Lead", doc: "First-line billing specialists.")
    static let fraudDesk = Destination("fraud_desk", .team("Fraud Desk"), handle: .minutes(30), cost: 25, sla: .hours(1),
                                       capacity: 40, owner: "Fraud Lead",
                                       doc: "Investigates suspected fraud before anything is paid or changed.")
    static let accountManagers = Destination("account_managers", .team("Key account managers"), handle: .minutes(25), cost: 22,
                                             sla: .hours(8), capacity: 30, doc: "Account managers for platinum and VIP customers.")
    static let complaintsTeam = Destination("complaints_team", .team("Complaints desk"), handle: .minutes(18), cost: 14,
                                            sla: .days(1), capacity: 50, owner: "Customer Relations Manager",
                                            doc: "Complaints specialists.")
    static let triageReview = Destination("triage_review", .team("Triage reviewers"), handle: .minutes(6), cost: 4, sla: .hours(2),
                                          capacity: 60, owner: "Triage Team Lead",
                                          doc: "People who check what the model could not decide with confidence.")
    static let supervisor = Destination("supervisor", .escalation("Shift supervisor"), handle: .minutes(20), cost: 30,
                                        sla: .minutes(30), capacity: 20, owner: "Head of Customer Operations",
                                        doc: "The shift supervisor on duty.")

    static var syntax: MapSyntax {
        MapSyntax("Customer case triage", version: "2026.11-draft", description: "Routes incoming customer cases",
                  currency: "EUR", doc: """
                      Routes incoming customer cases (email, chat, phone, social media) to automation,
                      specialist teams, reviewers and the shift supervisor.
                      """) {
            Owners(decisions: "Head of Customer Operations", risk: "Risk & Compliance Lead", review: "Triage Team Lead",
                   quality: "Quality Assurance Lead")
            Inputs { channel; tier; category; confidence; amount; sentiment; priorEscalations; vip; subject }
            Conditions { largeAmount; angry }
            Segments { critical; repeatEscalations; highTouch; standard }
            Routes { autoResolve; billingTeam; fraudDesk; accountManagers; complaintsTeam; triageReview; supervisor }
            Escalate(to: supervisor, when: inSegment(critical) && angry, because: "angry customer, high exposure", sla: .minutes(30),
                     doc: "An angry customer in a critical case goes straight to the supervisor.")
            Inconsistent(when: category == "billing" && amount.isMissing, to: triageReview, because: "billing case without an amount",
                         doc: "A billing question needs an amount; without one the model may have misread the case.")
            Uncertainty(using: confidence,
                        doc: "Below these confidences a person checks the model's category. Stricter as risk rises.") {
                Below(0.95, in: critical, to: triageReview)
                Below(0.90, in: repeatEscalations, to: triageReview)
                Below(0.90, in: highTouch, to: triageReview)
                Below(0.70, to: triageReview)
            }
            Missing(amount, to: triageReview)
            Invalid(to: triageReview)
            Decide("key_accounts", .first, in: highTouch,
                   doc: "Key accounts: large billing questions from platinum or VIP customers go to their account managers.") {
                When(category == "billing" && amount >= 2000, to: accountManagers)
            }
            Decide("route", .first, doc: "The main triage table; the first rule that holds decides.") {
                When(category == "fraud", to: fraudDesk)
                When(category == "billing" && amount < 500, to: autoResolve)
                When(category == "billing", to: billingTeam)
                When(category == "outage" && subject.contains("refund"), to: billingTeam,
                     doc: "Customers asking for a refund after an outage are a billing matter.")
                When(category == "outage", to: autoResolve)
            }
        }
    }
}
