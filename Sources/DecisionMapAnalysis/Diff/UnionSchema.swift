import DecisionMap

/// The inputs of two versions of a map, joined: one field per column either version reads, with
/// the enumeration values, ranges and optionality of both, so both versions can be analysed over
/// one input space. Which values each version accepts is kept apart (`valid`), since a case one
/// version accepts and the other rejects is a change.
///
/// Fields are matched by column (the name a case file uses), not by field name: renaming a field
/// that reads the same column changes nothing for the cases.
struct UnionSchema {
    /// The joined fields: the old version's, then the new version's that the old one lacks.
    let fields: [Field]
    /// Per version (0 old, 1 new): its own field index → union field index.
    let fieldIndex: [[Int]]
    /// Per version, per own field: its enumeration value index → union value index.
    let valueIndex: [[[Int]]]
    /// Per union field: the numbers where some version's range starts or ends, where the union
    /// space must be cut so that each version's valid values are whole atoms.
    let boundaries: [[Double]]
    /// What the comparison leaves out, in words; empty when it is exact.
    let approximations: [String]

    /// Joins the inputs of `old` and `new`.
    ///
    /// - Throws: `StaticDiffError` when an input is of another kind in each version (a number in
    ///   one and an enumeration in the other, say): such versions are compared over real cases.
    init(_ old: MapModel, _ new: MapModel) throws(StaticDiffError) {
        var fields: [Field] = []
        var byColumn: [String: Int] = [:]
        var fieldIndex: [[Int]] = [[], []]
        var valueIndex: [[[Int]]] = [[], []]
        var boundaries: [[Double]] = []
        var approximations: [String] = []
        for (side, model) in [old, new].enumerated() {
            for field in model.fields {
                guard let u = byColumn[field.column] else {
                    byColumn[field.column] = fields.count
                    fieldIndex[side].append(fields.count)
                    fields.append(field)
                    boundaries.append(Self.bounds(field.type))
                    if case .enumeration(let values) = field.type {
                        valueIndex[side].append(Array(values.indices))
                    } else {
                        valueIndex[side].append([])
                    }
                    continue
                }
                // The column is in the old version too: join the two fields.
                let earlier = fields[u]
                fieldIndex[side].append(u)
                boundaries[u] += Self.bounds(field.type)
                let joined: FieldType
                var values: [Int] = []
                switch (earlier.type, field.type) {
                case (.enumeration(let a), .enumeration(let b)):
                    var all = a
                    for v in b where !all.contains(v) { all.append(v) }
                    values = b.map { all.firstIndex(of: $0)! }
                    joined = .enumeration(all)
                case (.boolean, .boolean):
                    joined = .boolean
                case (.text, .text):
                    joined = .text
                case (.integer(let l1, let h1), .integer(let l2, let h2)):
                    joined = .integer(low: Self.lower(l1, l2), high: Self.upper(h1, h2))
                case (.number(let l1, let h1), .number(let l2, let h2)), (.number(let l1, let h1), .integer(let l2, let h2)),
                     (.integer(let l1, let h1), .number(let l2, let h2)):
                    if Self.isInteger(earlier.type) != Self.isInteger(field.type) {
                        approximations.append("`\(field.name)` is a whole number in one version and any number in the other: values with a fraction are compared as if both versions accepted them")
                    }
                    joined = .number(low: Self.lower(l1, l2), high: Self.upper(h1, h2))
                default:
                    throw StaticDiffError(
                        "input `\(field.name)` (column `\(field.column)`) is \(earlier.type.summary) in OLD and \(field.type.summary) in NEW",
                        help: "versions whose inputs change kind are compared over real cases: add --cases FILE")
                }
                valueIndex[side].append(values)
                // The new version's name and words, the union of what either accepts.
                fields[u] = field.with(type: joined, optional: earlier.optional || field.optional)
            }
        }
        self.fields = fields
        self.fieldIndex = fieldIndex
        self.valueIndex = valueIndex
        self.boundaries = boundaries
        self.approximations = approximations
    }

    private static func bounds(_ type: FieldType) -> [Double] {
        switch type {
        case .number(let lo, let hi), .integer(let lo, let hi): [lo, hi].compactMap { $0 }
        default: []
        }
    }

    private static func isInteger(_ type: FieldType) -> Bool {
        if case .integer = type { return true }
        return false
    }

    private static func lower(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return nil }
        return min(a, b)
    }

    private static func upper(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return nil }
        return max(a, b)
    }

    /// The atoms of union field `u` that version `model` accepts (its own field `f`), in `space`:
    /// its enumeration values, its range, and "missing" when its field is optional.
    func validAtoms(_ model: MapModel, side: Int, field f: Int, in space: InputSpace) -> AtomSet {
        let u = fieldIndex[side][f]
        let fs = space[u]
        let own = model.fields[f]
        let present: AtomSet
        switch own.type {
        case .enumeration:
            let accepted = Set(valueIndex[side][f])
            present = AtomSet(count: fs.presentCount) { accepted.contains($0) }
        case .number(let lo, let hi), .integer(let lo, let hi):
            present = AtomSet(count: fs.presentCount) { atom in
                let i = fs.intervals[atom]
                return (lo.map { i.low >= $0 } ?? true) && (hi.map { i.high <= $0 } ?? true)
            }
        case .boolean, .text:
            present = fs.present
        }
        return own.optional ? present.union(fs.missing) : present
    }
}

/// Two versions that cannot be compared without cases.
public struct StaticDiffError: Error, Hashable, Sendable {
    public var message: String
    public var help: String?

    init(_ message: String, help: String? = nil) {
        self.message = message
        self.help = help
    }
}
