#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The one place the library reads a file, and only when the host asks it to: everything else
// takes text or bytes.

extension SourceFile {
    /// Reads a map file.
    ///
    /// - Parameters:
    ///   - url: A file URL.
    ///   - name: The name diagnostics show; the URL's path when nil.
    /// - Throws: The error reading the file raised.
    public init(contentsOf url: URL, name: String? = nil) throws {
        self.init(name: name ?? url.path, bytes: [UInt8](try Data(contentsOf: url)))
    }
}

extension DecisionMap {
    /// Reads, parses and checks a map file.
    ///
    /// - Parameter url: A file URL.
    /// - Returns: The map, or nil when it has errors; and every diagnostic, in source order.
    /// - Throws: The error reading the file raised. Problems in the map are diagnostics, not
    ///   errors.
    public static func compile(contentsOf url: URL) throws -> (map: DecisionMap?, diagnostics: [Diagnostic]) {
        compile(try SourceFile(contentsOf: url))
    }
}
