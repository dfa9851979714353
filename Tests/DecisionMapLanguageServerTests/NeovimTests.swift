import DecisionMap
import DMapTestSupport
import Foundation
import XCTest

/// `dmap lsp` in a real editor: Neovim's built-in LSP client, headless (Fixtures/nvim-e2e.lua).
/// Skipped when `nvim` is not installed; `scripts/nvim-e2e.sh` installs it (Debian) and runs this.
final class NeovimTests: XCTestCase {
    func testNeovimShowsDiagnosticsHoverDefinitionAndFormats() throws {
        let nvim = try findOnPath("nvim")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-nvim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The bundled triage map, with one line out of canonical alignment for formatting to fix.
        let original = try String(contentsOf: repositoryFolder.appendingPathComponent("decision-maps/customer-triage.dmap"), encoding: .utf8)
        let map = original.replacingOccurrences(of: "  decisions  \"Head", with: "  decisions \"Head")
        XCTAssertNotEqual(map, original)
        let mapFile = folder.appendingPathComponent("triage.dmap")
        try map.write(to: mapFile, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out.json")

        let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent() ?? Bundle.main.bundleURL
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nvim)
        process.arguments = ["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c",
                             "luafile " + repositoryFolder.appendingPathComponent("Tests/DecisionMapLanguageServerTests/Fixtures/nvim-e2e.lua").path]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "DMAP": products.appendingPathComponent("dmap").path, "MAP": mapFile.path, "OUT": out.path,
            "HOVER": "30:4", "DEFINITION": "115:60",
        ]) { $1 }
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate(); XCTFail("nvim did not finish in 90 s") }

        let result = try JSONValue.parse(Array(Data(contentsOf: out)))
        XCTAssertNil(result["error"], "\(result["error"] ?? .null)")
        XCTAssertEqual(result["attached"], true)
        let lint = try runDmap(["lint", "--format", "json", mapFile.path])
        let expected = try JSONValue.parse(Array(lint.out.utf8))["findings"]?.arrayValue?.map {
            "\($0["line"]?.numberValue.map { Int($0) - 1 } ?? -1) \($0["id"]?.stringValue ?? "")"
        }
        XCTAssertEqual(result["diagnostics"]?.arrayValue?.map {
            "\($0["line"]?.numberValue.map { Int($0) } ?? -1) \($0["code"]?.stringValue ?? "")"
        }, expected)
        XCTAssertEqual(result["hover"]?.stringValue, """
            **input** `confidence`: number 0..1

            required · from the model · column "confidence" in case files

            the confidence the `uncertainty` thresholds compare

            How sure the intake model is of its category, from 0 to 1.
            """)
        XCTAssertEqual([result["definition"]?["line"], result["definition"]?["character"]], [70, 2], "`fraud_desk` is declared on line 71")
        XCTAssertEqual(result["formatted"]?.stringValue, original, "formatting gives what `dmap fmt` writes")
    }

    private func findOnPath(_ name: String) throws -> String {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw XCTSkip("\(name) is not installed (scripts/nvim-e2e.sh installs it and runs this test)")
    }
}
