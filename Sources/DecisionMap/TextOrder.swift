extension String {
    /// The order in which dmap lists texts it was given (values in a case file, keys of a case,
    /// file names): the order of their UTF-8 bytes, which is the order of their code points.
    ///
    /// Swift's `<` on strings compares canonical equivalents, and it is not a strict weak order on
    /// every pair: `"\u{037E}" < ";;"` and `";;" < "\u{037E}"` are both false (U+037E, the Greek
    /// question mark, is canonically `;`), yet the two are not equal. Sorting with it can then
    /// depend on the order the elements came in — for a dictionary's keys, on the hash seed, which
    /// changes from process to process. Byte order is total: two keys of a dictionary never have
    /// the same bytes (equal strings are one key).
    package static func precedesInBytes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
