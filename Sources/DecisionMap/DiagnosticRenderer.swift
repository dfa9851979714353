/// Renders diagnostics in the compiler convention, for terminals and CI logs:
///
/// ```
/// triage.dmap:12:31: error: undefined route `biling_team`
///    12 |   when category is billing -> biling_team
///       |                               ^~~~~~~~~~~
///       = help: did you mean `billing_team`?
/// ```
public struct DiagnosticRenderer: Sendable {
    public let source: SourceFile

    public init(source: SourceFile) {
        self.source = source
    }

    /// One diagnostic as text; `rule` is appended in brackets (lint finding ids), and `facts`
    /// (`= gap: …`, `= region: …`) follow the help, before the notes.
    public func text(_ d: Diagnostic, rule: String? = nil, facts: [(label: String, text: String)] = []) -> String {
        let start = source.location(of: d.range.start)
        var out = "\(source.name):\(start.line):\(start.column): \(d.severity.rawValue): \(d.message)"
        if let rule { out += " [\(rule)]" }
        out += "\n"
        out += excerpt(d.range)
        if let help = d.help { out += "\(gutter(start.line))= help: \(help)\n" }
        for fact in facts { out += "\(gutter(start.line))= \(fact.label): \(fact.text)\n" }
        for note in d.notes {
            if let range = note.range {
                let at = source.location(of: range.start)
                out += "\(source.name):\(at.line):\(at.column): note: \(note.message)\n"
                out += excerpt(range)
            } else {
                out += "\(gutter(start.line))= note: \(note.message)\n"
            }
        }
        return out
    }

    /// All diagnostics as text, each followed by a blank line.
    public func text(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { text($0) + "\n" }.joined()
    }

    private func gutter(_ line: Int) -> String {
        String(repeating: " ", count: String(line).count + 2)
    }

    /// The source line with a caret under the range (only its first line, when it spans several).
    func excerpt(_ range: SourceRange) -> String {
        guard !source.bytes.isEmpty else { return "" }
        let start = source.location(of: range.start)
        let end = source.location(of: range.end)
        let lineText = source.lineText(start.line)
        // Tabs become single spaces so the caret lines up with what the terminal shows.
        let shown = String(lineText.unicodeScalars.map { scalar -> Character in
            if scalar == "\t" { return " " }
            return scalar.value < 0x20 || scalar.value == 0x7F ? "\u{FFFD}" : Character(scalar)
        })
        let lineLength = shown.unicodeScalars.count
        let caretStart = min(start.column - 1, lineLength)
        let caretEnd = end.line == start.line ? max(caretStart + 1, end.column - 1) : max(caretStart + 1, lineLength)
        let number = String(start.line)
        let pad = String(repeating: " ", count: number.count)
        return " \(number) | \(shown)\n"
            + " \(pad) | " + String(repeating: " ", count: caretStart) + "^"
            + String(repeating: "~", count: max(0, caretEnd - caretStart - 1)) + "\n"
    }
}

/// Diagnostics as JSON values, for `--format json`.
public enum DiagnosticJSON {
    /// One diagnostic: `id`, `severity`, `message`, `file`, `line`, `column`, `endLine`,
    /// `endColumn`, and `help`, `notes`, `fixIts` when present.
    public static func value(_ d: Diagnostic, source: SourceFile) -> JSONValue {
        var object: JSONObject = [
            "id": .string(d.id), "severity": .string(d.severity.rawValue), "message": .string(d.message),
        ]
        for (key, value) in location(d.range, source) { object.append(key, value) }
        if let help = d.help { object.append("help", .string(help)) }
        if !d.notes.isEmpty {
            object.append("notes", .array(d.notes.map { note in
                var n: JSONObject = ["message": .string(note.message)]
                if let range = note.range { for (key, value) in location(range, source) { n.append(key, value) } }
                return .object(n)
            }))
        }
        if !d.fixIts.isEmpty {
            object.append("fixIts", .array(d.fixIts.map { fix in
                var f = JSONObject()
                for (key, value) in location(fix.range, source) where key != "file" { f.append(key, value) }
                f.append("replacement", .string(fix.replacement))
                return .object(f)
            }))
        }
        return .object(object)
    }

    static func location(_ range: SourceRange, _ source: SourceFile) -> [(String, JSONValue)] {
        let start = source.location(of: range.start)
        let end = source.location(of: range.end)
        return [("file", .string(source.name)), ("line", .number(Double(start.line))),
                ("column", .number(Double(start.column))), ("endLine", .number(Double(end.line))),
                ("endColumn", .number(Double(end.column)))]
    }
}
