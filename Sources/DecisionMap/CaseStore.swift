/// Many bound cases in flat storage, loaded one at a time into a reused `CaseRecord`: how
/// `dmap bench route` cycles through its cases without copying a record (and counting references
/// to its arrays) per case, as the simulator binds each case into one record.
package struct CaseStore: Sendable {
    private let fieldCount: Int
    private var values: [Double] = []
    private var states: [CaseRecord.State] = []
    /// The text of case `c`'s field `f` is `text[textStart[c * fieldCount + f]..<textStart[… + 1]]`.
    private var text: [UInt8] = []
    private var textStart: [Int] = [0]
    /// The fields that hold text in some case.
    private var textFields: [Int] = []
    private var problems: [[Int: String]] = []
    private var withProblems = Set<Int>()

    package init(fieldCount: Int) { self.fieldCount = fieldCount }

    package var count: Int { problems.count }

    package mutating func append(_ record: borrowing CaseRecord) {
        values += record.values
        states += record.states
        for f in 0..<fieldCount {
            text += record.textBytes[f]
            textStart.append(text.count)
            if !record.textBytes[f].isEmpty, !textFields.contains(f) { textFields.append(f) }
        }
        problems.append(record.problems)
        if !record.problems.isEmpty { withProblems.insert(count - 1) }
    }

    /// Makes `record` case `c`: no allocation once the record's text storage has grown to fit.
    @inline(__always)
    package func load(_ c: Int, into record: inout CaseRecord) {
        let base = c * fieldCount
        values.withUnsafeBufferPointer { values in
            record.values.withUnsafeMutableBufferPointer { record in
                for f in 0..<fieldCount { record[f] = values[base + f] }
            }
        }
        states.withUnsafeBufferPointer { states in
            record.states.withUnsafeMutableBufferPointer { record in
                for f in 0..<fieldCount { record[f] = states[base + f] }
            }
        }
        text.withUnsafeBufferPointer { text in
            for f in textFields {
                record.setText(f, UnsafeBufferPointer(rebasing: text[textStart[base + f]..<textStart[base + f + 1]]))
            }
        }
        if withProblems.contains(c) || !record.problems.isEmpty { record.problems = problems[c] }
    }
}
