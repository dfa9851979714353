import DecisionMap

/// A text field the map tests with `contains`, as the analysis sees it.
///
/// Which literal a text equals is the field's own dimension (one atom per literal, one for every
/// other text). Whether it contains each substring the map tests is one two-valued dimension per
/// substring. The product of these dimensions holds combinations no text has: a literal contains
/// exactly the substrings it contains, a text that contains `refund` contains `fund` too, and a
/// missing text contains nothing (by convention, so that each missing case lies in one region).
/// The sweep splits along the dimensions only where the map's conditions tell texts apart, and a
/// region is kept only if some text lies in it (`isFeasible`), so the analysis is exact however
/// many substrings a field is tested with; its cost grows with the number of combinations the
/// rules distinguish, not with 2^substrings.
///
/// Which combinations exist follows from one fact: joining the needed substrings with a character
/// that none of them contains gives a text that contains exactly those substrings and the ones
/// inside them (a substring without that character can only occur within one of the parts).
struct TextSpace: Sendable {
    let field: Int
    let literals: [String]
    /// The tested substrings, lowercased (`contains` ignores case), without repeats.
    let needles: [String]
    /// The space dimension of each needle.
    let dims: [Int]
    /// `[j]`: the needles a text containing needle `j` contains too (those inside it), `j` included.
    let implied: [[Int]]
    /// `[i][j]`: whether literal `i` contains needle `j`, as the router tests it.
    let literalContains: [[Bool]]
    /// A character that no needle contains, to join parts of example texts with; nil when every
    /// candidate is taken (the space is then approximate).
    let separator: Character?
    let otherAtom: Int
    let missingAtom: Int?

    /// Characters tried as separators, the most readable first.
    static let separators: [Character] = [" ", "/", "|", "~", "+", "#", "=", "*", "^", ";", ":", "!", "?", "@", "%", "&",
                                          "\u{B7}", "\u{2022}", "\u{A6}", "\u{A7}", "\u{A4}", "\u{2016}", "\u{2042}", "\u{25CA}"]

    init(field fs: FieldSpace, needles: [String], firstDim: Int) {
        field = fs.field
        literals = fs.literals
        self.needles = needles
        dims = needles.indices.map { firstDim + $0 }
        implied = needles.map { a in needles.indices.filter { a.contains(needles[$0]) } }
        literalContains = fs.literals.map { literal in needles.map { literal.lowercased().contains($0) } }
        separator = Self.separators.first { c in !needles.contains { $0.contains(c) } }
        otherAtom = fs.otherText
        missingAtom = fs.missingAtom
    }

    func dim(of needle: String) -> Int { dims[needles.firstIndex(of: needle)!] }

    /// The needles a node or box requires a text to contain (`yes`) or not to (`no`).
    private func required(_ allows: (Int, Int) -> Bool) -> (yes: [Int], no: [Int]) {
        var yes: [Int] = []
        var no: [Int] = []
        for j in needles.indices {
            let zero = allows(dims[j], 0), one = allows(dims[j], 1)
            if !zero { yes.append(j) }
            if !one { no.append(j) }
        }
        return (yes, no)
    }

    private func fits(literal i: Int, yes: [Int], no: [Int]) -> Bool {
        yes.allSatisfy { literalContains[i][$0] } && no.allSatisfy { !literalContains[i][$0] }
    }

    /// The needles a non-literal text must contain when it contains `yes`, or nil when that
    /// forces one of `no` (the empty needle is in every text).
    private func closure(yes: [Int], no: [Int]) -> [Int]? {
        var members = Set(yes.flatMap { implied[$0] })
        for j in needles.indices where needles[j].isEmpty { members.insert(j) }
        if no.contains(where: members.contains) { return nil }
        return members.sorted()
    }

    /// A text that is no literal and contains exactly `closure(yes, no)`, if there is one.
    func otherText(yes: [Int], no: [Int]) -> String? {
        guard let members = closure(yes: yes, no: no), let separator else { return nil }
        // The members no other member contains are enough: the rest are inside them.
        let maximal = members.filter { j in !members.contains { $0 != j && implied[$0].contains(j) && needles[$0] != needles[j] } }
            .map { needles[$0] }.filter { !$0.isEmpty }
        var text: String
        if maximal.isEmpty {
            text = ["other", "something else", "x"].first { filler in !needles.contains { !$0.isEmpty && filler.contains($0) } }
                ?? String(separator)
        } else {
            text = maximal.joined(separator: String(separator))
        }
        while literals.contains(text) { text = String(separator) + text }
        return text
    }

    /// Whether some value of the field lies in a node.
    func isFeasible(_ node: [Range<Int32>]) -> Bool {
        let range = node[field]
        let (yes, no) = required { node[$0].contains(Int32($1)) }
        if let m = missingAtom, range.contains(Int32(m)), yes.isEmpty { return true }
        for i in Int(range.lowerBound)..<max(Int(range.lowerBound), min(Int(range.upperBound), literals.count))
        where fits(literal: i, yes: yes, no: no) {
            return true
        }
        return range.contains(Int32(otherAtom)) && otherText(yes: yes, no: no) != nil
    }

    /// A value of the field in a box (nil for missing), preferring a made-up text over a literal,
    /// as regions are mostly about texts the map does not name; `.none` when no value lies in it.
    func value(in box: Box, space: InputSpace) -> JSONValue?? {
        let set = box.set(field, in: space)
        let (yes, no) = required { box.set($0, in: space).contains($1) }
        if set.contains(otherAtom), let text = otherText(yes: yes, no: no) { return .some(.string(text)) }
        for i in literals.indices where set.contains(i) && fits(literal: i, yes: yes, no: no) { return .some(.string(literals[i])) }
        if let m = missingAtom, set.contains(m), yes.isEmpty { return .some(nil) }
        return .none
    }

    /// The field's part of a region in words ("subject contains \"refund\" but not \"invoice\""),
    /// or nil when the box does not constrain it.
    func describe(_ box: Box, space: InputSpace, name: String) -> String? {
        let set = box.set(field, in: space)
        let (yes, no) = required { box.set($0, in: space).contains($1) }
        let fs = space[field]
        if set == fs.full, yes.isEmpty, no.isEmpty { return nil }
        let missing = fs.missingAtom.map { set.contains($0) } == true && yes.isEmpty
        // Only what some text in the box can be: literals that fit, and other texts if one fits.
        let shownLiterals = literals.indices.filter { set.contains($0) && fits(literal: $0, yes: yes, no: no) }
        let other = set.contains(otherAtom) && otherText(yes: yes, no: no) != nil
        if !other && shownLiterals.isEmpty { return missing ? "\(name) is missing" : nil }
        var phrase = name
        let quoted = { (s: String) in JSONValue.string(s).rendered() }
        if !other {
            phrase += " is " + list(shownLiterals.map { quoted(literals[$0]) }, "or")
        } else {
            if !shownLiterals.isEmpty {
                phrase += " is " + shownLiterals.map { quoted(literals[$0]) }.joined(separator: " or ") + " or another text"
            } else if !literals.isEmpty {
                phrase += literals.count == 1 ? " is not \(quoted(literals[0]))" : " is none of " + list(literals.map(quoted), "and")
            }
            var contains: [String] = []
            if !yes.isEmpty { contains.append("contains " + list(yes.map { quoted(needles[$0]) }, "and")) }
            if !no.isEmpty {
                let excluded = no.map { quoted(needles[$0]) }
                let word = yes.isEmpty ? "contains " : "but "
                contains.append(excluded.count == 1 ? (yes.isEmpty ? "does not contain " : "but not ") + excluded[0]
                                    : excluded.count == 2 ? word + "neither \(excluded[0]) nor \(excluded[1])"
                                    : word + "none of " + list(excluded, "and"))
            }
            if !contains.isEmpty { phrase += (phrase == name ? " " : " that ") + contains.joined(separator: " ") }
            if phrase == name { phrase += " is present" }
        }
        return phrase + (missing ? " or missing" : "")
    }

    private func list(_ items: [String], _ conjunction: String) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }
}
