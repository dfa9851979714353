import DecisionMap

/// A position as LSP counts it: a 0-based line and a 0-based offset in UTF-16 code units.
public struct Position: Hashable, Sendable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }
}

/// The text of one open document, as UTF-8 bytes with a line table, and the conversions between
/// LSP positions (UTF-16) and the byte offsets every dmap range uses.
///
/// Lines end at `\n`; a `\r` before it belongs to the line break. A position past the end of its
/// line means the end of the line, and a line past the end of the text means the end of the text,
/// as the specification asks; nothing a client sends makes a conversion fail.
public struct TextDocument: Sendable {
    public private(set) var bytes: [UInt8]
    private var lineStarts: [Int]

    public init(_ text: String) {
        bytes = Array(text.utf8)
        lineStarts = TextDocument.lineStarts(bytes)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The byte offset of a position.
    public func offset(of position: Position) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        var i = lineStarts[position.line]
        let end = lineEnd(position.line)
        var units = 0
        while i < end, units < position.character {
            let (length, width) = scalar(at: i)
            // A position inside a surrogate pair falls back to the start of the character.
            if units + width > position.character { break }
            units += width
            i += length
        }
        return i
    }

    /// The position of a byte offset (an offset inside a character counts as its start).
    public func position(of offset: Int) -> Position {
        let offset = max(0, min(offset, bytes.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var i = lineStarts[low], units = 0
        while i < offset {
            let (length, width) = scalar(at: i)
            if i + length > offset { break }
            units += width
            i += length
        }
        return Position(line: low, character: units)
    }

    /// The position just past the last character.
    public var endPosition: Position { position(of: bytes.count) }

    /// Replaces the text between two positions (an incremental change), or all of it.
    public mutating func replace(from start: Position?, to end: Position?, with text: String) {
        guard let start, let end else {
            self = TextDocument(text)
            return
        }
        let lo = offset(of: start), hi = max(lo, offset(of: end))
        bytes.replaceSubrange(lo..<hi, with: Array(text.utf8))
        lineStarts = TextDocument.lineStarts(bytes)
    }

    /// The 0-based line of a byte offset.
    public func line(of offset: Int) -> Int { position(of: offset).line }

    /// The bytes of a 0-based line up to a byte offset in it.
    public func linePrefix(upTo offset: Int) -> Substring {
        let line = self.line(of: offset)
        return Substring(String(decoding: bytes[lineStarts[line]..<max(lineStarts[line], offset)], as: UTF8.self))
    }

    /// The text of a 0-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 0, line < lineStarts.count else { return "" }
        return String(decoding: bytes[lineStarts[line]..<lineEnd(line)], as: UTF8.self)
    }

    public var lineCount: Int { lineStarts.count }

    public func lineStart(_ line: Int) -> Int { lineStarts[max(0, min(line, lineStarts.count - 1))] }

    /// Where a line's content ends: before its `\n` (and a `\r` before that).
    private func lineEnd(_ line: Int) -> Int {
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if end > lineStarts[line], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return end
    }

    /// The length in bytes and the width in UTF-16 units of the character at `i`. A byte that does
    /// not start a well-formed sequence counts as one unit (clients only send valid text).
    private func scalar(at i: Int) -> (length: Int, width: Int) {
        let b = bytes[i]
        let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        guard i + length <= bytes.count else { return (1, 1) }
        return (length, length == 4 ? 2 : 1)
    }

    private static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        return starts
    }
}
