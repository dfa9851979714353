/// A map's model restated over another list of fields, so two versions of a map can be analysed
/// over one input space (`dmap diff OLD NEW` without cases).

extension MapModel {
    /// This model with `fields` as its fields: every reference to own field `f` becomes
    /// `fieldIndex[f]`, and every enumeration value index `v` of own field `f` becomes
    /// `valueIndex[f][v]`. Routes, segments, rules and lines are unchanged; only the numbering of
    /// fields and enumeration values moves.
    package func aligned(to fields: [Field], fieldIndex: [Int], valueIndex: [[Int]]) -> MapModel {
        func map(_ p: Predicate) -> Predicate {
            switch p {
            case .constant, .segment, .condition: p
            case .and(let ps): .and(ps.map(map))
            case .or(let ps): .or(ps.map(map))
            case .not(let inner): .not(map(inner))
            case .compare(let f, let op, let v): .compare(field: fieldIndex[f], op, v)
            case .oneOf(let f, let values):
                .oneOf(field: fieldIndex[f], IndexSet64(values.map { valueIndex[f][$0] }, capacity: valueIndex[f].max().map { $0 + 1 } ?? 1))
            case .boolean(let f, let b): .boolean(field: fieldIndex[f], b)
            case .textIn(let f, let strings): .textIn(field: fieldIndex[f], strings)
            case .textContains(let f, let s): .textContains(field: fieldIndex[f], s)
            case .missing(let f): .missing(field: fieldIndex[f])
            }
        }
        func policies(_ list: [DataPolicy]) -> [DataPolicy] {
            list.map { DataPolicy(fields: $0.fields.map { fieldIndex[$0] }, route: $0.route, range: $0.range) }
        }
        return MapModel(
            source: source, syntax: syntax, title: title, owners: owners, fields: fields,
            conditions: conditions.map { NamedCondition(name: $0.name, predicate: map($0.predicate), range: $0.range) },
            segments: segments.map { Segment(name: $0.name, risk: $0.risk, predicate: $0.predicate.map(map), doc: $0.doc, range: $0.range) },
            routes: routes,
            escalations: escalations.map {
                Escalation(route: $0.route, predicate: map($0.predicate), reason: $0.reason, slaMinutes: $0.slaMinutes, range: $0.range)
            },
            inconsistencies: inconsistencies.map { Inconsistency(predicate: map($0.predicate), route: $0.route, reason: $0.reason, range: $0.range) },
            confidenceField: confidenceField.map { fieldIndex[$0] },
            thresholds: thresholds,
            missingPolicies: policies(missingPolicies), invalidPolicies: policies(invalidPolicies),
            tables: tables.map { table in
                Table(name: table.name, policy: table.policy, segments: table.segments,
                      rules: table.rules.map { Rule(predicate: $0.predicate.map(map), route: $0.route, range: $0.range) }, range: table.range)
            },
            fallback: fallback)
    }
}

extension Field {
    /// A field like this one with another type and optionality: the union of two versions of an
    /// input, for comparing the versions.
    package func with(type: FieldType, optional: Bool) -> Field {
        Field(name: name, column: column, type: type, optional: optional, fromModel: fromModel, unit: unit, doc: doc, range: range)
    }
}
