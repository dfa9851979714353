import DecisionMap

/// One difference between two versions of a map.
public struct MapChange: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case added, removed, changed
        /// The same item at another place in an ordered list (segments, escalations, a table's
        /// rules, …), where order decides.
        case moved
    }

    public var kind: Kind
    /// `map`, `owner`, `input`, `condition`, `segment`, `route`, `escalation`, `inconsistency`,
    /// `uncertainty`, `threshold`, `missing`, `invalid`, `table`, `rule` or `fallback`.
    public var section: String
    /// What changed, for people: ``segment `critical` ``, ``rule in `route` ``.
    public var name: String
    /// Where the item is in each version (nil where it does not exist), and its text there.
    public var oldLine: Int?
    public var newLine: Int?
    public var oldText: String?
    public var newText: String?
    /// For a changed item: it also moved.
    public var moved: Bool
}

/// The structural difference between two versions of a map: every segment, route, rule,
/// threshold, escalation, policy, … added, removed, changed or moved, with its line in each
/// version.
///
/// Items are matched by identity, not by position: inputs, conditions, segments, routes and tables
/// by name; thresholds by the segments they apply to; data policies by their fields; escalations
/// by target and condition; inconsistencies and rules by condition. An escalation, inconsistency or
/// rule whose condition changed has no partner by identity; when the other version has an
/// unmatched one at the same place, the two are one changed item, else one is removed and the other
/// added. Formatting, comments and descriptions are not changes; a value written differently but
/// equal (`10_000`, `10000`) is not a change either.
public struct MapDiff: Sendable {
    public var changes: [MapChange]
    /// The identity of every item of the old map that has a partner in the new one → the partner's.
    private let partners: [String: String]
    /// The identities of the deciders' items: old map by range start, new map to range start.
    private let oldKeys: [Int: String]
    private let newStarts: [String: Int]

    public init(old: MapModel, new: MapModel) {
        let before = MapItems(old), after = MapItems(new)
        oldKeys = before.keyByRangeStart
        newStarts = after.rangeStartByKey
        var changes: [MapChange] = []
        var partners: [String: String] = [:]
        var groups = before.groupOrder
        for group in after.groupOrder where !groups.contains(group) { groups.append(group) }
        for group in groups {
            changes += Self.compare(before.items.filter { $0.group == group }, after.items.filter { $0.group == group },
                                    partners: &partners)
        }
        self.changes = changes
        self.partners = partners
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// The decider of the new map that is the same part of the map as `decider` of the old one
    /// (unchanged, edited in place or moved), by the same matching as the changes.
    func partner(of decider: Decider, old: MapModel, new: MapModel) -> Decider? {
        guard let key = oldKeys[decider.range(in: old).start], let partner = partners[key], let start = newStarts[partner]
        else { return nil }
        return Decider(rangeStart: start, in: new)
    }

    private static func compare(_ old: [MapItem], _ new: [MapItem], partners: inout [String: String]) -> [MapChange] {
        var pairs: [(MapItem, MapItem)] = []
        var unmatchedOld: [MapItem] = []
        var newByKey: [String: MapItem] = [:]
        for item in new { newByKey[item.key] = item }
        for item in old {
            if let partner = newByKey.removeValue(forKey: item.key) {
                pairs.append((item, partner))
            } else {
                unmatchedOld.append(item)
            }
        }
        var unmatchedNew = new.filter { newByKey[$0.key] != nil }
        // Items identified by their condition: an unmatched pair at the same place is one item edited.
        var removed: [MapItem] = []
        for item in unmatchedOld {
            if item.pairsByPosition, let i = unmatchedNew.firstIndex(where: { $0.position == item.position }) {
                pairs.append((item, unmatchedNew.remove(at: i)))
            } else {
                removed.append(item)
            }
        }
        let moved = movedKeys(pairs)
        for (a, b) in pairs { partners[a.group + "\u{0}" + a.key] = b.group + "\u{0}" + b.key }

        var changes: [(order: Int, change: MapChange)] = []
        for (a, b) in pairs {
            let isMoved = moved.contains(a.key)
            guard a.value != b.value || isMoved else { continue }
            changes.append((b.position, MapChange(
                kind: a.value != b.value ? .changed : .moved, section: a.section, name: b.name,
                oldLine: a.line, newLine: b.line, oldText: a.text, newText: b.text, moved: a.value != b.value && isMoved)))
        }
        for a in removed {
            changes.append((a.position, MapChange(kind: .removed, section: a.section, name: a.name, oldLine: a.line, newLine: nil,
                                                  oldText: a.text, newText: nil, moved: false)))
        }
        for b in unmatchedNew {
            changes.append((b.position, MapChange(kind: .added, section: b.section, name: b.name, oldLine: nil, newLine: b.line,
                                                  oldText: nil, newText: b.text, moved: false)))
        }
        return changes.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element.change)
    }

    /// In an ordered group, the matched items that changed place: those outside a longest run of
    /// matched items that keep their relative order.
    private static func movedKeys(_ pairs: [(MapItem, MapItem)]) -> Set<String> {
        let ordered = pairs.filter { $0.0.ordered }.sorted { $0.0.position < $1.0.position }
        guard ordered.count > 1 else { return [] }
        let positions = ordered.map { $0.1.position }
        // Longest increasing subsequence, O(n²): groups are a few dozen items.
        var length = [Int](repeating: 1, count: positions.count)
        var previous = [Int](repeating: -1, count: positions.count)
        for i in positions.indices {
            for j in 0..<i where positions[j] < positions[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1
                previous[i] = j
            }
        }
        var kept = Set<Int>()
        var i = length.indices.max { length[$0] < length[$1] } ?? -1
        while i >= 0 {
            kept.insert(i)
            i = previous[i]
        }
        return Set(ordered.indices.filter { !kept.contains($0) }.map { ordered[$0].0.key })
    }
}

/// A part of a map that can be added, removed or changed between versions.
struct MapItem {
    var section: String
    /// Items are matched within a group: `segments`, ``rules of `route` ``.
    var group: String
    /// The identity the item is matched by, unique in its group.
    var key: String
    var name: String
    /// What the item means, compared between versions (syntax without ranges and descriptions).
    var value: AnyHashable
    /// The item as written, on one line, without comments.
    var text: String
    var line: Int
    /// Its place in its group.
    var position: Int
    /// Whether order within the group decides routing.
    var ordered: Bool
    /// Whether the key includes a condition, so an edited item has no partner by key.
    var pairsByPosition: Bool
}

/// The items of one map, and the identity of every part that decides cases, so that rule
/// coverage can be matched across versions the same way.
struct MapItems {
    private(set) var items: [MapItem] = []
    private(set) var groupOrder: [String] = []
    /// The item key of each decider's source item, by the start of its range, and back.
    private(set) var keyByRangeStart: [Int: String] = [:]
    private(set) var rangeStartByKey: [String: Int] = [:]
    private let source: SourceFile

    init(_ model: MapModel) {
        source = model.source
        let syntax = model.syntax
        if let header = syntax.header {
            let line = model.line(header.range)
            for (key, value) in [("title", header.title), ("version", header.version), ("description", header.description),
                                 ("currency", header.currency), ("ids", header.ids)] {
                guard let value else { continue }
                add("map", "map", key, "map \(key)", value, key == "title" ? "map \"\(value)\"" : "\(key) \"\(value)\"",
                    line: key == "title" ? line : headerEntryLine(key, after: line))
            }
        }
        for o in syntax.owners {
            add("owner", "owners", o.question.rawValue, "owner `\(o.question.rawValue)`", o.role, text(o.range), range: o.range)
        }
        for i in syntax.inputs {
            var v = i
            v.doc = nil
            add("input", "inputs", i.name.text, "input `\(i.name.text)`", v, text(i.range), range: i.range)
        }
        for c in syntax.conditions {
            var v = c
            v.doc = nil
            add("condition", "conditions", c.name.text, "condition `\(c.name.text)`", v, text(c.range), range: c.range)
        }
        for s in syntax.segments {
            var v = s
            v.doc = nil
            add("segment", "segments", s.name.text, "segment `\(s.name.text)`", v, text(s.range), range: s.range, ordered: true)
        }
        for r in syntax.routes {
            var v = r
            v.doc = nil
            // Order matters: a `priority` table prefers the route declared first.
            add("route", "routes", r.name.text, "route `\(r.name.text)`", v, text(r.range), range: r.range, ordered: true)
        }
        for e in syntax.escalations {
            var v = e
            v.doc = nil
            add("escalation", "escalations", "to \(e.target.text) when \(text(e.condition.range))", "escalation to `\(e.target.text)`",
                v, text(e.range), range: e.range, ordered: true, pairsByPosition: true)
        }
        for i in syntax.inconsistencies {
            var v = i
            v.doc = nil
            add("inconsistency", "inconsistencies", text(i.condition.range), "inconsistency → `\(i.target.text)`",
                v, text(i.range), range: i.range, ordered: true, pairsByPosition: true)
        }
        if let u = syntax.uncertainty {
            add("uncertainty", "uncertainty", "using", "uncertainty field", u.field?.text, text(u.range), range: u.range)
            for t in u.thresholds {
                var v = t
                v.doc = nil
                let scope = t.segments.isEmpty ? "otherwise" : "in " + t.segments.map(\.text).sorted().joined(separator: ", ")
                add("threshold", "thresholds", scope, "threshold `\(scope)`", v, text(t.range), range: t.range)
            }
        }
        for (section, policies) in [("missing", syntax.missing), ("invalid", syntax.invalid)] {
            for p in policies {
                var v = p
                v.doc = nil
                let scope = p.fields.isEmpty ? "otherwise" : p.fields.map(\.text).sorted().joined(separator: ", ")
                add(section, section, scope, "\(section)-data policy `\(scope)`", v, text(p.range), range: p.range)
            }
        }
        for t in syntax.tables {
            add("table", "tables", t.name.text, "table `\(t.name.text)`", [AnyHashable(t.policy), AnyHashable(t.segments)],
                text(t.range), range: t.range, ordered: true)
            for r in t.rules {
                var v = r
                v.doc = nil
                add("rule", "rules of `\(t.name.text)`", r.condition.map { text($0.range) } ?? "otherwise", "rule in `\(t.name.text)`",
                    v, text(r.range), range: r.range, ordered: t.policy == .first, pairsByPosition: true)
            }
        }
        if let f = syntax.fallback {
            add("fallback", "fallback", "fallback", "fallback", f.target, text(f.range), range: f.range)
        }
    }

    private mutating func add(_ section: String, _ group: String, _ key: String, _ name: String, _ value: AnyHashable?,
                              _ text: String, range: SourceRange? = nil, line: Int? = nil, ordered: Bool = false,
                              pairsByPosition: Bool = false) {
        if !groupOrder.contains(group) { groupOrder.append(group) }
        let position = items.lazy.filter { $0.group == group }.count
        // Two items with the same identity (the same rule twice) are told apart by occurrence.
        var unique = key
        var n = 1
        while items.contains(where: { $0.group == group && $0.key == unique }) {
            n += 1
            unique = "\(key) #\(n)"
        }
        items.append(MapItem(section: section, group: group, key: unique, name: name, value: value ?? AnyHashable(0),
                             text: text, line: line ?? range.map { source.line(of: $0.start) } ?? 0, position: position,
                             ordered: ordered, pairsByPosition: pairsByPosition))
        if let range {
            keyByRangeStart[range.start] = group + "\u{0}" + unique
            rangeStartByKey[group + "\u{0}" + unique] = range.start
        }
    }

    /// The line of an entry of the `map` header (`version "…"`): the syntax keeps one range for the
    /// whole header, so look through the header's indented lines; the header's own line if not found.
    private func headerEntryLine(_ key: String, after header: Int) -> Int {
        var line = header + 1
        while line <= header + 64 {
            let text = source.lineText(line)
            if let first = text.first, first != " ", first != "\t", first != "#" { break }
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.first.map(String.init) == key { return line }
            line += 1
        }
        return header
    }

    /// The source of a range on one line: comments dropped, runs of white space made one space.
    private func text(_ range: SourceRange) -> String {
        var out = ""
        var inString = false
        var escaped = false
        var inComment = false
        var pendingSpace = false
        for c in source.text(range) {
            if c == "\n" || c == "\r" {
                inComment = false
                pendingSpace = !out.isEmpty
                continue
            }
            if inComment { continue }
            if !inString, c == "#" {
                inComment = true
                continue
            }
            if !inString, c == " " || c == "\t" {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(c)
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            }
        }
        return out
    }
}

extension Decider {
    /// The map item that is this decider: its source range.
    func range(in model: MapModel) -> SourceRange {
        switch self {
        case .escalation(let i): model.escalations[i].range
        case .inconsistency(let i): model.inconsistencies[i].range
        case .threshold(let i): model.thresholds[i].range
        case .missingPolicy(let i): model.missingPolicies[i].range
        case .invalidPolicy(let i): model.invalidPolicies[i].range
        case .rule(let t, let r): model.tables[t].rules[r].range
        case .fallback: model.fallback?.range ?? .none
        }
    }

    /// The decider whose source item starts at `rangeStart`.
    init?(rangeStart start: Int, in model: MapModel) {
        if let i = model.escalations.firstIndex(where: { $0.range.start == start }) {
            self = .escalation(i)
        } else if let i = model.inconsistencies.firstIndex(where: { $0.range.start == start }) {
            self = .inconsistency(i)
        } else if let i = model.thresholds.firstIndex(where: { $0.range.start == start }) {
            self = .threshold(i)
        } else if let i = model.missingPolicies.firstIndex(where: { $0.range.start == start }) {
            self = .missingPolicy(i)
        } else if let i = model.invalidPolicies.firstIndex(where: { $0.range.start == start }) {
            self = .invalidPolicy(i)
        } else if let (t, r) = model.tables.indices.lazy.compactMap({ t in
            model.tables[t].rules.firstIndex { $0.range.start == start }.map { (t, $0) }
        }).first {
            self = .rule(table: t, rule: r)
        } else if let fallback = model.fallback, fallback.range.start == start {
            self = .fallback
        } else {
            return nil
        }
    }
}
