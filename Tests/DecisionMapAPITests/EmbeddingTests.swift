import Dispatch
import XCTest
@testable import DecisionMap

/// Embedding the engine in a Swift program: maps from strings and files, cases from dictionaries
/// and `Codable` values, one compiled map shared by many threads.
final class EmbeddingTests: XCTestCase {
    static let text = """
        map "Embedded"
        inputs
          channel   one of email, chat, "social media"  column "Channel"
          amount    number 0..1000  optional
          vip       boolean
          category  one of billing, fraud
        segments
          big  risk high  when amount >= 500
          all  risk low   otherwise
        routes
          auto  automated
          desk  team "Desk"
          data  team "Data"
        missing
          otherwise -> desk
        invalid
          otherwise -> data
        decide route (first)
          when vip or category is fraud -> desk
          otherwise -> auto

        """

    func testCompilesFromAStringWithDiagnosticsAsValues() {
        let (map, diagnostics) = DecisionMap.compile(Self.text, name: "embedded.dmap")
        XCTAssertNotNil(map)
        XCTAssertEqual(diagnostics, [])
        let (broken, errors) = DecisionMap.compile("map \"x\"\nroutes\n  r automatic\n", name: "broken.dmap")
        XCTAssertNil(broken)
        XCTAssertEqual(errors.first?.message, "unknown kind of route `automatic`")
        XCTAssertThrowsError(try DecisionMap(parsing: "map \"x\"\n", name: "empty.dmap")) { error in
            XCTAssertTrue("\(error)".hasPrefix("empty.dmap:"), "\(error)")
        }
    }

    func testCompilesFromAFileURL() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dmap-embedding-\(ProcessInfo.processInfo.processIdentifier).dmap")
        try Self.text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let (map, diagnostics) = try DecisionMap.compile(contentsOf: url)
        XCTAssertNotNil(map)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(map?.model.source.name, url.path)
        XCTAssertThrowsError(try DecisionMap.compile(contentsOf: url.appendingPathExtension("missing")))
    }

    func testRoutesADictionaryCase() throws {
        let map = try DecisionMap(parsing: Self.text)
        let routed = try map.route(["Channel": "chat", "amount": 700, "vip": false, "category": "billing", "id": "C-1"])
        XCTAssertEqual(routed.route, "auto")
        XCTAssertEqual(routed.segment, "big")
        XCTAssertEqual(routed.outcome, .decided)
        XCTAssertEqual(routed.trace, [])
        // A field's own name is accepted where its column is renamed; a typo is not.
        XCTAssertEqual(try map.route(["channel": "chat", "amount": 700, "vip": false, "category": "billing"]).route, "auto")
        XCTAssertThrowsError(try map.route(["chanel": "chat"])) { error in
            XCTAssertEqual((error as? CaseError)?.messages, ["unknown field `chanel`; did you mean `Channel`?"])
        }
    }

    struct Ticket: Codable {
        enum Category: String, Codable { case billing, fraud }
        var id: Int
        var channel: String
        var amount: Double?
        var vip: Bool
        var category: Category

        enum CodingKeys: String, CodingKey {
            case id, channel = "Channel", amount, vip, category
        }
    }

    func testRoutesACodableCaseWithoutJSON() throws {
        let map = try DecisionMap(parsing: Self.text)
        let ticket = Ticket(id: 7, channel: "social media", amount: nil, vip: false, category: .fraud)
        let routed = try map.route(ticket)
        XCTAssertEqual(Routing(routed), Routing(try map.route(["Channel": "social media", "vip": false, "category": "fraud"])))
        XCTAssertEqual(routed.route, "desk")
        // `amount` is nil: the segment needs it, and the missing-data policy applies.
        XCTAssertEqual(routed.outcome, .dataPolicy)
        XCTAssertEqual(routed.field, "amount")
        let explained = try map.explain(Ticket(id: 8, channel: "email", amount: 20, vip: false, category: .billing))
        XCTAssertEqual(explained.route, "auto")
        XCTAssertFalse(explained.trace.isEmpty)
    }

    func testCodableValuesNoFieldCanHoldAreInvalidData() throws {
        struct Nested: Encodable {
            var Channel = "chat"
            var amount = [1, 2]
            var vip = true
            var category = "billing"
        }
        let routed = try DecisionMap(parsing: Self.text).route(Nested())
        XCTAssertEqual(routed.outcome, .dataPolicy)
        XCTAssertEqual(routed.route, "data")
        XCTAssertEqual(routed.field, "amount")
    }

    func testCodableCasesThatAreNotObjectsOrNameNoColumnAreRejected() throws {
        let map = try DecisionMap(parsing: Self.text)
        XCTAssertThrowsError(try map.route(["a", "b"])) { error in
            XCTAssertEqual((error as? CaseError)?.messages, ["a case must encode as an object with one property per field, not as a list"])
        }
        struct Extra: Encodable { var Channel = "chat"; var colour = "red" }
        XCTAssertThrowsError(try map.route(Extra())) { error in
            XCTAssertEqual((error as? CaseError)?.unknownKeys, ["colour"])
        }
        XCTAssertNoThrow(try map.route(Extra(), ignoring: ["colour"]))
    }

    func testOneCompiledMapRoutesAlikeFromManyThreads() throws {
        let map = try DecisionMap(syntax: CustomerTriageInSwift.syntax)
        let rows = caseRows(try String(contentsOf: repository.appendingPathComponent("decision-maps/customer-triage.cases.csv"), encoding: .utf8))
        let expected = try routings(map, rows)
        let results = Results(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let routed = rows.map { (try? map.route($0.values)).map(Routing.init) }
            results.set(worker, routed)
        }
        for routed in results.all { XCTAssertEqual(routed, expected) }
    }
}

/// Results written by concurrent workers, each to its own slot.
private final class Results: @unchecked Sendable {
    private var slots: [[Routing?]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ value: [Routing?]) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var all: [[Routing?]] { lock.withLock { slots } }
}
