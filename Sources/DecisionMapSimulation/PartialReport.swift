import DecisionMap

/// What a simulation counted, before it becomes a report: the tally, how the columns were bound,
/// and the lines read. Parts of a case file simulated apart (shards of a long history, one file per
/// day) merge into the report one run over all of them would give: rows and lines are numbered as
/// if the files were one, in the order the parts are given. `dmap simulate --partial` writes one
/// (PartialReportJSON.swift), `dmap merge` reads and merges them.
public struct PartialReport: Sendable {
    /// The map the cases went through, with any `--set-threshold` applied.
    public let map: DecisionMap
    /// The options the cases were counted with (the sweeps, targets and `--per-week` the report uses).
    public internal(set) var options: SimulationOptions
    /// The case file's name, as the report shows it.
    public var source: String
    /// False once parts of differently named files are merged (see `SimulationReport.sourceIsOneFile`).
    public var sourceIsOneFile = true
    var tally: Tally
    var columns: SimulationReport.Columns
    /// The CSV delimiter (nil for JSON).
    let delimiter: UInt8?
    /// CSV: the physical lines after the header; nil for JSON.
    var dataLines: Int?
    /// The physical lines after the header (CSV) or in the file (JSON): how far the next part's
    /// line numbers move when it is merged after this one.
    var linesAfterHeader: Int

    /// The cases read: routed + gaps + rejected.
    public var read: Int { tally.read }

    /// The report, as `Simulator.run` gives it.
    public func report() -> SimulationReport {
        var report = SimulationReport(map: map, source: source, options: options, tally: tally, deciders: DeciderIndex(map.model),
                                      columns: columns, delimiter: delimiter, dataLines: dataLines)
        report.sourceIsOneFile = sourceIsOneFile
        return report
    }

    /// The content hash of the map's text: parts merge only when theirs agree. (Computed when
    /// asked, so a simulation that writes no part never hashes its map.)
    public var mapHash: String { SHA256.hex(mapText.utf8) }

    /// The map's text, as the part holds it.
    var mapText: String { String(decoding: map.model.source.bytes, as: UTF8.self) }

    /// The same counts with `casesPerWeek` set: `--per-week` given when merging.
    public func with(casesPerWeek: Double?) -> PartialReport {
        var part = self
        part.options.casesPerWeek = casesPerWeek
        return part
    }

    /// Merges parts in the order given, into the report one run over the concatenation of their
    /// case files would give.
    ///
    /// - Parameters:
    ///   - names: how each part is named in errors (its file name).
    ///   - source: the name of the whole case file, for the report and its reproduce commands;
    ///     nil: the parts' own name when they share one, else their names joined by ` + `.
    /// - Throws: `PartialReportError` when the parts were counted with different maps, options or
    ///   columns, so no single run could have given them.
    public static func merge(_ parts: [PartialReport], names: [String], source: String? = nil) throws(PartialReportError) -> PartialReport {
        guard var merged = parts.first else { throw PartialReportError("no parts to merge") }
        let first = names.first ?? "part 1"
        let hash = merged.mapHash
        for (index, part) in parts.enumerated().dropFirst() {
            let name = index < names.count ? names[index] : "part \(index + 1)"
            try merged.checkCompatible(with: part, hash: hash, first: first, name: name)
            var later = part.tally
            later.offset(rows: merged.tally.read, lines: merged.linesAfterHeader)
            merged.tally.merge(later)
            merged.linesAfterHeader += part.linesAfterHeader
            merged.dataLines = merged.dataLines.flatMap { mine in part.dataLines.map { mine + $0 } }
            for column in part.columns.unused where !merged.columns.unused.contains(column) { merged.columns.unused.append(column) }
        }
        let sources = parts.map(\.source).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        merged.source = source ?? sources.joined(separator: " + ")
        merged.sourceIsOneFile = source != nil || (parts.count == 1 && merged.sourceIsOneFile)
        return merged
    }

    /// Refuses a part that no single run together with this one could have produced.
    /// (`hash` is this part's `mapHash`, computed once for all the parts.)
    private func checkCompatible(with other: PartialReport, hash: String, first: String, name: String) throws(PartialReportError) {
        func refuse(_ what: String, _ mine: String, _ theirs: String, help: String) -> PartialReportError {
            PartialReportError("`\(name)` was simulated with \(what) \(theirs), `\(first)` with \(mine)", help: help)
        }
        let otherHash = other.mapHash
        if otherHash != hash {
            throw refuse("another map:", "\(map.model.source.name) (sha256 \(hash.prefix(12)))",
                         "\(other.map.model.source.name) (sha256 \(otherHash.prefix(12)))",
                         help: "merge parts of one version of one map; simulate every part with the same map file")
        }
        if other.map.thresholdSettings != map.thresholdSettings {
            let settings = { (map: DecisionMap) in describe(map.thresholdSettings.map { "\($0.target)=\(format($0.value))" }) }
            throw refuse("--set-threshold", settings(map), settings(other.map), help: "give every part the same --set-threshold")
        }
        let help = "simulate every part with the same options"
        let mine = options, theirs = other.options
        if mine.listLimit != theirs.listLimit {
            throw refuse("--examples", "\(mine.listLimit)", "\(theirs.listLimit)", help: help)
        }
        if mine.expectColumn != theirs.expectColumn {
            throw refuse("--expect", mine.expectColumn ?? "none", theirs.expectColumn ?? "none", help: help)
        }
        if mine.idColumn != theirs.idColumn {
            throw refuse("--id", mine.idColumn ?? "none", theirs.idColumn ?? "none", help: help)
        }
        if mine.allowedMissingColumns != theirs.allowedMissingColumns {
            throw refuse("--allow-missing-column", describe(mine.allowedMissingColumns), describe(theirs.allowedMissingColumns), help: help)
        }
        if mine.sweeps != theirs.sweeps {
            throw refuse("--sweep", "\(mine.sweeps.count) sweeps", "\(theirs.sweeps.count) sweeps or other points", help: help)
        }
        if mine.targets.map(\.description) != theirs.targets.map(\.description) {
            throw refuse("--target", describe(mine.targets.map(\.description)), describe(theirs.targets.map(\.description)), help: help)
        }
        if mine.casesPerWeek != theirs.casesPerWeek {
            throw refuse("--per-week", mine.casesPerWeek.map(format) ?? "none", theirs.casesPerWeek.map(format) ?? "none",
                         help: "give --per-week to the merge, which then applies to all parts")
        }
        if delimiter != other.delimiter {
            let word = { (d: UInt8?) in d.map { $0 == 0x09 ? "tab" : "`\(String(UnicodeScalar($0)))`" } ?? "JSON" }
            throw refuse("fields separated by", word(delimiter), word(other.delimiter), help: "merge parts of case files written alike")
        }
        let bound = { (c: SimulationReport.Columns) in c.inputs.map { "\($0.field)←\($0.column ?? "none")" } + ["id←\(c.id ?? "row numbers")"] }
        if bound(columns) != bound(other.columns) || columns.expect != other.columns.expect || columns.allowedMissing != other.columns.allowedMissing {
            let difference = zip(bound(columns), bound(other.columns)).first { $0 != $1 }
            throw refuse("columns bound as", difference?.0 ?? "", difference?.1 ?? "", help: "merge parts of case files with the same columns")
        }
    }

    private func describe(_ list: [String]) -> String { list.isEmpty ? "none" : list.joined(separator: ", ") }
}

/// Partial reports that cannot be read or merged.
public struct PartialReportError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var help: String?

    public init(_ message: String, help: String? = nil) {
        self.message = message
        self.help = help
    }

    public var description: String { message + (help.map { " (\($0))" } ?? "") }
}

extension Tally {
    /// Moves every row number by `rows` and every line number by `lines`: this batch read after
    /// `rows` cases and `lines` lines of an earlier part. A case named by its row is renamed.
    mutating func offset(rows: Int, lines: Int) {
        guard rows != 0 || lines != 0 else { return }
        func move(_ reference: inout CaseReference) {
            if reference.id == "row \(reference.row)" { reference.id = "row \(reference.row + rows)" }
            reference.row += rows
        }
        for g in gapExamples.indices {
            for i in gapExamples[g].indices { move(&gapExamples[g][i].reference) }
        }
        for f in invalidExamples.indices { invalidExamples[f]?.row += rows }
        for f in badValues.indices {
            for key in badValues[f].keys { badValues[f][key]!.firstRow += rows }
        }
        for s in automatedHighRiskExamples.indices {
            for i in automatedHighRiskExamples[s].indices { move(&automatedHighRiskExamples[s][i]) }
        }
        for i in rejects.indices {
            rejects[i].rowNumber += rows
            rejects[i].line += lines
            rejects[i].position?.line += lines
        }
        for i in swallowedExamples.indices {
            move(&swallowedExamples[i].reference)
            swallowedExamples[i].line += lines
            swallowedExamples[i].lastLine += lines
        }
        if agreement != nil {
            for i in agreement!.disagreements.indices { move(&agreement!.disagreements[i].0) }
        }
    }
}
