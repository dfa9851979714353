import DecisionMap
import Foundation
import DMapTestSupport
import XCTest

/// The repository folder, for the example maps.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the built `dmap` with arguments (and standard input) in a folder (the repository by default).
func dmap(_ arguments: [String], in folder: URL = repository, stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
    try runDmap(arguments, in: folder, stdin: stdin)
}

/// A fresh temporary folder holding `files`, removed when the test ends.
func folder(_ files: [String: String], test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-eval-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    for (name, text) in files {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }
    return url
}

/// Compiles a map, failing the test on any diagnostic.
func compile(_ text: String, name: String = "test.dmap") throws -> DecisionMap {
    let (map, diagnostics) = DecisionMap.compile(SourceFile(name: name, text: text))
    XCTAssertEqual(diagnostics.map(\.message), [], name)
    return try XCTUnwrap(map)
}

/// A small map: `a` → team (high), small `b` → bot, other `b` → team, a `b` without an amount →
/// check (missing-data policy), `c` → no rule.
let tinyMap = """
    map "Tiny"
      version "1"
    inputs
      kind    one of a, b, c
      amount  number 0..100  optional
    segments
      high  risk high  when kind is a
      low   risk low   otherwise
    routes
      bot    automated   handle 1 min
      team   team "T"    handle 30 min  sla 1h  owner "Lead"
      check  team "C"    handle 6 min   sla 1h  owner "Lead"
    missing
      amount -> check
    decide main (first)
      when kind is a -> team
      when kind is b and amount < 50 -> bot
      when kind is b -> team

    """
