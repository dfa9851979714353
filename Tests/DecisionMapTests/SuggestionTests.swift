import Testing
@testable import DecisionMap

/// "Did you mean …?" suggestions: close typos are suggested, unrelated names are not.
@Suite struct SuggestionTests {
    @Test(arguments: [
        ("biling_team", ["billing_team", "fraud_desk"], "billing_team"),
        ("fraud_dsek", ["billing_team", "fraud_desk"], "fraud_desk"),
        ("Billing", ["billing", "outage"], "billing"),
        ("segmnets", ["segments", "routes"], "segments"),
    ])
    func closeTyposAreSuggested(typed: String, candidates: [String], expected: String) {
        #expect(Suggestions.closest(to: typed, in: candidates) == expected)
    }

    @Test func unrelatedOrWholeNameReplacementsAreNotSuggested() {
        #expect(Suggestions.closest(to: "c", in: ["a", "b"]) == nil)
        #expect(Suggestions.closest(to: "priority", in: ["first", "unique"]) == nil)
        #expect(Suggestions.closest(to: "billing", in: ["billing"]) == nil)
    }

    @Test func transpositionsCountAsOneEdit() {
        #expect(Suggestions.distance(Array("ab".unicodeScalars), Array("ba".unicodeScalars)) == 1)
        #expect(Suggestions.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)) == 3)
    }
}
