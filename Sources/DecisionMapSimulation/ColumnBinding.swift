import DecisionMap

/// How the columns of a case file bind to a map: each input to its column, the case id, and the
/// expected route. One rule for CSV headers, JSON keys and the cases `dmap route` reads:
///
/// - an input reads the column its `column "…"` names, else the column named like the input;
/// - the id is the column `--id` names, else the one the map's `ids "…"` names, else a column
///   called `id` (in any case); without one, cases are named by their row number;
/// - the expected route is the column `--expect` names.
///
/// Nothing binds silently: an input with no column stops the run (unless it is accepted by name,
/// `--allow-missing-column`), and so does a named id or expectation column that is not there.
public struct ColumnBinding: Sendable {
    /// The file's columns, in order.
    public let columns: [String]
    /// Per input: the index of its column, nil when it has none (accepted with
    /// `--allow-missing-column`).
    public let inputColumns: [Int?]
    public let idColumn: Int?
    public let expectColumn: Int?
    /// The inputs without a column, accepted by name: every case lacks them.
    public let allowedMissing: [Int]
    /// Columns no input, id or expectation reads, in file order.
    public let unused: [String]

    /// Binds `columns` to `map`.
    ///
    /// - Parameter file: the case file's name, for messages.
    /// - Throws: `SimulationError` naming every input without a column (with the columns it is
    ///   probably meant to be and the columns nothing reads), or an id or expectation column that
    ///   is not there.
    public init(map: DecisionMap, columns: [String], options: SimulationOptions, file: String) throws(SimulationError) {
        let fields = map.model.fields
        self.columns = columns
        let index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for name in options.allowedMissingColumns where map.model.fieldIndex(named: name) == nil {
            throw SimulationError("`--allow-missing-column \(name)`: the map has no input `\(name)`",
                                  help: Suggestions.closest(to: name, in: fields.map(\.name)).map { "did you mean `\($0)`?" })
        }
        var inputColumns: [Int?] = []
        var allowed: [Int] = []
        var absent: [Int] = []
        for (f, field) in fields.enumerated() {
            let column = index[field.column] ?? index[field.name]
            inputColumns.append(column)
            if column == nil {
                if options.allowedMissingColumns.contains(field.name) { allowed.append(f) } else { absent.append(f) }
            }
        }
        self.inputColumns = inputColumns
        allowedMissing = allowed

        func find(_ name: String, _ what: String) throws(SimulationError) -> Int {
            if let column = index[name] { return column }
            let guesses = Suggestions.closestColumns(to: name, in: columns)
            throw SimulationError("`\(file)` has no column `\(name)` (\(what))",
                                  help: guesses.isEmpty ? nil : "did you mean " + guesses.map { "`\($0)`" }.joined(separator: " or ") + "?")
        }
        if let name = options.idColumn {
            idColumn = try find(name, "`--id`")
        } else if let name = map.model.idColumn {
            idColumn = try find(name, "the map's `ids`")
        } else {
            idColumn = index["id"] ?? columns.firstIndex { $0.lowercased() == "id" }
        }
        expectColumn = try options.expectColumn.map { name throws(SimulationError) in try find(name, "`--expect`") }

        var used = Set(inputColumns.compactMap { $0 })
        if let idColumn { used.insert(idColumn) }
        if let expectColumn { used.insert(expectColumn) }
        unused = columns.indices.filter { !used.contains($0) }.map {
            columns[$0].isEmpty ? "column \($0 + 1) (no name)" : columns[$0]
        }

        guard absent.isEmpty else {
            throw Self.absentError(absent, map: map, columns: columns, unused: unused, file: file)
        }
    }

    /// The binding for cases keyed by name, which need not all have the same keys (cases held in
    /// Swift): every input is looked up in every case, and none is absent.
    init(keyedBy map: DecisionMap, options: SimulationOptions) {
        let fields = map.model.fields
        columns = fields.map(\.column) + ["id"] + (options.expectColumn.map { [$0] } ?? [])
        inputColumns = Array(fields.indices)
        idColumn = fields.count
        expectColumn = options.expectColumn == nil ? nil : fields.count + 1
        allowedMissing = []
        unused = []
    }

    /// Every input without a column, with what it looked for and what it probably meant.
    private static func absentError(_ absent: [Int], map: DecisionMap, columns: [String], unused: [String],
                                    file: String) -> SimulationError {
        let fields = map.model.fields
        let names = absent.map { "`\(fields[$0].name)`" }.joined(separator: ", ")
        var notes = absent.map { f -> String in
            let field = fields[f]
            let lookedFor = field.column == field.name ? "`\(field.name)`" : "`\(field.column)` (or `\(field.name)`)"
            let guesses = Suggestions.closestColumns(to: field.column, in: unused)
                + (field.column == field.name ? [] : Suggestions.closestColumns(to: field.name, in: unused))
            var seen = Set<String>()
            let unique = guesses.filter { seen.insert($0).inserted }.prefix(3)
            return "input `\(field.name)` reads column \(lookedFor)"
                + (unique.isEmpty ? "; no column is close" : "; did you mean " + unique.map { "`\($0)`" }.joined(separator: " or ") + "?")
        }
        if columns.count == 1, let only = columns.first, only.contains(";") || only.contains("\t") {
            notes.append("the header is one column, `\(only.prefix(40))…`: is the file separated by `\(only.contains(";") ? ";" : "tab")`? use --delimiter")
        } else if !unused.isEmpty {
            let shown = unused.prefix(20).map { "`\($0)`" }.joined(separator: ", ")
            notes.append("columns the map does not read: " + shown + (unused.count > 20 ? ", … (\(unused.count) in all)" : ""))
        }
        return SimulationError(
            "`\(file)` has no column for input\(absent.count == 1 ? "" : "s") \(names)",
            help: "name the column with `column \"…\"` on the input in the map, or rename it in the file; "
                + "to run with the input missing in every case, pass --allow-missing-column \(fields[absent[0]].name)",
            notes: notes)
    }
}
