/// Confidence thresholds as something to change without editing the map: what-ifs
/// (`--set-threshold`) and the one-pass routing behind threshold sweeps.

/// Which segments' confidence threshold a what-if or a sweep moves.
public enum ThresholdTarget: Hashable, Sendable, CustomStringConvertible {
    /// One segment, whichever `uncertainty` line applies to it (its own, or `otherwise`).
    case segment(String)
    /// The segments the `otherwise` line applies to: those without a line of their own.
    case otherwise
    /// Every segment that has a threshold.
    case all

    /// `otherwise` and `all` are words of their own; anything else names a segment.
    public init(_ word: String) {
        switch word {
        case "otherwise": self = .otherwise
        case "all": self = .all
        default: self = .segment(word)
        }
    }

    public var description: String {
        switch self {
        case .segment(let name): name
        case .otherwise: "otherwise"
        case .all: "all"
        }
    }
}

/// A confidence threshold set for a run (`--set-threshold SEGMENT=VALUE`).
public struct ThresholdSetting: Hashable, Sendable {
    public var target: ThresholdTarget
    /// The new threshold: review when the confidence is below it.
    public var value: Double

    public init(_ target: ThresholdTarget, _ value: Double) {
        self.target = target
        self.value = value
    }
}

/// A threshold target or value the map cannot take.
public struct ThresholdError: Error, Hashable, Sendable {
    public var message: String
    public var help: String?

    public init(_ message: String, help: String? = nil) {
        self.message = message
        self.help = help
    }
}

/// Where a case met its segment's confidence threshold: the segment, and its confidence.
public struct ThresholdReach: Hashable, Sendable {
    public var segment: Int
    public var confidence: Double
}

extension DecisionMap {
    /// The segments whose threshold `target` moves, in map order.
    ///
    /// - Throws: `ThresholdError` when the map has no `uncertainty` section, the segment does not
    ///   exist or has no threshold, or no segment falls under `otherwise`.
    public func segments(for target: ThresholdTarget) throws(ThresholdError) -> [Int] {
        let withThreshold = model.segments.indices.filter { model.threshold(forSegment: $0) != nil }
        guard model.confidenceField != nil, !model.thresholds.isEmpty else {
            throw ThresholdError("the map has no confidence thresholds", help: "add an `uncertainty using FIELD` section")
        }
        switch target {
        case .all:
            return withThreshold
        case .otherwise:
            guard model.thresholds.contains(where: { $0.segments.isEmpty }) else {
                throw ThresholdError("the map's `uncertainty` section has no `otherwise` line",
                                     help: "name a segment, or `all` for every threshold")
            }
            let own = Set(model.thresholds.flatMap(\.segments))
            let covered = withThreshold.filter { !own.contains($0) }
            guard !covered.isEmpty else {
                throw ThresholdError("the `otherwise` threshold applies to no segment: each has a line of its own")
            }
            return covered
        case .segment(let name):
            guard let s = model.segments.firstIndex(where: { $0.name == name }) else {
                let names = model.segments.map(\.name) + ["otherwise", "all"]
                throw ThresholdError("the map has no segment `\(name)`",
                                     help: Suggestions.closest(to: name, in: names).map { "did you mean `\($0)`?" }
                                        ?? "the segments are " + model.segments.map { "`\($0.name)`" }.joined(separator: ", "))
            }
            guard withThreshold.contains(s) else {
                throw ThresholdError("segment `\(name)` has no confidence threshold",
                                     help: "no line of `uncertainty` names it and there is no `otherwise` line")
            }
            return [s]
        }
    }

    /// This map with confidence thresholds set as if the map said so: the same routes, segments and
    /// lines, and `thresholdSettings` saying what was changed. Later settings win.
    ///
    /// - Throws: `ThresholdError` for a target `segments(for:)` rejects, or a value outside 0..1.
    public func settingThresholds(_ settings: [ThresholdSetting]) throws(ThresholdError) -> DecisionMap {
        var overrides = self.overrides
        for setting in settings {
            guard (0...1).contains(setting.value) else {
                throw ThresholdError("threshold \(format(setting.value)) for `\(setting.target)` is outside 0..1",
                                     help: "a confidence threshold is a probability between 0 and 1")
            }
            for s in try segments(for: setting.target) { overrides[s] = setting.value }
        }
        // The compiled router is shared: thresholds change none of it.
        return DecisionMap(model: model, router: router, settings: thresholdSettings + settings, overrides: overrides, tableLimit: table?.limit ?? 0)
    }

    /// The confidence threshold in force in a segment (a what-if's, else its line's); nil when the
    /// segment has none.
    public func threshold(inSegment segment: Int) -> Double? {
        router.thresholdForSegment[segment] < 0 ? nil : belowForSegment[segment]
    }

    /// The threshold the map's own lines give a segment, whatever a what-if set.
    public func mapThreshold(inSegment segment: Int) -> Double? {
        model.threshold(forSegment: segment).map { model.thresholds[$0].below }
    }

    /// Routes a case as if its confidence were never below its threshold, and says where it met the
    /// threshold (nil when it did not: it ended before, its segment has no threshold, or its
    /// confidence is missing). The case's decision at a threshold `x` for its segment is then
    /// `reviewDecision(inSegment:)` when its confidence is below `x`, else the decision returned:
    /// one routing answers every threshold.
    public func routePastThreshold(_ record: borrowing CaseRecord) -> (decision: Decision, reach: ThresholdReach?) {
        var probe = ThresholdProbe()
        let decision = router.route(record, below: belowForSegment, &probe)
        return (decision, probe.reach)
    }

    /// The decision of a case of `segment` that the segment's confidence threshold sends to review.
    public func reviewDecision(inSegment segment: Int) -> Decision { router.review(segment) }

    /// What-ifs in words, one per setting, for reports: "threshold of `critical` set to 0.8 (the map
    /// says 0.95)".
    public var whatIf: [String] {
        thresholdSettings.map { setting in
            let segments = (try? segments(for: setting.target)) ?? []
            let was = Set(segments.compactMap { mapThreshold(inSegment: $0) }).sorted().map(format).joined(separator: ", ")
            let whose = switch setting.target {
            case .segment(let name): "`\(name)`"
            case .otherwise: "the `otherwise` line"
            case .all: "every segment"
            }
            return "confidence threshold of \(whose) set to \(format(setting.value)) (the map says \(was))"
        }
    }
}
