import DecisionMap

/// One version of an open document, parsed: what every request reads. Parsing is fast (a
/// 10,000-rule map in tens of milliseconds) and done once per version.
public struct Snapshot: Sendable {
    public let uri: String
    public let version: Int
    public let document: TextDocument
    public let source: SourceFile
    public let syntax: MapSyntax
    public let index: MapIndex
    /// The parser's diagnostics, and the names of items it dropped: what checking needs besides
    /// the syntax, so the check phase does not parse again.
    let parseDiagnostics: [Diagnostic]
    let recovered: Set<String>

    public init(uri: String, version: Int, document: TextDocument) {
        self.uri = uri
        self.version = version
        self.document = document
        source = SourceFile(name: Snapshot.fileName(uri), bytes: document.bytes)
        (syntax, parseDiagnostics, recovered) = Parser.parseRecovering(source)
        index = MapIndex(syntax)
    }

    /// The section keyword a 0-based line starts with at column 0, if any (`decide` in
    /// `decide route (first)`): where sections begin, for completion and the outline.
    public func sectionKeyword(ofLine line: Int) -> String? {
        let word = String(document.lineText(line).prefix { $0.isLetter || $0 == "_" })
        return Vocabulary.sections.contains(word) ? word : nil
    }

    /// The LSP range of a byte range.
    public func range(_ range: SourceRange) -> JSONValue {
        .object(["start": position(document.position(of: range.start)), "end": position(document.position(of: range.end))])
    }

    public func position(_ p: Position) -> JSONValue {
        .object(["line": .number(Double(p.line)), "character": .number(Double(p.character))])
    }

    public func location(_ range: SourceRange) -> JSONValue {
        .object(["uri": .string(uri), "range": self.range(range)])
    }

    /// A text edit replacing a byte range.
    public func edit(_ range: SourceRange, _ text: String) -> JSONValue {
        .object(["range": self.range(range), "newText": .string(text)])
    }

    /// The path of a `file:` URI (percent-decoded), or the URI itself: the name diagnostics use.
    static func fileName(_ uri: String) -> String {
        guard uri.hasPrefix("file://") else { return uri }
        var bytes: [UInt8] = []
        let utf8 = Array(uri.utf8.dropFirst(7))
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "%"), i + 2 < utf8.count, let byte = UInt8(String(decoding: utf8[i + 1...i + 2], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                i += 3
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
