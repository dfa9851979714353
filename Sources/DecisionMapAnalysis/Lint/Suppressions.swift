import DecisionMap

/// `# lint: allow RULE[, RULE]* because "reason"` directives: each silences the named rules'
/// findings on the line of the item it stands on or directly above. Malformed directives, unknown
/// rule ids and directives that silence nothing become `lint-directive` findings.
struct Suppressions {
    struct Directive {
        var ids: [String]
        var reason: String?
        /// The line whose findings it silences.
        var line: Int
        var range: SourceRange
        var used = Set<String>()
    }

    let source: SourceFile
    private(set) var directives: [Directive] = []
    private var problems: [Finding] = []
    private let knownIDs: Set<String>

    init(source: SourceFile, comments: [Comment], knownIDs: Set<String>) {
        self.source = source
        self.knownIDs = knownIDs
        for comment in comments {
            guard let body = Self.directiveBody(comment.text) else { continue }
            let line = comment.ownLine ? nextItemLine(after: source.line(of: comment.range.start)) : source.line(of: comment.range.start)
            parse(body, line: line, range: comment.range)
        }
    }

    /// The text after `lint:`, if the comment is a directive.
    private static func directiveBody(_ text: String) -> Substring? {
        var rest = text.drop { $0 == "#" }.drop { $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("lint:") else { return nil }
        rest = rest.dropFirst("lint:".count)
        return rest.drop { $0 == " " || $0 == "\t" }
    }

    /// The first line after `line` that holds more than blanks and comments.
    private func nextItemLine(after line: Int) -> Int {
        var l = line + 1
        while l <= source.line(of: source.bytes.count) {
            let text = source.lineText(l).trimmingCharacters(in: " \t")
            if !text.isEmpty && !text.hasPrefix("#") { return l }
            l += 1
        }
        return line + 1
    }

    private mutating func parse(_ body: Substring, line: Int, range: SourceRange) {
        let usage = "write `# lint: allow RULE-ID because \"reason\"`"
        guard body.hasPrefix("allow") else {
            return problem("unknown lint directive; the only one is `allow`", range, help: usage)
        }
        var rest = body.dropFirst("allow".count)
        var reason: String?
        if let because = rest.firstRange(of: " because") {
            var text = rest[because.upperBound...].drop { $0 == " " || $0 == "\t" }
            rest = rest[..<because.lowerBound]
            if text.hasPrefix("\""), let close = text.dropFirst().firstIndex(of: "\"") {
                reason = String(text[text.index(after: text.startIndex)..<close])
                text = text[text.index(after: close)...]
            }
            if reason?.trimmingCharacters(in: " \t").isEmpty ?? true {
                reason = nil
            }
        }
        let ids = rest.split(separator: ",").map { String($0).trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
        guard !ids.isEmpty else { return problem("`lint: allow` names no rule", range, help: usage) }
        guard let reason else {
            return problem("`lint: allow` needs a reason, so the accepted risk is on record", range, help: usage)
        }
        directives.append(Directive(ids: ids, reason: reason, line: line, range: range))
    }

    private mutating func problem(_ message: String, _ range: SourceRange, help: String? = nil, notes: [Diagnostic.Note] = []) {
        problems.append(Finding(Diagnostic(LintDirective.id, LintDirective.severity, message, at: range, notes: notes, help: help)))
    }

    /// Marks the findings the directives silence, and adds the directives' own findings.
    func apply(to findings: [Finding]) -> [Finding] {
        var copy = self
        var result = findings
        let present = Set(findings.map(\.id))
        for i in result.indices where result[i].id != LintDirective.id {
            let line = source.line(of: result[i].diagnostic.range.start)
            for d in copy.directives.indices where copy.directives[d].line == line && copy.directives[d].ids.contains(result[i].id) {
                result[i].suppression = copy.directives[d].reason
                copy.directives[d].used.insert(result[i].id)
                break
            }
        }
        for d in copy.directives {
            for id in d.ids where !d.used.contains(id) {
                if !copy.knownIDs.contains(id) && !present.contains(id) {
                    let guess = Suggestions.closest(to: id, in: copy.knownIDs.sorted())
                    copy.problem("unknown lint rule `\(id)`", d.range, help: guess.map { "did you mean `\($0)`?" })
                } else {
                    copy.problem("`lint: allow \(id)` silences nothing on line \(d.line)", d.range,
                                 help: "remove it, or move it directly above the item the finding points at")
                }
            }
        }
        return result + copy.problems
    }
}

extension StringProtocol {
    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
