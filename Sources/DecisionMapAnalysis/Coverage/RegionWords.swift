import DecisionMap

/// Regions of an input space in words, and example cases in them: how lint findings and static
/// diffs describe where something happens, and the witness that shows it.
struct RegionWords {
    let space: InputSpace
    let model: MapModel
    /// Fields some condition reads; region texts mention these even when unconstrained.
    let readFields: [Bool]
    /// Key witnesses by column (for two versions of a map, which may name a field differently)
    /// instead of by field name.
    var keyByColumn = false

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
            // Comparing versions: a value no version accepts is a case of its own.
            let invalid = space.invalidDim[fs.field].map { box.set($0, in: space) }
            if let invalid, !invalid.contains(0) {
                parts.append("\(label(fs)) is a value neither version accepts")
            } else if set == fs.full {
                // Any value some version accepts: as good as unconstrained (the values neither
                // accepts are a region of their own, named when they are in it).
                if readFields[fs.field] { unconstrained.append(fs.name) }
            } else {
                parts.append(describe(set, of: fs) + (invalid?.contains(1) == true ? " or a value neither version accepts" : ""))
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
        case .substring, .invalid:
            return ""
        }
    }

    private func list(_ items: [String], _ conjunction: String) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }

    private func quote(_ s: String) -> String { JSONValue.string(s).rendered() }

    private func number(_ v: Double) -> String { JSONValue.number(v).rendered() }

    /// A case in `box`, keyed by field name (which `dmap route` reads, as it reads columns): the
    /// nicest value of each field.
    func witness(in box: Box) -> JSONObject {
        var object = JSONObject()
        for fs in space.fields.prefix(space.fieldCount) {
            if let text = space.texts[fs.field] {
                // Made up from the box's substring dimensions; a box holding no text gets null,
                // and the router then refuses the witness (it is never reported).
                object.append(key(fs), (text.value(in: box, space: space) ?? nil) ?? .null)
                continue
            }
            let set = box.set(fs.field, in: space)
            let present = set.intersection(fs.present)
            let value: JSONValue
            if let d = space.invalidDim[fs.field], !box.set(d, in: space).contains(0) {
                value = .string(invalidText(fs))
            } else if present.isEmpty {
                value = .null
            } else {
                let atom = preferredAtom(fs, in: present)
                switch fs.kind {
                case .enumeration(let values): value = .string(values[atom])
                case .boolean: value = .bool(atom == 1)
                case .number: value = .number(fs.intervals[atom].sample)
                case .text: value = .string(atom < fs.literals.count ? fs.literals[atom] : otherText(fs))
                case .substring, .invalid: continue
                }
            }
            object.append(key(fs), value)
        }
        return object
    }

    /// The witness key of a field: its name, or its column with `keyByColumn`.
    private func key(_ fs: FieldSpace) -> String { keyByColumn ? model.fields[fs.field].column : fs.name }

    /// A value of no type: not a number, a boolean or one of the field's values.
    private func invalidText(_ fs: FieldSpace) -> String {
        var text = "n/a"
        if case .enumeration(let values) = fs.kind { while values.contains(text) { text += "?" } }
        return text
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
        case .enumeration, .boolean, .substring, .invalid:
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
}
