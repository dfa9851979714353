import DecisionMap
import DecisionMapAnalysis
import Dispatch
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// `dmap lsp`: a Language Server Protocol 3.17 server for decision maps, built on the same parser,
/// checker, linter and formatter as the command line.
///
/// Give it message bodies with ``receive(_:)``; it answers through `send`. Requests run in order
/// on one queue; checking and linting run on another, after a pause in typing (`debounce`), and
/// publish their diagnostics only while the document is still at the version they analysed. The
/// check phase is published first (syntax and check errors at once), then the lint findings.
public final class LanguageServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Seconds of quiet after a change before the document is analysed.
        public var debounce: Double
        /// Where the documentation lives (a URI ending in `/`), for links from diagnostics.
        public var docsBase: String?
        public var version: String

        public init(debounce: Double = 0.2, docsBase: String? = nil, version: String) {
            self.debounce = debounce
            self.docsBase = docsBase
            self.version = version
        }
    }

    private struct Open {
        var document: TextDocument
        var version: Int
        var snapshot: Snapshot?
        var analysis: Analysis?
    }

    private let configuration: Configuration
    private let send: @Sendable (JSONValue) -> Void
    private let onExit: @Sendable (Int32) -> Void
    private let queue = DispatchQueue(label: "dmap.lsp.requests")
    private let analysisQueue = DispatchQueue(label: "dmap.lsp.analysis")
    private var documents: [String: Open] = [:]
    private var initialized = false
    private var shuttingDown = false
    private var converter: DiagnosticConverter
    /// Analyses scheduled or running (read and written on `queue`).
    private var pending = 0
    /// Whether the client asks for code lenses again when told to (`workspace/codeLens/refresh`).
    private var lensRefresh = false
    private var refreshes = 0

    /// - Parameters:
    ///   - send: writes one message to the client (called from the server's queues, one at a time).
    ///   - onExit: called once, with the exit status, when the client sends `exit`.
    public init(configuration: Configuration, send: @escaping @Sendable (JSONValue) -> Void,
                onExit: @escaping @Sendable (Int32) -> Void) {
        self.configuration = configuration
        self.send = send
        self.onExit = onExit
        converter = DiagnosticConverter(docsBase: configuration.docsBase)
    }

    /// Takes one message body (JSON); the answer, if any, is sent later.
    public func receive(_ body: [UInt8]) {
        queue.async { self.handle(body) }
    }

    /// Whether the client asked the server to shut down.
    public var receivedShutdown: Bool { queue.sync { shuttingDown } }

    /// Reports a framing error from the transport.
    public func framingError(_ message: String) {
        queue.async { self.log("dmap lsp: \(message)") }
    }

    /// Waits until every message received so far has been handled and every analysis it started
    /// has published (for tests and for a clean exit).
    public func waitUntilIdle() {
        while queue.sync(execute: { pending }) > 0 {
            usleep(2_000)
        }
    }

    // MARK: - Dispatch

    private func handle(_ body: [UInt8]) {
        let message: JSONValue
        do {
            message = try JSONValue.parse(body)
        } catch {
            return respondError(id: .null, code: -32700, "parse error: \(error)")
        }
        guard let object = message.objectValue, let method = object["method"]?.stringValue else {
            // A response to a request of ours (`workspace/codeLens/refresh`), or not a message at all.
            if message.objectValue?["id"] == nil { respondError(id: .null, code: -32600, "not a JSON-RPC message") }
            return
        }
        let params = object["params"] ?? .null
        guard let id = object["id"] else { return notification(method, params) }
        guard initialized || method == "initialize" else {
            return respondError(id: id, code: -32002, "the server is not initialized")
        }
        guard !shuttingDown || method == "shutdown" else {
            return respondError(id: id, code: -32600, "the server is shutting down")
        }
        switch request(method, params) {
        case .success(let result): send(.object(["jsonrpc": "2.0", "id": id, "result": result]))
        case .failure(let failure): respondError(id: id, code: failure.code, failure.message)
        }
    }

    struct Failure: Error {
        var code: Int
        var message: String
        static func invalid(_ message: String) -> Failure { Failure(code: -32602, message: message) }
    }

    private func request(_ method: String, _ params: JSONValue) -> Result<JSONValue, Failure> {
        switch method {
        case "initialize":
            initialized = true
            lensRefresh = params["capabilities"]?["workspace"]?["codeLens"]?["refreshSupport"]?.boolValue ?? false
            return .success(["capabilities": capabilities, "serverInfo": ["name": "dmap", "version": .string(configuration.version)]])
        case "shutdown":
            shuttingDown = true
            return .success(.null)
        case "textDocument/hover":
            return at(params) { snapshot, offset in
                guard let (text, range) = Hover.markdown(at: offset, in: snapshot) else { return .null }
                return ["contents": ["kind": "markdown", "value": .string(text)], "range": snapshot.range(range)]
            }
        case "textDocument/definition":
            return at(params) { snapshot, offset in
                guard let o = snapshot.index.occurrence(at: offset) else { return .null }
                return .array(snapshot.index.definitions(o.kind, o.name).map { snapshot.location($0.range) })
            }
        case "textDocument/references":
            let includeDeclaration = params["context"]?["includeDeclaration"]?.boolValue ?? true
            return at(params) { snapshot, offset in
                guard let o = snapshot.index.occurrence(at: offset) else { return .null }
                return .array(snapshot.index.references(o.kind, o.name).filter { includeDeclaration || !$0.isDefinition }
                    .map { snapshot.location($0.range) })
            }
        case "textDocument/prepareRename":
            return at(params) { snapshot, offset in
                guard let o = snapshot.index.occurrence(at: offset) else { return .null }
                return ["range": snapshot.range(o.range), "placeholder": .string(o.name)]
            }
        case "textDocument/rename":
            return rename(params)
        case "textDocument/completion":
            return at(params) { snapshot, offset in
                .array(Completion.items(at: offset, in: snapshot).map { item in
                    var object: JSONObject = ["label": .string(item.label), "kind": .number(Double(item.kind))]
                    if let detail = item.detail { object["detail"] = .string(detail) }
                    // A value that is not a name (`small business`) is written in quotes.
                    if item.kind == Completion.valueKind, !Vocabulary.isName(item.label) {
                        object["insertText"] = .string(Vocabulary.spelling(ofValue: item.label))
                    }
                    return .object(object)
                })
            }
        case "textDocument/documentSymbol":
            return withSnapshot(params) { .array(Outline.symbols($0)) }
        case "textDocument/formatting":
            return formatting(params)
        case "textDocument/codeAction":
            return codeActions(params)
        case "textDocument/codeLens":
            return withSnapshot(params) { snapshot in
                guard let analysis = documents[snapshot.uri]?.analysis, analysis.version == snapshot.version else { return [] }
                return .array(analysis.findings.compactMap { finding in
                    finding.witness.map { witness in
                        ["range": snapshot.range(finding.diagnostic.range),
                         "command": ["title": "route this witness", "command": "dmap.routeWitness",
                                     "arguments": [.string(snapshot.uri), .object(witness)]]]
                    }
                })
            }
        case "workspace/executeCommand":
            return routeWitness(params)
        default:
            return .failure(Failure(code: -32601, message: "method not found: \(method)"))
        }
    }

    private var capabilities: JSONValue {
        [
            "positionEncoding": "utf-16",
            "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
            "hoverProvider": true,
            "definitionProvider": true,
            "referencesProvider": true,
            "renameProvider": ["prepareProvider": true],
            "completionProvider": ["triggerCharacters": [" ", "(", ",", ">"]],
            "documentSymbolProvider": true,
            "documentFormattingProvider": true,
            "codeActionProvider": ["codeActionKinds": ["quickfix"]],
            "codeLensProvider": ["resolveProvider": false],
            "executeCommandProvider": ["commands": ["dmap.routeWitness"]],
        ]
    }

    private func notification(_ method: String, _ params: JSONValue) {
        switch method {
        case "exit":
            onExit(shuttingDown ? 0 : 1)
        case "textDocument/didOpen":
            guard let item = params["textDocument"], let uri = item["uri"]?.stringValue, let text = item["text"]?.stringValue else { return }
            let version = Int(item["version"]?.numberValue ?? 0)
            documents[uri] = Open(document: TextDocument(text), version: version)
            analyse(uri, after: 0)
        case "textDocument/didChange":
            guard let uri = params["textDocument"]?["uri"]?.stringValue, var open = documents[uri],
                  let changes = params["contentChanges"]?.arrayValue else { return }
            for change in changes {
                guard let text = change["text"]?.stringValue else { continue }
                open.document.replace(from: position(change["range"]?["start"]), to: position(change["range"]?["end"]), with: text)
            }
            open.version = params["textDocument"]?["version"]?.numberValue.map { Int($0) } ?? open.version + 1
            open.snapshot = nil
            documents[uri] = open
            analyse(uri, after: configuration.debounce)
        case "textDocument/didSave":
            guard let uri = params["textDocument"]?["uri"]?.stringValue, documents[uri] != nil else { return }
            analyse(uri, after: 0)
        case "textDocument/didClose":
            guard let uri = params["textDocument"]?["uri"]?.stringValue else { return }
            documents[uri] = nil
            send(publish(uri, version: nil, []))
        default:
            break  // `initialized`, `$/cancelRequest`, `$/setTrace`, …: nothing to do.
        }
    }

    // MARK: - Analysis

    /// Checks, then lints, the document's current version after `delay` seconds, unless it has
    /// changed again by then.
    private func analyse(_ uri: String, after delay: Double) {
        guard let version = documents[uri]?.version else { return }
        pending += 1
        let start: @Sendable () -> Void = { [self] in
            guard let snapshot = snapshot(uri), snapshot.version == version else {
                pending -= 1
                return
            }
            analysisQueue.async { [self] in
                defer { queue.sync { pending -= 1 } }
                guard isCurrent(uri, version) else { return }
                let checked = Analysis.check(snapshot)
                queue.sync { store(uri, checked, snapshot) }
                // A lint the next edit makes useless stops instead of holding up that edit's check.
                guard isCurrent(uri, version), let linted = checked.lint(shouldStop: { [self] in !isCurrent(uri, version) }) else { return }
                queue.sync { store(uri, linted, snapshot) }
            }
        }
        if delay > 0 { queue.asyncAfter(deadline: .now() + delay, execute: start) } else { start() }
    }

    private func isCurrent(_ uri: String, _ version: Int) -> Bool {
        queue.sync { documents[uri]?.version == version }
    }

    /// Keeps and publishes an analysis if its version is still the document's (on `queue`).
    private func store(_ uri: String, _ analysis: Analysis, _ snapshot: Snapshot) {
        guard documents[uri]?.version == analysis.version else { return }
        documents[uri]?.analysis = analysis
        send(publish(uri, version: analysis.version, analysis.findings.map { converter.convert($0, in: snapshot) }))
        if analysis.linted, lensRefresh {
            refreshes += 1
            send(["jsonrpc": "2.0", "id": .string("dmap-refresh-\(refreshes)"), "method": "workspace/codeLens/refresh"])
        }
    }

    private func publish(_ uri: String, version: Int?, _ diagnostics: [JSONValue]) -> JSONValue {
        var params: JSONObject = ["uri": .string(uri), "diagnostics": .array(diagnostics)]
        if let version { params["version"] = .number(Double(version)) }
        return ["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": .object(params)]
    }

    // MARK: - Requests on a document

    private func snapshot(_ uri: String) -> Snapshot? {
        guard let open = documents[uri] else { return nil }
        if let snapshot = open.snapshot { return snapshot }
        let snapshot = Snapshot(uri: uri, version: open.version, document: open.document)
        documents[uri]?.snapshot = snapshot
        return snapshot
    }

    private func withSnapshot(_ params: JSONValue, _ body: (Snapshot) -> Result<JSONValue, Failure>) -> Result<JSONValue, Failure> {
        guard let uri = params["textDocument"]?["uri"]?.stringValue else { return .failure(.invalid("no textDocument.uri")) }
        guard let snapshot = snapshot(uri) else { return .failure(.invalid("the document is not open: \(uri)")) }
        return body(snapshot)
    }

    private func withSnapshot(_ params: JSONValue, _ body: (Snapshot) -> JSONValue) -> Result<JSONValue, Failure> {
        withSnapshot(params) { .success(body($0)) }
    }

    private func at(_ params: JSONValue, _ body: (Snapshot, Int) -> JSONValue) -> Result<JSONValue, Failure> {
        withSnapshot(params) { snapshot in
            guard let position = position(params["position"]) else { return .failure(.invalid("no valid position")) }
            return .success(body(snapshot, snapshot.document.offset(of: position)))
        }
    }

    private func position(_ value: JSONValue?) -> Position? {
        guard let line = value?["line"]?.numberValue, let character = value?["character"]?.numberValue,
              line.isFinite, character.isFinite else { return nil }
        return Position(line: Int(max(-1, min(line, 1e9))), character: Int(max(0, min(character, 1e9))))
    }

    private func rename(_ params: JSONValue) -> Result<JSONValue, Failure> {
        withSnapshot(params) { snapshot in
            guard let position = position(params["position"]), let newName = params["newName"]?.stringValue else {
                return .failure(.invalid("rename needs a position and a newName"))
            }
            guard let o = snapshot.index.occurrence(at: snapshot.document.offset(of: position)) else {
                return .failure(Failure(code: -32803, message: "there is no name to rename here"))
            }
            guard Vocabulary.isName(newName) else {
                return .failure(Failure(code: -32803, message: "`\(newName)` cannot be a name: names are letters, digits and `_`, not starting with a digit, and not a reserved word"))
            }
            let clash = [SymbolKind.input, .condition, .segment, .route, .table].first { snapshot.index.isDeclared($0, newName) }
            if let clash, newName != o.name {
                return .failure(Failure(code: -32803, message: "the map already has a \(clash.rawValue) named `\(newName)`"))
            }
            let edits = snapshot.index.references(o.kind, o.name).sorted { $0.range.start < $1.range.start }
                .map { snapshot.edit($0.range, newName) }
            return .success(["changes": .object([snapshot.uri: .array(edits)])])
        }
    }

    private func formatting(_ params: JSONValue) -> Result<JSONValue, Failure> {
        withSnapshot(params) { snapshot in
            guard let text = MapFormatter.format(snapshot.source).text else {
                return .failure(Failure(code: -32803, message: "the map has syntax errors; it is formatted once they are fixed"))
            }
            if Array(text.utf8) == snapshot.document.bytes { return .success([]) }
            return .success([snapshot.edit(SourceRange(start: 0, end: snapshot.document.bytes.count), text)])
        }
    }

    private func codeActions(_ params: JSONValue) -> Result<JSONValue, Failure> {
        withSnapshot(params) { snapshot in
            guard let uri = params["textDocument"]?["uri"]?.stringValue,
                  let start = position(params["range"]?["start"]), let end = position(params["range"]?["end"]) else { return .success([]) }
            // Asked before this version has been analysed (right after a change): check it now, which
            // is fast and gives the did-you-means; lint's skeletons come once lint has run.
            let stored = documents[uri]?.analysis
            let analysis = stored?.version == snapshot.version ? stored! : Analysis.check(snapshot)
            let lo = snapshot.document.offset(of: start), hi = snapshot.document.offset(of: end)
            let touching = analysis.findings.filter { $0.diagnostic.range.start <= hi && $0.diagnostic.range.end >= lo }
            return .success(.array(CodeActions.actions(for: touching, in: snapshot).map { action in
                [
                    "title": .string(action.title),
                    "kind": "quickfix",
                    "diagnostics": [converter.convert(action.finding, in: snapshot)],
                    "edit": ["changes": .object([uri: .array(action.edits.map { snapshot.edit($0.0, $0.1) })])],
                ]
            }))
        }
    }

    /// `dmap.routeWitness URI WITNESS`: routes a lint witness through the document's map as
    /// `dmap route` does, shows the result and returns it as text.
    private func routeWitness(_ params: JSONValue) -> Result<JSONValue, Failure> {
        guard params["command"]?.stringValue == "dmap.routeWitness" else {
            return .failure(.invalid("unknown command: \(params["command"]?.stringValue ?? "none")"))
        }
        guard let arguments = params["arguments"]?.arrayValue, arguments.count == 2, let uri = arguments[0].stringValue,
              let witness = arguments[1].objectValue else {
            return .failure(.invalid("dmap.routeWitness takes a document URI and a witness case"))
        }
        guard let snapshot = snapshot(uri) else { return .failure(.invalid("the document is not open: \(uri)")) }
        let stored = documents[uri]?.analysis
        guard let map = stored?.version == snapshot.version ? stored?.map : Analysis.check(snapshot).map else {
            return .failure(Failure(code: -32803, message: "the map has errors; fix them to route a case"))
        }
        var values: [String: CaseValue] = [:]
        for member in witness { values[member.key] = CaseValue(json: member.value) }
        do {
            let routed = try map.explain(values)
            let text = "route: \(routed.route ?? "none") (\(routed.outcome.rawValue))"
                + (routed.segment.map { ", segment \($0)" } ?? "") + (routed.gap.map { ", gap: \($0.rawValue)" } ?? "") + "\n"
                + TraceStep.text(routed.trace)
            send(["jsonrpc": "2.0", "method": "window/showMessage", "params": ["type": 3, "message": .string(text)]])
            return .success(.string(text))
        } catch {
            return .failure(Failure(code: -32803, message: "the witness does not fit the map: \(error)"))
        }
    }

    private func respondError(id: JSONValue, code: Int, _ message: String) {
        send(["jsonrpc": "2.0", "id": id, "error": ["code": .number(Double(code)), "message": .string(message)]])
    }

    private func log(_ message: String) {
        send(["jsonrpc": "2.0", "method": "window/logMessage", "params": ["type": 1, "message": .string(message)]])
    }
}
