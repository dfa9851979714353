import DecisionMap
import DMapTestSupport
import Foundation
import XCTest

/// `dmap lsp` as an editor sees it: a spawned process, each feature checked with exact results.
final class LanguageServerTests: XCTestCase {
    /// A small map with names and strings outside ASCII (UTF-16 columns differ from bytes).
    static let map = """
        map "Test"
        owners
          decisions "Ops lead"
        inputs
          größe       number 0..100  unit kg
          kind        one of a, b, "c d"
          note        text  optional
          confidence  number 0..1  from model
        conditions
          heavy  when größe > 50
        segments
          big   risk high  when heavy
          rest  risk low   otherwise
        routes
          auto    automated
          people  team "People"  sla 4h  owner "Lead"
        escalate
          to people when segment is big and note contains "😀 ü"
        uncertainty
          in big     below 0.9 -> people
          otherwise  below 0.5 -> people
        decide main (first)
          when kind is a           -> auto
          when kind in (b, "c d")  -> people

        """
    let uri = "file:///tmp/t%C3%A9st.dmap"

    private func started(_ text: String = LanguageServerTests.map) throws -> LSPClient {
        let client = try LSPClient()
        try client.initialize()
        client.open(uri, text)
        return client
    }

    func testInitializeAnnouncesTheFeaturesAndShutdownExitsCleanly() throws {
        let client = try LSPClient()
        let result = try client.request("initialize", ["processId": .null, "rootUri": .null, "capabilities": [:]])
        XCTAssertEqual(result["serverInfo"]?["name"], "dmap")
        XCTAssertEqual(result["capabilities"]?.rendered(),
                       #"{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":2,"save":{"includeText":false}},"hoverProvider":true,"definitionProvider":true,"referencesProvider":true,"renameProvider":{"prepareProvider":true},"completionProvider":{"triggerCharacters":[" ","(",",",">"]},"documentSymbolProvider":true,"documentFormattingProvider":true,"codeActionProvider":{"codeActionKinds":["quickfix"]},"codeLensProvider":{"resolveProvider":false},"executeCommandProvider":{"commands":["dmap.routeWitness"]}}"#)
        XCTAssertEqual(try client.close(), 0)
        let rude = try LSPClient()
        try rude.initialize()
        XCTAssertEqual(try rude.close(shutdown: false), 1, "exit without shutdown is status 1, as LSP says")
    }

    func testRequestsBeforeInitializeAndUnknownMethodsAndBrokenMessagesGetErrors() throws {
        let client = try LSPClient()
        XCTAssertEqual(try client.request("textDocument/hover", at(uri, 0, 0))["error"]?["code"], -32002)
        try client.initialize()
        XCTAssertEqual(try client.request("workspace/nothing")["error"]?["code"], -32601)
        XCTAssertEqual(try client.request("textDocument/hover", at("file:///not-open.dmap", 0, 0))["error"]?["code"], -32602)
        let body = Array("{not json".utf8)
        client.sendRaw(Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        XCTAssertEqual(client.wait { $0["error"]?["code"] == -32700 }?["id"], .null)
        // A header without a length is skipped; the server goes on.
        client.sendRaw(Array("Content-Type: nonsense\r\n\r\n".utf8))
        XCTAssertNotNil(client.wait { $0["method"] == "window/logMessage" })
        XCTAssertEqual(try client.request("shutdown"), .null)
        XCTAssertEqual(try client.request("textDocument/hover", at(uri, 0, 0))["error"]?["code"], -32600)
        XCTAssertEqual(try client.close(shutdown: false), 0)
    }

    func testDiagnosticsCarryTheRuleIdItsDocsTheHelpRegionAndWitness() throws {
        let client = try started()
        let diagnostics = try XCTUnwrap(client.diagnostics(uri, version: 1))
        XCTAssertEqual(diagnostics.compactMap { $0["code"]?.stringValue },
                       ["unanswered-ownership", "unanswered-ownership", "unanswered-ownership", "unanswered-ownership",
                        "missing-data-policy", "missing-data-gap", "high-risk-automated"])
        let gap = diagnostics[5]
        XCTAssertEqual(gap["severity"], 1)
        XCTAssertEqual(gap["range"], range(17, 2, 17, 56), "UTF-16 columns: the emoji counts two")
        XCTAssertEqual(gap["message"]?.stringValue, """
            the escalation to `people` cannot be decided when `note` is missing, and `note` has no missing-data policy
            help: add `note -> ROUTE` under `missing`, or test `note is present` first
            region: größe > 50, note is missing, kind any, confidence any
            witness: {"größe":100,"kind":"a","note":null,"confidence":0}
            """)
        let docs = repositoryFolder.appendingPathComponent("docs").absoluteURL.absoluteString
        XCTAssertEqual(gap["codeDescription"]?["href"]?.stringValue, docs + "lint-rules.md#missing-data-gap")
        let automated = diagnostics[6]
        XCTAssertEqual(automated["relatedInformation"], [["location": ["uri": .string(uri), "range": range(11, 2, 11, 29)],
                                                          "message": "the segment is declared here"]])
        _ = try client.close()
    }

    func testIncrementalChangesWithNonASCIITextMoveTheDiagnostics() throws {
        let client = try started()
        _ = client.diagnostics(uri, version: 1)
        // Misspell `größe` in `heavy` (line 9: `  heavy  when größe > 50`): replace `ö` (column 16) with `o`.
        client.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": 2],
                                                 "contentChanges": [["range": range(9, 16, 9, 17), "text": "o"]]])
        let broken = try XCTUnwrap(client.diagnostics(uri, version: 2, linted: false))
        XCTAssertEqual(broken.map { $0["code"] }, ["undefined-name"])
        XCTAssertEqual(broken[0]["range"], range(9, 14, 9, 19))
        XCTAssertEqual(broken[0]["message"]?.stringValue?.components(separatedBy: "\n").first, "undefined field `große`")
        // Insert an emoji before it on the same line; the error moves two UTF-16 units right.
        client.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": 3],
                                                 "contentChanges": [["range": range(9, 2, 9, 2), "text": "🙂"]]])
        let moved = try XCTUnwrap(client.diagnostics(uri, version: 3, linted: false))
        XCTAssertEqual(moved.first { $0["message"]?.stringValue?.hasPrefix("undefined field `große`") ?? false }?["range"], range(9, 16, 9, 21))
        client.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": 4],
                                                 "contentChanges": [["range": range(9, 2, 9, 4), "text": ""], ["range": range(9, 16, 9, 17), "text": "ö"]]])
        XCTAssertEqual(try XCTUnwrap(client.diagnostics(uri, version: 4)).count, 7)
        _ = try client.close()
    }

    func testHoverDescribesInputsSegmentsRoutesConditionsAndTables() throws {
        let client = try started()
        func hover(_ line: Int, _ character: Int) throws -> String? {
            try client.request("textDocument/hover", at(uri, line, character))["contents"]?["value"]?.stringValue
        }
        XCTAssertEqual(try hover(9, 15), "**input** `größe`: number 0..100\n\nunit kg · required · column \"größe\" in case files")
        XCTAssertEqual(try hover(11, 3), """
            **segment** `big`: risk high

            ```dmap
            when heavy
            ```

            confidence threshold: below 0.9 → `people`

            escalations that name it:
            - to `people` when segment is big and note contains "😀 ü"
            """)
        XCTAssertEqual(try hover(20, 27), "**route** `people`: team \"People\"\n\nSLA 4 h · owner \"Lead\"")
        XCTAssertEqual(try hover(11, 26), "**condition** `heavy`\n\n```dmap\nwhen größe > 50\n```")
        XCTAssertEqual(try hover(21, 8), """
            **table** `main`: hit policy `first`, 2 rules, in every segment

            ```dmap
            when kind is a           -> auto
            when kind in (b, "c d")  -> people
            ```
            """)
        XCTAssertEqual(try client.request("textDocument/hover", at(uri, 0, 1)), .null, "nothing to say about `map`")
        _ = try client.close()
    }

    func testDefinitionReferencesAndRename() throws {
        let client = try started()
        // `people` in the escalation (line 17) is declared on line 15.
        XCTAssertEqual(try client.request("textDocument/definition", at(uri, 17, 7)),
                       [["uri": .string(uri), "range": range(15, 2, 15, 8)]])
        XCTAssertEqual(try client.request("textDocument/references", at(uri, 15, 4, ["context": ["includeDeclaration": true]])).arrayValue?.compactMap { $0["range"]?["start"]?["line"]?.numberValue },
                       [15, 17, 19, 20, 23])
        XCTAssertEqual(try client.request("textDocument/prepareRename", at(uri, 4, 4)), ["range": range(4, 2, 4, 7), "placeholder": "größe"])
        XCTAssertEqual(try client.request("textDocument/rename", at(uri, 9, 15, ["newName": "weight"])),
                       ["changes": [uri: [["range": range(4, 2, 4, 7), "newText": "weight"], ["range": range(9, 14, 9, 19), "newText": "weight"]]]])
        XCTAssertEqual(try client.request("textDocument/rename", at(uri, 9, 15, ["newName": "kind"]))["error"]?["message"], "the map already has a input named `kind`")
        XCTAssertEqual(try client.request("textDocument/rename", at(uri, 9, 15, ["newName": "and"]))["error"]?["code"], -32803)
        _ = try client.close()
    }

    func testCompletionOffersWhatFitsWhereTheCursorIs() throws {
        let text = Self.map + "decide extra (first)\n  when kind is \n  when segment is \n  when \n  otherwise -> \n\n"
        let client = try started(text)
        func labels(_ line: Int, _ character: Int) throws -> [String] {
            try client.request("textDocument/completion", at(uri, line, character)).arrayValue?.compactMap { $0["label"]?.stringValue } ?? []
        }
        XCTAssertEqual(try labels(25, 15), ["a", "b", "c d"])
        XCTAssertEqual(try client.request("textDocument/completion", at(uri, 25, 15)).arrayValue?.last?["insertText"], "\"c d\"",
                       "a value that is not a name is inserted in quotes")
        XCTAssertEqual(try labels(26, 18), ["big", "rest"])
        XCTAssertEqual(try labels(27, 7), ["größe", "kind", "note", "confidence", "heavy", "segment", "not"])
        XCTAssertEqual(try labels(28, 15), ["auto", "people"])
        XCTAssertEqual(try labels(29, 0), ["map", "owners", "inputs", "conditions", "segments", "routes", "escalate", "inconsistent",
                                           "uncertainty", "missing", "invalid", "decide", "fallback"])
        XCTAssertEqual(try labels(22, 16), ["a", "b", "c d"], "after `in (`")
        _ = try client.close()
    }

    func testTheOutlineListsSectionsAndTheirItems() throws {
        let client = try started()
        let symbols = try XCTUnwrap(client.request("textDocument/documentSymbol", ["textDocument": ["uri": .string(uri)]]).arrayValue)
        XCTAssertEqual(symbols.compactMap { $0["name"]?.stringValue },
                       ["map", "owners", "inputs", "conditions", "segments", "routes", "escalate", "uncertainty", "decide main"])
        XCTAssertEqual(symbols[2]["children"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["größe", "kind", "note", "confidence"])
        XCTAssertEqual(symbols[8]["children"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["when kind is a", "when kind in (b, \"c d\")"])
        XCTAssertEqual(symbols[8]["range"], range(21, 0, 23, 36))
        _ = try client.close()
    }

    func testFormattingIsWhatDmapFmtWrites() throws {
        let client = try started()
        let edits = try XCTUnwrap(client.request("textDocument/formatting", ["textDocument": ["uri": .string(uri)], "options": ["tabSize": 2, "insertSpaces": true]]).arrayValue)
        let fmt = try runDmap(["fmt", "-"], stdin: Self.map)
        XCTAssertEqual(edits, [["range": range(0, 0, 24, 0), "newText": .string(fmt.out)]])
        client.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": 2], "contentChanges": [["text": .string(fmt.out)]]])
        XCTAssertEqual(try client.request("textDocument/formatting", ["textDocument": ["uri": .string(uri)], "options": [:]]), [])
        _ = try client.close()
    }

    func testQuickFixesApplyDidYouMeansAndLintSkeletons() throws {
        let text = Self.map.replacingOccurrences(of: "when kind is a ", with: "when kind is aa") + "fallback -> peple\n"
        let client = try LSPClient(arguments: ["lsp", "--debounce", "60000"])
        try client.initialize()
        client.open(uri, Self.map)
        _ = client.diagnostics(uri, version: 1)
        // Quick fixes asked for right after a change, long before its (debounced) analysis.
        client.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": 2], "contentChanges": [["text": .string(text)]]])
        let early = try client.request("textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": range(24, 0, 25, 0),
                                                                   "context": ["diagnostics": []]]).arrayValue ?? []
        XCTAssertEqual(early.compactMap { $0["title"]?.stringValue }, ["Change `peple` to `people`"])
        client.notify("textDocument/didSave", ["textDocument": ["uri": .string(uri)]])
        let diagnostics = try XCTUnwrap(client.diagnostics(uri, version: 2, linted: false))
        XCTAssertEqual(diagnostics.map { $0["code"] }, ["unknown-value", "undefined-name"])
        func actions(_ l1: Int, _ l2: Int) throws -> [JSONValue] {
            try client.request("textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": range(l1, 0, l2, 0),
                                                            "context": ["diagnostics": []]]).arrayValue ?? []
        }
        let fixes = try actions(22, 25)
        XCTAssertEqual(fixes.compactMap { $0["title"]?.stringValue }, ["Change `aa` to `a`", "Change `peple` to `people`"])
        XCTAssertEqual(fixes[1]["edit"], ["changes": [uri: [["range": range(24, 12, 24, 17), "newText": "people"]]]])

        // The fixed map: lint skeletons for the ownership questions and the missing-data policy.
        client.notify("textDocument/didChange", ["textDocument": ["uri": .string(uri), "version": 3], "contentChanges": [["text": .string(Self.map)]]])
        client.notify("textDocument/didSave", ["textDocument": ["uri": .string(uri)]])
        _ = client.diagnostics(uri, version: 3)
        let skeletons = try actions(0, 7)
        XCTAssertEqual(skeletons.compactMap { $0["title"]?.stringValue }, [
            "Name an owner for who owns risk tolerance", "Name an owner for who intervenes when the model is uncertain",
            "Name an owner for who measures outcome quality", "Name an owner for who redesigns the roles",
            "Add a missing-data policy for `note`",
        ])
        XCTAssertEqual(skeletons[0]["edit"], ["changes": [uri: [["range": range(2, 22, 2, 22), "newText": "\n  risk \"Role\""]]]])
        XCTAssertEqual(skeletons[4]["edit"], ["changes": [uri: [["range": range(24, 0, 24, 0), "newText": "\nmissing\n  note -> people\n"]]]])
        _ = try client.close()
    }

    func testSkeletonsForRoutesAndTablesWithAGap() throws {
        let text = Self.map.replacingOccurrences(of: "  sla 4h  owner \"Lead\"", with: "")
            .replacingOccurrences(of: "  when kind in (b, \"c d\")  -> people\n", with: "")
        let client = try started(text)
        _ = client.diagnostics(uri, version: 1)
        let titles = try client.request("textDocument/codeAction", ["textDocument": ["uri": .string(uri)], "range": range(15, 0, 22, 0),
                                                                    "context": ["diagnostics": []]]).arrayValue ?? []
        XCTAssertEqual(titles.compactMap { $0["title"]?.stringValue }, ["Add an owner to `people`", "Add an SLA to `people`", "Add `otherwise -> people` to `main`"])
        XCTAssertEqual(titles[2]["edit"], ["changes": [uri: [["range": range(22, 34, 22, 34), "newText": "\n  otherwise -> people"]]]])
        _ = try client.close()
    }

    func testCodeLensesRouteEachWitness() throws {
        let client = try started()
        _ = client.diagnostics(uri, version: 1)
        let lenses = try XCTUnwrap(client.request("textDocument/codeLens", ["textDocument": ["uri": .string(uri)]]).arrayValue)
        XCTAssertEqual(lenses.map { $0["range"]?["start"]?["line"] }, [17, 22], "the missing-data gap and the high-risk automation")
        let command = try XCTUnwrap(lenses.first?["command"])
        XCTAssertEqual(command["title"], "route this witness")
        let routed = try client.request("workspace/executeCommand", ["command": command["command"] ?? .null, "arguments": command["arguments"] ?? .null])
        XCTAssertEqual(routed.stringValue, """
            route: none (gap), segment big, gap: missing-data
                       validate     every value fits the inputs; missing: `note`
              line 12  segment      `big` (risk high): big risk high when heavy
              line 18  missing      an escalation needs `note`, which is missing
                       gap          no missing-data policy for `note`: missing-data gap

            """)
        XCTAssertEqual(client.wait { $0["method"] == "window/showMessage" }?["params"]?["message"], routed)
        _ = try client.close()
    }
}
