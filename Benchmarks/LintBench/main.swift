import DecisionMap
import DecisionMapAnalysis
import Foundation

// Times `dmap lint` on generated decision tables (see `lintBenchmark` for how they are built):
// 10 inputs, 100 to 10,000 rules, 10% of the rules with noise; a `unique` table (gaps, conflicts
// and dead rules), then the same rules as a `first` table. Run with `swift run -c release lint-bench`.
// `lint-bench --map RULES [unique|first]` prints the map of that size instead (for scripts/bench-lsp.py).

let inputs = 10
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--map" {
    guard arguments.count >= 2, let rules = Int(arguments[1]), rules > 0,
          let policy = arguments.count > 2 ? HitPolicy(rawValue: arguments[2]) : .unique else {
        FileHandle.standardError.write(Data("usage: lint-bench --map RULES [unique|first]\n".utf8))
        exit(2)
    }
    print(benchmarkMap(rules: rules, inputs: inputs, seed: 1, policy: policy), terminator: "")
    exit(0)
}
for policy in [HitPolicy.unique, .first] {
    print("\(policy.rawValue) table, \(inputs) inputs")
    print("  rules   lint s  growth  analysis s  growth  findings  gap regions  conflicts  dead rules  regions")
    var previous: (Double, Double)?
    for rules in [100, 1_000, 10_000] {
        // The best of three runs after a warm-up, so the numbers are stable on a busy machine.
        _ = lintBenchmark(rules: rules, inputs: inputs, seed: 1, policy: policy)
        var best = lintBenchmark(rules: rules, inputs: inputs, seed: 1, policy: policy)
        for _ in 0..<2 {
            let run = lintBenchmark(rules: rules, inputs: inputs, seed: 1, policy: policy)
            if run.seconds < best.seconds { best = run }
        }
        let growth = previous.map { (String(format: "x%.1f", best.seconds / $0.0), String(format: "x%.1f", best.analysisSeconds / $0.1)) }
        print(String(format: "  %5d  %7.3f  %6@  %10.3f  %6@  %8d  %11d  %9d  %10d  %7d", rules, best.seconds,
                     (growth?.0 ?? "-") as NSString, best.analysisSeconds, (growth?.1 ?? "-") as NSString,
                     best.findings, best.gapRegions, best.conflicts, best.deadRules, best.regions)
            + (best.exact ? "" : "  (incomplete)"))
        previous = (best.seconds, best.analysisSeconds)
    }
}

// Rate tables: a grid over three enumerations and weight bands, with overrides placed first that
// cut across it (10%, and a heavy case with 30% overrides).
for (label, share) in [("rate table, 10% overrides", 0.1), ("rate table, 30% overrides", 0.3)] {
    print("\(label)")
    print("  rules   lint s  analysis s  findings  regions  nodes")
    for rules in [1_000, 3_700, 10_000] {
        _ = rateTableBenchmark(rules: rules, overrides: share, seed: 1)
        var best = rateTableBenchmark(rules: rules, overrides: share, seed: 1)
        for _ in 0..<2 {
            let run = rateTableBenchmark(rules: rules, overrides: share, seed: 1)
            if run.seconds < best.seconds { best = run }
        }
        print(String(format: "  %5d  %7.3f  %10.3f  %8d  %7d  %5d", rules, best.seconds, best.analysisSeconds, best.findings, best.regions, best.nodes)
              + (best.exact ? "" : "  (approximate)"))
    }
}

// Static diff (`dmap diff OLD NEW` without cases): the bundled maps against themselves and with
// their first threshold lowered, and generated tables against themselves and with every tenth
// rule rerouted.
print("static diff")
print("  pair                                          seconds  regions  changes")
func timeDiff(_ label: String, _ old: String, _ new: String) {
    _ = staticDiffBenchmark(old: old, new: new)
    var best: StaticDiffBenchmarkResult?
    for _ in 0..<3 {
        guard let run = staticDiffBenchmark(old: old, new: new) else { return print("  \(label): does not compile") }
        if best == nil || run.seconds < best!.seconds { best = run }
    }
    let b = best!
    let padded = label + String(repeating: " ", count: max(0, 44 - label.count))
    print("  " + padded + String(format: "  %7.3f  %7d  %7d", b.seconds, b.regions, b.changes) + (b.exact ? "" : "  (approximate)"))
}
for name in ["customer-triage", "insurance-claims", "it-incidents"] {
    guard let text = try? String(contentsOfFile: "decision-maps/\(name).dmap", encoding: .utf8) else {
        print("  (run from the repository to include decision-maps/\(name).dmap)")
        continue
    }
    timeDiff("\(name) vs itself", text, text)
    let lowered = text.replacingOccurrences(of: "below 0.", with: "below 0.0")
    timeDiff("\(name) vs thresholds / 10", text, lowered)
}
for rules in [1_000, 10_000] {
    for policy in [HitPolicy.first, .unique] {
        let text = benchmarkMap(rules: rules, inputs: 10, seed: 1, policy: policy)
        timeDiff("\(rules)-rule \(policy.rawValue) table vs itself", text, text)
        timeDiff("\(rules)-rule \(policy.rawValue) table vs 10% rerouted", text, reroutedTable(text, every: 10))
    }
}
