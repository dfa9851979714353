/// `array` in storage of its own, to be deallocated by the owner.
private func owned<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
    let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
    _ = buffer.initialize(from: array)
    return buffer
}

/// A whole map as one lookup table, for routing many cases (`DecisionMap.tabulated()`).
///
/// Routing reads a field only through the map's *atoms* on it: comparisons with constants,
/// `one of`, `is missing`, the text tests, and the confidence thresholds in force. Values of a
/// field that every atom on it treats alike are routed alike, so each field's values fall into a
/// few *pieces* (values with one truth vector over the field's atoms, and "missing"), and the
/// decision is a function of the pieces of the fields. When the pieces of all fields multiply to
/// at most `limit` combinations, the table holds one decision per combination, found by routing a
/// representative case of each with the router itself. Routing a case is then finding the piece
/// of each field the map reads (a binary search over a numeric field's cut points, the text tests
/// of a text field) and one load.
///
/// The router answers what the table does not: cases with an invalid value or a missing required
/// field, and combinations no representative was found for (text-test patterns that no candidate
/// text produces, empty intervals between adjacent numbers). Every representative is looked up
/// again before its decision is stored, so a cell holds a decision only for cases that land in it.
///
/// `@unchecked Sendable`: nothing changes after `init`, and the storage it owns is only read.
final class CaseTable: @unchecked Sendable {
    /// No decision in this cell: route the case.
    fileprivate static let unanswered = UInt16.max

    /// What `DecisionMap.route` reads for a case: plain numbers in storage this table owns.
    let lookup: Lookup
    /// For a text field's tests.
    private let program: Program
    /// The decision of every combination of pieces (an index in `lookup.decisions`).
    private let cells: [UInt16]
    /// The most cells it was allowed (a what-if's table gets the same).
    let limit: Int
    /// The number of combinations the table holds, and how many of them have a decision.
    var size: Int { cells.count }
    let answered: Int

    /// Where a case lands: the piece of each field the map reads, as one cell number. Plain
    /// numbers in storage the table owns (`deallocate`), so a lookup counts no references and
    /// checks no bounds.
    struct Pieces {
        /// One field. Unread: only checked. Numeric: its cut points are `cuts[cuts]`, sorted; a
        /// value's elementary piece is 2i + 1 when it equals cut i, else 2i with i the cuts below
        /// it. Indexed (a `one of` or boolean field): value v's elementary piece is v. Text: the
        /// truths of its atoms `atoms[atoms]` (instructions) form a pattern, its elementary piece.
        /// `pieceOf[firstPiece + e]` is elementary piece e's piece (-1: no case lands there).
        struct Slot {
            var field: Int
            var kind: Axis.Kind
            /// The last state the router's first step lets through: present for a required
            /// field, missing for an optional one.
            var allowed: UInt8
            /// The piece of a missing value (only an optional field can be missing here).
            var missing: Int32
            /// The step between the axis's pieces in the cell number.
            var stride: Int
            var cuts: Range<Int>
            var firstPiece: Int
            var elementaryPieces: Int
            var atoms: Range<Int>
        }

        /// Every field in order, text fields as unread: checking a case and finding the part of
        /// its cell that does not depend on text is one pass.
        let plain: UnsafeMutableBufferPointer<Slot>
        /// The text fields the map reads (their strides are the largest).
        let text: UnsafeMutableBufferPointer<Slot>
        let cuts: UnsafeMutableBufferPointer<Double>
        let pieceOf: UnsafeMutableBufferPointer<Int32>
        let atoms: UnsafeMutableBufferPointer<Int>

        init(plain: [Slot], text: [Slot], cuts: [Double], pieceOf: [Int32], atoms: [Int]) {
            (self.plain, self.text, self.cuts, self.pieceOf, self.atoms) = (owned(plain), owned(text), owned(cuts), owned(pieceOf), owned(atoms))
        }

        func deallocate() {
            plain.deallocate()
            text.deallocate()
            cuts.deallocate()
            pieceOf.deallocate()
            atoms.deallocate()
        }

        /// The part of `record`'s cell that `slots` make; nil for a case the router's first step
        /// stops (an invalid value, a missing required field) or a value in no piece. `program`
        /// is needed for text slots only.
        @inline(__always)
        func cell(_ record: borrowing CaseRecord, _ slots: UnsafeMutableBufferPointer<Slot>, program: Program?) -> Int? {
            var cell = 0
            for slot in slots {
                let state = record.states[slot.field]
                if state.rawValue > slot.allowed { return nil }
                if state == .missing {
                    cell &+= Int(slot.missing) &* slot.stride
                    continue
                }
                let elementary: Int
                switch slot.kind {
                case .unread:
                    continue
                case .indexed:
                    let value = record.values[slot.field]
                    guard value >= 0, value < Double(slot.elementaryPieces) else { return nil }
                    elementary = Int(value)
                case .text:
                    elementary = Self.pattern(atoms[slot.atoms], program!, record)
                case .numeric:
                    let value = record.values[slot.field]
                    var below = 0, equal = 0
                    if slot.cuts.count <= 16 {
                        // Without branches: a random value mispredicts most branches of a search.
                        for k in slot.cuts {
                            below &+= Int(unsafeBitCast(cuts[k] < value, to: UInt8.self))
                            equal |= Int(unsafeBitCast(cuts[k] == value, to: UInt8.self))
                        }
                    } else {
                        var (low, high) = (slot.cuts.lowerBound, slot.cuts.upperBound)
                        while low < high {
                            let middle = (low + high) >> 1
                            if cuts[middle] < value { low = middle + 1 } else { high = middle }
                        }
                        below = low - slot.cuts.lowerBound
                        equal = low < slot.cuts.upperBound && cuts[low] == value ? 1 : 0
                    }
                    // NaN (which binding never makes, but `values` is public) is below no cut:
                    // the router compares it, every comparison false.
                    if below == 0, equal == 0, value.isNaN { return nil }
                    elementary = 2 * below + equal
                }
                let piece = pieceOf[slot.firstPiece + elementary]
                if piece < 0 { return nil }
                cell &+= Int(piece) &* slot.stride
            }
            return cell
        }

        /// The truths of a text field's atoms for a present value, as bits.
        @inline(__always)
        static func pattern(_ atoms: some Collection<Int>, _ program: Program, _ record: borrowing CaseRecord) -> Int {
            var pattern = 0
            for (bit, atom) in atoms.enumerated() where program.evaluate(atom, record, segment: -1) == .yes {
                pattern |= 1 << bit
            }
            return pattern
        }
    }

    /// A field's pieces while the table is built: what the lookup reads, and a representative
    /// value (or text) per piece.
    struct Axis {
        enum Kind: UInt8 { case unread, numeric, indexed, text }

        var field: Int
        var kind = Kind.numeric
        var cuts: [Double] = []
        var pieceOf: [Int32] = []
        var atoms: [Int] = []
        var values: [Double] = []
        var texts: [[UInt8]] = []
        var missing: Int32 = -1
        var count: Int { max(values.count, texts.count) + (missing >= 0 ? 1 : 0) }
    }

    /// Nil when the map reads text in ways the table cannot split (more than eight text tests
    /// on one field), or has so many atoms and cut points that finding the pieces costs more
    /// than some two million evaluations, or its pieces multiply past `limit`, or it makes more
    /// than 65,534 distinct decisions.
    init?(router: Router, below: [Double], limit: Int) {
        self.limit = limit
        let model = router.model
        let program = router.program
        let fieldCount = model.fields.count

        // The atoms on each field.
        var atomsOf = [[Int]](repeating: [], count: fieldCount)
        var cutsOf = [Set<Double>](repeating: [], count: fieldCount)
        for (index, instruction) in program.instructions.enumerated() {
            let f = Int(instruction.field)
            switch instruction.op {
            case .constant, .and, .or, .not, .call, .segment:
                continue
            case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
                cutsOf[f].insert(instruction.value)
            case .oneOf, .boolean, .textIn, .textContains, .missing:
                break
            }
            atomsOf[f].append(index)
        }
        // The confidence thresholds in force are atoms too: `confidence < below`.
        var thresholds: [Double] = []
        if let confidence = model.confidenceField {
            thresholds = Array(Set(below.filter { !$0.isNaN })).sorted()
            cutsOf[confidence].formUnion(thresholds)
        }

        var scratch = CaseRecord(fieldCount: fieldCount)
        for f in 0..<fieldCount { scratch.states[f] = .present }
        var axes: [Axis] = []
        // Finding the pieces evaluates every atom on a field once per elementary piece: a map
        // with thousands of rules on one number would spend longer on that than a table saves.
        var work = 0
        for f in 0..<fieldCount where !atomsOf[f].isEmpty || (f == model.confidenceField && !thresholds.isEmpty) {
            var axis = Axis(field: f, atoms: atomsOf[f])
            let elementary = switch model.fields[f].type {
            case .enumeration(let values): values.count
            case .boolean: 2
            case .text: 1 << min(axis.atoms.count, 9)
            case .number, .integer: 2 * cutsOf[f].count + 1
            }
            work += elementary * (axis.atoms.count + thresholds.count)
            guard work <= 1 << 21 else { return nil }
            // Values with one truth vector over the field's atoms form one piece.
            var pieceOfSignature: [[UInt8]: Int32] = [:]
            func signature(_ record: borrowing CaseRecord) -> [UInt8] {
                axis.atoms.map { program.evaluate($0, record, segment: -1).rawValue }
                    + (f == model.confidenceField ? thresholds.map { record.values[f] < $0 ? 1 : 0 } : [])
            }
            func addPiece(_ value: Double) {
                scratch.values[f] = value
                let s = signature(scratch)
                if let piece = pieceOfSignature[s] {
                    axis.pieceOf.append(piece)
                } else {
                    pieceOfSignature[s] = Int32(axis.values.count)
                    axis.pieceOf.append(Int32(axis.values.count))
                    axis.values.append(value)
                }
            }
            switch model.fields[f].type {
            case .enumeration(let values):
                axis.kind = .indexed
                for v in values.indices { addPiece(Double(v)) }
            case .boolean:
                axis.kind = .indexed
                addPiece(0)
                addPiece(1)
            case .text:
                guard axis.atoms.count <= 8 else { return nil }
                axis.kind = .text
                axis.pieceOf = Array(repeating: -1, count: 1 << axis.atoms.count)
                for candidate in Self.candidateTexts(axis.atoms, program) {
                    candidate.withUnsafeBufferPointer { scratch.setText(f, $0) }
                    let pattern = Pieces.pattern(axis.atoms, program, scratch)
                    guard axis.pieceOf[pattern] < 0 else { continue }
                    axis.pieceOf[pattern] = Int32(axis.texts.count)
                    axis.texts.append(candidate)
                }
            case .number, .integer:
                axis.cuts = cutsOf[f].sorted()
                for e in 0...(2 * axis.cuts.count) {
                    if let value = Self.representative(e, axis.cuts) { addPiece(value) } else { axis.pieceOf.append(-1) }
                }
            }
            if model.fields[f].optional { axis.missing = Int32(max(axis.values.count, axis.texts.count)) }
            axes.append(axis)
        }
        axes = axes.filter { $0.kind != .text } + axes.filter { $0.kind == .text }
        let firstText = axes.firstIndex { $0.kind == .text } ?? axes.count

        var size = 1
        var strides: [Int] = []
        for axis in axes {
            strides.append(size)
            guard size.multipliedReportingOverflow(by: axis.count).overflow == false, size * axis.count <= limit else { return nil }
            size *= axis.count
        }
        // Every field gets a slot in `plain` (text fields and fields the map does not read as
        // unread); the text axes get theirs in `text`.
        var plain = model.fields.indices.map { f in
            Pieces.Slot(field: f, kind: .unread, allowed: model.fields[f].optional ? CaseRecord.State.missing.rawValue : CaseRecord.State.present.rawValue,
                        missing: 0, stride: 0, cuts: 0..<0, firstPiece: 0, elementaryPieces: 0, atoms: 0..<0)
        }
        var text: [Pieces.Slot] = []
        var cutCount = 0, pieceCount = 0, atomCount = 0
        for (axis, stride) in zip(axes, strides) {
            let (cuts, atoms) = (axis.cuts.count, axis.kind == .text ? axis.atoms.count : 0)
            let slot = Pieces.Slot(field: axis.field, kind: axis.kind, allowed: plain[axis.field].allowed, missing: axis.missing,
                                   stride: stride, cuts: cutCount..<cutCount + cuts, firstPiece: pieceCount,
                                   elementaryPieces: axis.pieceOf.count, atoms: atomCount..<atomCount + atoms)
            if axis.kind == .text { text.append(slot) } else { plain[axis.field] = slot }
            (cutCount, pieceCount, atomCount) = (cutCount + cuts, pieceCount + axis.pieceOf.count, atomCount + atoms)
        }
        let pieces = Pieces(plain: plain, text: text, cuts: axes.flatMap(\.cuts), pieceOf: axes.flatMap(\.pieceOf),
                            atoms: axes.flatMap { $0.kind == .text ? $0.atoms : [] })

        // Route a representative of every combination.
        var cells = [UInt16](repeating: Self.unanswered, count: size)
        var decisions: [Decision] = []
        var decisionIndex: [Decision: UInt16] = [:]
        var answered = 0
        for cell in 0..<size {
            var rest = cell
            for axis in axes {
                let piece = rest % axis.count
                rest /= axis.count
                if piece == axis.missing {
                    scratch.states[axis.field] = .missing
                } else {
                    scratch.states[axis.field] = .present
                    if axis.kind == .text {
                        axis.texts[piece].withUnsafeBufferPointer { scratch.setText(axis.field, $0) }
                    } else {
                        scratch.values[axis.field] = axis.values[piece]
                    }
                }
            }
            guard let plain = pieces.cell(scratch, pieces.plain, program: nil), let text = pieces.cell(scratch, pieces.text, program: program),
                  plain + text == cell else { continue }
            var trace = NoTrace()
            let decision = router.route(scratch, below: below, &trace)
            let index: UInt16
            if let known = decisionIndex[decision] {
                index = known
            } else {
                guard decisions.count < Int(Self.unanswered) else {
                    pieces.deallocate()
                    return nil
                }
                index = UInt16(decisions.count)
                decisionIndex[decision] = index
                decisions.append(decision)
            }
            cells[cell] = index
            answered += 1
        }
        // A text axis's stride is the number of combinations of the axes before it.
        let plainSize = firstText < axes.count ? strides[firstText] : size
        let plainCells = (0..<plainSize).map { plain in
            let first = cells[plain]
            return stride(from: plain, to: size, by: plainSize).allSatisfy { cells[$0] == first } ? first : Self.unanswered
        }
        lookup = Lookup(pieces: pieces, plainCells: owned(plainCells), decisions: owned(decisions))
        self.program = program
        self.cells = cells
        self.answered = answered
    }

    deinit {
        lookup.pieces.deallocate()
        lookup.plainCells.deallocate()
        lookup.decisions.deallocate()
    }

    /// The part of the table `DecisionMap.route` reads for every case. All of it plain numbers,
    /// so reading it counts no references (the table it belongs to must outlive it).
    struct Lookup: @unchecked Sendable {
        let pieces: Pieces
        /// Per combination of the pieces of the fields that are not text (the text axes come
        /// last), its decision when every text piece gives the same one: most cases need no text
        /// test.
        let plainCells: UnsafeMutableBufferPointer<UInt16>
        let decisions: UnsafeMutableBufferPointer<Decision>

        enum Found {
            case decision(Decision)
            /// The decision depends on text: `CaseTable.decision(_:plain:)` reads it.
            case text(plain: Int)
            /// The router must answer.
            case router
        }

        @inline(__always)
        func find(_ record: borrowing CaseRecord) -> Found {
            guard let plain = pieces.cell(record, pieces.plain, program: nil) else { return .router }
            let index = plainCells[plain]
            return index == CaseTable.unanswered ? .text(plain: plain) : .decision(decisions[Int(index)])
        }
    }

    /// The decision for `record` whose plain cell is `plain` but whose decision depends on text;
    /// nil when the router must answer.
    func decision(_ record: borrowing CaseRecord, plain: Int) -> Decision? {
        guard let text = lookup.pieces.cell(record, lookup.pieces.text, program: program) else { return nil }
        let index = cells[plain + text]
        return index == Self.unanswered ? nil : lookup.decisions[Int(index)]
    }

    /// Texts to find the patterns of a field's text tests with: the empty text, each literal,
    /// and every combination of the `contains` literals.
    private static func candidateTexts(_ atoms: [Int], _ program: Program) -> [[UInt8]] {
        var literals: [[UInt8]] = [], contained: [[UInt8]] = []
        for atom in atoms {
            let instruction = program.instructions[atom]
            switch instruction.op {
            case .textIn: literals += program.stringBytes[Int(instruction.a)..<Int(instruction.a + instruction.b)]
            case .textContains: contained.append(program.stringBytes[Int(instruction.a)])
            default: break
            }
        }
        var candidates: [[UInt8]] = [[]] + literals + contained
        for subset in 1..<(1 << contained.count) where subset & (subset - 1) != 0 {
            candidates.append(Array(contained.indices.filter { subset & (1 << $0) != 0 }
                .map { contained[$0] }.joined(separator: [UInt8(ascii: " ")])))
        }
        return candidates
    }

    /// A value in elementary piece `e` of `cuts`: the cut itself for an odd `e`, else a value
    /// strictly between its neighbours; nil when there is none (adjacent doubles).
    private static func representative(_ e: Int, _ cuts: [Double]) -> Double? {
        let i = e / 2
        if e % 2 == 1 { return cuts[i] }
        if cuts.isEmpty { return 0 }
        if i == 0 { return cuts[0].nextDown }
        if i == cuts.count { return cuts[i - 1].nextUp }
        let (low, high) = (cuts[i - 1], cuts[i])
        let middle = low / 2 + high / 2
        return middle > low && middle < high ? middle : (low.nextUp < high ? low.nextUp : nil)
    }
}
