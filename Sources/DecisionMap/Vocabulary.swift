/// The words of the language, for tools that help people write maps (the language server's
/// completion and rename).
public enum Vocabulary {
    /// The keywords that start a section, in the order the grammar lists them.
    public static var sections: [String] { sectionKeywords }
    /// Words that cannot be names.
    public static var reserved: Set<String> { reservedWords }
    /// Whether `text` can be written as a name: letters (any script), digits and `_`, not starting
    /// with a digit, and not a reserved word.
    public static func isName(_ text: String) -> Bool { isBareWord(text) }

    /// How a value is written in a map: bare when it can be a name, else in quotes with escapes
    /// (`small business` → `"small business"`).
    public static func spelling(ofValue text: String) -> String { isBareWord(text) ? text : quote(text) }
}
