/// Conditions compiled to a flat array of instructions, evaluated with three-valued logic. Built
/// once per map; evaluation reads only numbers, states and bit masks.

/// Three-valued truth: false, true, or unknown (a needed field is missing).
@usableFromInline
enum Truth: UInt8 {
    case no = 0, yes = 1, unknown = 2
}

struct Instruction {
    enum Op: UInt8 {
        case constant, and, or, not
        case less, lessOrEqual, greater, greaterOrEqual, equal, notEqual
        case oneOf, boolean, textIn, textContains, missing, segment, call

        /// A comparison, `one of` or boolean test: what `Program.test` evaluates (`less` through
        /// `boolean`, which are declared in a row).
        var isTest: Bool { rawValue >= Op.less.rawValue && rawValue <= Op.boolean.rawValue }
    }

    var op: Op
    var field: Int32 = 0
    /// `and`/`or`: first operand in `Program.operands`; `not`: the operand; `call`: the condition
    /// root; `textIn`/`textContains`: index in `Program.strings`; `oneOf`/`segment`: index in
    /// `Program.sets` when the set does not fit in `mask`; `constant`: 0 or 1.
    var a: Int32 = 0
    /// `and`/`or`: operand count; `textIn`: string count; `oneOf`/`segment`: 1 if `mask` is used.
    var b: Int32 = 0
    var value: Double = 0
    var mask: UInt64 = 0
}

struct Program: Sendable {
    private(set) var instructions: [Instruction] = []
    private(set) var operands: [Int32] = []
    private(set) var sets: [IndexSet64] = []
    private(set) var strings: [String] = []
    /// `strings` as UTF-8, to compare with a case's text bytes.
    private(set) var stringBytes: [[UInt8]] = []
    /// Root instruction of each named condition.
    private(set) var conditionRoots: [Int32] = []

    init() {}

    init(conditions: [NamedCondition]) {
        // Named conditions are compiled in dependency order; the checker guarantees no cycles.
        conditionRoots = Array(repeating: -1, count: conditions.count)
        for i in conditions.indices { compileCondition(i, conditions) }
    }

    private mutating func compileCondition(_ i: Int, _ conditions: [NamedCondition]) {
        guard conditionRoots[i] < 0 else { return }
        for dependency in Program.conditionsUsed(by: conditions[i].predicate) { compileCondition(dependency, conditions) }
        conditionRoots[i] = Int32(compile(conditions[i].predicate))
    }

    static func conditionsUsed(by p: Predicate) -> [Int] {
        switch p {
        case .condition(let i): [i]
        case .and(let ps), .or(let ps): ps.flatMap(conditionsUsed)
        case .not(let inner): conditionsUsed(by: inner)
        default: []
        }
    }

    /// Compiles a predicate and returns its root instruction.
    mutating func compile(_ p: Predicate) -> Int {
        var instruction: Instruction
        switch p {
        case .constant(let b):
            instruction = Instruction(op: .constant, a: b ? 1 : 0)
        case .and(let ps), .or(let ps):
            let children = ps.map { Int32(compile($0)) }
            instruction = Instruction(op: { if case .and = p { return .and } else { return .or } }(),
                                      a: Int32(operands.count), b: Int32(children.count))
            operands += children
        case .not(let inner):
            instruction = Instruction(op: .not, a: Int32(compile(inner)))
        case .compare(let field, let op, let value):
            let code: Instruction.Op = switch op {
            case .less: .less
            case .lessOrEqual: .lessOrEqual
            case .greater: .greater
            case .greaterOrEqual: .greaterOrEqual
            case .equal: .equal
            case .notEqual: .notEqual
            }
            instruction = Instruction(op: code, field: Int32(field), value: value)
        case .oneOf(let field, let set):
            instruction = Instruction(op: .oneOf, field: Int32(field))
            store(set, in: &instruction)
        case .segment(let set):
            instruction = Instruction(op: .segment)
            store(set, in: &instruction)
        case .boolean(let field, let b):
            instruction = Instruction(op: .boolean, field: Int32(field), value: b ? 1 : 0)
        case .textIn(let field, let values):
            instruction = Instruction(op: .textIn, field: Int32(field), a: Int32(strings.count), b: Int32(values.count))
            strings += values
            stringBytes += values.map { Array($0.utf8) }
        case .textContains(let field, let text):
            // `contains` ignores case: people write "refund" and mean "Refund" too.
            instruction = Instruction(op: .textContains, field: Int32(field), a: Int32(strings.count))
            strings.append(text.lowercased())
            stringBytes.append(Array(text.lowercased().utf8))
        case .missing(let field):
            instruction = Instruction(op: .missing, field: Int32(field))
        case .condition(let i):
            instruction = Instruction(op: .call, a: conditionRoots[i])
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    private mutating func store(_ set: IndexSet64, in instruction: inout Instruction) {
        if set.words.count == 1 {
            instruction.mask = set.words[0]
            instruction.b = 1
        } else {
            instruction.a = Int32(sets.count)
            sets.append(set)
        }
    }

    /// Evaluates the instruction at `index` for a case in `segment` (-1 while the segment is not
    /// yet known). Fields must be present or missing; invalid cases never get here.
    func evaluate(_ index: Int, _ record: borrowing CaseRecord, segment: Int) -> Truth {
        let instruction = instructions[index]
        switch instruction.op {
        case .constant:
            return instruction.a == 1 ? .yes : .no
        case .and:
            var result = Truth.yes
            for k in Int(instruction.a)..<Int(instruction.a + instruction.b) {
                switch operand(k, record, segment: segment) {
                case .no: return .no
                case .unknown: result = .unknown
                case .yes: break
                }
            }
            return result
        case .or:
            var result = Truth.no
            for k in Int(instruction.a)..<Int(instruction.a + instruction.b) {
                switch operand(k, record, segment: segment) {
                case .yes: return .yes
                case .unknown: result = .unknown
                case .no: break
                }
            }
            return result
        case .not:
            switch evaluate(Int(instruction.a), record, segment: segment) {
            case .yes: return .no
            case .no: return .yes
            case .unknown: return .unknown
            }
        case .call:
            return evaluate(Int(instruction.a), record, segment: segment)
        case .missing:
            return record.states[Int(instruction.field)] == .missing ? .yes : .no
        case .segment:
            guard segment >= 0 else { return .unknown }
            return contains(instruction, segment) ? .yes : .no
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual, .oneOf, .boolean:
            return test(instruction, record)
        default:
            let field = Int(instruction.field)
            guard record.states[field] == .present else { return .unknown }
            let holds: Bool
            switch instruction.op {
            case .textIn:
                holds = record.withText(field) { text in
                    let range = Int(instruction.a)..<Int(instruction.a + instruction.b)
                    // Text beyond ASCII is compared as strings are (canonically equivalent forms are equal).
                    if text.contains(where: { $0 >= 0x80 }) { return strings[range].contains(String(decoding: text, as: UTF8.self)) }
                    return stringBytes[range].contains { literal in
                        literal.count == text.count && literal.withUnsafeBufferPointer { $0.elementsEqual(text) }
                    }
                }
            case .textContains:
                holds = record.withText(field) { Self.contains($0, lowercased: strings[Int(instruction.a)]) }
            default: holds = false
            }
            return holds ? .yes : .no
        }
    }

    /// Operand `k` of an `and` or `or`: a comparison, `one of` or boolean test is evaluated in
    /// place, which saves a call per test of the conjunctions large tables are made of.
    @inline(__always)
    private func operand(_ k: Int, _ record: borrowing CaseRecord, segment: Int) -> Truth {
        let index = Int(operands[k])
        let instruction = instructions[index]
        return instruction.op.isTest ? test(instruction, record) : evaluate(index, record, segment: segment)
    }

    /// A comparison, `one of` or boolean test (`Instruction.Op.isTest`).
    @inline(__always)
    private func test(_ instruction: Instruction, _ record: borrowing CaseRecord) -> Truth {
        let field = Int(instruction.field)
        guard record.states[field] == .present else { return .unknown }
        let v = record.values[field]
        let holds: Bool
        switch instruction.op {
        case .less: holds = v < instruction.value
        case .lessOrEqual: holds = v <= instruction.value
        case .greater: holds = v > instruction.value
        case .greaterOrEqual: holds = v >= instruction.value
        case .equal, .boolean: holds = v == instruction.value
        case .notEqual: holds = v != instruction.value
        case .oneOf: holds = contains(instruction, Int(v))
        default: holds = false
        }
        return holds ? .yes : .no
    }

    /// Whether a text, lowercased, contains `needle` (given lowercased). ASCII text is searched
    /// byte by byte without making a lowercased copy; anything else (and a carriage return, which
    /// joins a line feed into one character) takes the copy.
    static func contains(_ hay: UnsafeBufferPointer<UInt8>, lowercased needle: String) -> Bool {
        let fast = needle.utf8.withContiguousStorageIfAvailable { n -> Bool? in
            for b in hay where b >= 0x80 || b == 0x0D { return nil }
            for b in n where b >= 0x80 || b == 0x0D { return nil }
            if n.isEmpty { return true }
            if n.count > hay.count { return false }
            let first = n[0]
            var i = 0
            while i + n.count <= hay.count {
                let b = hay[i]
                if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) == first {
                    var j = 1
                    while j < n.count {
                        let c = hay[i + j]
                        if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != n[j] { break }
                        j += 1
                    }
                    if j == n.count { return true }
                }
                i += 1
            }
            return false
        } ?? nil
        return fast ?? String(decoding: hay, as: UTF8.self).lowercased().contains(needle)
    }

    @inline(__always)
    private func contains(_ instruction: Instruction, _ i: Int) -> Bool {
        if instruction.b == 1 { return i >= 0 && i < 64 && instruction.mask & (1 << UInt64(i)) != 0 }
        return sets[Int(instruction.a)].contains(i)
    }
}

/// The fields a predicate reads, through named conditions too, in input order: the fields whose
/// missing-data policy the router consults when the predicate is unknown. Shared with the linter,
/// which must choose the same field.
package func fieldsRead(by p: Predicate, conditions: [NamedCondition]) -> [Int] {
    var result = Set<Int>()
    var stack = [p]
    var seenConditions = Set<Int>()
    while let p = stack.popLast() {
        switch p {
        case .constant, .segment: break
        case .and(let ps), .or(let ps): stack += ps
        case .not(let inner): stack.append(inner)
        case .compare(let f, _, _), .oneOf(let f, _), .boolean(let f, _), .textIn(let f, _),
             .textContains(let f, _), .missing(let f):
            result.insert(f)
        case .condition(let i):
            if seenConditions.insert(i).inserted { stack.append(conditions[i].predicate) }
        }
    }
    return result.sorted()
}
