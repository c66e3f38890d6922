import CatalogModel
import Yams

extension SpecLoader {
    static let conditionKeys =
        ["all", "any", "not", "field", "equals", "one_of", "contains", "matches", "exists"]
        + ["greater_than", "less_than", "at_least", "at_most"]
    static let fieldTests = [
        "equals", "one_of", "contains", "matches", "exists", "greater_than", "less_than", "at_least", "at_most",
    ]

    /// A condition: `{all: […]}`, `{any: […]}`, `{not: …}` or `{field: name, <test>: value}`;
    /// a list is read as `all`.
    static func readCondition(_ node: Node, path: String, reader: inout SpecNodeReader) -> ProductCondition? {
        if case .sequence(let items) = node {
            return .all(items.compactMap { readCondition($0, path: "\(path)[]", reader: &reader) })
        }
        guard let entries = reader.mapping(node, path: path, allowed: conditionKeys) else { return nil }
        let combinators = ["all", "any", "not"].filter { entries[$0] != nil }
        if let combinator = combinators.first {
            guard combinators.count == 1, entries["field"] == nil, let child = entries[combinator] else {
                reader.report(
                    .error("a condition in `\(path)` has one of all, any, not or field", at: reader.location(of: node)))
                return nil
            }
            switch combinator {
            case "not": return readCondition(child, path: "\(path).not", reader: &reader).map { .not($0) }
            default:
                guard let items = reader.sequence(child, path: "\(path).\(combinator)") else { return nil }
                let conditions = items.compactMap {
                    readCondition($0, path: "\(path).\(combinator)[]", reader: &reader)
                }
                return combinator == "all" ? .all(conditions) : .any(conditions)
            }
        }
        guard let fieldNode = reader.require("field", in: entries, path: path, parent: node),
            let field = reader.string(fieldNode, path: "\(path).field")
        else { return nil }
        let known = Product.Field.allCases.map(\.rawValue)
        if !known.contains(field) && !field.hasPrefix("attributes.") {
            reader.report(.unknownProductField(field, known: known, at: reader.location(of: fieldNode)))
            return nil
        }
        let tests = fieldTests.filter { entries[$0] != nil }
        guard tests.count == 1, let testName = tests.first, let valueNode = entries[testName] else {
            reader.report(
                .error(
                    "`\(path)` needs exactly one test for `\(field)`", at: reader.location(of: node),
                    suggestion: "one of: \(fieldTests.joined(separator: ", "))"))
            return nil
        }
        return readFieldTest(testName, valueNode, path: "\(path).\(testName)", reader: &reader).map {
            .field(field, $0)
        }
    }

    private static func readFieldTest(
        _ name: String, _ node: Node, path: String, reader: inout SpecNodeReader
    ) -> ProductCondition.FieldTest? {
        switch name {
        case "equals": return reader.string(node, path: path).map { .equals($0) }
        case "contains": return reader.string(node, path: path).map { .contains($0) }
        case "one_of":
            guard let items = reader.sequence(node, path: path) else { return nil }
            return .oneOf(items.compactMap { reader.string($0, path: "\(path)[]") })
        case "exists":
            guard let text = reader.string(node, path: path), let value = Bool(text.lowercased()) else {
                reader.report(.expected("true or false", for: path, found: node, at: reader.location(of: node)))
                return nil
            }
            return .exists(value)
        case "matches":
            guard let pattern = reader.string(node, path: path) else { return nil }
            do {
                return .matches(try CompiledPattern(pattern))
            } catch {
                reader.report(
                    .error("`\(path)` is not a valid regular expression: \(error)", at: reader.location(of: node)))
                return nil
            }
        default:
            guard let comparison = ProductCondition.Comparison(rawValue: name) else { return nil }
            guard case .scalar(let scalar) = node, let bound = Double(scalar.string) else {
                reader.report(.expected("a number", for: path, found: node, at: reader.location(of: node)))
                return nil
            }
            return .compare(comparison, bound)
        }
    }
}

extension Diagnostic {
    static func unknownProductField(_ name: String, known: [String], at location: SourceLocation) -> Diagnostic {
        let suggestion =
            closestMatch(to: name, in: known).map { "did you mean `\($0)`?" }
            ?? "product fields are: \(known.joined(separator: ", ")), or attributes.<column>"
        return .error("unknown product field `\(name)`", at: location, suggestion: suggestion)
    }
}
