import DecisionMap
@testable import DecisionMapLanguageServer
import DMapTestSupport
import Foundation
import XCTest

/// The server never crashes or hangs on any text: every prefix of every bundled map as it is
/// typed, positions anywhere, and UTF-16 conversions at every character.
final class RobustnessTests: XCTestCase {
    static let maps = ["customer-triage", "insurance-claims", "it-incidents"].map {
        try! String(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/\($0).dmap"), encoding: .utf8)
    }

    /// Every request's code path on one snapshot, at a few offsets.
    private func exercise(_ snapshot: Snapshot, offsets: [Int]) {
        for offset in offsets {
            _ = Hover.markdown(at: offset, in: snapshot)
            _ = Completion.items(at: offset, in: snapshot)
            if let o = snapshot.index.occurrence(at: offset) {
                XCTAssertFalse(snapshot.index.definitions(o.kind, o.name).isEmpty && snapshot.index.isDeclared(o.kind, o.name))
            }
        }
    }

    /// Every prefix at a stride of 7 bytes and at every line end; with `DMAP_LSP_ALL_PREFIXES=1`
    /// every prefix, cut between characters (`scripts/lsp-prefixes.sh` runs that on a release build).
    func testEveryPrefixOfEveryBundledMap() {
        let stride = ProcessInfo.processInfo.environment["DMAP_LSP_ALL_PREFIXES"] == "1" ? 1 : 7
        for map in Self.maps {
            let bytes = Array(map.utf8)
            var cut = 0, lines = 0
            while cut <= bytes.count {
                // Cut only between characters, as an editor would.
                let lineEnd = cut == bytes.count || bytes[cut] == UInt8(ascii: "\n")
                if lineEnd || (cut % stride == 0 && bytes[cut] & 0xC0 != 0x80) {
                    let document = TextDocument(String(decoding: bytes[..<cut], as: UTF8.self))
                    let snapshot = Snapshot(uri: "file:///prefix.dmap", version: cut, document: document)
                    exercise(snapshot, offsets: [cut, cut / 2, max(0, cut - 3)])
                    if lineEnd {
                        lines += 1
                        _ = Outline.symbols(snapshot)
                    }
                    if cut == bytes.count || (lineEnd && lines % 4 == 0) {
                        // Check, lint and quick fixes at every fourth line end (scripts/lsp-prefixes.sh: all).
                        let checked = Analysis.check(snapshot)
                        let analysis = checked.lint() ?? checked
                        _ = CodeActions.actions(for: analysis.findings, in: snapshot)
                        let converter = DiagnosticConverter(docsBase: "file:///docs/")
                        for finding in analysis.findings { _ = converter.convert(finding, in: snapshot) }
                    }
                }
                cut += 1
            }
        }
    }

    func testTypingAMapCharacterByCharacterEndsWhereOpeningItDoes() throws {
        let map = Self.maps[0]
        let collected = Collected()
        let server = LanguageServer(configuration: .init(debounce: 0.05, version: "test"), send: { collected.append($0) }, onExit: { _ in })
        func message(_ value: JSONValue) { server.receive(value.renderedBytes()) }
        message(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
        message(["jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": ["textDocument": ["uri": "file:///typed.dmap", "languageId": "dmap", "version": 0, "text": ""]]])
        var document = TextDocument("")
        var version = 0
        for character in map {
            let end = document.endPosition
            version += 1
            let change: JSONValue = ["range": ["start": ["line": .number(Double(end.line)), "character": .number(Double(end.character))],
                                               "end": ["line": .number(Double(end.line)), "character": .number(Double(end.character))]],
                                     "text": .string(String(character))]
            document.replace(from: end, to: end, with: String(character))
            message(["jsonrpc": "2.0", "method": "textDocument/didChange",
                     "params": ["textDocument": ["uri": "file:///typed.dmap", "version": .number(Double(version))], "contentChanges": [change]]])
            if version % 97 == 0 {
                message(["jsonrpc": "2.0", "id": .number(Double(version)), "method": "textDocument/hover",
                         "params": ["textDocument": ["uri": "file:///typed.dmap"], "position": ["line": .number(Double(end.line)), "character": 1]]])
            }
        }
        XCTAssertEqual(document.text, map)
        server.waitUntilIdle()
        let published = collected.messages.filter { $0["method"] == "textDocument/publishDiagnostics" }
        let last = try XCTUnwrap(published.last)
        XCTAssertEqual(last["params"]?["version"], .number(Double(version)))
        // The same findings as `dmap lint` on the file.
        let lint = try runDmap(["lint", "--format", "json", "decision-maps/customer-triage.dmap"])
        let expected = try JSONValue.parse(Array(lint.out.utf8))["findings"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        XCTAssertEqual(last["params"]?["diagnostics"]?.arrayValue?.compactMap { $0["code"]?.stringValue }, expected)
        // Debouncing: far fewer analyses than keystrokes.
        XCTAssertLessThan(published.count, version / 10)
        XCTAssertEqual(collected.messages.filter { $0["id"] != nil && $0["error"] != nil }.count, 0)
    }

    func testPositionsAnywhereAreAnsweredWithoutACrash() {
        let collected = Collected()
        let server = LanguageServer(configuration: .init(debounce: 0, version: "test"), send: { collected.append($0) }, onExit: { _ in })
        let uri = "file:///p.dmap"
        server.receive((["jsonrpc": "2.0", "id": 0, "method": "initialize", "params": [:]] as JSONValue).renderedBytes())
        server.receive((["jsonrpc": "2.0", "method": "textDocument/didOpen",
                         "params": ["textDocument": ["uri": .string(uri), "version": 1, "text": .string(Self.maps[1])]]] as JSONValue).renderedBytes())
        let positions: [JSONValue] = [["line": -5, "character": -1], ["line": 1e12, "character": 3], ["line": 3, "character": 1e300],
                                      ["line": 2.5, "character": 0], ["line": "x", "character": 0], .null, ["line": 100_000, "character": 100_000]]
        var id = 1
        for method in ["textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion",
                       "textDocument/prepareRename", "textDocument/rename", "textDocument/codeAction"] {
            for position in positions {
                id += 1
                let params: JSONValue = ["textDocument": ["uri": .string(uri)], "position": position, "newName": "x2",
                                         "range": ["start": position, "end": position], "context": ["diagnostics": []]]
                server.receive((["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": params] as JSONValue).renderedBytes())
            }
        }
        // Changes with ranges out of bounds, reversed, or none at all.
        for change: JSONValue in [["range": ["start": ["line": 9999, "character": 0], "end": ["line": 0, "character": 0]], "text": "x"],
                                  ["range": ["start": ["line": -1, "character": 0], "end": ["line": 1e15, "character": 0]], "text": "map \"m\"\n"],
                                  ["text": 5], [:]] {
            server.receive((["jsonrpc": "2.0", "method": "textDocument/didChange",
                             "params": ["textDocument": ["uri": .string(uri), "version": 2], "contentChanges": [change]]] as JSONValue).renderedBytes())
        }
        server.waitUntilIdle()
        let responses = collected.messages.filter { $0["id"] != nil }
        XCTAssertEqual(responses.count, id)
        // Invalid positions are invalid params; a rename where there is no name fails as a request.
        XCTAssertEqual(Set(responses.compactMap { $0["error"]?["code"]?.numberValue }), [-32602, -32803])
    }

    func testUTF16PositionsRoundTripAtEveryCharacter() {
        let text = "a😀b\r\n\u{00E9}\u{0301}x\n\n🇫🇷 \"ü\"\n"
        let document = TextDocument(text)
        var offsets: [Int] = []
        var offset = 0
        for scalar in text.unicodeScalars {
            offsets.append(offset)
            offset += String(scalar).utf8.count
        }
        offsets.append(offset)
        for offset in offsets {
            XCTAssertEqual(document.offset(of: document.position(of: offset)), offset == 7 ? 6 : offset, "offset \(offset)")
        }
        XCTAssertEqual(document.position(of: 6), Position(line: 0, character: 4), "after a, the emoji (2 units), b")
        XCTAssertEqual(document.offset(of: Position(line: 0, character: 2)), 1, "inside a surrogate pair: the character's start")
        XCTAssertEqual(document.offset(of: Position(line: 0, character: 99)), 6, "past the end of the line: before \\r\\n")
        XCTAssertEqual(document.offset(of: Position(line: 3, character: 4)), 23, "a flag is two scalars of two units each")
        XCTAssertEqual(document.endPosition, Position(line: 4, character: 0))
    }
}

/// Messages a server sent, collected from its queues.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [JSONValue] = []
    func append(_ message: JSONValue) {
        lock.lock()
        stored.append(message)
        lock.unlock()
    }
    var messages: [JSONValue] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
