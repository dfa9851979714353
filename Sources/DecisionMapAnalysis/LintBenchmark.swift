import DecisionMap

/// What one benchmark run measured.
public struct LintBenchmarkResult: Sendable {
    /// Seconds to compile and lint the generated map (generation not included).
    public var seconds: Double
    /// Of those, the seconds the coverage analysis took (regions, gaps, conflicts, dead rules),
    /// without compiling, the other checks, describing regions and routing every witness.
    public var analysisSeconds: Double
    public var findings: Int
    /// Gap regions (no rule holds), conflicting rule pairs and dead rules found.
    public var gapRegions: Int
    public var conflicts: Int
    public var deadRules: Int
    /// Nodes the analysis visited and regions it produced.
    public var nodes: Int
    public var regions: Int
    public var exact: Bool
}

/// Generates a decision table the way Calvanese et al. (2016) built theirs from the LendingClub
/// data, and lints it: a random decision tree over `inputs` inputs (a third each enumerations of
/// five values, numbers 0..1000 and integers 0..100) with `rules` leaves becomes a `unique` table,
/// one rule per leaf, so the table starts complete and free of overlaps. Then 10% of the rules get
/// noise: one condition widened (which makes overlaps) or narrowed (which makes gaps). The lint
/// run finds the gaps, the conflicting pairs and the dead rules, with witnesses.
///
/// - Parameters:
///   - rules: the number of rules (tree leaves).
///   - inputs: the number of inputs (columns).
///   - seed: the random seed; the same seed gives the same map.
/// - Returns: the seconds the compile and lint took, and the number of findings.
public func runLintBenchmark(rules: Int, inputs: Int, seed: UInt64) -> (seconds: Double, findings: Int) {
    let result = lintBenchmark(rules: rules, inputs: inputs, seed: seed)
    return (result.seconds, result.findings)
}

/// ``runLintBenchmark(rules:inputs:seed:)`` with everything it measured.
public func lintBenchmark(rules: Int, inputs: Int, seed: UInt64, policy: HitPolicy = .unique) -> LintBenchmarkResult {
    lintBenchmark(text: benchmarkMap(rules: rules, inputs: inputs, seed: seed, policy: policy))
}

/// Compiles and lints a map's text, timed, with the analysis timed on its own.
public func lintBenchmark(text: String) -> LintBenchmarkResult {
    let clock = ContinuousClock()
    let source = SourceFile(name: "benchmark.dmap", text: text)
    let budget = 50_000_000
    let start = clock.now
    let report = Linter.lint(source, options: LintOptions(analysisBudget: budget))
    let seconds = secondsIn(clock.now - start)
    var analysisSeconds = 0.0
    if let map = DecisionMap.compile(source).map {
        let start = clock.now
        _ = Coverage(map: map, budget: budget)
        analysisSeconds = secondsIn(clock.now - start)
    }
    let findings = report.active
    return LintBenchmarkResult(
        seconds: seconds, analysisSeconds: analysisSeconds, findings: findings.count,
        gapRegions: report.analysis?.gapRegions ?? 0,
        conflicts: findings.filter { $0.id == "rule-conflict" }.count,
        deadRules: findings.filter { $0.id == "dead-rule" }.count,
        nodes: report.analysis?.nodes ?? 0, regions: report.analysis?.regions ?? 0, exact: report.analysis?.exact ?? false)
}

/// A rate table as pricing and routing teams write them: a grid over three enumerations (region,
/// product, tier) and bands of a number (weight), one rule per cell, with overrides placed first
/// that cut across the grid with ranges of their own, on the band's number and on a second one
/// (amount). `overrides` is their share of the rules (0.1 is the usual ~10%; more, and wider, makes
/// the heavy case). A `first` table; its last line is `otherwise`.
public func rateTableMap(rules: Int, overrides share: Double = 0.1, seed: UInt64) -> String {
    var random = SeededRandom(seed: seed)
    func int(_ n: Int) -> Int { Int(random.next() % UInt64(max(1, n))) }
    let bands = [0, 5, 10, 25, 50, 100, 250, 500, 1000]
    let cells = max(1, Int(Double(rules) * (1 - share)) / (bands.count - 1))
    // Three enumerations whose product is about `cells`.
    let side = max(2, Int((Double(cells)).squareRoot().squareRoot().rounded(.up)))
    let regions = side, products = side, tiers = max(2, cells / (side * side))
    var text = "map \"Rate table: \(rules) rules\"\n"
    text += "owners\n  decisions \"A\"\n  risk \"B\"\n  review \"C\"\n  quality \"D\"\n  roles \"E\"\n"
    text += "inputs\n"
    text += "  region   one of " + (0..<regions).map { "g\($0)" }.joined(separator: ", ") + "\n"
    text += "  product  one of " + (0..<products).map { "p\($0)" }.joined(separator: ", ") + "\n"
    text += "  tier     one of " + (0..<tiers).map { "t\($0)" }.joined(separator: ", ") + "\n"
    text += "  weight   number 0..1000\n  amount   number 0..100000\n"
    text += "segments\n  all risk low otherwise\nroutes\n"
    for r in 0..<6 { text += "  r\(r) team \"Team \(r)\" sla 4h owner \"Lead \(r)\"\n" }
    text += "decide rates (first)\n"
    var lines: [String] = []
    let overrideCount = Int(Double(rules) * share)
    for _ in 0..<overrideCount {
        // Ranges across a band boundary, not lined up with the bands (so they shadow no cell whole),
        // on weight, and on amount.
        let b = 1 + int(bands.count - 2)
        let low = bands[b] - 1 - int((bands[b] - bands[b - 1]) / 2), high = bands[b] + 1 + int((bands[b + 1] - bands[b]) / 2)
        let amountLow = int(90_000), amountHigh = amountLow + 1 + int(10_000)
        var tests = ["region is g\(int(regions))", "weight >= \(low)", "weight < \(high)"]
        if int(2) == 0 { tests.insert("product is p\(int(products))", at: 1) }
        if int(3) == 0 { tests += ["amount >= \(amountLow)", "amount < \(amountHigh)"] }
        lines.append("  when " + tests.joined(separator: " and ") + " -> r\(int(6))")
    }
    outer: for g in 0..<regions {
        for p in 0..<products {
            for t in 0..<tiers {
                for b in 0..<(bands.count - 1) {
                    if lines.count >= rules - 1 { break outer }
                    lines.append("  when region is g\(g) and product is p\(p) and tier is t\(t) and weight >= \(bands[b]) and weight < \(bands[b + 1]) -> r\(int(6))")
                }
            }
        }
    }
    lines.append("  otherwise -> r0")
    return text + lines.joined(separator: "\n") + "\n"
}

/// Lints a rate table (see `rateTableMap`) and says how long it took and whether it was exact.
public func rateTableBenchmark(rules: Int, overrides: Double = 0.1, seed: UInt64) -> LintBenchmarkResult {
    lintBenchmark(text: rateTableMap(rules: rules, overrides: overrides, seed: seed))
}

/// The benchmark's map as text.
public func benchmarkMap(rules: Int, inputs: Int, seed: UInt64, policy: HitPolicy = .unique) -> String {
    var random = SeededRandom(seed: seed)
    func int(_ n: Int) -> Int { Int(random.next() % UInt64(max(1, n))) }

    enum Column {
        case enumeration(Int)
        case number(Int)  // 0...high, split at whole numbers
        case integer(Int)
    }
    let columns: [Column] = (0..<inputs).map { i in
        switch i % 3 {
        case 0: .enumeration(5)
        case 1: .number(1000)
        default: .integer(100)
        }
    }
    // A leaf: per column a half-open range of whole numbers (numbers, integers) or a set of values.
    struct Leaf {
        var low: [Int]
        var high: [Int]
        var values: [Set<Int>]
    }
    var root = Leaf(low: [], high: [], values: [])
    for c in columns {
        switch c {
        case .enumeration(let n):
            root.low.append(0); root.high.append(0); root.values.append(Set(0..<n))
        case .number(let hi), .integer(let hi):
            root.low.append(0); root.high.append(hi + 1); root.values.append([])
        }
    }
    var leaves = [root]
    var attempts = 0
    while leaves.count < rules, attempts < rules * 100 {
        attempts += 1
        let l = int(leaves.count)
        let c = int(columns.count)
        var a = leaves[l]
        var b = a
        switch columns[c] {
        case .enumeration:
            let values = a.values[c].sorted()
            guard values.count > 1 else { continue }
            let cut = 1 + int(values.count - 1)
            a.values[c] = Set(values[..<cut])
            b.values[c] = Set(values[cut...])
        case .number, .integer:
            guard a.high[c] - a.low[c] > 1 else { continue }
            let cut = a.low[c] + 1 + int(a.high[c] - a.low[c] - 1)
            a.high[c] = cut
            b.low[c] = cut
        }
        leaves[l] = a
        leaves.append(b)
    }
    // Noise: widen or narrow one condition of 10% of the rules.
    for _ in 0..<(leaves.count / 10) {
        let l = int(leaves.count)
        let c = int(columns.count)
        let widen = int(2) == 0
        switch columns[c] {
        case .enumeration(let n):
            if widen {
                leaves[l].values[c].insert(int(n))
            } else if leaves[l].values[c].count > 1 {
                leaves[l].values[c].remove(leaves[l].values[c].sorted()[int(leaves[l].values[c].count)])
            }
        case .number(let hi), .integer(let hi):
            let width = leaves[l].high[c] - leaves[l].low[c]
            if widen {
                leaves[l].high[c] = min(hi + 1, leaves[l].high[c] + 1 + int(width))
            } else if width > 1 {
                leaves[l].high[c] -= 1 + int(width - 1)
            }
        }
    }

    var text = "map \"Benchmark: \(leaves.count) rules over \(inputs) inputs\"\n"
    text += "owners\n  decisions \"A\"\n  risk \"B\"\n  review \"C\"\n  quality \"D\"\n  roles \"E\"\n"
    text += "inputs\n"
    for (i, c) in columns.enumerated() {
        switch c {
        case .enumeration(let n): text += "  x\(i) one of " + (0..<n).map { "v\($0)" }.joined(separator: ", ") + "\n"
        case .number(let hi): text += "  x\(i) number 0..\(hi)\n"
        case .integer(let hi): text += "  x\(i) integer 0..\(hi)\n"
        }
    }
    text += "segments\n  all risk low otherwise\nroutes\n"
    for r in 0..<5 { text += "  r\(r) team \"Team \(r)\" sla 4h owner \"Lead \(r)\"\n" }
    text += "decide table (\(policy.rawValue))\n"
    for leaf in leaves {
        var tests: [String] = []
        for (i, c) in columns.enumerated() {
            switch c {
            case .enumeration(let n):
                if leaf.values[i].count < n {
                    tests.append("x\(i) in (" + leaf.values[i].sorted().map { "v\($0)" }.joined(separator: ", ") + ")")
                }
            case .number(let hi), .integer(let hi):
                if leaf.low[i] > 0 { tests.append("x\(i) >= \(leaf.low[i])") }
                if leaf.high[i] <= hi { tests.append("x\(i) < \(leaf.high[i])") }
            }
        }
        text += "  " + (tests.isEmpty ? "otherwise" : "when " + tests.joined(separator: " and ")) + " -> r\(int(5))\n"
    }
    return text
}

private func secondsIn(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// One static diff, timed: `dmap diff OLD NEW` without cases, from text to changes (compiling
/// both versions included).
public struct StaticDiffBenchmarkResult: Sendable {
    public var seconds: Double
    public var regions: Int
    public var changes: Int
    public var exact: Bool
}

/// Compiles two versions of a map and diffs them statically, timed.
public func staticDiffBenchmark(old: String, new: String) -> StaticDiffBenchmarkResult? {
    let clock = ContinuousClock()
    let start = clock.now
    guard let a = DecisionMap.compile(SourceFile(name: "old.dmap", text: old)).map,
          let b = DecisionMap.compile(SourceFile(name: "new.dmap", text: new)).map,
          let diff = try? StaticDiff.compare(old: a, new: b, budget: 50_000_000) else { return nil }
    return StaticDiffBenchmarkResult(seconds: secondsIn(clock.now - start), regions: diff.regions, changes: diff.changes.count, exact: diff.exact)
}

/// A version of a generated table with every `every`-th rule sent to another route: the edit a
/// reviewer approves most often.
public func reroutedTable(_ text: String, every: Int) -> String {
    var count = 0
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        guard line.hasPrefix("  when "), let arrow = line.range(of: " -> ", options: .backwards) else { return String(line) }
        count += 1
        guard count % every == 0 else { return String(line) }
        let route = line[arrow.upperBound...]
        return line[..<arrow.upperBound] + (route == "r0" ? "r1" : "r0")
    }.joined(separator: "\n")
}
