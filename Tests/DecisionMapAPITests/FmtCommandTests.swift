import DMapTestSupport
import XCTest

/// `dmap fmt` end to end: what it writes, where, and its exit status.
final class FmtCommandTests: XCTestCase {
    static let messy = "routes\n  r automated # the only route\nmap \"t\"\ndecide d (first)\n   otherwise ->   r\n"
    static let canonical = "map \"t\"\n\nroutes\n  r  automated  # the only route\n\ndecide d (first)\n  otherwise  -> r\n"

    /// Runs `dmap` from the repository folder.
    static func dmap(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
        try runDmap(arguments, in: repository, stdin: stdin)
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func testStandardInputIsFormattedToStandardOutput() throws {
        for arguments in [["fmt"], ["fmt", "-"]] {
            let result = try Self.dmap(arguments, stdin: Self.messy)
            XCTAssertEqual(result.status, 0, result.err)
            XCTAssertEqual(result.out, Self.canonical)
            XCTAssertEqual(result.err, "")
        }
    }

    func testFilesAreRewrittenInPlace() throws {
        let folder = try temporaryFolder()
        let messy = folder.appendingPathComponent("messy.dmap"), clean = folder.appendingPathComponent("clean.dmap")
        try Self.messy.write(to: messy, atomically: true, encoding: .utf8)
        try Self.canonical.write(to: clean, atomically: true, encoding: .utf8)
        let result = try Self.dmap(["fmt", messy.path, clean.path])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.out, "")
        XCTAssertEqual(try String(contentsOf: messy, encoding: .utf8), Self.canonical)
        XCTAssertEqual(try String(contentsOf: clean, encoding: .utf8), Self.canonical)
    }

    func testCheckNamesEachMapThatIsNotCanonicalWithItsFirstDifferingLineAndExitsOne() throws {
        let folder = try temporaryFolder()
        let messy = folder.appendingPathComponent("messy.dmap"), clean = folder.appendingPathComponent("clean.dmap")
        try Self.messy.write(to: messy, atomically: true, encoding: .utf8)
        try Self.canonical.write(to: clean, atomically: true, encoding: .utf8)
        let result = try Self.dmap(["fmt", "--check", messy.path, clean.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.out, """
            \(messy.path):1: not canonical
              is:        `routes`
              canonical: `map "t"`

            """)
        XCTAssertEqual(try String(contentsOf: messy, encoding: .utf8), Self.messy, "--check writes nothing")
        XCTAssertEqual(try Self.dmap(["fmt", "--check", clean.path]).status, 0)
        let tail = try Self.dmap(["fmt", "--check", "-"], stdin: Self.canonical.replacing("  otherwise  -> r", with: "  otherwise -> r"))
        XCTAssertEqual(tail.out, "<stdin>:7: not canonical\n  is:        `  otherwise -> r`\n  canonical: `  otherwise  -> r`\n")
        let short = try Self.dmap(["fmt", "--check", "-"], stdin: Self.canonical + "\n")
        XCTAssertEqual(short.out, "<stdin>:9: not canonical\n  is:        ``\n  canonical: (end of file)\n")
    }

    func testEveryMapInTheRepositoryIsCanonical() throws {
        var maps: [String] = []
        let files = FileManager.default.enumerator(atPath: repository.path)!
        while let path = files.nextObject() as? String {
            if path.hasPrefix(".") || path.contains("/.") { files.skipDescendants(); continue }
            if path.hasSuffix(".dmap"), !path.hasPrefix("Tests/") { maps.append(path) }
        }
        XCTAssertGreaterThanOrEqual(maps.count, 4)
        let result = try Self.dmap(["fmt", "--check"] + maps.sorted())
        XCTAssertEqual(result.status, 0, "not canonical:\n" + result.out)
    }

    func testEveryExampleMapIsCanonical() throws {
        let maps = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("decision-maps").path)
            .filter { $0.hasSuffix(".dmap") }.map { "decision-maps/" + $0 }
        let result = try Self.dmap(["fmt", "--check"] + maps)
        XCTAssertEqual(result.status, 0, "not canonical:\n" + result.out)
    }

    func testMapWithSyntaxErrorsIsLeftUntouchedAndExitsTwo() throws {
        let folder = try temporaryFolder()
        let broken = folder.appendingPathComponent("broken.dmap")
        let text = "map \"t\"\nroutes\n  r automatic\n"
        try text.write(to: broken, atomically: true, encoding: .utf8)
        let result = try Self.dmap(["fmt", broken.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.out, "")
        XCTAssertTrue(result.err.contains("\(broken.path):3:5: error: unknown kind of route `automatic`"), result.err)
        XCTAssertTrue(result.err.hasSuffix("\(broken.path): not formatted: the map has syntax errors\n"), result.err)
        XCTAssertEqual(try String(contentsOf: broken, encoding: .utf8), text)
    }

    func testUnknownOptionIsAUsageError() throws {
        let result = try Self.dmap(["fmt", "--chek"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.err.contains("did you mean `--check`?"), result.err)
    }
}
