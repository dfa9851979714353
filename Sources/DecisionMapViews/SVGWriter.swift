import DecisionMap
/// A small, deterministic SVG writer: escaping, text measuring and the handful of elements dmap's
/// pictures need. The graph renderer uses it, and the HTML report embeds its output, so it knows
/// nothing about maps. Coordinates are whole pixels, so the same picture is the same bytes on
/// every platform (no floating-point formatting anywhere).

/// Estimates how wide text is, without a font engine: a fixed advance per character, taken from
/// DejaVu Sans (the widest of the fonts the pictures name), so an estimate never falls short in
/// Helvetica, Arial or Liberation Sans. Long text is wrapped at spaces or cut with an ellipsis.
public struct TextMetrics: Hashable, Sendable {
    /// Font size in pixels.
    public var size: Int
    /// Bold text is estimated 10% wider.
    public var bold: Bool

    /// Metrics for a font size in pixels.
    public init(size: Int, bold: Bool = false) {
        self.size = size
        self.bold = bold
    }

    /// The estimated width of `string` in pixels, rounded up.
    public func width(_ string: String) -> Int {
        var em = 0.0
        for scalar in string.unicodeScalars { em += Self.advance(scalar) }
        let bolder = bold ? 1.1 : 1.0
        return Int((em * Double(size) * bolder).rounded(.up))
    }

    /// Advance widths in em of the printable ASCII characters, DejaVu Sans rounded up.
    private static let ascii: [Double] = [
        // space ! " # $ % & ' ( ) * + , - . /
        0.32, 0.40, 0.46, 0.84, 0.64, 0.95, 0.78, 0.28, 0.39, 0.39, 0.50, 0.84, 0.32, 0.36, 0.32, 0.34,
        // 0-9
        0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64,
        // : ; < = > ? @
        0.34, 0.34, 0.84, 0.84, 0.84, 0.54, 1.00,
        // A-Z
        0.69, 0.69, 0.70, 0.77, 0.64, 0.58, 0.78, 0.76, 0.30, 0.30, 0.66, 0.56, 0.87, 0.75, 0.79, 0.61,
        0.79, 0.70, 0.64, 0.62, 0.74, 0.69, 0.99, 0.69, 0.62, 0.69,
        // [ \ ] ^ _ `
        0.39, 0.34, 0.39, 0.84, 0.50, 0.50,
        // a-z
        0.62, 0.64, 0.55, 0.64, 0.62, 0.36, 0.64, 0.64, 0.28, 0.28, 0.58, 0.28, 0.98, 0.64, 0.62, 0.64,
        0.64, 0.42, 0.53, 0.40, 0.64, 0.60, 0.82, 0.60, 0.60, 0.53,
        // { | } ~
        0.64, 0.34, 0.64, 0.84,
    ]

    private static func advance(_ s: Unicode.Scalar) -> Double {
        switch s.value {
        case 0x20...0x7E: ascii[Int(s.value - 0x20)]
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: 0  // combining marks, zero-width
        // CJK, Hangul, fullwidth forms and emoji take a full em or more.
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60, 0x1F000...0x1FAFF:
            1.05
        case 0x2190...0x21FF, 0x2600...0x27BF: 1.0  // arrows, symbols such as ⚠
        default: 0.75
        }
    }

    /// `string` cut to fit `width`, ending in an ellipsis when anything was cut.
    public func truncate(_ string: String, width: Int) -> String {
        if self.width(string) <= width { return string }
        var characters = Array(string)
        while !characters.isEmpty, self.width(String(characters) + "…") > width { characters.removeLast() }
        while characters.last == " " { characters.removeLast() }
        return String(characters) + "…"
    }

    /// Greedy word wrap into at most `maxLines` lines of at most `width` pixels. A word wider than
    /// a line is broken; when the text needs more lines, the last one ends in an ellipsis.
    public func wrap(_ string: String, width: Int, maxLines: Int) -> [String] {
        guard maxLines > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var words = string.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var index = 0
        while index < words.count {
            let word = words[index]
            let candidate = current.isEmpty ? word : current + " " + word
            if self.width(candidate) <= width {
                current = candidate
                index += 1
                continue
            }
            if current.isEmpty {
                // A single word wider than the line: break it where it stops fitting.
                var head = Array(word)
                while head.count > 1, self.width(String(head)) > width { head.removeLast() }
                lines.append(String(head))
                words[index] = String(word.dropFirst(head.count))
            } else {
                lines.append(current)
                current = ""
            }
            if lines.count == maxLines { break }
        }
        if lines.count < maxLines {
            if !current.isEmpty { lines.append(current) }
            return lines.isEmpty ? [""] : lines
        }
        // Out of lines with words left: end the last line in an ellipsis.
        let rest = ([current] + words[index...]).filter { !$0.isEmpty }.joined(separator: " ")
        if !rest.isEmpty {
            lines[lines.count - 1] = truncate(lines[lines.count - 1] + " " + rest, width: width)
        }
        return lines
    }
}

/// Writes an SVG document (or fragment) element by element, indented two spaces per level.
/// Attribute order is the order given, so the output is byte-identical for the same calls.
public struct SVGWriter: Sendable {
    /// The text written so far.
    public private(set) var output = ""
    private var open: [String] = []

    /// Starts an `<svg>` element of the given size in pixels.
    ///
    /// - Parameters:
    ///   - width: width in pixels; also the view box width.
    ///   - height: height in pixels; also the view box height.
    ///   - standalone: writes an XML declaration first, for a `.svg` file (not for inline SVG in HTML).
    ///   - attributes: more attributes of the `<svg>` element (`role`, `aria-label`, ...).
    public init(width: Int, height: Int, standalone: Bool = true, attributes: [(String, String)] = []) {
        if standalone { output += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
        start("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("width", "\(width)"), ("height", "\(height)"),
            ("viewBox", "0 0 \(width) \(height)"),
        ] + attributes)
    }

    /// Opens an element; close it with `end()`.
    public mutating func start(_ name: String, _ attributes: [(String, String)] = []) {
        output += indent + "<" + name + Self.attributes(attributes) + ">\n"
        open.append(name)
    }

    /// Closes the element opened last.
    public mutating func end() {
        let name = open.removeLast()
        output += indent + "</" + name + ">\n"
    }

    /// An element with no content.
    public mutating func empty(_ name: String, _ attributes: [(String, String)]) {
        output += indent + "<" + name + Self.attributes(attributes) + "/>\n"
    }

    /// An element whose content is text (escaped here).
    public mutating func element(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        output += indent + "<" + name + Self.attributes(attributes) + ">" + XML.text(text) + "</" + name + ">\n"
    }

    /// A `<title>`: the tooltip of its parent element, and its accessible name.
    public mutating func title(_ text: String) {
        element("title", text: text)
    }

    /// A rectangle, with rounded corners when `radius` is above 0.
    public mutating func rect(x: Int, y: Int, width: Int, height: Int, radius: Int = 0, _ attributes: [(String, String)] = []) {
        var all = [("x", "\(x)"), ("y", "\(y)"), ("width", "\(width)"), ("height", "\(height)")]
        if radius > 0 { all.append(("rx", "\(radius)")) }
        empty("rect", all + attributes)
    }

    /// One line of text at a baseline.
    public mutating func text(_ text: String, x: Int, y: Int, _ attributes: [(String, String)] = []) {
        element("text", [("x", "\(x)"), ("y", "\(y)")] + attributes, text: text)
    }

    /// One line of text made of runs (`<tspan>`s), each with its own attributes; for a line
    /// whose parts differ in style.
    public mutating func text(runs: [(text: String, attributes: [(String, String)])], x: Int, y: Int,
                              _ attributes: [(String, String)] = []) {
        let content = runs.map { "<tspan" + Self.attributes($0.attributes) + ">" + XML.text($0.text) + "</tspan>" }.joined()
        output += indent + "<text" + Self.attributes([("x", "\(x)"), ("y", "\(y)")] + attributes) + ">" + content + "</text>\n"
    }

    /// A path through points, as straight segments: `M x y L x y ...`; `closed` adds `Z`.
    public mutating func path(_ points: [(x: Int, y: Int)], closed: Bool = false, _ attributes: [(String, String)] = []) {
        empty("path", [("d", Self.pathData(points, closed: closed))] + attributes)
    }

    /// Raw CSS for a `<style>` element; the text is escaped, so it may not need `<` or `&`.
    public mutating func style(_ css: String) {
        element("style", text: css)
    }

    /// The finished document: closes whatever is still open.
    public func finished() -> String {
        var copy = self
        while !copy.open.isEmpty { copy.end() }
        return copy.output
    }

    /// The `d` attribute for straight segments through `points`.
    public static func pathData(_ points: [(x: Int, y: Int)], closed: Bool = false) -> String {
        var parts: [String] = []
        for (i, p) in points.enumerated() { parts.append((i == 0 ? "M" : "L") + "\(p.x) \(p.y)") }
        if closed { parts.append("Z") }
        return parts.joined(separator: " ")
    }

    private var indent: String { String(repeating: "  ", count: open.count) }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XML.attribute($0.1))\"" }.joined()
    }
}
