import DecisionMap

/// The static coverage analysis of one map: every region of the typed input space, with how the
/// router ends for the cases in it. Lint checks read it; it is computed once per map.
struct Coverage {
    let map: DecisionMap
    let model: MapModel
    let space: InputSpace
    let sweep: Sweep
    /// Fields some condition of the map reads; region texts mention these even when unconstrained.
    let readFields: [Bool]

    /// The default number of nodes the sweep may visit before it gives up and says so.
    static let defaultBudget = 2_000_000

    init(map: DecisionMap, budget: Int = Coverage.defaultBudget, recordsEveryRegion: Bool = false) {
        self.map = map
        model = map.model
        space = InputSpace(model)
        sweep = Sweep(model: model, space: space, budget: budget, recordsEveryRegion: recordsEveryRegion)
        sweep.run()
        gaps = sweep.regions.compactMap { ending, entry in
            if case .gap = ending.kind { return (ending, entry.leaves, entry.boxes) }
            return nil
        }.sorted { a, b in a.ending.sortKey.lexicographicallyPrecedes(b.ending.sortKey) }
        gapGroups = Coverage.groups(gaps, model: model)
        var read = Array(repeating: false, count: model.fields.count)
        for point in sweep.points.points { for f in point.reads { read[f] = true } }
        readFields = read
    }

    /// Whether every region was explored and the space is exact: only then does the absence of a
    /// finding prove anything.
    var isExact: Bool { sweep.complete && space.approximations.isEmpty }

    /// The regions that end as a gap (caught by the fallback or not), in a stable order.
    let gaps: [(ending: Ending, leaves: Int, boxes: [Box])]
    /// The same, grouped the way findings report them.
    let gapGroups: [GapGroup]

    // MARK: Regions in words

    /// A region as text: "category is complaint or other, amount < 500 or missing, tier any".
    /// Several boxes are joined with "; or", and only the first `limit` are spelled out.
    func describe(_ boxes: [Box], limit: Int = 3) -> String {
        var parts = boxes.prefix(limit).map(describe)
        if boxes.count > limit { parts.append("\(boxes.count - limit) more region\(boxes.count - limit == 1 ? "" : "s")") }
        return parts.joined(separator: "; or ")
    }

    func describe(_ box: Box) -> String {
        var parts: [String] = []
        var unconstrained: [String] = []
        for fs in space.fields.prefix(space.fieldCount) {
            if let text = space.texts[fs.field] {
                if let phrase = text.describe(box, space: space, name: label(fs)) {
                    parts.append(phrase)
                } else if readFields[fs.field] {
                    unconstrained.append(fs.name)
                }
                continue
            }
            let set = box.set(fs.field, in: space)
            if set == fs.full {
                if readFields[fs.field] { unconstrained.append(fs.name) }
            } else {
                parts.append(describe(set, of: fs))
            }
        }
        if unconstrained.count > 3 {
            parts.append("any other values")
        } else {
            parts += unconstrained.map { "\($0) any" }
        }
        return parts.isEmpty ? "every case" : parts.joined(separator: ", ")
    }

    /// A field's name in a region, with its column where that is named otherwise.
    private func label(_ fs: FieldSpace) -> String {
        let column = model.fields[fs.field].column
        return fs.name + (column == fs.name ? "" : " (column \(quote(column)))")
    }

    /// One field's set in words, starting with the field's name (and its column, where that is
    /// named otherwise).
    func describe(_ set: AtomSet, of fs: FieldSpace) -> String {
        let name = label(fs)
        let present = set.intersection(fs.present)
        let missing = !set.intersection(fs.missing).isEmpty
        if present.isEmpty { return "\(name) is missing" }
        let tail = missing ? " or missing" : ""
        if present == fs.present { return "\(name) is present" + (missing ? " or missing" : "") }
        switch fs.kind {
        case .enumeration(let values):
            let chosen = present.atoms
            if chosen.count * 2 > values.count {
                let others = fs.present.subtracting(present).atoms.map { quoteIfNeeded(values[$0]) }
                switch others.count {
                case 1: return "\(name) is not \(others[0])" + tail
                case 2: return "\(name) is neither \(others[0]) nor \(others[1])" + tail
                default: return "\(name) is none of " + others.joined(separator: ", ") + tail
                }
            }
            return "\(name) is " + list(chosen.map { quoteIfNeeded(values[$0]) }, "or") + tail
        case .boolean:
            return "\(name) is \(present.contains(1) ? "true" : "false")" + tail
        case .number:
            let intervals = present.ranges.map { range -> String in
                let first = fs.intervals[range.lowerBound]
                let last = fs.intervals[range.upperBound - 1]
                let atStart = range.lowerBound == 0
                let atEnd = range.upperBound == fs.presentCount
                let low = (first.lowClosed ? ">= " : "> ") + number(first.low)
                let high = (last.highClosed ? "<= " : "< ") + number(last.high)
                if first.low == last.high { return "= " + number(first.low) }
                if atStart { return high }
                if atEnd { return low }
                return low + " and " + high
            }
            return "\(name) " + intervals.joined(separator: " or ") + tail
        case .text:
            // A field tested with `contains` is described by its `TextSpace`; this one is only
            // compared with literals.
            if !present.contains(fs.otherText) { return "\(name) is " + list(present.atoms.map { quote(fs.literals[$0]) }, "or") + tail }
            let others = fs.present.subtracting(present).atoms.map { quote(fs.literals[$0]) }
            if present.count > 1 { return "\(name) is " + present.atoms.dropLast().map { quote(fs.literals[$0]) }.joined(separator: " or ") + " or another text" + tail }
            return "\(name) " + (others.count == 1 ? "is not \(others[0])" : "is none of " + list(others, "and")) + tail
        case .substring:
            return ""
        }
    }

    private func list(_ items: [String], _ conjunction: String) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }

    private func quote(_ s: String) -> String { JSONValue.string(s).rendered() }

    private func number(_ v: Double) -> String { JSONValue.number(v).rendered() }

    // MARK: Witnesses

    /// A case in `box`, keyed by field name (which `dmap route` reads, as it reads columns): the
    /// nicest value of each field.
    func witness(in box: Box) -> JSONObject {
        var object = JSONObject()
        for fs in space.fields.prefix(space.fieldCount) {
            if let text = space.texts[fs.field] {
                // Made up from the box's substring dimensions; a box holding no text gets null,
                // and the router then refuses the witness (it is never reported).
                object.append(fs.name, (text.value(in: box, space: space) ?? nil) ?? .null)
                continue
            }
            let set = box.set(fs.field, in: space)
            let present = set.intersection(fs.present)
            let value: JSONValue
            if present.isEmpty {
                value = .null
            } else {
                let atom = preferredAtom(fs, in: present)
                switch fs.kind {
                case .enumeration(let values): value = .string(values[atom])
                case .boolean: value = .bool(atom == 1)
                case .number: value = .number(fs.intervals[atom].sample)
                case .text: value = .string(atom < fs.literals.count ? fs.literals[atom] : otherText(fs))
                case .substring: continue
                }
            }
            object.append(fs.name, value)
        }
        return object
    }

    /// The atom to show for a field: the one holding the nicest value of the field's whole domain
    /// if the set allows it, else the set's first.
    private func preferredAtom(_ fs: FieldSpace, in set: AtomSet) -> Int {
        switch fs.kind {
        case .number:
            guard let first = fs.intervals.first, let last = fs.intervals.last else { return set.first! }
            let nice = niceNumber(first.low, first.lowClosed, last.high, last.highClosed, integer: false)
            if let atom = fs.atom(ofNumber: nice), set.contains(atom) { return atom }
        case .text:
            if set.contains(fs.otherText) { return fs.otherText }
        case .enumeration, .boolean, .substring:
            break
        }
        return set.first!
    }

    /// A text that is none of a field's literals (the field is not tested with `contains`).
    private func otherText(_ fs: FieldSpace) -> String {
        var text = "other"
        while fs.literals.contains(text) { text = "x" + text }
        return text
    }

    /// Routes a witness through the real router.
    func route(_ witness: JSONObject) -> Decision? {
        var values: [String: CaseValue] = [:]
        for member in witness.members { values[member.key] = CaseValue(json: member.value) }
        guard let record = try? map.record(values) else { return nil }
        return map.route(record)
    }

    /// Whether the router ends a case as the analysis says the region ends.
    func reproduces(_ decision: Decision, _ ending: Ending) -> Bool {
        guard case .gap(let kind) = ending.kind else { return false }
        guard decision.gap == kind else { return false }
        if ending.segment >= 0, decision.segment != ending.segment { return false }
        if kind == .missingData, ending.field >= 0, decision.field != ending.field { return false }
        return true
    }

    /// The first box of a gap region with a witness that the router confirms, with the witness.
    func verifiedWitness(_ ending: Ending, _ boxes: [Box]) -> (box: Box, witness: JSONObject)? {
        for box in boxes.prefix(32) {
            let witness = witness(in: box)
            if let decision = route(witness), reproduces(decision, ending) { return (box, witness) }
        }
        return nil
    }
}

extension Ending {
    /// Orders endings by kind, segment, point and rules, for a stable output.
    var sortKey: [Int] {
        let kind: [Int] = switch self.kind {
        case .gap(let g): [0, GapKind.allCases.firstIndex(of: g)!]
        case .decided(let t, let r): [1, t, r]
        case .escalated(let e): [2, e]
        case .inconsistent(let i): [3, i]
        case .review(let t): [4, t]
        case .dataPolicy(let p): [5, p]
        }
        return kind + [segment, point, field] + conflict
    }
}
