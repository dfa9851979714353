/// "Did you mean …?" suggestions for misspelled names, shared by the checker, the case binder and
/// the command line.
package enum Suggestions {
    /// The candidate closest to `name` by edit distance, if it is close enough to be a plausible
    /// typo: at most a third of the longer name's length (at least 1), never more than 3 edits, and
    /// never the whole name.
    package static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let other = Array(candidate.lowercased().unicodeScalars)
            let limit = min(3, max(1, max(target.count, other.count) / 3))
            let d = distance(target, other)
            // Replacing every character is not a typo: `c` does not suggest `a`.
            if d <= limit, d < max(target.count, other.count), d < (best?.distance ?? Int.max) {
                best = (candidate, d)
            }
        }
        return best?.name
    }

    /// The value `typed` was probably meant to be, for enumeration values: the same but for case,
    /// spaces, `_` and `-`; a word-by-word abbreviation (`Tech issue` for `Technical issue`) when
    /// only one value fits; else a close typo.
    package static func closestValue(to typed: String, in candidates: [String]) -> String? {
        let key = words(typed)
        if let same = candidates.first(where: { words($0) == key }) { return same }
        let abbreviated = candidates.filter { candidate in
            let full = words(candidate)
            return full.count == key.count && zip(key, full).allSatisfy { $1.hasPrefix($0) }
        }
        if abbreviated.count == 1 { return abbreviated[0] }
        return closest(to: typed, in: candidates)
    }

    /// The columns a missing one was probably meant to be, best first (at most three): the same
    /// but for case, spaces, `_`, `-` and `.` (`Customer Satisfaction Rating` for
    /// `customer_satisfaction_rating`); one containing the other (`TicketChannel` for `channel`);
    /// a close typo.
    package static func closestColumns(to name: String, in columns: [String]) -> [String] {
        func squeezed(_ s: String) -> String { String(s.lowercased().filter { !" _-.".contains($0) }) }
        let key = squeezed(name)
        guard !key.isEmpty else { return [] }
        var ranked: [(rank: Int, distance: Int, column: String)] = []
        for column in columns {
            let other = squeezed(column)
            guard !other.isEmpty else { continue }
            if other == key {
                ranked.append((0, 0, column))
            } else if other.contains(key) || key.contains(other), min(other.count, key.count) >= 3 {
                ranked.append((1, abs(other.count - key.count), column))
            } else {
                let d = distance(Array(key.unicodeScalars), Array(other.unicodeScalars))
                if d <= min(3, max(1, max(key.count, other.count) / 3)) { ranked.append((2, d, column)) }
            }
        }
        return ranked.sorted { ($0.rank, $0.distance) < ($1.rank, $1.distance) }.prefix(3).map(\.column)
    }

    /// A value's words, lowercased, with `_` and `-` as spaces.
    private static func words(_ s: String) -> [Substring] {
        s.lowercased().split { $0 == " " || $0 == "_" || $0 == "-" || $0 == "\t" }
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transpositions), so that the
    /// common typo `biling_taem` is two edits, not four.
    package static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
