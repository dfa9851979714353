import DecisionMap
import DecisionMapSimulation
import Foundation

/// The only place that touches standard streams and files. Commands read and write through it, so
/// the library stays pure.
enum Terminal {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// An error in the compiler convention, for problems that have no place in a map.
    static func error(_ message: String, help: String? = nil, notes: [String] = []) {
        err("dmap: error: \(message)\n" + notes.map { "note: \($0)\n" }.joined() + (help.map { "help: \($0)\n" } ?? ""))
    }

    /// A simulation error: message, notes and help.
    static func error(_ error: SimulationError) {
        self.error(error.message, help: error.help, notes: error.notes)
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Reads a whole file, or standard input for `-`. Refuses files over `limit` bytes without
    /// reading them, so a huge file costs nothing.
    static func read(_ path: String, limit: Int) throws(InputError) -> [UInt8] {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard data.count <= limit else { throw InputError("standard input is larger than \(limit) bytes") }
            return [UInt8](data)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("no such file `\(path)`")
        }
        guard !isDirectory.boolValue else { throw InputError("`\(path)` is a directory") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limit {
            throw InputError("`\(path)` is \(size) bytes; the limit is \(limit) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("cannot read `\(path)`")
        }
        return [UInt8](data)
    }

    /// Writes a file, or standard output for `-`.
    static func write(_ text: String, to path: String) throws(InputError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes bytes to a file, or to standard output for `-`. `atomic` writes a temporary file and
    /// renames it, so an interrupted write never leaves half a file (not for devices such as
    /// `/dev/stdout`).
    static func write(_ bytes: [UInt8], to path: String, atomic: Bool = false) throws(InputError) {
        if path == "-" { return FileHandle.standardOutput.write(Data(bytes)) }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: atomic ? .atomic : [])
        } catch {
            throw InputError("cannot write `\(path)`: \(error.localizedDescription)")
        }
    }
}

/// A file that could not be read or written.
struct InputError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The largest map dmap reads; the same limit the lexer enforces, checked before reading.
let mapSizeLimit = 8 << 20

/// Reads a map's text (`-`: standard input, named `<stdin>`), printing the error when it cannot.
func readMapSource(_ path: String) -> SourceFile? {
    do {
        return SourceFile(name: path == "-" ? "<stdin>" : path, bytes: try Terminal.read(path, limit: mapSizeLimit))
    } catch {
        Terminal.error(error.message)
        return nil
    }
}

/// Reads and compiles a map, printing its diagnostics. Nil when it has errors.
func loadMap(_ path: String, printWarnings: Bool = true) -> DecisionMap? {
    guard let source = readMapSource(path) else { return nil }
    let (map, diagnostics) = DecisionMap.compile(source)
    let shown = printWarnings ? diagnostics : diagnostics.filter { $0.severity == .error }
    if !shown.isEmpty { Terminal.err(DiagnosticRenderer(source: source).text(shown)) }
    return map
}
