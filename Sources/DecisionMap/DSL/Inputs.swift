/// Typed inputs for the Swift DSL. Each kind of field offers the tests its type allows, so
/// `amount >= 10_000` compiles and `vip >= 3` does not.

/// A declared input field, listed in `Inputs { … }` and used in conditions and data policies.
public protocol InputHandle: Sendable {
    /// The field's declaration, as in an `inputs` line.
    var declaration: InputDecl { get }
}

extension InputHandle {
    /// The field's name.
    public var name: String { declaration.name.text }

    /// `FIELD is missing`: true when the case has no value for the field; never unknown.
    public var isMissing: Condition { Condition(.missing(declaration.name, negated: false)) }

    /// `FIELD is present`: true when the case has a value for the field; never unknown.
    public var isPresent: Condition { Condition(.missing(declaration.name, negated: true)) }
}

/// Options every input shares.
private func declare(_ name: String, _ type: InputType, optional: Bool, fromModel: Bool, column: String?,
                     unit: String? = nil, doc: String?) -> InputDecl {
    InputDecl(Name(name), type, optional: optional, fromModel: fromModel, column: column, unit: unit, doc: doc)
}

/// An enumeration field: `channel one of email, chat, "social media"`.
public struct EnumInput: InputHandle {
    /// The field as the parser would build it from its `inputs` line.
    public let declaration: InputDecl

    /// Declares an enumeration field.
    ///
    /// - Parameters:
    ///   - name: The field's name.
    ///   - values: Its values; values with spaces or that are keywords are quoted in the text.
    ///   - optional: Whether a case may lack the field.
    ///   - fromModel: Whether a model produces the value (rather than a recorded fact).
    ///   - column: The case-file column or JSON key, when it differs from the name.
    ///   - doc: The `##` description.
    public init(_ name: String, _ values: [String], optional: Bool = false, fromModel: Bool = false,
                column: String? = nil, doc: String? = nil) {
        declaration = declare(name, .enumeration(values.map(enumLiteral)), optional: optional, fromModel: fromModel,
                              column: column, doc: doc)
    }

    /// `FIELD in (V, …)`: the value is one of these.
    public func `in`(_ values: String...) -> Condition {
        Condition(.in(declaration.name, negated: false, values.map(enumLiteral)))
    }

    /// `FIELD not in (V, …)`: the value is none of these.
    public func notIn(_ values: String...) -> Condition {
        Condition(.in(declaration.name, negated: true, values.map(enumLiteral)))
    }
}

/// `FIELD is V`.
public func == (field: EnumInput, value: String) -> Condition {
    Condition(.is(field.declaration.name, negated: false, enumLiteral(value)))
}

/// `FIELD is not V`.
public func != (field: EnumInput, value: String) -> Condition {
    Condition(.is(field.declaration.name, negated: true, enumLiteral(value)))
}

/// A value as the parser reads it: a bare word when it can be one, else a quoted string.
func enumLiteral(_ value: String) -> Literal {
    Literal(isBareWord(value) ? .word(value) : .string(value))
}

/// A `number` or `integer` field: compared with numbers.
public protocol NumericInput: InputHandle {}

extension NumericInput {
    /// `FIELD between LOW and HIGH`, both ends included.
    public func between(_ low: Double, _ high: Double) -> Condition {
        Condition(.between(declaration.name, negated: false, Literal(.number(low)), Literal(.number(high))))
    }

    /// `FIELD not between LOW and HIGH`.
    public func notBetween(_ low: Double, _ high: Double) -> Condition {
        Condition(.between(declaration.name, negated: true, Literal(.number(low)), Literal(.number(high))))
    }

    /// `FIELD in (N, …)`.
    public func `in`(_ values: Double...) -> Condition {
        Condition(.in(declaration.name, negated: false, values.map { Literal(.number($0)) }))
    }

    /// `FIELD not in (N, …)`.
    public func notIn(_ values: Double...) -> Condition {
        Condition(.in(declaration.name, negated: true, values.map { Literal(.number($0)) }))
    }
}

private func compare(_ field: some NumericInput, _ op: ComparisonOperator, _ value: Double) -> Condition {
    Condition(.compare(field.declaration.name, op, Literal(.number(value))))
}

/// `FIELD < N`.
public func < (field: some NumericInput, value: Double) -> Condition { compare(field, .less, value) }
/// `FIELD <= N`.
public func <= (field: some NumericInput, value: Double) -> Condition { compare(field, .lessOrEqual, value) }
/// `FIELD > N`.
public func > (field: some NumericInput, value: Double) -> Condition { compare(field, .greater, value) }
/// `FIELD >= N`.
public func >= (field: some NumericInput, value: Double) -> Condition { compare(field, .greaterOrEqual, value) }
/// `FIELD = N`.
public func == (field: some NumericInput, value: Double) -> Condition { compare(field, .equal, value) }
/// `FIELD != N`.
public func != (field: some NumericInput, value: Double) -> Condition { compare(field, .notEqual, value) }

/// A decimal number field: `confidence number 0..1`.
public struct NumberInput: NumericInput {
    /// The field as the parser would build it from its `inputs` line.
    public let declaration: InputDecl

    /// Declares a number field with no range.
    ///
    /// - Parameters:
    ///   - name: The field's name.
    ///   - unit: The unit, for documentation and reports.
    ///   - optional: Whether a case may lack the field.
    ///   - fromModel: Whether a model produces the value.
    ///   - column: The case-file column or JSON key, when it differs from the name.
    ///   - doc: The `##` description.
    public init(_ name: String, unit: String? = nil, optional: Bool = false, fromModel: Bool = false,
                column: String? = nil, doc: String? = nil) {
        self.init(name, nil, nil, unit, optional, fromModel, column, doc)
    }

    /// Declares a number field with a range, both ends included: `number 0..1`. The other
    /// parameters are those of `init(_:unit:optional:fromModel:column:doc:)`.
    public init(_ name: String, in range: ClosedRange<Double>, unit: String? = nil, optional: Bool = false,
                fromModel: Bool = false, column: String? = nil, doc: String? = nil) {
        self.init(name, range.lowerBound, range.upperBound, unit, optional, fromModel, column, doc)
    }

    /// Declares a number field with a lower bound: `number 0..`.
    public init(_ name: String, in range: PartialRangeFrom<Double>, unit: String? = nil, optional: Bool = false,
                fromModel: Bool = false, column: String? = nil, doc: String? = nil) {
        self.init(name, range.lowerBound, nil, unit, optional, fromModel, column, doc)
    }

    /// Declares a number field with an upper bound: `number ..100`.
    public init(_ name: String, in range: PartialRangeThrough<Double>, unit: String? = nil, optional: Bool = false,
                fromModel: Bool = false, column: String? = nil, doc: String? = nil) {
        self.init(name, nil, range.upperBound, unit, optional, fromModel, column, doc)
    }

    private init(_ name: String, _ low: Double?, _ high: Double?, _ unit: String?, _ optional: Bool, _ fromModel: Bool,
                 _ column: String?, _ doc: String?) {
        declaration = declare(name, .number(low: low, high: high), optional: optional, fromModel: fromModel,
                              column: column, unit: unit, doc: doc)
    }
}

/// A whole-number field: `prior_escalations integer 0..`.
public struct IntegerInput: NumericInput {
    /// The field as the parser would build it from its `inputs` line.
    public let declaration: InputDecl

    /// Declares an integer field with no range. The parameters are those of `NumberInput`.
    public init(_ name: String, unit: String? = nil, optional: Bool = false, fromModel: Bool = false,
                column: String? = nil, doc: String? = nil) {
        self.init(name, nil, nil, unit, optional, fromModel, column, doc)
    }

    /// Declares an integer field with a range, both ends included: `integer 0..80`.
    public init(_ name: String, in range: ClosedRange<Int>, unit: String? = nil, optional: Bool = false,
                fromModel: Bool = false, column: String? = nil, doc: String? = nil) {
        self.init(name, Double(range.lowerBound), Double(range.upperBound), unit, optional, fromModel, column, doc)
    }

    /// Declares an integer field with a lower bound: `integer 0..`.
    public init(_ name: String, in range: PartialRangeFrom<Int>, unit: String? = nil, optional: Bool = false,
                fromModel: Bool = false, column: String? = nil, doc: String? = nil) {
        self.init(name, Double(range.lowerBound), nil, unit, optional, fromModel, column, doc)
    }

    /// Declares an integer field with an upper bound: `integer ..10`.
    public init(_ name: String, in range: PartialRangeThrough<Int>, unit: String? = nil, optional: Bool = false,
                fromModel: Bool = false, column: String? = nil, doc: String? = nil) {
        self.init(name, nil, Double(range.upperBound), unit, optional, fromModel, column, doc)
    }

    private init(_ name: String, _ low: Double?, _ high: Double?, _ unit: String?, _ optional: Bool, _ fromModel: Bool,
                 _ column: String?, _ doc: String?) {
        declaration = declare(name, .integer(low: low, high: high), optional: optional, fromModel: fromModel,
                              column: column, unit: unit, doc: doc)
    }
}

/// A boolean field: `vip boolean`. It is a condition by itself (`vip` means `vip is true`).
public struct BooleanInput: InputHandle, ConditionConvertible {
    /// The field as the parser would build it from its `inputs` line.
    public let declaration: InputDecl

    /// Declares a boolean field. The parameters are those of `EnumInput`.
    public init(_ name: String, optional: Bool = false, fromModel: Bool = false, column: String? = nil, doc: String? = nil) {
        declaration = declare(name, .boolean, optional: optional, fromModel: fromModel, column: column, doc: doc)
    }

    /// A reference to this name, as a condition.
    public var condition: Condition { Condition(.reference(declaration.name)) }
}

/// `FIELD is true` / `FIELD is false`.
public func == (field: BooleanInput, value: Bool) -> Condition {
    Condition(.is(field.declaration.name, negated: false, Literal(.bool(value))))
}

/// A free-text field: `subject text`.
public struct TextInput: InputHandle {
    /// The field as the parser would build it from its `inputs` line.
    public let declaration: InputDecl

    /// Declares a text field. The parameters are those of `EnumInput`.
    public init(_ name: String, optional: Bool = false, fromModel: Bool = false, column: String? = nil, doc: String? = nil) {
        declaration = declare(name, .text, optional: optional, fromModel: fromModel, column: column, doc: doc)
    }

    /// `FIELD contains "TEXT"`, ignoring case.
    public func contains(_ text: String) -> Condition {
        Condition(.contains(declaration.name, Literal(.string(text))))
    }
}

/// `FIELD is "TEXT"`, exactly.
public func == (field: TextInput, value: String) -> Condition {
    Condition(.is(field.declaration.name, negated: false, Literal(.string(value))))
}

/// `FIELD is not "TEXT"`.
public func != (field: TextInput, value: String) -> Condition {
    Condition(.is(field.declaration.name, negated: true, Literal(.string(value))))
}

/// The `inputs` section: the case schema, in order.
public struct Inputs: MapContent {
    let fields: [any InputHandle]

    /// Lists the map's input fields.
    public init(@ListBuilder<any InputHandle> _ fields: () -> [any InputHandle]) {
        self.fields = fields()
    }

    /// Adds this to its section of `map`, after the items already there.
    public func add(to map: inout MapSyntax) { map.inputs += fields.map(\.declaration) }
}
