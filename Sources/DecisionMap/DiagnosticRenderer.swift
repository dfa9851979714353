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

    /// How many diagnostics with the same id and message are shown in full; the rest are counted.
    public static let repeatsShown = 3

    /// All diagnostics as text, each followed by a blank line. Of diagnostics that say the same
    /// thing (same id and message), the first `repeatsShown` are shown and the rest counted in one
    /// note at the end, with their lines, so a misspelling repeated a thousand times stays readable.
    public func text(_ diagnostics: [Diagnostic]) -> String {
        var seen: [String: Int] = [:]
        var hidden: [(key: String, message: String, lines: [Int])] = []
        var out = ""
        for d in diagnostics {
            let key = d.id + "\u{0}" + d.message
            let count = seen[key, default: 0] + 1
            seen[key] = count
            if count <= Self.repeatsShown {
                out += text(d) + "\n"
                continue
            }
            let line = source.location(of: d.range.start).line
            if let i = hidden.firstIndex(where: { $0.key == key }) {
                hidden[i].lines.append(line)
            } else {
                hidden.append((key, d.message, [line]))
            }
        }
        for group in hidden {
            var lines = Array(Set(group.lines)).sorted().map(String.init)
            if lines.count > 10 { lines = Array(lines.prefix(10)) + ["…"] }
            out += "\(source.name): note: \(group.lines.count) more not shown: \(group.message) (line\(lines.count == 1 ? "" : "s") "
                + lines.joined(separator: ", ") + ")\n\n"
        }
        return out
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
        var scalars = Array(shown.unicodeScalars)
        var caretStart = min(start.column - 1, scalars.count)
        var caretEnd = end.line == start.line ? max(caretStart + 1, end.column - 1) : max(caretStart + 1, scalars.count)
        // A long line is cut to a window around the caret, so each diagnostic costs the same
        // whatever the line's length.
        if scalars.count > Self.excerptWidth {
            let from = max(0, min(caretStart - Self.excerptWidth / 3, scalars.count - Self.excerptWidth))
            let to = min(scalars.count, from + Self.excerptWidth)
            var window = Array(scalars[from..<to])
            var shift = from
            if from > 0 {
                window.insert("…", at: 0)
                shift -= 1
            }
            if to < scalars.count { window.append("…") }
            scalars = window
            caretStart -= shift
            caretEnd = min(caretEnd - shift, scalars.count)
        }
        let number = String(start.line)
        let pad = String(repeating: " ", count: number.count)
        var line = String.UnicodeScalarView()
        line.append(contentsOf: scalars)
        return " \(number) | \(String(line))\n"
            + " \(pad) | " + String(repeating: " ", count: caretStart) + "^"
            + String(repeating: "~", count: max(0, caretEnd - caretStart - 1)) + "\n"
    }

    /// The most characters of a source line an excerpt shows.
    static let excerptWidth = 120
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
