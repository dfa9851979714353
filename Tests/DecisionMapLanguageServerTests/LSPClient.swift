import DecisionMap
import DecisionMapLanguageServer
import DMapTestSupport
import Foundation
import XCTest

/// A JSON-RPC client that runs `dmap lsp` as an editor does: a child process spoken to over its
/// standard input and output with Content-Length framing.
final class LSPClient: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSCondition()
    private var messages: [JSONValue] = []
    private var nextID = 1

    init(arguments: [String] = ["lsp", "--debounce", "0"]) throws {
        let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent()
            ?? Bundle.main.bundleURL
        process.executableURL = products.appendingPathComponent("dmap")
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            var framer = MessageFramer()
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                for frame in framer.feed(Array(data)) {
                    guard case .message(let body) = frame, let message = try? JSONValue.parse(body) else { continue }
                    lock.lock()
                    messages.append(message)
                    lock.broadcast()
                    lock.unlock()
                }
            }
        }
    }

    func send(_ message: JSONValue) {
        input.fileHandleForWriting.write(Data(MessageFramer.frame(message)))
    }

    func sendRaw(_ bytes: [UInt8]) {
        input.fileHandleForWriting.write(Data(bytes))
    }

    func notify(_ method: String, _ params: JSONValue) {
        send(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }

    /// Sends a request and waits for its response (`result`, or the whole message on an error).
    @discardableResult
    func request(_ method: String, _ params: JSONValue = .null, file: StaticString = #filePath, line: UInt = #line) throws -> JSONValue {
        let id = nextID
        nextID += 1
        send(["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": params])
        let response = try XCTUnwrap(wait(timeout: 20) { $0["id"]?.numberValue == Double(id) }, "no response to \(method)", file: file, line: line)
        return response["error"] == nil ? response["result"] ?? .null : response
    }

    /// The first message, received or to come, that matches (and removes it).
    func wait(timeout: Double = 20, for match: (JSONValue) -> Bool) -> JSONValue? {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let i = messages.firstIndex(where: match) { return messages.remove(at: i) }
            if !lock.wait(until: deadline) { return nil }
        }
    }

    /// The diagnostics published for a document at a version. The server publishes twice for a
    /// map that checks (the check phase, then lint) and once for a map with errors: `linted` says
    /// which to wait for.
    func diagnostics(_ uri: String, version: Int, linted: Bool = true) -> [JSONValue]? {
        var last: JSONValue?
        for _ in 0..<(linted ? 2 : 1) {
            last = wait {
                $0["method"]?.stringValue == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.stringValue == uri
                    && $0["params"]?["version"]?.numberValue == Double(version)
            }
        }
        return last?["params"]?["diagnostics"]?.arrayValue
    }

    func initialize() throws {
        try request("initialize", ["processId": .null, "rootUri": .null, "capabilities": [:]])
        notify("initialized", [:])
    }

    func open(_ uri: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "dmap", "version": .number(Double(version)), "text": .string(text)]])
    }

    /// Shuts down and exits; returns the exit status.
    func close(shutdown: Bool = true) throws -> Int32 {
        if shutdown { try request("shutdown") }
        notify("exit", .null)
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// `{"line": L, "character": C}`.
func position(_ line: Int, _ character: Int) -> JSONValue {
    ["line": .number(Double(line)), "character": .number(Double(character))]
}

func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> JSONValue {
    ["start": position(l1, c1), "end": position(l2, c2)]
}

/// Params of a request at a position in a document, plus any others.
func at(_ uri: String, _ line: Int, _ character: Int, _ more: JSONObject = [:]) -> JSONValue {
    var params: JSONObject = ["textDocument": ["uri": .string(uri)], "position": position(line, character)]
    for member in more { params[member.key] = member.value }
    return .object(params)
}
