// The fuzz targets: what `scripts/fuzz.sh` runs under libFuzzer (this file is compiled there
// together with the library sources, its imports removed), and what `FuzzCorpusTests` runs on
// every committed corpus entry. Each target must return normally on any input; a broken invariant
// is a crash (`fuzzCheck`), so libFuzzer reports it with the input.
import Foundation
@testable import DecisionMap
@testable import DecisionMapAnalysis
@testable import DecisionMapSimulation

enum FuzzTargets {
    static let names = ["map", "format", "csv", "jsonl", "json", "router"]

    static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "map": map(bytes)
        case "format": format(bytes)
        case "csv": cases(bytes, .csv)
        case "jsonl": cases(bytes, .jsonl)
        case "json": json(bytes)
        case "router": router(bytes)
        default: fatalError("unknown fuzz target \(target)")
        }
    }

    /// A broken invariant: stop with the reason, so the fuzzer keeps the input.
    static func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("fuzz invariant broken: \(message())") }
    }

    /// Parse, check and lint any text; the diagnostics render.
    static func map(_ bytes: [UInt8]) {
        let source = SourceFile(name: "fuzz.dmap", bytes: bytes)
        let (map, diagnostics) = DecisionMap.compile(source)
        _ = DiagnosticRenderer(source: source).text(diagnostics)
        if map != nil {
            let report = Linter.lint(source, options: LintOptions(analysisBudget: 20_000))
            _ = report.findings.count
        }
    }

    /// A map that checks formats to a map that checks, formatting it again changes nothing, and
    /// the two decide every case the same (the static diff says so, when it is exact).
    static func format(_ bytes: [UInt8]) {
        let source = SourceFile(name: "fuzz.dmap", bytes: bytes)
        guard let original = DecisionMap.compile(source).map, let text = MapFormatter.format(source).text else { return }
        let formatted = SourceFile(name: "formatted.dmap", text: text)
        guard let again = DecisionMap.compile(formatted).map else {
            fuzzCheck(false, "the formatted map does not check")
            return
        }
        fuzzCheck(MapFormatter.format(formatted).text == text, "formatting is not idempotent")
        fuzzCheck(text.utf8.count <= bytes.count * 2 + 4096, "formatting grew the map from \(bytes.count) to \(text.utf8.count) bytes")
        if let diff = try? StaticDiff.compare(old: original, new: again, budget: 20_000), diff.exact {
            fuzzCheck(diff.equivalent, "formatting changed what the map decides: \(diff.summary)")
        }
    }

    /// The map the case-file targets read cases with: every kind of input, optional ones, text.
    /// Tabulated once here, as `dmap simulate` would for a large file (so the case table reads
    /// the cases), rather than once per input.
    static let casesMap = DecisionMap.compile(SourceFile(name: "cases.dmap", text: """
        map "fuzz"
        inputs
          kind    one of a, b
          amount  number 0..100  optional
          n       integer  optional
          flag    boolean  optional
          note    text  optional
        segments
          all  risk low  otherwise
        routes
          bot   automated
          desk  team "Desk"  sla 1h  owner "Lead"
        missing
          otherwise -> desk
        decide d (first)
          when kind is a and amount < 50 -> bot
          when note contains "x" or flag -> desk
          otherwise -> bot

        """)).map!.tabulated()

    /// A case file of any bytes: read, simulated; every row read is routed or rejected, the
    /// partial report reads back as written, and for CSV the parallel reading gives what the
    /// sequential one gives (compared as partial reports, which hold every count a report is made
    /// from, so no report is built twice).
    static func cases(_ bytes: [UInt8], _ format: CaseFileFormat) {
        func simulate(rowByRow: Bool, chunk: Int) -> PartialReport? {
            // Small reads and a small buffer: refills land everywhere, and a run costs no large
            // zeroed buffer (which would cap the fuzzer at a few hundred executions a second). One
            // worker: a second only took a second core from the fuzzer (`-fork` uses it better).
            let source = BytesByteSource(bytes, maxReadSize: 7)
            guard var reader = try? CaseFileReader(format: format, source: source, chunkSize: 16 + bytes.count % 97) else { return nil }
            var options = SimulationOptions(jobs: 1)
            options.chunkBytes = chunk
            options.listLimit = 2
            options.allowedMissingColumns = ["kind", "amount", "n", "flag", "note"]
            return try? Simulator(map: casesMap, options: options).runPartial(&reader, source: "fuzz", cases: rowByRow ? { _ in } : nil)
        }
        guard let part = simulate(rowByRow: true, chunk: 1 << 20) else { return }
        // A part reads back as written (what `dmap merge` relies on). A CSV part does so on one
        // input in four (by length): the round trip was a fifth of this target's time, and the
        // JSON Lines target reads back every part through the same code.
        let written = part.json()
        if format != .csv || bytes.count % 4 == 0 {
            let back = try? PartialReport(json: JSONValue.parse(Array(written.rendered(pretty: false).utf8)), name: "fuzz")
            fuzzCheck(back?.json() == written, "a partial report does not read back as written")
        }
        let report = part.report()
        fuzzCheck(report.read == report.routed + report.undecided + report.rejected, "read \(report.read) ≠ routed + gaps + rejected")
        fuzzCheck(report.evaluated == report.read - report.rejected, "evaluated ≠ read − rejected")
        // Two to eight chunks, their ends moving with the input's length: each chunk costs a worker
        // hand-off and a tally, so a chunk every few bytes made this the slowest target.
        if format == .csv, let chunked = simulate(rowByRow: false, chunk: 1 + bytes.count / (2 + bytes.count % 7)) {
            fuzzCheck(chunked.json() == written, "chunked and sequential CSV reading differ")
        }
    }

    /// Any bytes as JSON: parsed, or refused with a position; what parses renders and parses back
    /// to the same value.
    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes) else { return }
        let rendered = value.rendered()
        fuzzCheck((try? JSONValue.parse(Array(rendered.utf8))) == value, "render then parse changes the value")
    }

    /// Any bytes as one case of the bundled triage map: routing with and without a trace agrees.
    static let routerMap = DecisionMap.compile(SourceFile(name: "triage.dmap", text: """
        map "router"
        inputs
          category    one of billing, outage, fraud
          amount      number 0..1000  optional
          confidence  number 0..1  from model
          vip         boolean  optional
          subject     text  optional
        segments
          risky   risk high  when category is fraud or amount > 500
          normal  risk low   otherwise
        routes
          bot   automated
          desk  team "Desk"  sla 1h  owner "Lead"
          boss  escalation "Boss"  sla 1h  owner "Lead"
        escalate
          to boss when segment is risky and vip
        uncertainty using confidence
          in risky   below 0.9 -> desk
          otherwise  below 0.7 -> desk
        missing
          amount -> desk
        decide d (unique)
          when category is billing and amount < 100 -> bot
          when subject contains "refund" -> desk
          when category is outage -> bot
        fallback -> desk

        """)).map!
    /// The same map routed through its case table (`DecisionMap.tabulated`).
    static let tabulatedRouterMap = routerMap.tabulated()

    static func router(_ bytes: [UInt8]) {
        var values: [String: CaseValue] = [:]
        let fields = routerMap.model.fields
        // Each byte picks a field and a value written the ways case files write them.
        let spellings = ["", "0", "1", "0.5", "-1", "1e3", "0,5", "true", "no", "billing", "fraud", "Outage", "refund", "n/a", "999", ".5"]
        var i = 0
        while i + 1 < bytes.count {
            values[fields[Int(bytes[i]) % fields.count].column] = .text(spellings[Int(bytes[i + 1]) % spellings.count])
            i += 2
        }
        let (record, _) = routerMap.bindLeniently(values)
        let fast = routerMap.route(record)
        let (explained, trace) = routerMap.explain(record)
        fuzzCheck(fast == explained, "route and explain disagree")
        fuzzCheck(tabulatedRouterMap.route(record) == fast, "the case table and the router disagree")
        fuzzCheck(!trace.isEmpty, "no trace")
        let (past, reach) = routerMap.routePastThreshold(record)
        if let reach, let below = routerMap.threshold(inSegment: reach.segment), reach.confidence < below {
            fuzzCheck(routerMap.reviewDecision(inSegment: reach.segment) == fast, "the review decision differs from routing")
        } else {
            fuzzCheck(past == fast, "routing past the threshold differs from routing")
        }
    }
}
