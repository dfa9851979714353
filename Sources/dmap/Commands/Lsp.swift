import DecisionMap
import DecisionMapLanguageServer
import Foundation

enum LspCommand {
    static let spec = CommandSpec(
        name: ["lsp"], abstract: "Run the language server for editors.",
        discussion: """
            Speaks the Language Server Protocol 3.17 over standard input and output (JSON-RPC with \
            Content-Length framing), for any editor with an LSP client: diagnostics from check and \
            lint as you type, hover, go to definition, find references, rename, completion, an \
            outline, formatting identical to `dmap fmt`, and quick fixes. Editors start it; people \
            rarely run it by hand. Setup for VS Code, Neovim and others: docs/editors.md.
            """,
        options: [
            .option("--debounce", value: "MS", help: "Milliseconds of quiet after a change before the map is checked and linted.", default: "200"),
            .option("--docs", value: "URI", help: "Where the documentation lives, for the links in diagnostics (default: the docs folder next to this dmap's source tree, if there is one)."),
        ],
        examples: ["dmap lsp", "nvim -c 'lua vim.lsp.start({ name = \"dmap\", cmd = { \"dmap\", \"lsp\" } })' triage.dmap"],
        exitStatus: ExitStatusSpec(clean: "the client sent `shutdown`, then `exit`",
                                   notClean: "the client sent `exit` or closed the connection without `shutdown`",
                                   cannotRun: "a usage error"))

    static func run(_ arguments: ParsedArguments) -> ExitCode {
        let debounce: Int
        do {
            debounce = try arguments.int("--debounce", range: 0...60_000) ?? 200
        } catch {
            Terminal.err(error.rendered + "\n")
            return .cannotRun
        }
        let output = Output()
        let server = LanguageServer(
            configuration: .init(debounce: Double(debounce) / 1000, docsBase: arguments.value("--docs") ?? docsFolder(), version: version),
            send: { output.write(MessageFramer.frame($0)) },
            onExit: { status in exit(status) })
        var framer = MessageFramer()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(0, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            for frame in framer.feed(buffer[0..<count]) {
                switch frame {
                case .message(let body): server.receive(body)
                case .malformed(let message): server.framingError(message)
                }
            }
        }
        // The client closed the connection without `exit`.
        server.waitUntilIdle()
        return server.receivedShutdown ? .clean : .notClean
    }

    /// `file:///…/docs/` when the executable sits in a checkout (`.build/…/dmap` under the
    /// repository), else nil.
    static func docsFolder() -> String? {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let docs = url.appendingPathComponent("docs")
            if FileManager.default.fileExists(atPath: docs.appendingPathComponent("lint-rules.md").path) {
                return docs.absoluteURL.absoluteString.hasSuffix("/") ? docs.absoluteURL.absoluteString : docs.absoluteURL.absoluteString + "/"
            }
            url.deleteLastPathComponent()
        }
        return nil
    }

    /// Standard output, one whole message at a time.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()

        func write(_ bytes: [UInt8]) {
            lock.lock()
            defer { lock.unlock() }
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { Foundation.write(1, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                written += n
            }
        }
    }
}
