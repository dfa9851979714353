import DecisionMap

/// Gap regions grouped the way findings report them: `no-rule` per table where the cases fall
/// through (so one undecided region across several segments is one finding that lists them),
/// `conflict` per pair of rules, `missing-data` per step and field, `no-segment` as one. Shared by
/// the four gap rules and `fallback-catches-gap`.
struct GapGroup {
    var kind: GapKind
    /// The first segment of the group, or -1 when the gaps have none.
    var segment: Int
    /// Every segment of the group, in map order.
    var segments: [Int]
    var point: Int
    var field: Int
    var conflict: [Int]
    /// Each ending in the group with its boxes.
    var parts: [(ending: Ending, boxes: [Box])]
    var leaves: Int
}

extension Coverage {
    /// The gap regions, grouped.
    static func groups(_ gaps: [(ending: Ending, leaves: Int, boxes: [Box])], model: MapModel) -> [GapGroup] {
        var groups: [GapGroup] = []
        var index: [[Int]: Int] = [:]
        for (ending, leaves, boxes) in gaps {
            guard case .gap(let kind) = ending.kind else { continue }
            let key: [Int] = switch kind {
            case .noRule:
                // The cases fall out of the same last table: one finding, whatever their segments.
                if let last = model.tables.indices.last(where: { model.tables[$0].applies(inSegment: ending.segment) }) {
                    [0, last]
                } else {
                    [0, -1, ending.segment]
                }
            case .conflict: [1] + ending.conflict
            case .missingData: [2, ending.point, ending.field]
            case .noSegment: [3]
            case .invalidData: [4]
            }
            if let i = index[key] {
                groups[i].parts.append((ending, boxes))
                groups[i].leaves += leaves
                if ending.segment >= 0, !groups[i].segments.contains(ending.segment) {
                    groups[i].segments.append(ending.segment)
                    groups[i].segments.sort()
                    groups[i].segment = groups[i].segments[0]
                }
            } else {
                index[key] = groups.count
                groups.append(GapGroup(kind: kind, segment: ending.segment, segments: ending.segment >= 0 ? [ending.segment] : [],
                                       point: ending.point, field: ending.field, conflict: ending.conflict,
                                       parts: [(ending, boxes)], leaves: leaves))
            }
        }
        return groups
    }
}

extension LintContext {
    /// The finding for a gap group: where it is, what it says, the region and a verified witness.
    /// `caught` says the fallback catches it (the `fallback-catches-gap` wording).
    func gapFinding(_ group: GapGroup, rule: LintRule.Type, caught: Bool) -> Finding {
        let model = self.model
        var notes: [Diagnostic.Note] = []
        var message: String
        var caughtMessage: String
        var help: String?
        var range: SourceRange
        let segmentName = group.segment >= 0 ? code(model.segments[group.segment].name) : nil
        let segmentNames = group.segments.map { code(model.segments[$0].name) }
        let inSegments = (segmentNames.count == 1 ? "segment " : "segments ")
            + (segmentNames.count < 2 ? segmentNames.joined() : segmentNames.dropLast().joined(separator: ", ") + " and " + segmentNames.last!)
        switch group.kind {
        case .noRule:
            let s = group.segment
            let tables = model.tables.indices.filter { model.tables[$0].applies(inSegment: s) }
            if let last = tables.last {
                range = headerRange(model.tables[last].range)
                message = "no decision rule holds for some cases in \(inSegments)"
                caughtMessage = "the fallback catches cases in \(inSegments) that no rule decides"
                help = "add a rule for these cases to \(code(model.tables[last].name)), or an `otherwise` rule"
            } else {
                range = model.segments[s].range
                message = "no decision table applies to segment \(segmentName!)"
                caughtMessage = "the fallback catches every case of segment \(segmentName!): no decision table applies to it"
                help = "add a table for it, or leave out `in ...` on a table that should cover it"
            }
        case .conflict:
            let (t, a, b) = (group.conflict[0], group.conflict[1], group.conflict[2])
            let table = model.tables[t]
            range = table.rules[b].range
            message = "rules at lines \(line(table.rules[a].range)) and \(line(range)) of \(code(table.name)) both hold for some cases"
                + (table.policy == .any ? " and name different routes" : "") + " (\(table.policy.rawValue))"
            caughtMessage = "the fallback catches cases where rules at lines \(line(table.rules[a].range)) and \(line(range)) of \(code(table.name)) conflict"
            notes.append(Diagnostic.Note("the other rule", at: table.rules[a].range))
            help = "make the conditions exclude each other, or use `(first)` if the order should decide"
        case .missingData:
            let point = coverage.sweep.points.points[group.point]
            range = pointRange(point.kind)
            let what = describe(point.kind)
            if group.field >= 0 {
                let name = model.fields[group.field].name
                message = "\(what) cannot be decided when \(code(name)) is missing, and \(code(name)) has no missing-data policy"
                help = "add `\(name) -> ROUTE` under `missing`, or test `\(name) is present` first"
                caughtMessage = "the fallback catches cases where \(what) cannot be decided because \(code(name)) is missing"
            } else {
                message = "\(what) cannot be decided for some cases"
                caughtMessage = "the fallback catches cases where \(what) cannot be decided"
            }
        case .noSegment:
            range = model.segments.last?.range ?? .none
            message = "no segment holds for some cases"
            caughtMessage = "the fallback catches cases for which no segment holds"
            help = "add a catch-all segment at the end, such as `other risk low otherwise`"
        case .invalidData:
            range = .none
            message = "some cases are invalid"
            caughtMessage = message
        }
        if caught {
            message = caughtMessage
            help = "decide these cases explicitly; the fallback should catch only what nobody foresaw"
            if let fallback = model.fallback { notes.append(Diagnostic.Note("caught by the fallback here", at: fallback.range)) }
        }

        let boxes = Region.merge(group.parts.flatMap(\.boxes), in: coverage.space)
        var finding = Finding(Diagnostic(rule.id, rule.severity, message, at: range, notes: notes, help: help),
                              gap: group.kind, region: coverage.describe(boxes))
        for part in group.parts {
            if let (_, witness) = coverage.verifiedWitness(part.ending, Region.merge(part.boxes, in: coverage.space)) {
                finding.witness = witness
                break
            }
        }
        if finding.witness == nil {
            finding.diagnostic.notes.append(Diagnostic.Note("no witness could be confirmed by routing; please report this as a dmap bug"))
        }
        if group.leaves > Sweep.boxLimit {
            finding.diagnostic.notes.append(Diagnostic.Note("the region is made of \(group.leaves) pieces; the first \(Sweep.boxLimit) are described"))
        }
        return finding
    }

    /// The first line of a multi-line item (a table), so the caret stays on its header.
    func headerRange(_ range: SourceRange) -> SourceRange {
        let bytes = model.source.bytes
        var end = range.start
        while end < min(range.end, bytes.count), bytes[end] != UInt8(ascii: "\n") { end += 1 }
        return SourceRange(start: range.start, end: end)
    }

    func pointRange(_ kind: DecisionPoints.Kind) -> SourceRange {
        switch kind {
        case .segment(let s): model.segments[s].range
        case .escalation(let e): model.escalations[e].range
        case .inconsistency(let i): model.inconsistencies[i].range
        case .threshold(let t): model.thresholds[t].range
        case .rule(let t, let r): model.tables[t].rules[r].range
        }
    }

    /// A decision point in words, for messages.
    func describe(_ kind: DecisionPoints.Kind) -> String {
        switch kind {
        case .segment(let s): "segment \(code(model.segments[s].name))"
        case .escalation(let e): "the escalation to \(code(model.routes[model.escalations[e].route].name))"
        case .inconsistency(let i): "the inconsistency check at line \(line(model.inconsistencies[i].range))"
        case .threshold: "the confidence threshold"
        case .rule(let t, _): "table \(code(model.tables[t].name))"
        }
    }
}
