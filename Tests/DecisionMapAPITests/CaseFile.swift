import DecisionMap

/// The rows of a sample case file (RFC 4180 CSV: quoted cells may hold commas and doubled
/// quotes), as values keyed by column, without the `expected_route` column. Empty cells are
/// missing values. Enough for tests; the simulator has the real reader.
func caseRows(_ csv: String) -> [(id: String, values: [String: CaseValue])] {
    var records: [[String]] = [[]]
    var cell = ""
    var quoted = false
    var iterator = csv.makeIterator()
    while let c = iterator.next() {
        if quoted {
            if c == "\"" {
                if let next = iterator.next() {
                    if next == "\"" { cell.append("\"") } else {
                        quoted = false
                        if next == "," { records[records.count - 1].append(cell); cell = "" }
                        else if next == "\n" { records[records.count - 1].append(cell); cell = ""; records.append([]) }
                    }
                } else { quoted = false }
            } else { cell.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { records[records.count - 1].append(cell); cell = "" }
        else if c == "\n" { records[records.count - 1].append(cell); cell = ""; records.append([]) }
        else if c != "\r" { cell.append(c) }
    }
    if !cell.isEmpty || !(records.last?.isEmpty ?? true) { records[records.count - 1].append(cell) }
    records.removeAll { $0.isEmpty || $0 == [""] }
    let header = records.removeFirst()
    return records.map { row in
        var values: [String: CaseValue] = [:]
        for (key, value) in zip(header, row) where key != "expected_route" && key != "id" {
            values[key] = value.isEmpty ? .missing : .text(value)
        }
        return (row.first ?? "", values)
    }
}

/// What routing one case gives, by name, so two compilations of a map can be compared.
struct Routing: Hashable, CustomStringConvertible {
    var route: String?
    var outcome: Outcome
    var segment: String?
    var gap: GapKind?
    var field: String?

    init(_ routed: RoutedCase) {
        (route, outcome, segment, gap, field) = (routed.route, routed.outcome, routed.segment, routed.gap, routed.field)
    }

    var description: String { "\(route ?? "-") \(outcome.rawValue) \(segment ?? "-") \(gap?.rawValue ?? "-") \(field ?? "-")" }
}

/// Routes every row of a case file through a map.
func routings(_ map: DecisionMap, _ rows: [(id: String, values: [String: CaseValue])]) throws -> [Routing] {
    try rows.map { try Routing(map.explain($0.values)) }
}
