import DecisionMap

/// Everything a simulation found, as numbers: the one report model behind the text report, the
/// JSON report, the HTML report and `dmap diff`. Every figure comes from counting decisions of the
/// same router `dmap route` uses, and every rule figure carries its map line.
public struct SimulationReport: Sendable {
    public struct RouteLine: Sendable {
        public var name: String?
        public var kind: RouteKind?
        public var owner: String?
        public var cases: Int
    }

    public struct SegmentLine: Sendable {
        public var name: String?
        public var risk: RiskLevel?
        public var cases: Int
        /// The segment's line in the map; nil for "no segment".
        public var line: Int?
    }

    public struct GapLine: Sendable {
        public var kind: GapKind
        public var cases: Int
        /// Of `cases`, how many the fallback caught.
        public var caughtByFallback: Int
        public var bySegment: [(segment: String?, cases: Int)]
        /// For data gaps: the missing or invalid field behind them, in input order.
        public var byField: [(field: String, cases: Int)]
        /// The first cases of this kind, each with where the map left it.
        public var examples: [GapExample]
    }

    public struct Coverage: Sendable {
        /// `escalation`, `inconsistency`, `threshold`, `missing-policy`, `invalid-policy`, `rule`, `fallback`.
        public var kind: String
        public var label: String
        public var line: Int
        public var cases: Int
        /// The part of the map counted here, to match it across versions of a map.
        public var decider: Decider
    }

    public struct WorkloadLine: Sendable {
        public var route: String
        public var kind: RouteKind
        public var owner: String?
        public var cases: Int
        public var handleMinutes: Double?
        public var hours: Double
        public var cost: Double
        /// With `--per-week`: the route's share of the weekly volume times its handling time.
        public var weeklyHours: Double?
        public var capacity: Double?

        public var overloaded: Bool {
            guard let weeklyHours, let capacity else { return false }
            return weeklyHours > capacity
        }
    }

    public struct OwnerLine: Sendable {
        public var owner: String?
        public var cases: Int
        public var hours: Double
        public var cost: Double
        public var weeklyHours: Double?
    }

    public struct Agreement: Sendable {
        public var column: String
        public var compared: Int
        public var agreed: Int
        public var withoutExpectation: Int
        /// Row labels (expected values) and column labels (routes, then `none`).
        public var expected: [String]
        public var actual: [String]
        /// `matrix[expected][actual]`.
        public var matrix: [[Int]]
        public var disagreements: [(reference: CaseReference, expected: String, actual: String?)]
        /// Expected values that name no route (typos in the expectation column), with a suggestion.
        public var unknownExpected: [(label: String, suggestion: String?)]
        public var disagreementCount: Int { compared - agreed }
        public var rate: Double { compared == 0 ? 0 : Double(agreed) / Double(compared) }
    }

    /// How the file's columns were bound to the map.
    public struct Columns: Sendable {
        /// Per input, in input order: its name and the column it read (nil: it had none).
        public var inputs: [(field: String, column: String?)]
        /// The column the case ids came from; nil: cases are named by row number.
        public var id: String?
        /// The column of expected routes (`--expect`).
        public var expect: String?
        /// Inputs with no column, accepted with `--allow-missing-column`: every case lacks them.
        public var allowedMissing: [String]
        /// Columns (or JSON keys) that no input, id or expectation reads.
        public var unused: [String]
    }

    /// Cases of high- or critical-risk segments that an automated route finished with no person in
    /// the loop (outcome `decided` or `fallback`): no escalation, review or data policy caught them.
    public struct AutomatedHighRisk: Sendable {
        public var segment: String
        public var risk: RiskLevel
        public var cases: Int
        public var examples: [CaseReference]
    }

    /// An invalid value as written in the file, how often it occurs, and what is wrong with it
    /// (with the did-you-mean or hint, where there is one).
    public struct BadValue: Sendable {
        public var value: String
        public var cases: Int
        public var problem: String
        public var firstRow: Int
    }

    public var title: String
    public var version: String?
    public var mapFile: String
    public var source: String
    /// Whether `source` is the one file the report's rows and lines are numbered in: false for a
    /// merge of parts from several files (numbered as if the files were one), which then offers
    /// no command to reproduce a case.
    public var sourceIsOneFile = true
    /// The CSV delimiter when it is not a comma (`;`, `tab`, `|`); nil for commas and JSON.
    public var delimiter: String?
    public var currency: String?
    /// `read = routed + gaps + rejected`.
    public var read: Int
    /// Cases that got a route (the fallback's included).
    public var routed: Int
    /// Rows that could not be read as cases; never routed.
    public var rejected: Int
    /// Cases that went through the map: `read − rejected`, the denominator of every share.
    public var evaluated: Int
    public var routes: [RouteLine]
    public var outcomes: [(outcome: Outcome, cases: Int)]
    public var segments: [SegmentLine]
    /// `routeBySegment[route][segment]`, in the order of `routes` and `segments` (each ending in "none").
    public var routeBySegment: [[Int]]
    public var automated: Int
    public var gaps: [GapLine]
    public var coverage: [Coverage]
    public var missingByField: [(field: String, cases: Int)]
    /// Invalid values by field, with the first one found: its row and what is wrong with it.
    public var invalidByField: [(field: String, cases: Int, example: (row: Int, problem: String)?)]
    public var workload: [WorkloadLine]
    public var owners: [OwnerLine]
    public var casesPerWeek: Double?
    public var agreement: Agreement?
    public var rejects: [RejectedRow]
    public var columns: Columns
    /// Per field with invalid values, the most frequent ones (at most 10), and how many distinct
    /// values there were in all.
    public var badValues: [(field: String, values: [BadValue], distinct: Int, cases: Int)]
    /// Per high- or critical-risk segment, in map order (segments with no such case included).
    public var automatedHighRisk: [AutomatedHighRisk]

    /// CSV: the physical lines after the header (blank ones too); nil for JSON.
    public var dataLines: Int?
    /// CSV: records that span several lines (a quoted field holds line breaks).
    public var multiLineRecords: Int
    /// CSV: records whose later lines have as many separators as the header, so look like rows of
    /// their own: a quote left open probably swallowed them. Each with its first and last line.
    public var swallowed: Int
    public var swallowedExamples: [(reference: CaseReference, line: Int, lastLine: Int)]

    /// How the map was changed for this run without editing its file (`--set-threshold`), in
    /// words; empty for the map as written.
    public var whatIf: [String]
    /// One per `--sweep`, in the order given.
    public var sweeps: [SweepResult]
    /// The goals the sweeps' recommendations meet (`--target`).
    public var targets: [SweepTarget]
    /// The options `dmap route --cases` needs to bind a row as this run did (`--id`,
    /// `--allow-missing-column`, …), for the reproduce hints.
    public var routeOptions: [String]

    /// How every report writes "no route" (and "no segment"); JSON writes `null`.
    public static let noRoute = "none"

    /// The command that routes one case of this run with its full trace, for people to paste;
    /// nil when the map or the cases came from standard input.
    public func reproduce(_ reference: CaseReference) -> String? {
        guard sourceIsOneFile, source != "<stdin>", source != "<cases>", mapFile != "<stdin>" else { return nil }
        let pick = reference.id == "row \(reference.row)" ? "--row \(reference.row)" : "--case " + shellWord(reference.id)
        return (["dmap route", shellWord(mapFile), "--cases", shellWord(source)] + routeOptions + [pick]).joined(separator: " ")
    }

    /// Columns nothing reads (`columns.unused`).
    public var ignoredColumns: [String] { columns.unused }

    public var automationRate: Double { share(automated) }
    public var neverFired: [Coverage] { coverage.filter { $0.cases == 0 } }
    public var gapCount: Int { gaps.reduce(0) { $0 + $1.cases } }
    /// Gap cases the fallback caught: they have a route, but the map did not decide them.
    public var caughtByFallback: Int { gaps.reduce(0) { $0 + $1.caughtByFallback } }
    /// Gap cases with no route at all: what the exit status and "undefined" count.
    public var undecided: Int { gapCount - caughtByFallback }

    /// The people's share of the workload (team and escalation routes) added up.
    public struct HumanTotal: Sendable {
        public var cases: Int
        public var hours: Double
        /// The cost of the human routes.
        public var cost: Double
        /// With `--per-week`: the sum of the human routes' weekly hours.
        public var weeklyHours: Double?
        /// The sum of the human routes' capacities (a route without one adds nothing).
        public var capacity: Double
    }

    public var humanTotal: HumanTotal {
        let human = workload.filter { $0.kind.isHuman }
        return HumanTotal(cases: human.reduce(0) { $0 + $1.cases }, hours: human.reduce(0) { $0 + $1.hours },
                          cost: human.reduce(0) { $0 + $1.cost },
                          weeklyHours: casesPerWeek == nil ? nil : human.reduce(0) { $0 + ($1.weeklyHours ?? 0) },
                          capacity: human.reduce(0) { $0 + ($1.capacity ?? 0) })
    }

    /// The cost of every route, automated ones included, for the cases in the file.
    public var totalCost: Double { workload.reduce(0) { $0 + $1.cost } }

    /// `count` as a share of the evaluated cases.
    public func share(_ count: Int) -> Double { evaluated == 0 ? 0 : Double(count) / Double(evaluated) }

    init(map: DecisionMap, source: String, options: SimulationOptions, tally t: Tally, deciders: DeciderIndex,
         columns: Columns, delimiter: UInt8?, dataLines: Int?) {
        self.dataLines = dataLines
        self.columns = columns
        self.delimiter = delimiter.flatMap { $0 == UInt8(ascii: ",") ? nil : $0 == 0x09 ? "tab" : String(UnicodeScalar($0)) }
        let m = map.model
        title = m.title
        version = m.syntax.header?.version
        mapFile = m.source.name
        self.source = source
        currency = m.syntax.header?.currency
        read = t.read
        rejected = t.rejected
        evaluated = t.routed
        let segmentSlots = m.segments.count + 1
        routes = m.routes.enumerated().map { RouteLine(name: $1.name, kind: $1.kind, owner: $1.owner, cases: t.byRoute[$0]) }
            + [RouteLine(name: nil, kind: nil, owner: nil, cases: t.byRoute[m.routes.count])]
        outcomes = Outcome.allCases.map { ($0, t.byOutcome[$0.index]) }
        segments = m.segments.enumerated().map { SegmentLine(name: $1.name, risk: $1.risk, cases: t.bySegment[$0], line: m.line($1.range)) }
            + [SegmentLine(name: nil, risk: nil, cases: t.bySegment[m.segments.count], line: nil)]
        routeBySegment = (0...m.routes.count).map { r in Array(t.routeBySegment[(r * segmentSlots)..<((r + 1) * segmentSlots)]) }
        automated = m.routes.indices.filter { m.routes[$0].kind == .automated }.reduce(0) { $0 + t.byRoute[$1] }
        gaps = GapKind.allCases.map { kind in
            let g = kind.index
            let bySegment = (0..<segmentSlots).compactMap { s -> (String?, Int)? in
                let n = t.gapBySegment[g * segmentSlots + s]
                return n == 0 ? nil : (s < m.segments.count ? m.segments[s].name : nil, n)
            }
            let byField = m.fields.indices.compactMap { f -> (String, Int)? in
                let n = t.gapByField[g * m.fields.count + f]
                return n == 0 ? nil : (m.fields[f].name, n)
            }
            return GapLine(kind: kind, cases: t.gaps[g], caughtByFallback: t.gapsCaught[g], bySegment: bySegment,
                           byField: byField,
                           examples: t.gapExamples[g].map { GapExample(reference: $0.reference, trace: map.explain($0.record).trace) })
        }
        coverage = deciders.all.enumerated().map { i, decider in
            let (label, range) = map.describe(decider)
            let kind = switch decider {
            case .escalation: "escalation"
            case .inconsistency: "inconsistency"
            case .threshold: "threshold"
            case .missingPolicy: "missing-policy"
            case .invalidPolicy: "invalid-policy"
            case .rule: "rule"
            case .fallback: "fallback"
            }
            return Coverage(kind: kind, label: label, line: m.line(range), cases: t.deciders[i], decider: decider)
        }
        missingByField = m.fields.indices.filter { t.missingByField[$0] > 0 }.map { (m.fields[$0].name, t.missingByField[$0]) }
        invalidByField = m.fields.indices.filter { t.invalidByField[$0] > 0 }.map {
            (m.fields[$0].name, t.invalidByField[$0], t.invalidExamples[$0])
        }
        casesPerWeek = options.casesPerWeek
        let evaluated = t.routed
        workload = m.routes.enumerated().map { r, route in
            let cases = t.byRoute[r]
            let minutes = Double(cases) * (route.handleMinutes ?? 0)
            var weekly: Double?
            // Weekly hours are people's hours: an automated route's handling time is machine time.
            if let perWeek = options.casesPerWeek, evaluated > 0, route.kind.isHuman {
                weekly = perWeek * Double(cases) / Double(evaluated) * (route.handleMinutes ?? 0) / 60
            }
            return WorkloadLine(route: route.name, kind: route.kind, owner: route.owner, cases: cases,
                                handleMinutes: route.handleMinutes, hours: minutes / 60,
                                cost: Double(cases) * (route.cost ?? 0), weeklyHours: weekly,
                                capacity: route.capacityHoursPerWeek)
        }
        var owners: [OwnerLine] = []
        for line in workload where line.kind.isHuman {
            if let i = owners.firstIndex(where: { $0.owner == line.owner }) {
                owners[i].cases += line.cases
                owners[i].hours += line.hours
                owners[i].cost += line.cost
                if let w = line.weeklyHours { owners[i].weeklyHours = (owners[i].weeklyHours ?? 0) + w }
            } else {
                owners.append(OwnerLine(owner: line.owner, cases: line.cases, hours: line.hours, cost: line.cost,
                                        weeklyHours: line.weeklyHours))
            }
        }
        self.owners = owners
        if let a = t.agreement, let column = options.expectColumn {
            let routeNames = m.routes.map(\.name)
            let confusion = a.confusion(routeNames: routeNames)
            let labels = confusion.keys.sorted { x, y in
                let ix = routeNames.firstIndex(of: x) ?? Int.max, iy = routeNames.firstIndex(of: y) ?? Int.max
                return ix != iy ? ix < iy : String.precedesInBytes(x, y)
            }
            agreement = Agreement(
                column: column, compared: a.compared, agreed: a.agreed, withoutExpectation: a.withoutExpectation,
                expected: labels, actual: routeNames + [Self.noRoute], matrix: labels.map { confusion[$0]! },
                disagreements: a.disagreements.map { ($0.0, $0.expected, $0.actual) },
                unknownExpected: labels.filter { !routeNames.contains($0) }.map { ($0, Suggestions.closest(to: $0, in: routeNames)) })
        }
        rejects = t.rejects
        badValues = m.fields.indices.compactMap { f in
            let values = t.badValues[f]
            guard !values.isEmpty else { return nil }
            let top = values.sorted { a, b in a.value.count != b.value.count ? a.value.count > b.value.count : String.precedesInBytes(a.key, b.key) }
                .prefix(10).map { BadValue(value: $0.key, cases: $0.value.count, problem: $0.value.problem, firstRow: $0.value.firstRow) }
            return (m.fields[f].name, top, values.count + (t.otherBadValues[f] > 0 ? 1 : 0),
                    values.values.reduce(0) { $0 + $1.count } + t.otherBadValues[f])
        }
        automatedHighRisk = m.segments.indices.filter { m.segments[$0].risk >= .high }.map { s in
            AutomatedHighRisk(segment: m.segments[s].name, risk: m.segments[s].risk, cases: t.automatedHighRisk[s],
                              examples: t.automatedHighRiskExamples[s])
        }
        routed = evaluated - (gaps.reduce(0) { $0 + $1.cases - $1.caughtByFallback })
        whatIf = map.whatIf
        targets = options.targets
        multiLineRecords = t.multiLineRecords
        swallowed = t.swallowed
        swallowedExamples = t.swallowedExamples
        sweeps = zip(options.sweeps, t.sweeps).map { sweep, tally in
            SweepResult(sweep: sweep, tally: tally, map: map, evaluated: evaluated, compared: t.agreement?.compared,
                        casesPerWeek: options.casesPerWeek, targets: options.targets)
        }
        routeOptions = (options.idColumn.map { ["--id", shellWord($0)] } ?? [])
            + options.allowedMissingColumns.flatMap { ["--allow-missing-column", shellWord($0)] }
            + map.thresholdSettings.flatMap { ["--set-threshold", shellWord("\($0.target)=\(format($0.value))")] }
    }
}

extension SimulationReport.Columns {
    /// The columns as `binding` bound them to `map`.
    init(map: DecisionMap, binding: ColumnBinding) {
        let fields = map.model.fields
        self.init(inputs: fields.indices.map { f in (fields[f].name, binding.inputColumns[f].map { binding.columns[$0] }) },
                  id: binding.idColumn.map { binding.columns[$0] }, expect: binding.expectColumn.map { binding.columns[$0] },
                  allowedMissing: binding.allowedMissing.map { fields[$0].name }, unused: binding.unused)
    }
}

/// A word as a POSIX shell reads it: bare when it is safe, else in single quotes.
package func shellWord(_ word: String) -> String {
    let safe = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:@%+=,".contains($0)) }
    return safe ? word : "'" + word.replacing("'", with: "'\\''") + "'"
}
