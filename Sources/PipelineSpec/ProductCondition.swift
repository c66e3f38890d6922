import CatalogModel

/// A structured condition on a product's fields: what `select` and a variant entry's `only`
/// say. Evaluated for every product, so it is plain data with no parsing at run time.
public indirect enum ProductCondition: Sendable {
    case all([ProductCondition])
    case any([ProductCondition])
    case not(ProductCondition)
    case field(String, FieldTest)

    public enum FieldTest: Sendable {
        case equals(String)
        case oneOf([String])
        case contains(String)
        case matches(CompiledPattern)
        case exists(Bool)
        /// Numeric comparison on the value's leading number (`12.50 USD` → 12.5).
        case compare(Comparison, Double)
    }

    public enum Comparison: String, Sendable {
        case greaterThan = "greater_than", lessThan = "less_than", atLeast = "at_least", atMost = "at_most"
    }

    public func matches(_ product: Product) -> Bool {
        switch self {
        case .all(let conditions): return conditions.allSatisfy { $0.matches(product) }
        case .any(let conditions): return conditions.contains { $0.matches(product) }
        case .not(let condition): return !condition.matches(product)
        case .field(let name, let test):
            let value = product.templateValue(named: name) ?? ""
            switch test {
            case .equals(let expected): return value.caseInsensitiveCompare(expected)
            case .oneOf(let options): return options.contains { value.caseInsensitiveCompare($0) }
            case .contains(let part): return value.lowercased().contains(part.lowercased())
            case .matches(let pattern): return pattern.matches(value)
            case .exists(let expected): return value.isEmpty != expected
            case .compare(let comparison, let bound):
                guard let number = Self.leadingNumber(value) else { return false }
                switch comparison {
                case .greaterThan: return number > bound
                case .lessThan: return number < bound
                case .atLeast: return number >= bound
                case .atMost: return number <= bound
                }
            }
        }
    }

    /// `12.50 USD` → 12.5; `1,299.00 EUR` → 1299; `USD 5` → 5; `n/a` → nil.
    static func leadingNumber(_ text: String) -> Double? {
        let digits = text.drop { !$0.isNumber }.prefix { $0.isNumber || $0 == "." || $0 == "," }
        return Double(digits.replacing(",", with: ""))
    }
}

/// A regular expression compiled once when the spec loads.
public final class CompiledPattern: @unchecked Sendable {
    // Regex is an immutable value once built; it is only not declared Sendable.
    private let regex: Regex<AnyRegexOutput>
    public let source: String

    public init(_ source: String) throws {
        self.source = source
        self.regex = try Regex(source)
    }

    public func matches(_ value: String) -> Bool {
        (try? regex.firstMatch(in: value)) != nil
    }
}

extension String {
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
