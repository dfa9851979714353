import DecisionMap

/// A condition on one line, as the map writes it: the syntax tree printed back with single
/// spaces, so a wrapped condition reads the same as an unwrapped one. Numbers keep their spelling
/// (`10_000`), strings their quotes.
func conditionText(_ condition: Condition) -> String {
    switch condition.kind {
    case .and(let operands): operands.map(conditionText).joined(separator: " and ")
    case .or(let operands): operands.map(conditionText).joined(separator: " or ")
    case .not(let operand): "not " + conditionText(operand)
    case .group(let inner): "(" + conditionText(inner) + ")"
    case .compare(let field, let op, let value): "\(field.text) \(op.rawValue) \(literal(value))"
    case .is(let field, let negated, let value): "\(field.text) is \(negated ? "not " : "")\(literal(value))"
    case .missing(let field, let negated): "\(field.text) is \(negated ? "present" : "missing")"
    case .in(let field, let negated, let values):
        "\(field.text) \(negated ? "not " : "")in (\(values.map(literal).joined(separator: ", ")))"
    case .between(let field, let negated, let low, let high):
        "\(field.text) \(negated ? "not " : "")between \(literal(low)) and \(literal(high))"
    case .contains(let field, let value): "\(field.text) contains \(literal(value))"
    case .reference(let name): name.text
    case .segment(let negated, let names, let list):
        list ? "segment \(negated ? "not " : "")in (\(names.map(\.text).joined(separator: ", ")))"
            : "segment is \(negated ? "not " : "")\(names.map(\.text).joined(separator: ", "))"
    }
}

private func literal(_ literal: Literal) -> String {
    switch literal.value {
    case .number(let value): literal.spelling ?? number(value)
    case .word(let word): word
    case .string(let text): "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    case .bool(let value): value ? "true" : "false"
    }
}
