@testable import DecisionMap
import XCTest

/// The byte binder (CSV cells straight from their bytes, with fast paths for plain numbers,
/// enumeration values and booleans) binds every cell exactly as `Field.bind(text:)` does: same
/// values, states, texts and problems, on random rows of cells written the usual way, almost the
/// usual way, and not at all the usual way.
final class ByteBinderTests: XCTestCase {
    static let map = DecisionMap.compile(SourceFile(name: "binder.dmap", text: """
        map "binder"
        inputs
          short    one of a, bb, chat, email, phone
          long     one of "social media", "social medium", "walk-in customer desk", "Zürich", "12345678", "123456789"
          amount   number 0..1000000
          score    number -1..1
          any      number
          count    integer 0..100
          big      integer
          vip      boolean
          subject  text
        segments
          all  risk low  otherwise
        routes
          bot  automated
        decide d (first)
          otherwise -> bot

        """)).map!

    /// A cell for `field`: usually a value of its kind, often a near miss.
    static func cell(_ field: Field, _ random: inout SeededRandom) -> String {
        func pick(_ xs: [String]) -> String { xs[random.below(xs.count)] }
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(random.below(10))) }) }
        func number() -> String {
            var s = random.below(4) == 0 ? "-" : ""
            s += random.below(6) == 0 ? "0" + digits(random.below(3)) : digits(1 + random.below(random.below(3) == 0 ? 20 : 6))
            if random.below(2) == 0 { s += "." + digits(random.below(5) == 0 ? random.below(25) : 1 + random.below(4)) }
            return s
        }
        switch random.below(10) {
        case 0: return pick(["", " ", "\t", "-", ".", "+1", "1e3", "0x1", "1.", ".5", "1..2", "--1", "1-", "٣", "1 ", " 1", "NaN", "inf"])
        case 1: return number()
        case 2: return pick(["true", "false", "yes", "no", "1", "0", "True", "FALSE", "y", "truee", "tru", "fals"])
        default: break
        }
        switch field.type {
        case .enumeration(let values):
            let value = pick(values)
            switch random.below(6) {
            case 0: return value.uppercased()
            case 1: return String(value.dropLast())
            case 2: return value + pick(["x", " ", "\t", "é"])
            case 3: return " " + value
            default: return value
            }
        case .number, .integer: return number()
        case .boolean: return pick(["true", "false", "yes", "no", "1", "0"])
        case .text: return pick(["refund", "Refund please", "", "a,b", "日本"])
        }
    }

    func testBindsEveryCellAsTheFieldDoes() {
        let map = Self.map
        let fields = map.model.fields
        let binder = ByteBinder(map: map)
        var random = SeededRandom(seed: 17)
        // Columns in another order than the fields, and one column no field reads.
        let columnOfField = [3, 0, 5, 1, 9, 2, 4, 6, 8, 7]
        let columns = Array(columnOfField.prefix(fields.count))
        var fromBytes = map.makeRecord(), fromText = map.makeRecord()
        var plainValues = 0
        for _ in 0..<10_000 {
            var cells = [String](repeating: "unused", count: 10)
            for f in fields.indices { cells[columns[f]] = Self.cell(fields[f], &random) }
            var row: [UInt8] = [], bounds: [Int] = []
            for cell in cells {
                bounds.append(row.count)
                row += cell.utf8
                bounds.append(row.count)
            }
            fromBytes.reset()
            fromText.reset()
            row.withUnsafeBufferPointer { row in
                bounds.withUnsafeBufferPointer { bounds in
                    columns.withUnsafeBufferPointer { columns in binder.bind(row: row, bounds: bounds, columns: columns, into: &fromBytes) }
                }
            }
            for f in fields.indices {
                let cell = cells[columns[f]]
                if cell.isEmpty { fromText.states[f] = .missing } else { fields[f].bind(text: cell, at: f, into: &fromText) }
            }
            for f in fields.indices {
                let context = "field `\(fields[f].name)`, cell `\(cells[columns[f]])`"
                XCTAssertEqual(fromBytes.states[f], fromText.states[f], context)
                XCTAssertEqual(fromBytes.problems[f], fromText.problems[f], context)
                if fromText.states[f] == .present {
                    XCTAssertEqual(fromBytes.values[f].bitPattern, fromText.values[f].bitPattern, context)
                    XCTAssertEqual(fromBytes.text(f), fromText.text(f), context)
                    plainValues += 1
                }
            }
        }
        // The rows exercise the fast paths, not only the fallbacks.
        XCTAssertGreaterThan(plainValues, 30_000)
    }
}
