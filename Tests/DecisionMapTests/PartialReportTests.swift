import DMapTestSupport
import Foundation
import XCTest
@testable import DecisionMap
@testable import DecisionMapSimulation

/// Partial reports: a file cut at record boundaries into parts, each simulated alone, written as
/// JSON, read back and merged, gives the report one run over the whole file gives — byte for byte,
/// on damaged files, with every list cut short by the example limit, agreement and sweeps.
final class PartialReportTests: XCTestCase {
    static let mapText = """
        map "parts"
        inputs
          kind        one of a, b, "c d"
          amount      number 0..100  optional
          note        text  optional
          confidence  number 0..1  from model  optional
        segments
          big    risk high  when amount > 80
          small  risk low   otherwise
        routes
          bot   automated
          desk  team "Desk"  sla 1h  owner "Lead"  handle 6m
        uncertainty using confidence
          otherwise below 0.6 -> desk
        missing
          kind -> desk
        decide d (first)
          when kind is a and amount < 50 -> bot
          when note contains "urgent" -> desk
          when kind is b -> bot
          when amount > 90 -> bot

        """

    static let map = DecisionMap.compile(SourceFile(name: "parts.dmap", text: mapText)).map!

    /// A damaged export: quotes, multi-line fields, stray quotes, wrong field counts, invalid and
    /// missing values, expected routes with typos, blank lines, CRLF.
    func randomCSV(_ random: inout SeededRandom, rows: Int) -> [UInt8] {
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        var out = Array("id,kind,amount,note,confidence,expected\r\n".utf8)
        for i in 0..<rows {
            if random.next() % 25 == 0 { out += Array(pick(["\n", "\r\n"]).utf8) }
            var fields = [pick(["R\(i)", "R\(i)", ""]), pick(["a", "b", "\"c d\"", "z", "", "A"]), pick(["10", "60", "", "0,5", "95", "85", "abc", "101"]),
                          pick(["", "plain", "\"quoted, with comma\"", "\"two\nlines\"", "\"say \"\"urgent\"\"\"", "urgent"]),
                          pick(["0.9", "0.3", "", "0.55", "x", "0.7"]), pick(["bot", "desk", "", "nobody", "Bot"])]
            switch random.next() % 40 {
            case 0: fields[3] = "bad\"quote"
            case 1: fields.removeLast()
            case 2: fields.append("extra")
            case 3: fields[3] = "\"opens,\(fields[4])\n\(i),a,1,x,0.9,bot"  // swallows a line that looks like a row
            default: break
            }
            out += Array((fields.joined(separator: ",") + pick(["\n", "\r\n", "\n"])).utf8)
        }
        if random.next() % 3 == 0 { out += Array("last,a,1,\"never closed".utf8) }
        return out
    }

    func options(jobs: Int) throws -> SimulationOptions {
        var options = SimulationOptions(expectColumn: "expected", casesPerWeek: 700, jobs: jobs)
        options.listLimit = 3
        options.chunkBytes = 64
        options.sweeps = [try ThresholdSweep(map: Self.map, .otherwise, points: [0.5, 0.6, 0.7])]
        options.targets = [try SweepTarget("automation>=10%")]
        return options
    }

    func run(_ bytes: [UInt8], format: CaseFileFormat, jobs: Int, source: String) throws -> PartialReport {
        var reader = try CaseFileReader(format: format, source: BytesByteSource(bytes, maxReadSize: 11))
        return try Simulator(map: Self.map, options: options(jobs: jobs)).runPartial(&reader, source: source)
    }

    /// Writes each part as JSON text, reads it back, and merges.
    func merged(_ parts: [PartialReport], source: String?) throws -> PartialReport {
        let read = try parts.enumerated().map { i, part in
            try PartialReport(json: JSONValue.parse(Array(part.json().rendered(pretty: false).utf8)), name: "part\(i).json")
        }
        return try PartialReport.merge(read, names: read.indices.map { "part\($0).json" }, source: source)
    }

    /// The byte offsets where `bytes` (CSV) may be cut: where the reader's chunks start.
    func recordBoundaries(_ bytes: [UInt8]) throws -> (header: Int, cuts: [Int]) {
        var reader = try CSVReader(source: BytesByteSource(bytes), chunkSize: 64)
        var starts: [Int] = []
        while let chunk = try reader.nextChunk(targetBytes: 1) { starts.append(chunk.byteOffset) }
        return (starts.first ?? bytes.count, Array(starts.dropFirst()))
    }

    func testCSVPartsMergeIntoTheReportOfOneRun() throws {
        var random = SeededRandom(seed: 2026)
        for round in 0..<30 {
            let file = randomCSV(&random, rows: 10 + Int(random.next() % 120))
            let whole = try run(file, format: .csv, jobs: 2, source: "cases.csv").report()
            let (header, boundaries) = try recordBoundaries(file)
            var cuts = boundaries.filter { _ in random.next() % 6 == 0 }
            if cuts.isEmpty, let any = boundaries.randomElement(using: &random) { cuts = [any] }
            let edges = [header] + cuts + [file.count]
            let parts = try zip(edges, edges.dropFirst()).enumerated().map { i, range in
                try run(Array(file[0..<header] + file[range.0..<range.1]), format: .csv, jobs: 1 + i % 2, source: "part\(i).csv")
            }
            let report = try merged(parts, source: "cases.csv").report()
            XCTAssertEqual(report.json().rendered(pretty: true), whole.json().rendered(pretty: true),
                           "round \(round), \(parts.count) parts:\n" + String(decoding: file, as: UTF8.self))
            XCTAssertEqual(report.text(), whole.text(), "round \(round)")
            if report.json() != whole.json() { return }
        }
    }

    func testJSONLinesPartsMergeIntoTheReportOfOneRun() throws {
        var random = SeededRandom(seed: 7)
        for round in 0..<15 {
            var lines: [String] = []
            for i in 0..<(5 + Int(random.next() % 80)) {
                switch random.next() % 12 {
                case 0: lines.append("")
                case 1: lines.append("{\"id\": \"J\(i)\", \"kind\": ")  // broken JSON: rejected
                case 2: lines.append("[1, 2]")
                default:
                    let kind = ["\"a\"", "\"b\"", "\"z\"", "null", "3"][Int(random.next() % 5)]
                    let amount = ["10", "95", "\"60\"", "null", "1e400"][Int(random.next() % 5)]
                    let extra = random.next() % 9 == 0 ? ", \"extra\(i % 3)\": 1" : ""
                    lines.append("{\"id\": \"J\(i)\", \"kind\": \(kind), \"amount\": \(amount), \"note\": \"n\", \"confidence\": 0.\(random.next() % 10), \"expected\": \"bot\"\(extra)}")
                }
            }
            // Every part must hold an object, or it has no columns to read.
            let valid = lines.indices.filter { lines[$0].hasPrefix("{\"id\": \"J") && lines[$0].hasSuffix("}") }
            guard valid.count >= 2 else { continue }
            let cut = valid[1]
            let whole = try run(Array(lines.joined(separator: "\n").utf8), format: .jsonl, jobs: 2, source: "cases.jsonl").report()
            let parts = try [lines[..<cut], lines[cut...]].enumerated().map { i, slice in
                try run(Array((slice.joined(separator: "\n") + (i == 0 ? "\n" : "")).utf8), format: .jsonl, jobs: 1, source: "p\(i).jsonl")
            }
            XCTAssertEqual(try merged(parts, source: "cases.jsonl").report().json().rendered(pretty: true),
                           whole.json().rendered(pretty: true), "round \(round):\n" + lines.joined(separator: "\n"))
        }
    }

    func testAMergeOfSeveralFilesNamesThemAndOffersNoReproduceCommand() throws {
        let day = Array("id,kind,amount,note,confidence,expected\n1,z,10,,0.9,bot\n2,a,10,,0.9,bot\n".utf8)
        let parts = try [run(day, format: .csv, jobs: 1, source: "mon.csv"), run(day, format: .csv, jobs: 1, source: "tue.csv")]
        let report = try merged(parts, source: nil).report()
        XCTAssertEqual(report.source, "mon.csv + tue.csv")
        XCTAssertEqual(report.read, 4)
        XCTAssertEqual(report.dataLines, 4)
        let gap = try XCTUnwrap(report.gaps.first { $0.cases > 0 })
        XCTAssertEqual(gap.examples.map(\.reference.row), [1, 3])
        XCTAssertNil(report.reproduce(gap.examples[0].reference))
        XCTAssertNotNil(parts[0].report().reproduce(gap.examples[0].reference))
    }

    func testRowsWithoutIdsAreRenamedByTheirRowInTheWhole() throws {
        let day = Array("kind,amount,note,confidence,expected\nz,10,,0.9,bot\n\"unclosed\n".utf8)
        let report = try merged([run(day, format: .csv, jobs: 1, source: "a.csv"), run(day, format: .csv, jobs: 1, source: "b.csv")],
                                source: "all.csv").report()
        XCTAssertEqual(report.gaps.flatMap(\.examples).map(\.reference.id), ["row 1", "row 3"])
        XCTAssertEqual(report.rejects.map(\.description), [
            "row 2 (line 3): the quoted field opened here runs to the end of the file: its closing quote is missing",
            "row 4 (line 5): the quoted field opened here runs to the end of the file: its closing quote is missing",
        ])
        XCTAssertEqual(report.reproduce(report.gaps.flatMap(\.examples)[1].reference),
                       "dmap route parts.dmap --cases all.csv --row 3")
    }

    func testPartsThatNoSingleRunCouldHaveGivenAreRefused() throws {
        let file = Array("id,kind,amount,note,confidence,expected\n1,a,10,,0.9,bot\n".utf8)
        let part = try run(file, format: .csv, jobs: 1, source: "a.csv")
        func refusal(_ other: PartialReport) -> String? {
            do {
                _ = try merged([part, other], source: nil)
                return nil
            } catch {
                return (error as? PartialReportError)?.description
            }
        }
        // Another map: one more rule.
        let changed = try XCTUnwrap(DecisionMap.compile(SourceFile(name: "parts.dmap", text: Self.mapText + "  when kind is \"c d\" -> desk\n")).map)
        var reader = try CaseFileReader(format: .csv, source: BytesByteSource(file))
        let otherMap = try Simulator(map: changed, options: options(jobs: 1)).runPartial(&reader, source: "b.csv")
        XCTAssertEqual(refusal(otherMap)?.hasPrefix("`part1.json` was simulated with another map: parts.dmap (sha256 "), true, refusal(otherMap) ?? "")
        // Other options.
        var noExpect = try options(jobs: 1)
        noExpect.expectColumn = nil
        noExpect.targets = []
        reader = try CaseFileReader(format: .csv, source: BytesByteSource(file))
        let other = try Simulator(map: Self.map, options: noExpect).runPartial(&reader, source: "b.csv")
        XCTAssertEqual(refusal(other), "`part1.json` was simulated with --expect none, `part0.json` with expected (simulate every part with the same options)")
        XCTAssertEqual(refusal(part.with(casesPerWeek: 10)),
                       "`part1.json` was simulated with --per-week 10, `part0.json` with 700 (give --per-week to the merge, which then applies to all parts)")
        XCTAssertNil(refusal(part))
        let stricter = try Self.map.settingThresholds([ThresholdSetting(.otherwise, 0.8)])
        var whatIfOptions = try options(jobs: 1)
        whatIfOptions.sweeps = [try ThresholdSweep(map: stricter, .otherwise, points: [0.5, 0.6, 0.7])]
        reader = try CaseFileReader(format: .csv, source: BytesByteSource(file))
        let whatIf = try Simulator(map: stricter, options: whatIfOptions).runPartial(&reader, source: "b.csv")
        XCTAssertEqual(refusal(whatIf),
                       "`part1.json` was simulated with --set-threshold otherwise=0.8, `part0.json` with none (give every part the same --set-threshold)")

        // Another version, a damaged map, not a part at all.
        func read(_ edit: (inout JSONObject) -> Void) -> String {
            guard case .object(var object) = part.json() else { return "" }
            edit(&object)
            do {
                _ = try PartialReport(json: .object(object), name: "p.json")
                return "read"
            } catch {
                return error.description
            }
        }
        XCTAssertEqual(read { $0.append("dmapVersion", "9.9.9") },
                       "`p.json` was written by dmap 9.9.9 (partial report format 1); this is dmap \(DecisionMap.toolVersion) (format 1) (simulate the part again with this dmap)")
        XCTAssertEqual(read { $0.append("map", ["file": "parts.dmap", "sha256": "00", "text": .string(Self.mapText)]) },
                       "`p.json` is damaged: its map does not match its sha256")
        XCTAssertEqual(read { $0 = ["cases": 1] }, "`p.json` is not a partial report (write one with `dmap simulate MAP --cases FILE --partial OUT`)")
        XCTAssertEqual(read { object in
            guard case .object(var tally) = object["tally"]! else { return }
            tally.append("byRoute", [1, 2])
            object.append("tally", .object(tally))
        }, "p.json.tally.byRoute: expected 3 counts, found 2 (the part is damaged; simulate it again)")
        XCTAssertEqual(read { _ in }, "read")
    }

    func testBeyondTheDistinctValueLimitTheFirstOccurrencesAreKept() {
        // Merging batches (or parts) whose invalid values pass the limit keeps the values that
        // occur first, whatever order a dictionary lists them in.
        var earlier = Tally(map: Self.map, deciderCount: 0, limit: 3, expecting: false)
        for v in 0..<(Tally.distinctLimit - 2) { earlier.badValue(field: 1, "v\(v)", problem: "bad", row: v + 1) }
        var later = Tally(map: Self.map, deciderCount: 0, limit: 3, expecting: false)
        for (k, row) in [50, 10, 40, 20, 30].enumerated() { later.badValue(field: 1, "w\(k)", problem: "bad", row: row + Tally.distinctLimit) }
        earlier.merge(later)
        XCTAssertEqual(Set(earlier.badValues[1].keys.filter { $0.hasPrefix("w") }), ["w1", "w3"])
        XCTAssertEqual(earlier.otherBadValues[1], 3)
    }

    func testSHA256() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 1_000)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    // MARK: - The commands

    func testSimulatePartialAndMergeOnTheBundledExample() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-parts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = "decision-maps/insurance-claims.cases.csv"
        let lines = try String(contentsOf: repositoryFolder.appendingPathComponent(cases), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let half = lines.count / 2
        let a = folder.appendingPathComponent("a.csv").path, b = folder.appendingPathComponent("b.csv").path
        try (lines[..<half].joined(separator: "\n") + "\n").write(toFile: a, atomically: true, encoding: .utf8)
        try ([lines[0]] + lines[half...]).joined(separator: "\n").write(toFile: b, atomically: true, encoding: .utf8)
        let map = "decision-maps/insurance-claims.dmap"
        let common = ["--expect", "expected_route", "--sweep", "otherwise=0.5..0.9/0.1"]
        let whole = try runDmap(["simulate", map, "--cases", cases, "--format", "json"] + common)
        let partA = try runDmap(["simulate", map, "--cases", a, "--partial", folder.appendingPathComponent("a.part").path] + common)
        let partB = try runDmap(["simulate", map, "--cases", b, "--partial", "-"] + common)
        XCTAssertEqual(partA.err, "")
        XCTAssertTrue(partA.out.hasPrefix("Simulation of \"Insurance claim intake\""), partA.out)
        XCTAssertTrue(partB.out.hasPrefix("{\"dmapPartialReport\":1,"), String(partB.out.prefix(80)))
        try partB.out.write(toFile: folder.appendingPathComponent("b.part").path, atomically: true, encoding: .utf8)
        let merged = try runDmap(["merge", folder.appendingPathComponent("a.part").path, folder.appendingPathComponent("b.part").path,
                                  "--source", cases, "--format", "json", "--expect", "expected_route"])
        XCTAssertEqual(merged.err, "")
        XCTAssertEqual(merged.status, whole.status)
        XCTAssertEqual(merged.out, whole.out)

        let wrongExpect = try runDmap(["merge", folder.appendingPathComponent("a.part").path, "--expect", "route"])
        XCTAssertEqual(wrongExpect.status, 2)
        XCTAssertEqual(wrongExpect.err, """
            dmap: error: the parts compared with column `expected_route`, not `route`
            help: simulate the parts with --expect route --partial OUT

            """)
        let notAPart = try runDmap(["merge", cases])
        XCTAssertEqual(notAPart.status, 2)
        XCTAssertTrue(notAPart.err.hasPrefix("dmap: error: `\(cases)` is not a partial report: line 1: "), notAPart.err)
        let missing = try runDmap(["merge"])
        XCTAssertEqual(missing.status, 2)
    }
}
