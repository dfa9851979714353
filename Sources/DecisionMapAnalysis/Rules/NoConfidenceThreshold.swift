import DecisionMap

/// Segments whose decisions use model output but that have no confidence threshold.
///
/// A decision rule that tests a field marked `from model` (the model's predicted category, a
/// score) relies on the model being right. In a segment with no uncertainty threshold (no line
/// naming it and no `otherwise` line, or no `uncertainty` section at all), a prediction the model
/// itself is unsure of is acted on like a certain one.
///
/// **Why it matters:** low-confidence predictions are where models fail. Without a threshold
/// there is no point at which a person looks before the model's guess is acted on.
///
/// **Fails:**
///
/// ```
/// inputs
///   category  one of billing, fraud   from model
/// decide route (first)
///   when category is fraud  -> fraud_desk
/// ```
///
/// **Passes:**
///
/// ```
/// uncertainty using confidence
///   otherwise below 0.8 -> triage_review
/// ```
enum NoConfidenceThreshold: LintRule {
    static let id = "no-confidence-threshold"
    static let severity = Diagnostic.Severity.warning
    static let summary = "segments whose decisions use model output but have no confidence threshold"
    static let rationale = "Without a threshold, a prediction the model is unsure of is acted on like a certain one."

    static func check(_ context: LintContext) -> [Finding] {
        let model = context.model
        return model.segments.enumerated().compactMap { s, segment in
            guard model.confidenceField == nil || model.threshold(forSegment: s) == nil else { return nil }
            var modelFields: [Int] = []
            for table in model.tables where table.applies(inSegment: s) {
                for rule in table.rules {
                    guard let p = rule.predicate else { continue }
                    for f in fieldsRead(by: p, conditions: model.conditions) where model.fields[f].fromModel && !modelFields.contains(f) {
                        modelFields.append(f)
                    }
                }
            }
            guard !modelFields.isEmpty else { return nil }
            let names = modelFields.sorted().map { context.code(model.fields[$0].name) }.joined(separator: ", ")
            return context.finding(
                self, "segment \(context.code(segment.name)) decides with model output (\(names)) but has no confidence threshold",
                at: segment.range,
                help: model.confidenceField == nil
                    ? "add an `uncertainty using FIELD` section with a threshold for this segment"
                    : "add `in \(segment.name) below 0.9 -> ROUTE` (or an `otherwise` line) under `uncertainty`")
        }
    }
}
