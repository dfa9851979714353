import DecisionMap
import DecisionMapViews
import Foundation
import XCTest

/// Where the tests find the repository, its example maps and this target's fixtures.
enum Paths {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = tests.appendingPathComponent("Fixtures")
    static let repository = tests.deletingLastPathComponent().deletingLastPathComponent()
    static let examples = ["customer-triage", "insurance-claims", "it-incidents"]

    static func example(_ name: String) -> URL {
        repository.appendingPathComponent("decision-maps/\(name).dmap")
    }
}

/// Compiles a map, failing the test (and returning nil) when it has errors.
func compile(_ text: String, name: String = "test.dmap", file: StaticString = #filePath, line: UInt = #line) -> DecisionMap? {
    let (map, diagnostics) = DecisionMap.compile(SourceFile(name: name, text: text))
    if map == nil {
        XCTFail("map does not compile:\n" + DiagnosticRenderer(source: SourceFile(name: name, text: text)).text(diagnostics),
                file: file, line: line)
    }
    return map
}

func compile(contentsOf url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> DecisionMap? {
    compile(try String(contentsOf: url, encoding: .utf8), name: url.lastPathComponent, file: file, line: line)
}

/// The graph of a map with its lint findings drawn, as `dmap graph --lint` makes it.
func lintedGraph(_ map: DecisionMap) -> MapGraph {
    let graph = MapGraph(map.model)
    let checks = LintHighlighter()
    return graph.highlighting(checks.highlights(for: map.model, in: graph), note: checks.note)
}

/// Compares `actual` with the golden file `Fixtures/name`, byte for byte. With `DMAP_RECORD=1`
/// in the environment it writes the file instead; review the change in the diff.
func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let url = Paths.fixtures.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["DMAP_RECORD"] != nil {
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        return XCTFail("no golden file \(name); run with DMAP_RECORD=1 to record it", file: file, line: line)
    }
    if actual != expected {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        XCTFail("""
            \(name) differs from the golden file at line \(first + 1) (DMAP_RECORD=1 re-records it)
              expected: \(first < e.count ? String(e[first]) : "<end>")
              actual:   \(first < a.count ? String(a[first]) : "<end>")
            """, file: file, line: line)
    }
}

/// The first of `names` found on PATH.
func findExecutable(_ names: [String]) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in names {
        for dir in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
    }
    return nil
}

/// Runs a program to the end and returns its status and output (through files, so a full pipe
/// can never block it).
func runProgram(_ executable: URL, _ arguments: [String], input: String? = nil) throws -> (status: Int32, out: String, err: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-run-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let (inURL, outURL, errURL) = (folder.appendingPathComponent("in"), folder.appendingPathComponent("out"),
                                   folder.appendingPathComponent("err"))
    try Data((input ?? "").utf8).write(to: inURL)
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: inURL)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
}
