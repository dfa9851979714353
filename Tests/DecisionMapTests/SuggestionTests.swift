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

    /// Of equally close names the first declared is suggested. The checker took the named
    /// conditions from a dictionary, so which of `abcx`, `abcy` and `abcw` a process suggested for
    /// `abcz` depended on its hash seed.
    @Test func ofEquallyCloseConditionsTheFirstDeclaredIsSuggested() {
        let text = """
            map "tie"
            inputs
              kind  one of a, b
            conditions
              abcx  when kind is a
              abcy  when kind is b
              abcw  when kind is a
            segments
              all  risk low  otherwise
            routes
              bot   automated
              desk  team "Desk"  sla 1h  owner "Lead"
            decide d (first)
              when abcz -> bot
              otherwise -> desk

            """
        let diagnostics = DecisionMap.compile(SourceFile(name: "tie.dmap", text: text)).diagnostics
        #expect(diagnostics.map(\.message) == ["undefined condition `abcz`"])
        #expect(diagnostics.first?.help == "did you mean `abcx`?")
    }

    @Test func transpositionsCountAsOneEdit() {
        #expect(Suggestions.distance(Array("ab".unicodeScalars), Array("ba".unicodeScalars)) == 1)
        #expect(Suggestions.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)) == 3)
    }
}
