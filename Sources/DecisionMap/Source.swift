/// A byte range in a source file. Every syntax node, diagnostic and trace step carries one;
/// `SourceFile` turns it into line and column when rendering.
public struct SourceRange: Hashable, Sendable, Comparable {
    /// Byte offset of the first byte.
    public var start: Int
    /// Byte offset one past the last byte.
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// A range that has no place in any file, for model values built in code.
    public static let none = SourceRange(start: 0, end: 0)

    /// The smallest range that covers both.
    public func union(_ other: SourceRange) -> SourceRange {
        if self == .none { return other }
        if other == .none { return self }
        return SourceRange(start: Swift.min(start, other.start), end: Swift.max(end, other.end))
    }

    public static func < (a: SourceRange, b: SourceRange) -> Bool {
        (a.start, a.end) < (b.start, b.end)
    }
}

/// A 1-based line and column; columns count Unicode scalars, as editors do.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// Wraps a source range so that it takes no part in equality or hashing. Syntax nodes store
/// their range this way, so tests and the formatter's round trip compare structure only.
@propertyWrapper
public struct IgnoredInEquality<Value: Sendable>: Hashable, Sendable {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    public static func == (_: Self, _: Self) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// The text of one map plus a line table. Holds the bytes exactly as given, so byte offsets in
/// ranges stay valid even when the text is not valid UTF-8.
public struct SourceFile: Sendable {
    /// The name shown in diagnostics, usually the path as the user typed it.
    public let name: String
    /// The raw bytes.
    public let bytes: [UInt8]
    /// Byte offset at which each line starts.
    let lineStarts: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            starts.append(i + 1)
        }
        lineStarts = starts
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The line and column of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        let column = String(decoding: bytes[start..<offset], as: UTF8.self).unicodeScalars.count + 1
        return SourceLocation(line: low + 1, column: column)
    }

    /// The 1-based line number of a byte offset.
    public func line(of offset: Int) -> Int { location(of: offset).line }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text of a range.
    public func text(_ range: SourceRange) -> String {
        let lo = max(0, min(range.start, bytes.count))
        let hi = max(lo, min(range.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
