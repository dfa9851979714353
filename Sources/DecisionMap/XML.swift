/// Escaping for XML 1.0, and so for SVG, XHTML and JUnit files: one implementation for every
/// renderer that writes markup.
public enum XML {
    /// Escapes text content: `&`, `<` and `>`; characters XML cannot carry become U+FFFD.
    public static func text(_ string: String) -> String {
        escape(string, attribute: false)
    }

    /// Escapes an attribute value for double or single quotes; line breaks and tabs become
    /// character references so they survive attribute-value normalisation.
    public static func attribute(_ string: String) -> String {
        escape(string, attribute: true)
    }

    private static func escape(_ string: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\n" where attribute: out += "&#10;"
            case "\r" where attribute: out += "&#13;"
            case "\t" where attribute: out += "&#9;"
            case "\n", "\r", "\t": out.unicodeScalars.append(scalar)
            default:
                out.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// XML 1.0's `Char` production (minus what the switch above handles).
    private static func isAllowed(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
