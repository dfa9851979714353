/// The items of each section: `map`, `owners`, `inputs`, `conditions`, `segments`, `routes`,
/// `escalate`, `inconsistent`, `uncertainty`, `missing`/`invalid`, `decide` and `fallback`.
extension MapParser {
    mutating func parseMap(_ c: inout Cursor, _ header: Item, _ items: [Item]) throws(ParseFailure) {
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
                             suggest: key.text, from: headerSettings.sorted())
            }
        }
        syntax.header = map
    }

    mutating func parseOwner(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
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

    mutating func parseInput(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
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

    mutating func parseNamedCondition(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
        let conditionName = try declaredName(&c, "a condition name")
        try word(&c, "when", "`when` and a condition")
        let condition = try parseCondition(&c)
        syntax.conditions.append(ConditionDecl(conditionName, condition, doc: item.doc, range: item.range))
    }

    mutating func parseSegment(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
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

    mutating func parseRoute(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
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
                if attribute.kind == .string, case .automated = kind, c.position == 2 {
                    throw failHere(c, "an automated route has no team name",
                                   help: "write `\(routeName.text) automated`, or `\(routeName.text) team \"\(attribute.text)\"` for a queue of people")
                }
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

    mutating func parseEscalation(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
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

    mutating func parseInconsistency(_ c: inout Cursor, _ item: Item) throws(ParseFailure) {
        try word(&c, "when", "`when CONDITION -> ROUTE`")
        let condition = try parseCondition(&c)
        let target = try arrowTarget(&c)
        var decl = InconsistencyDecl(when: condition, to: target, doc: item.doc, range: item.range)
        if c.acceptWord("because") != nil { decl.reason = try string(&c, "the reason in quotes") }
        syntax.inconsistencies.append(decl)
    }

    mutating func parseUncertainty(_ c: inout Cursor, _ header: Item, _ items: [Item]) throws(ParseFailure) {
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

    mutating func parsePolicy(_ c: inout Cursor, _ item: Item) throws(ParseFailure) -> PolicyDecl {
        var fields: [Name] = []
        if c.acceptWord("otherwise") == nil { fields = try nameList(&c, "a field name or `otherwise`") }
        let target = try arrowTarget(&c)
        return PolicyDecl(fields, to: target, doc: item.doc, range: item.range)
    }

    mutating func parseTable(_ c: inout Cursor, _ header: Item, _ items: [Item]) throws(ParseFailure) {
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

    mutating func parseFallback(_ c: inout Cursor, _ header: Item, _ items: [Item]) throws(ParseFailure) {
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
}
