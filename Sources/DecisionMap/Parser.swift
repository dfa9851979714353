/// Builds a `MapSyntax` from source text. Never stops at the first error: a bad item is reported
/// and skipped, and parsing resumes at the next item or section, so one run reports every error.
public enum Parser {
    /// The deepest nesting of parentheses and `not` a condition may have.
    static let maximumNesting = 64
    /// After this many errors the rest are summarised, so a garbage file stays readable and cheap.
    static let maximumErrors = 200

    /// Parses a map. The syntax tree is as complete as the errors allow.
    public static func parse(_ source: SourceFile) -> (syntax: MapSyntax, diagnostics: [Diagnostic]) {
        let result = parseRecovering(source)
        return (result.syntax, result.diagnostics)
    }

    /// Parses a map and also returns the names declared by items that failed to parse, so the
    /// checker does not report references to them as undefined.
    static func parseRecovering(_ source: SourceFile) -> (syntax: MapSyntax, diagnostics: [Diagnostic], recovered: Set<String>) {
        let lexer = Lexer(source)
        var parser = MapParser(lines: lexer.lines, endOfFile: source.bytes.count)
        parser.syntax.comments = lexer.comments
        parser.diagnostics = lexer.diagnostics
        if lexer.lines.isEmpty && lexer.diagnostics.isEmpty {
            parser.diagnostics.append(Diagnostic(
                "empty-map", .error, "map is empty", at: SourceRange(start: 0, end: 0),
                help: "a map starts with a header such as `map \"Customer case triage\"`"))
        } else {
            parser.parseFile()
        }
        // An unterminated string swallows the rest of its line, so other syntax errors on that
        // line are consequences; show only the cause.
        let brokenLines = Set(lexer.diagnostics.filter { $0.id == "unterminated-string" }.map { source.line(of: $0.range.start) })
        var diagnostics = parser.diagnostics.filter {
            $0.id != "syntax" || !brokenLines.contains(source.line(of: $0.range.start))
        }.sorted { $0.range.start < $1.range.start }
        if diagnostics.count > maximumErrors {
            let hidden = diagnostics.count - maximumErrors
            diagnostics = Array(diagnostics.prefix(maximumErrors))
            diagnostics.append(Diagnostic(
                "too-many-errors", .error, "\(hidden) more errors not shown",
                at: diagnostics.last!.range))
        }
        return (parser.syntax, diagnostics, parser.recoveredNames)
    }
}

/// An item that could not be parsed; the diagnostic is already recorded.
struct ParseFailure: Error {}

/// The tokens of one item (a line plus its continuation lines).
struct Item {
    var tokens: [Token]
    var doc: String?
    var range: SourceRange
}

let reservedWords: Set<String> = [
    "and", "or", "not", "is", "in", "between", "missing", "present", "true", "false",
    "otherwise", "when", "segment", "contains",
]

let sectionKeywords = [
    "map", "owners", "inputs", "conditions", "segments", "routes", "escalate", "inconsistent",
    "uncertainty", "missing", "invalid", "decide", "fallback",
]

struct MapParser {
    let lines: [LexedLine]
    let endOfFile: Int
    var syntax = MapSyntax()
    var diagnostics: [Diagnostic] = []
    /// Names declared by items that failed to parse.
    var recoveredNames: Set<String> = []

    init(lines: [LexedLine], endOfFile: Int) {
        self.lines = lines
        self.endOfFile = endOfFile
    }

    mutating func parseFile() {
        var index = 0
        while index < lines.count {
            let header = lines[index]
            index += 1
            var items: [Item] = []
            var itemIndent: Int?
            while index < lines.count, lines[index].indent > 0 {
                let line = lines[index]
                index += 1
                if let indent = itemIndent, line.indent > indent, !items.isEmpty {
                    items[items.count - 1].tokens += line.tokens
                    items[items.count - 1].range = items[items.count - 1].range.union(line.range)
                    continue
                }
                itemIndent = line.indent
                items.append(Item(tokens: line.tokens, doc: line.doc, range: line.range))
            }
            if header.indent > 0 {
                diagnostics.append(Diagnostic(
                    "syntax", .error, "expected a section such as `inputs` or `routes` before this indented line",
                    at: header.range, help: "section headers start in the first column"))
                continue
            }
            parseSection(Item(tokens: header.tokens, doc: header.doc, range: header.range), items)
        }
        if syntax.header == nil, let first = lines.first {
            diagnostics.append(Diagnostic(
                "missing-header", .error, "map has no `map` header",
                at: SourceRange(start: first.range.start, end: first.range.start),
                help: "start the file with `map \"Title\"`"))
        }
    }

    private mutating func parseSection(_ header: Item, _ items: [Item]) {
        var cursor = Cursor(header.tokens, end: header.range.end)
        let keyword = cursor.peek!
        var section = keyword.text
        if keyword.kind != .name || !sectionKeywords.contains(keyword.text) {
            guard keyword.kind == .name, let guess = Suggestions.closest(to: keyword.text, in: sectionKeywords) else {
                diagnostics.append(Diagnostic("unknown-section", .error, "unknown section `\(keyword.text)`", at: keyword.range,
                                              help: "sections are: " + sectionKeywords.map { "`\($0)`" }.joined(separator: ", ")))
                return
            }
            // A misspelt header is still read as the section it was meant to be, so its items are
            // declared and one typo gives one error, not one per later use of what it declares.
            diagnostics.append(Diagnostic("unknown-section", .error, "unknown section `\(keyword.text)`", at: keyword.range,
                                          help: "did you mean `\(guess)`?", fixIts: [.init(range: keyword.range, replacement: guess)]))
            section = guess
        }
        cursor.advance()
        do {
            switch section {
            case "map": try parseMap(&cursor, header, items)
            case "owners": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseOwner(&c, item) }
            case "inputs": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseInput(&c, item) }
            case "conditions": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseNamedCondition(&c, item) }
            case "segments": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseSegment(&c, item) }
            case "routes": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseRoute(&c, item) }
            case "escalate": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseEscalation(&c, item) }
            case "inconsistent": try endOfHeader(&cursor); each(items) { p, c, item throws(ParseFailure) in try p.parseInconsistency(&c, item) }
            case "uncertainty": try parseUncertainty(&cursor, header, items)
            case "missing":
                try endOfHeader(&cursor)
                each(items) { p, c, item throws(ParseFailure) in p.syntax.missing.append(try p.parsePolicy(&c, item)) }
            case "invalid":
                try endOfHeader(&cursor)
                each(items) { p, c, item throws(ParseFailure) in p.syntax.invalid.append(try p.parsePolicy(&c, item)) }
            case "decide": try parseTable(&cursor, header, items)
            case "fallback": try parseFallback(&cursor, header, items)
            default: break
            }
        } catch {
            // The header was malformed and already reported; its items are skipped with it.
            if header.tokens.count > 1, header.tokens[1].kind == .name { recoveredNames.insert(header.tokens[1].text) }
        }
    }

    /// Parses each item with `body`; a failing item is skipped, the rest continue.
    private mutating func each(_ items: [Item], _ body: (inout MapParser, inout Cursor, Item) throws(ParseFailure) -> Void) {
        for item in items {
            var cursor = Cursor(item.tokens, end: item.range.end)
            do {
                try body(&self, &cursor, item)
                try finish(&cursor)
            } catch {
                if let first = item.tokens.first, first.kind == .name { recoveredNames.insert(first.text) }
            }
        }
    }

    // MARK: Sections

    private mutating func parseMap(_ c: inout Cursor, _ header: Item, _ items: [Item]) throws(ParseFailure) {
        let title = try string(&c, "the map's title, in quotes")
        try finish(&c)
        if let existing = syntax.header {
            diagnostics.append(Diagnostic(
                "duplicate-section", .error, "a map has one `map` header", at: header.range,
                notes: [.init("the first header is here", at: existing.range)]))
            return
        }
        var map = MapHeader(title: title, doc: header.doc, range: header.range)
        each(items) { p, c, item throws(ParseFailure) in
            let key = try p.name(&c, "`version`, `description`, `currency` or `ids`")
            switch key.text {
            case "version": map.version = try p.string(&c, "a version in quotes")
            case "description": map.description = try p.string(&c, "a description in quotes")
            case "currency": map.currency = try p.string(&c, "a currency in quotes, such as \"EUR\"")
            case "ids": map.ids = try p.string(&c, "the case-file column of case ids, in quotes, such as \"TicketID\"")
            default:
                throw p.fail(key.range, "unknown header entry `\(key.text)`",
                             suggest: key.text, from: ["version", "description", "currency", "ids"])
            }
        }
        syntax.header = map
    }

    private mutating func parseOwner(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
        let key = try name(&c, "an ownership question: decisions, risk, review, quality or roles")
        guard let question = OwnershipQuestion(rawValue: key.text) else {
            throw fail(key.range, "unknown ownership question `\(key.text)`",
                       suggest: key.text, from: OwnershipQuestion.allCases.map(\.rawValue),
                       otherwise: "the questions are decisions, risk, review, quality and roles")
        }
        let role = try string(&c, "the role that answers it, in quotes")
        if let earlier = syntax.owners.first(where: { $0.question == question }) {
            diagnostics.append(Diagnostic(
                "duplicate-name", .error, "ownership question `\(key.text)` is answered twice",
                at: item.range, notes: [.init("first answered here", at: earlier.range)]))
            return
        }
        syntax.owners.append(OwnerDecl(question, role, range: item.range))
    }

    private mutating func parseInput(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
        let fieldName = try declaredName(&c, "a field name")
        let typeWord = try name(&c, "a type: `one of …`, `number`, `integer`, `boolean` or `text`")
        var type: InputType
        switch typeWord.text {
        case "one":
            try word(&c, "of", "`of` after `one`")
            var values = [try enumValue(&c)]
            while c.accept(.comma) != nil { values.append(try enumValue(&c)) }
            type = .enumeration(values)
        case "number", "integer":
            var low: Double?
            var high: Double?
            if c.peek?.kind == .number || c.peek?.kind == .dotDot {
                if let t = c.accept(.number) { low = t.number }
                guard c.accept(.dotDot) != nil else {
                    throw failHere(c, "expected `..` in a range such as `0..100`")
                }
                if let t = c.accept(.number) { high = t.number }
            }
            type = typeWord.text == "number" ? .number(low: low, high: high) : .integer(low: low, high: high)
        case "boolean": type = .boolean
        case "text": type = .text
        default:
            throw fail(typeWord.range, "unknown type `\(typeWord.text)`", suggest: typeWord.text,
                       from: ["number", "integer", "boolean", "text"],
                       otherwise: "the types are `one of …`, `number`, `integer`, `boolean` and `text`")
        }
        var input = InputDecl(fieldName, type, doc: item.doc, range: item.range)
        while let modifier = c.peek {
            guard modifier.kind == .name else { throw failHere(c, "expected a modifier: optional, from model, column \"…\" or unit \"…\"") }
            c.advance()
            switch modifier.text {
            case "optional": input.optional = true
            case "from":
                try word(&c, "model", "`model` after `from`")
                input.fromModel = true
            case "column": input.column = try string(&c, "the column name in quotes")
            case "unit":
                if let t = c.accept(.string) ?? c.accept(.name) { input.unit = t.text } else {
                    throw failHere(c, "expected a unit such as \"EUR\"")
                }
            default:
                throw fail(modifier.range, "unknown modifier `\(modifier.text)`", suggest: modifier.text,
                           from: ["optional", "from", "column", "unit"],
                           otherwise: "the modifiers are `optional`, `from model`, `column \"…\"` and `unit \"…\"`")
            }
        }
        syntax.inputs.append(input)
    }

    private mutating func parseNamedCondition(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
        let conditionName = try declaredName(&c, "a condition name")
        try word(&c, "when", "`when` and a condition")
        let condition = try parseCondition(&c)
        syntax.conditions.append(ConditionDecl(conditionName, condition, doc: item.doc, range: item.range))
    }

    private mutating func parseSegment(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
        let segmentName = try declaredName(&c, "a segment name")
        try word(&c, "risk", "`risk` and a level: low, medium, high or critical")
        let levelName = try name(&c, "a risk level: low, medium, high or critical")
        guard let level = RiskLevel(rawValue: levelName.text) else {
            throw fail(levelName.range, "unknown risk level `\(levelName.text)`", suggest: levelName.text,
                       from: RiskLevel.allCases.map(\.rawValue),
                       otherwise: "the levels are low, medium, high and critical")
        }
        var condition: Condition?
        if c.acceptWord("otherwise") == nil {
            try word(&c, "when", "`when CONDITION` or `otherwise`")
            condition = try parseCondition(&c)
        }
        syntax.segments.append(SegmentDecl(segmentName, risk: level, condition, doc: item.doc, range: item.range))
    }

    private mutating func parseRoute(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
        let routeName = try declaredName(&c, "a route name")
        let kindWord = try name(&c, "the kind of route: `automated`, `team \"…\"` or `escalation \"…\"`")
        let kind: RouteKind
        switch kindWord.text {
        case "automated": kind = .automated
        case "team": kind = .team(try string(&c, "the team or queue name in quotes"))
        case "escalation": kind = .escalation(try string(&c, "the role escalated to, in quotes"))
        default:
            throw fail(kindWord.range, "unknown kind of route `\(kindWord.text)`", suggest: kindWord.text,
                       from: ["automated", "team", "escalation"],
                       otherwise: "a route is `automated`, `team \"…\"` or `escalation \"…\"`")
        }
        var route = RouteDecl(routeName, kind, doc: item.doc, range: item.range)
        var seen: Set<String> = []
        while let attribute = c.peek {
            guard attribute.kind == .name else {
                throw failHere(c, "expected a route attribute: handle, cost, sla, capacity or owner")
            }
            c.advance()
            if !seen.insert(attribute.text).inserted {
                throw fail(attribute.range, "`\(attribute.text)` is given twice")
            }
            switch attribute.text {
            case "handle": route.handle = try duration(&c)
            case "cost": route.cost = try number(&c, "a cost per case")
            case "sla": route.sla = try duration(&c)
            case "capacity":
                route.capacity = try number(&c, "hours per week, as in `capacity 80 h/week`")
                guard let unit = c.accept(.name), ["h", "hours"].contains(unit.text), c.accept(.slash) != nil,
                      c.acceptWord("week") != nil else {
                    throw failHere(c, "expected `h/week` after the capacity", help: "write `capacity 80 h/week`")
                }
            case "owner": route.owner = try string(&c, "the owner's role in quotes")
            default:
                throw fail(attribute.range, "unknown route attribute `\(attribute.text)`", suggest: attribute.text,
                           from: ["handle", "cost", "sla", "capacity", "owner"],
                           otherwise: "the attributes are handle, cost, sla, capacity and owner")
            }
        }
        syntax.routes.append(route)
    }

    private mutating func parseEscalation(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
        try word(&c, "to", "`to ROUTE when CONDITION`")
        let target = try name(&c, "the route to escalate to")
        try word(&c, "when", "`when` and the condition that makes escalation mandatory")
        let condition = try parseCondition(&c)
        var escalation = EscalationDecl(to: target, when: condition, doc: item.doc, range: item.range)
        while let t = c.peek, t.kind == .name {
            c.advance()
            switch t.text {
            case "because": escalation.reason = try string(&c, "the reason in quotes")
            case "sla": escalation.sla = try duration(&c)
            default:
                throw fail(t.range, "expected `because \"reason\"` or `sla DURATION`, found `\(t.text)`",
                           suggest: t.text, from: ["because", "sla"])
            }
        }
        syntax.escalations.append(escalation)
    }

    private mutating func parseInconsistency(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
        try word(&c, "when", "`when CONDITION -> ROUTE`")
        let condition = try parseCondition(&c)
        let target = try arrowTarget(&c)
        var decl = InconsistencyDecl(when: condition, to: target, doc: item.doc, range: item.range)
        if c.acceptWord("because") != nil { decl.reason = try string(&c, "the reason in quotes") }
        syntax.inconsistencies.append(decl)
    }

    private mutating func parseUncertainty(_ c: inout Cursor, _ header: Item, _ items: [Item]) throws(ParseFailure) {
        var field: Name?
        if c.acceptWord("using") != nil { field = try name(&c, "the confidence field") }
        try finish(&c)
        if let existing = syntax.uncertainty {
            diagnostics.append(Diagnostic(
                "duplicate-section", .error, "a map has one `uncertainty` section", at: header.range,
                notes: [.init("the first one is here", at: existing.range)],
                help: "put every threshold in one section"))
            return
        }
        var decl = UncertaintyDecl(field: field, thresholds: [], doc: header.doc, range: header.range)
        each(items) { p, c, item throws(ParseFailure) in
            var segments: [Name] = []
            if c.acceptWord("otherwise") == nil {
                try p.word(&c, "in", "`in SEGMENT below NUMBER -> ROUTE` or `otherwise below NUMBER -> ROUTE`")
                segments = try p.nameList(&c, "a segment name")
            }
            try p.word(&c, "below", "`below` and the minimum confidence")
            guard let t = c.accept(.number) else { throw p.failHere(c, "expected a confidence threshold between 0 and 1") }
            let below = Literal(.number(t.number), spelling: t.text, range: t.range)
            let target = try p.arrowTarget(&c)
            decl.thresholds.append(ThresholdDecl(in: segments, below: below, to: target, doc: item.doc, range: item.range))
        }
        syntax.uncertainty = decl
    }

    private mutating func parsePolicy(_ c: inout Cursor, _ item: Item) throws(ParseFailure) -> PolicyDecl {
        var fields: [Name] = []
        if c.acceptWord("otherwise") == nil { fields = try nameList(&c, "a field name or `otherwise`") }
        let target = try arrowTarget(&c)
        return PolicyDecl(fields, to: target, doc: item.doc, range: item.range)
    }

    private mutating func parseTable(_ c: inout Cursor, _ header: Item, _ items: [Item]) throws(ParseFailure) {
        let tableName = try declaredName(&c, "a table name, as in `decide route (first)`")
        var policy = HitPolicy.first
        if c.accept(.leftParen) != nil {
            let p = try name(&c, "a hit policy: first, unique, priority or any")
            guard let parsed = HitPolicy(rawValue: p.text) else {
                throw fail(p.range, "unknown hit policy `\(p.text)`", suggest: p.text,
                           from: HitPolicy.allCases.map(\.rawValue),
                           otherwise: "the hit policies are first, unique, priority and any")
            }
            policy = parsed
            guard c.accept(.rightParen) != nil else { throw failHere(c, "expected `)` after the hit policy") }
        }
        var segments: [Name] = []
        if c.acceptWord("in") != nil { segments = try nameList(&c, "a segment name") }
        try finish(&c)
        var table = TableDecl(tableName, policy: policy, in: segments, rules: [], doc: header.doc, range: header.range)
        if items.isEmpty {
            diagnostics.append(Diagnostic("empty-table", .error, "decision table `\(tableName.text)` has no rules",
                                          at: header.range, help: "add rules such as `when CONDITION -> ROUTE`, indented under the header"))
        }
        each(items) { p, c, item throws(ParseFailure) in
            var condition: Condition?
            if c.acceptWord("otherwise") == nil {
                try p.word(&c, "when", "`when CONDITION -> ROUTE` or `otherwise -> ROUTE`")
                condition = try p.parseCondition(&c)
            }
            let target = try p.arrowTarget(&c)
            table.rules.append(RuleDecl(when: condition, to: target, doc: item.doc, range: item.range))
        }
        syntax.tables.append(table)
    }

    private mutating func parseFallback(_ c: inout Cursor, _ header: Item, _ items: [Item]) throws(ParseFailure) {
        let target = try arrowTarget(&c)
        try finish(&c)
        for item in items {
            diagnostics.append(Diagnostic("syntax", .error, "`fallback` takes no indented items", at: item.range,
                                          help: "write it on one line: `fallback -> ROUTE`"))
        }
        if let existing = syntax.fallback {
            diagnostics.append(Diagnostic("duplicate-section", .error, "a map has one fallback", at: header.range,
                                          notes: [.init("the first fallback is here", at: existing.range)]))
            return
        }
        syntax.fallback = FallbackDecl(to: target, doc: header.doc, range: header.range)
    }

    // MARK: Conditions

    mutating func parseCondition(_ c: inout Cursor, depth: Int = 0) throws(ParseFailure) -> Condition {
        var operands = [try parseAnd(&c, depth: depth)]
        while c.acceptWord("or") != nil { operands.append(try parseAnd(&c, depth: depth)) }
        return operands.count == 1 ? operands[0]
            : Condition(.or(operands), range: operands.first!.range.union(operands.last!.range))
    }

    private mutating func parseAnd(_ c: inout Cursor, depth: Int) throws(ParseFailure) -> Condition {
        var operands = [try parseUnary(&c, depth: depth)]
        while c.acceptWord("and") != nil { operands.append(try parseUnary(&c, depth: depth)) }
        return operands.count == 1 ? operands[0]
            : Condition(.and(operands), range: operands.first!.range.union(operands.last!.range))
    }

    private mutating func parseUnary(_ c: inout Cursor, depth: Int) throws(ParseFailure) -> Condition {
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

    private mutating func parseSegmentTest(_ c: inout Cursor, _ keyword: Token) throws(ParseFailure) -> Condition {
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

    private mutating func parseInList(_ c: inout Cursor, _ field: Name, negated: Bool) throws(ParseFailure) -> Condition {
        guard c.accept(.leftParen) != nil else {
            throw failHere(c, "expected `(` to start a list of values", help: "write `\(field.text) in (a, b)`")
        }
        var values = [try literal(&c)]
        while c.accept(.comma) != nil { values.append(try literal(&c)) }
        guard let close = c.accept(.rightParen) else { throw failHere(c, "expected `,` or `)` in the list") }
        return Condition(.in(field, negated: negated, values), range: field.range.union(close.range))
    }

    private mutating func parseBetween(_ c: inout Cursor, _ field: Name, negated: Bool) throws(ParseFailure) -> Condition {
        let low = try literal(&c)
        try word(&c, "and", "`and` in `between LOW and HIGH`")
        let high = try literal(&c)
        return Condition(.between(field, negated: negated, low, high), range: field.range.union(high.range))
    }

    // MARK: Pieces

    private mutating func literal(_ c: inout Cursor) throws(ParseFailure) -> Literal {
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

    private mutating func enumValue(_ c: inout Cursor) throws(ParseFailure) -> Literal {
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

    private mutating func duration(_ c: inout Cursor) throws(ParseFailure) -> TimeSpan {
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

    private mutating func number(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> Double {
        guard let t = c.accept(.number) else { throw failHere(c, "expected \(what)") }
        return t.number
    }

    private mutating func string(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> String {
        guard let t = c.accept(.string) else {
            if let t = c.peek, t.kind == .name {
                throw fail(t.range, "expected \(what)", help: "put it in double quotes: \"\(t.text)\"",
                           fixIts: [.init(range: t.range, replacement: "\"\(t.text)\"")])
            }
            throw failHere(c, "expected \(what)")
        }
        return t.text
    }

    private mutating func name(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> Name {
        guard let t = c.accept(.name) else { throw failHere(c, "expected \(what)") }
        return Name(t.text, range: t.range)
    }

    /// A name being declared: reserved words are refused here so they never become ambiguous later.
    private mutating func declaredName(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> Name {
        let n = try name(&c, what)
        if reservedWords.contains(n.text) {
            throw fail(n.range, "`\(n.text)` is a keyword and cannot be a name", help: "choose another name, such as `\(n.text)_`")
        }
        return n
    }

    private mutating func nameList(_ c: inout Cursor, _ what: String) throws(ParseFailure) -> [Name] {
        var names = [try name(&c, what)]
        while c.accept(.comma) != nil { names.append(try name(&c, what)) }
        return names
    }

    private mutating func arrowTarget(_ c: inout Cursor) throws(ParseFailure) -> Name {
        guard c.accept(.arrow) != nil else {
            throw failHere(c, "expected `->` and a route")
        }
        return try name(&c, "a route name after `->`")
    }

    private mutating func word(_ c: inout Cursor, _ word: String, _ what: String) throws(ParseFailure) {
        guard c.acceptWord(word) == nil else { return }
        if let t = c.peek, t.kind == .name, Suggestions.closest(to: t.text, in: [word]) != nil {
            throw fail(t.range, "expected \(what), found `\(t.text)`", help: "did you mean `\(word)`?",
                       fixIts: [.init(range: t.range, replacement: word)])
        }
        throw failHere(c, "expected \(what)")
    }

    private mutating func endOfHeader(_ c: inout Cursor) throws(ParseFailure) { try finish(&c) }

    private mutating func finish(_ c: inout Cursor) throws(ParseFailure) {
        guard let t = c.peek else { return }
        throw fail(t.range, "unexpected `\(t.kind == .string ? "\"" + t.text + "\"" : t.text)` at the end of the line")
    }

    // MARK: Errors

    private mutating func fail(_ range: SourceRange, _ message: String, help: String? = nil,
                               note: Diagnostic.Note? = nil, fixIts: [Diagnostic.FixIt] = []) -> ParseFailure {
        diagnostics.append(Diagnostic("syntax", .error, message, at: range, notes: note.map { [$0] } ?? [],
                                      help: help, fixIts: fixIts))
        return ParseFailure()
    }

    private mutating func fail(_ range: SourceRange, _ message: String, suggest word: String, from candidates: [String],
                               otherwise: String? = nil) -> ParseFailure {
        if let guess = Suggestions.closest(to: word, in: candidates) {
            return fail(range, message, help: "did you mean `\(guess)`?", fixIts: [.init(range: range, replacement: guess)])
        }
        return fail(range, message, help: otherwise)
    }

    /// An error at the current token, or just past the end of the item when the item ran out.
    private mutating func failHere(_ c: Cursor, _ message: String, help: String? = nil,
                                   note: Diagnostic.Note? = nil) -> ParseFailure {
        if let t = c.peek {
            let found = t.kind == .string ? "\"\(t.text)\"" : t.text
            return fail(t.range, "\(message), found `\(found)`", help: help, note: note)
        }
        return fail(SourceRange(start: c.end, end: c.end), "\(message) at the end of the line", help: help, note: note)
    }
}

struct Cursor {
    let tokens: [Token]
    var position = 0
    /// Where the item ends, for errors about something missing at its end.
    let end: Int

    init(_ tokens: [Token], end: Int) {
        self.tokens = tokens
        self.end = end
    }

    var peek: Token? { position < tokens.count ? tokens[position] : nil }

    mutating func advance() { position += 1 }

    mutating func accept(_ kind: Token.Kind) -> Token? {
        guard let t = peek, t.kind == kind else { return nil }
        position += 1
        return t
    }

    mutating func acceptWord(_ word: String) -> Token? {
        guard let t = peek, t.is(word) else { return nil }
        position += 1
        return t
    }
}

/// A number as people write it: `12`, not `12.0`.
package func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}
