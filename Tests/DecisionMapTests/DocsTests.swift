import DMapTestSupport
import Foundation
import XCTest

/// The outputs pasted in the docs are what dmap prints. A fenced block right after a
/// `<!-- check -->` comment (or `<!-- check cwd=FOLDER -->`, relative to the repository) holds one
/// or more `$ …` shell commands that run the built `dmap`, each followed by its output (standard
/// output, then standard error); a command may continue over lines ending in ` \`. A line that is
/// only `…` stands for any number of lines. Run with `DMAP_RECORD=1` to rewrite the blocks that
/// have no `…` from what dmap prints now (review the diff). Blocks with a `cwd` run in a scratch
/// copy of that folder (one per page), so the files their commands write vanish; blocks without
/// one run in the repository and write only to `/tmp`.
final class DocsTests: XCTestCase {
    struct Block {
        var file: URL
        var cwd: URL
        /// The block's lines, between the fences.
        var range: Range<Int>
        /// Each command as written (its lines, `$ ` first), as the shell reads it, and the output
        /// the docs show.
        var commands: [(written: [String], command: String, expected: [String])]
    }

    static func markdownFiles() throws -> [URL] {
        let docs = try FileManager.default.contentsOfDirectory(at: repositoryFolder.appendingPathComponent("docs"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
        return [repositoryFolder.appendingPathComponent("README.md"), repositoryFolder.appendingPathComponent("decision-maps/README.md")]
            + docs.sorted { $0.path < $1.path }
    }

    static func blocks(in file: URL) throws -> [Block] {
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        var blocks: [Block] = []
        var i = 0
        while i < lines.count {
            defer { i += 1 }
            let marker = lines[i].trimmingCharacters(in: .whitespaces)
            guard marker.hasPrefix("<!-- check"), marker.hasSuffix("-->"), i + 1 < lines.count, lines[i + 1].hasPrefix("```") else { continue }
            var cwd = repositoryFolder
            if let eq = marker.range(of: "cwd=") {
                cwd = repositoryFolder.appendingPathComponent(String(marker[eq.upperBound...].dropLast(3)).trimmingCharacters(in: .whitespaces))
            }
            let start = i + 2
            var end = start
            while end < lines.count, !lines[end].hasPrefix("```") { end += 1 }
            var commands: [(written: [String], command: String, expected: [String])] = []
            var j = start
            while j < end {
                guard lines[j].hasPrefix("$ ") else {
                    j += 1
                    continue
                }
                var command = String(lines[j].dropFirst(2))
                var written = [lines[j]]
                while command.hasSuffix(" \\"), j + 1 < end {
                    j += 1
                    written.append(lines[j])
                    command = String(command.dropLast(2)) + " " + lines[j].trimmingCharacters(in: .whitespaces)
                }
                j += 1
                var expected: [String] = []
                while j < end, !lines[j].hasPrefix("$ ") {
                    expected.append(lines[j])
                    j += 1
                }
                commands.append((written, command, expected))
            }
            blocks.append(Block(file: file, cwd: cwd, range: start..<end, commands: commands))
            i = end
        }
        return blocks
    }

    /// Runs a command line with `/bin/sh`, the built `dmap` first on the PATH.
    static func shell(_ command: String, in folder: URL) throws -> (status: Int32, out: String, err: String) {
        let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent()
            ?? Bundle.main.bundleURL
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = products.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        (process.standardOutput, process.standardError, process.standardInput) = (out, err, FileHandle.nullDevice)
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// Whether `actual` matches `expected`, where a line `…` matches any number of lines.
    static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "…" {
            let rest = expected.dropFirst()
            if rest.isEmpty { return true }
            for k in actual.indices + [actual.endIndex] where matches(rest, actual[k...]) { return true }
            return false
        }
        guard let line = actual.first, line == first else { return false }
        return matches(expected.dropFirst(), actual.dropFirst())
    }

    func testEveryCheckedOutputInTheDocsIsWhatDmapPrints() throws {
        var checked = 0
        for file in try Self.markdownFiles() {
            var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            // Blocks run in order (a later one may read what an earlier one wrote); recorded
            // outputs are put back from the last, so earlier line numbers stay valid.
            var replacements: [(Range<Int>, [String])] = []
            var scratch: [URL: URL] = [:]
            defer { for copy in scratch.values { try? FileManager.default.removeItem(at: copy) } }
            for block in try Self.blocks(in: file) {
                var cwd = block.cwd
                if cwd.standardizedFileURL != repositoryFolder.standardizedFileURL {
                    if scratch[cwd] == nil {
                        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-docs-\(UUID().uuidString)")
                        try FileManager.default.copyItem(at: cwd, to: copy)
                        scratch[cwd] = copy
                    }
                    cwd = scratch[cwd]!
                }
                var recorded: [String] = []
                var recordable = true
                for (written, command, expected) in block.commands {
                    let result = try Self.shell(command, in: cwd)
                    // Lines as a terminal shows them: a CRLF file's lines without their CR.
                    var actual = (result.out + result.err).replacing("\r\n", with: "\n").components(separatedBy: "\n")
                    while actual.last == "" { actual.removeLast() }
                    var wanted = expected
                    while wanted.last == "" { wanted.removeLast() }
                    if !Self.matches(wanted[...], actual[...]) {
                        XCTFail("\(file.lastPathComponent):\(block.range.lowerBound): `\(command)` prints:\n" + actual.joined(separator: "\n"))
                    }
                    recordable = recordable && !expected.contains("…")
                    recorded += written + actual + (expected.last == "" ? [""] : [])
                    checked += 1
                }
                if ProcessInfo.processInfo.environment["DMAP_RECORD"] != nil, recordable {
                    replacements.append((block.range, Array(recorded.dropLast(recorded.last == "" ? 1 : 0))))
                }
            }
            for (range, recorded) in replacements.reversed() { lines.replaceSubrange(range, with: recorded) }
            if !replacements.isEmpty { try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8) }
        }
        XCTAssertGreaterThan(checked, 0)
    }
}
