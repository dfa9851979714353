import DecisionMap
import DecisionMapSimulation

/// The threshold options: `--set-threshold` (simulate, route, diff), `--sweep` and `--target`
/// (simulate), declared and read in one place.
enum ThresholdOptions {
    static let setThreshold = OptionSpec.option(
        "--set-threshold", value: "SEGMENT=VALUE",
        help: "Run as if SEGMENT's confidence threshold were VALUE (`otherwise`: its line; `all`: every segment).",
        repeatable: true)
    static let sweep = OptionSpec.option(
        "--sweep", value: "SEGMENT=FROM..TO/STEP",
        help: "Evaluate SEGMENT's threshold at FROM, FROM+STEP, … TO in the same pass (`otherwise`, `all` as above).",
        repeatable: true)
    static let target = OptionSpec.option(
        "--target", value: "GOAL",
        help: "With --sweep: recommend the threshold with the most automation that meets GOAL: automated-error<=2%, automation>=60%, review-hours<=40, review-hours/week<=40.",
        repeatable: true)

    /// `map` with every `--set-threshold` applied (the map itself when there is none).
    static func apply(_ arguments: ParsedArguments, to map: DecisionMap) throws(UsageError) -> DecisionMap {
        let settings = try arguments.values("--set-threshold").map { text throws(UsageError) -> ThresholdSetting in
            let (target, value) = try split(text, "--set-threshold", "SEGMENT=VALUE", arguments)
            guard let number = Double(value), number.isFinite else {
                throw UsageError("`--set-threshold \(text)`: `\(value)` is not a number", help: "for example `--set-threshold \(target)=0.8`",
                                 command: arguments.command)
            }
            return ThresholdSetting(ThresholdTarget(target), number)
        }
        guard !settings.isEmpty else { return map }
        do {
            return try map.settingThresholds(settings)
        } catch {
            throw UsageError("`--set-threshold`: \(error.message)", help: error.help, command: arguments.command)
        }
    }

    /// The sweeps and targets of `--sweep` and `--target`, for `map`.
    static func sweeps(_ arguments: ParsedArguments, for map: DecisionMap, options: SimulationOptions) throws(UsageError) -> ([ThresholdSweep], [SweepTarget]) {
        let sweeps = try arguments.values("--sweep").map { text throws(UsageError) -> ThresholdSweep in
            let (target, range) = try split(text, "--sweep", "SEGMENT=FROM..TO/STEP", arguments)
            let example = "for example `--sweep \(target)=0.5..1/0.05`"
            guard let dots = range.firstRange(of: ".."), let slash = range.lastIndex(of: "/"), dots.upperBound <= slash else {
                throw UsageError("`--sweep \(text)`: expected FROM..TO/STEP after `=`", help: example, command: arguments.command)
            }
            let parts = [String(range[..<dots.lowerBound]), String(range[dots.upperBound..<slash]), String(range[range.index(after: slash)...])]
            let numbers = parts.compactMap { Double($0) }.filter(\.isFinite)
            guard numbers.count == 3 else {
                throw UsageError("`--sweep \(text)`: FROM, TO and STEP must be numbers", help: example, command: arguments.command)
            }
            let decimals = parts.map { part in part.firstIndex(of: ".").map { part.distance(from: $0, to: part.endIndex) - 1 } ?? 0 }.max() ?? 0
            do throws(ThresholdError) {
                return try ThresholdSweep(map: map, ThresholdTarget(target), from: numbers[0], to: numbers[1], step: numbers[2], decimals: decimals)
            } catch {
                throw UsageError("`--sweep \(text)`: \(error.message)", help: error.help, command: arguments.command)
            }
        }
        let targets = try arguments.values("--target").map { text throws(UsageError) -> SweepTarget in
            do throws(ThresholdError) {
                return try SweepTarget(text)
            } catch {
                throw UsageError("`--target \(text)`: \(error.message)", help: error.help, command: arguments.command)
            }
        }
        if !targets.isEmpty && sweeps.isEmpty {
            throw UsageError("--target chooses among the points of a sweep", help: "add --sweep SEGMENT=FROM..TO/STEP", command: arguments.command)
        }
        for target in targets {
            if target.measure == SweepTarget.Measure.automatedError && options.expectColumn == nil {
                throw UsageError("`--target \(target)` needs the expected routes", help: "add --expect COLUMN", command: arguments.command)
            }
            if target.measure == SweepTarget.Measure.weeklyReviewHours && options.casesPerWeek == nil {
                throw UsageError("`--target \(target)` needs the weekly volume", help: "add --per-week N", command: arguments.command)
            }
        }
        return (sweeps, targets)
    }

    private static func split(_ text: String, _ option: String, _ form: String, _ arguments: ParsedArguments) throws(UsageError) -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw UsageError("`\(option) \(text)`: expected \(form)", command: arguments.command)
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}
