/// A problem found in a map or a case, as data. The checker, the case binder and the linter all
/// produce these; one renderer turns them into text, JSON or SARIF.
///
/// Message style: lowercase, one line, no final period, names in backticks; advice goes in `help`.
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case error, warning, note

        var rank: Int {
            switch self {
            case .error: 2
            case .warning: 1
            case .note: 0
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// Secondary information with its own location, such as the earlier definition of a
    /// duplicate name.
    public struct Note: Hashable, Sendable {
        public var message: String
        public var range: SourceRange?

        public init(_ message: String, at range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }
    }

    /// A suggested edit: replace the text in `range` with `replacement`.
    public struct FixIt: Hashable, Sendable {
        public var range: SourceRange
        public var replacement: String

        public init(range: SourceRange, replacement: String) {
            self.range = range
            self.replacement = replacement
        }
    }

    /// A stable, kebab-case identifier of the kind of problem, e.g. `undefined-name`.
    public var id: String
    public var severity: Severity
    public var message: String
    /// The primary span; the caret goes under it.
    public var range: SourceRange
    public var notes: [Note]
    public var help: String?
    public var fixIts: [FixIt]

    public init(
        _ id: String, _ severity: Severity = .error, _ message: String, at range: SourceRange,
        notes: [Note] = [], help: String? = nil, fixIts: [FixIt] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        self.help = help
        self.fixIts = fixIts
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
