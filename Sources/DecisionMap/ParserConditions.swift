/// Conditions (`or`, `and`, `not`, comparisons, `in`, `between`, segment tests) and the pieces every
/// item is made of: literals, durations, names and the end of an item.
extension MapParser {
    mutating func parseCondition(_ c: inout Cursor, depth: Int = 0) throws(ParseFailure) -> Condition {
        var operands = [try parseAnd(&c, depth: depth)]
        while c.acceptWord("or") != nil { operands.append(try parseAnd(&c, depth: depth)) }
        return operands.count == 1 ? operands[0]
            : Condition(.or(operands), range: operands.first!.range.union(operands.last!.range))
    }

    mutating func parseAnd(_ c: inout Cursor, depth: Int) throws(ParseFailure) -> Condition {
        var operands = [try parseUnary(&c, depth: depth)]
        while c.acceptWord("and") != nil { operands.append(try parseUnary(&c, depth: depth)) }
        return operands.count == 1 ? operands[0]
            : Condition(.and(operands), range: operands.first!.range.union(operands.last!.range))
    }

    mutating func parseUnary(_ c: inout Cursor, depth: Int) throws(ParseFailure) -> Condition {
        guard depth < Parser.maximumNesting else {
            throw failHere(c, "condition is nested more than \(Parser.maximumNesting) levels deep",
                           help: "split it into named conditions")
        }
        if let not = c.acceptWord("not") {
            let operand = try parseUnary(&c, depth: depth + 1)
            return Condition(.not(operand), range: not.range.union(operand.range))
        }
        if let open = c.accept(.leftParen) {
            let inner = try parseCondition(&c, depth: depth + 1)
            guard let close = c.accept(.rightParen) else {
                throw failHere(c, "expected `)` to close the `(`", note: .init("the `(` is here", at: open.range))
            }
            return Condition(.group(inner), range: open.range.union(close.range))
        }
        guard let first = c.peek, first.kind == .name else {
            throw failHere(c, "expected a condition such as `amount > 100` or `category is billing`")
        }
        if reservedWords.contains(first.text), first.text != "segment" {
            throw fail(first.range, "expected a condition, found the keyword `\(first.text)`")
        }
        c.advance()
        let field = Name(first.text, range: first.range)
        if first.text == "segment" { return try parseSegmentTest(&c, first) }
        guard let op = c.peek else { return Condition(.reference(field), range: field.range) }
        switch op.kind {
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
            c.advance()
            let value = try literal(&c)
            let comparison = ComparisonOperator(rawValue: op.text) ?? .equal
            return Condition(.compare(field, comparison, value), range: field.range.union(value.range))
        case .name:
            switch op.text {
            case "is":
                c.advance()
                let negated = c.acceptWord("not") != nil
                if let m = c.acceptWord("missing") ?? c.acceptWord("present") {
                    return Condition(.missing(field, negated: negated != (m.text == "present")),
                                     range: field.range.union(m.range))
                }
                let value = try literal(&c)
                return Condition(.is(field, negated: negated, value), range: field.range.union(value.range))
            case "in":
                c.advance()
                return try parseInList(&c, field, negated: false)
            case "between":
                c.advance()
                return try parseBetween(&c, field, negated: false)
            case "not":
                c.advance()
                if c.acceptWord("in") != nil { return try parseInList(&c, field, negated: true) }
                if c.acceptWord("between") != nil { return try parseBetween(&c, field, negated: true) }
                throw failHere(c, "expected `in` or `between` after `\(field.text) not`",
                               help: "to negate a test write `not (…)`, or `is not`")
            case "contains":
                c.advance()
                guard let t = c.accept(.string) else { throw failHere(c, "expected a quoted text after `contains`") }
                let value = Literal(.string(t.text), range: t.range)
                return Condition(.contains(field, value), range: field.range.union(t.range))
            default:
                return Condition(.reference(field), range: field.range)
            }
        default:
            return Condition(.reference(field), range: field.range)
        }
    }

    mutating func parseSegmentTest(_ c: inout Cursor, _ keyword: Token) throws(ParseFailure) -> Condition {
        if c.acceptWord("is") != nil {
            let negated = c.acceptWord("not") != nil
            let segment = try name(&c, "a segment name")
            return Condition(.segment(negated: negated, [segment], list: false), range: keyword.range.union(segment.range))
        }
        let negated = c.acceptWord("not") != nil
        guard c.acceptWord("in") != nil else {
            throw failHere(c, "expected `is` or `in` after `segment`", help: "write `segment is critical` or `segment in (critical, high)`")
        }
        guard c.accept(.leftParen) != nil else { throw failHere(c, "expected `(` to start a list of segments") }
        let names = try nameList(&c, "a segment name")
        guard let close = c.accept(.rightParen) else { throw failHere(c, "expected `)` to end the list") }
        return Condition(.segment(negated: negated, names, list: true), range: keyword.range.union(close.range))
    }

    mutating func parseInList(_ c: inout Cursor, _ field: Name, negated: Bool) throws(ParseFailure) -> Condition {
        guard c.accept(.leftParen) != nil else {
            throw failHere(c, "expected `(` to start a list of values", help: "write `\(field.text) in (a, b)`")
        }
        var values = [try literal(&c)]
        while c.accept(.comma) != nil { values.append(try literal(&c)) }
        guard let close = c.accept(.rightParen) else { throw failHere(c, "expected `,` or `)` in the list") }
        return Condition(.in(field, negated: negated, values), range: field.range.union(close.range))
    }

    mutating func parseBetween(_ c: inout Cursor, _ field: Name, negated: Bool) throws(ParseFailure) -> Condition {
        let low = try literal(&c)
        try word(&c, "and", "`and` in `between LOW and HIGH`")
        let high = try literal(&c)
        return Condition(.between(field, negated: negated, low, high), range: field.range.union(high.range))
    }

    // MARK: Pieces

    mutating func literal(_ c: inout Cursor) throws(ParseFailure) -> Literal {
        guard let t = c.peek else { throw failHere(c, "expected a value") }
        switch t.kind {
        case .number:
            c.advance()
            return Literal(.number(t.number), spelling: t.text, range: t.range)
        case .string:
            c.advance()
            return Literal(.string(t.text), range: t.range)
        case .name where t.text == "true" || t.text == "false":
            c.advance()
            return Literal(.bool(t.text == "true"), range: t.range)
        case .name where !reservedWords.contains(t.text):
            c.advance()
            return Literal(.word(t.text), range: t.range)
        default:
            throw failHere(c, "expected a value")
        }
    }

    mutating func enumValue(_ c: inout Cursor) throws(ParseFailure) -> Literal {
        guard let t = c.peek else { throw failHere(c, "expected a value after `one of`") }
        switch t.kind {
        case .string:
            c.advance()
            return Literal(.string(t.text), range: t.range)
        case .name where !reservedWords.contains(t.text):
            c.advance()
            return Literal(.word(t.text), range: t.range)
        case .name:
            throw fail(t.range, "`\(t.text)` is a keyword", help: "quote it: \"\(t.text)\"")
        default:
            throw failHere(c, "expected a value: a name or a quoted text")
        }
    }

    mutating func duration(_ c: inout Cursor) throws(ParseFailure) -> TimeSpan {
        let value = try number(&c, "a duration such as `30 min` or `4h`")
        guard let unitToken = c.accept(.name) else {
            throw failHere(c, "expected a time unit after \(format(value)): min, h or d", help: "write e.g. `\(format(value)) min`")
        }
        let unit: TimeSpan.Unit
        switch unitToken.text {
        case "s", "sec", "secs", "second", "seconds": unit = .seconds
        case "m", "min", "mins", "minute", "minutes": unit = .minutes
        case "h", "hr", "hrs", "hour", "hours": unit = .hours
        case "d", "day", "days": unit = .days
        default:
            throw fail(unitToken.range, "unknown time unit `\(unitToken.text)`", suggest: unitToken.text,
                       from: ["s", "min", "h", "d", "minutes", "hours", "days"],
                       otherwise: "the units are s, min, h and d")
        }
        return TimeSpan(value, unit)
    }

    mutating func number(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> Double {
        guard let t = c.accept(.number) else { throw failHere(c, "expected \(what)") }
        return t.number
    }

    mutating func string(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> String {
        guard let t = c.accept(.string) else {
            if let t = c.peek, t.kind == .name {
                throw fail(t.range, "expected \(what)", help: "put it in double quotes: \"\(t.text)\"",
                           fixIts: [.init(range: t.range, replacement: "\"\(t.text)\"")])
            }
            throw failHere(c, "expected \(what)")
        }
        return t.text
    }

    mutating func name(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> Name {
        guard let t = c.accept(.name) else { throw failHere(c, "expected \(what)") }
        return Name(t.text, range: t.range)
    }

    /// A name being declared: reserved words are refused here so they never become ambiguous later.
    mutating func declaredName(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> Name {
        let n = try name(&c, what)
        if reservedWords.contains(n.text) {
            throw fail(n.range, "`\(n.text)` is a keyword and cannot be a name", help: "choose another name, such as `\(n.text)_`")
        }
        return n
    }

    mutating func nameList(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> [Name] {
        var names = [try name(&c, what)]
        while c.accept(.comma) != nil { names.append(try name(&c, what)) }
        return names
    }

    mutating func arrowTarget(_ c: inout Cursor) throws(ParseFailure) -> Name {
        guard c.accept(.arrow) != nil else {
            throw failHere(c, "expected `->` and a route")
        }
        return try name(&c, "a route name after `->`")
    }

    mutating func word(_ c: inout Cursor, _ word: String, _ what: String) throws(ParseFailure) {
        guard c.acceptWord(word) == nil else { return }
        if let t = c.peek, t.kind == .name, Suggestions.closest(to: t.text, in: [word]) != nil {
            throw fail(t.range, "expected \(what), found `\(t.text)`", help: "did you mean `\(word)`?",
                       fixIts: [.init(range: t.range, replacement: word)])
        }
        throw failHere(c, "expected \(what)")
    }

    mutating func endOfHeader(_ c: inout Cursor) throws(ParseFailure) { try finish(&c) }

    mutating func finish(_ c: inout Cursor) throws(ParseFailure) {
        guard let t = c.peek else { return }
        throw fail(t.range, "unexpected `\(t.kind == .string ? "\"" + t.text + "\"" : t.text)` at the end of the line")
    }
}
