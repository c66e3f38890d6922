import CatalogModel

/// Where a template's `{{name}}` takes its value from, decided once for a variant rather than
/// by comparing names for every product.
public enum TemplateValueSource: Sendable, Equatable {
    /// The same for every product (a variant's field); `nil` when the name does not exist.
    case constant(String?)
    case field(Product.Field)
    /// `attributes[key]`, or `otherwise` for a product without that attribute.
    case attribute(String, otherwise: String?)
}

/// A `PromptTemplate` with every name resolved to a `TemplateValueSource`: what a plan renders
/// once per job, a million products × variants a night. Constants are folded into the text
/// (sections on them decided) when bound; rendering a product then only reads its fields.
/// Renders exactly what `PromptTemplate.render` renders with the same lookup, errors included.
public struct BoundTemplate: Sendable {
    enum Node: Sendable {
        case text(String)
        case value(String, TemplateValueSource)
        case section(TemplateValueSource, inverted: Bool, [Node])
    }

    let nodes: [Node]
    /// The literal text's length: room for the output before any value is appended.
    private let textLength: Int

    public init(_ template: PromptTemplate, source: (String) -> TemplateValueSource) {
        nodes = Self.bind(template.nodes, source: source)
        textLength = template.source.utf8.count
    }

    public func render(for product: Product) throws(TemplateRenderError) -> String {
        var output = ""
        output.reserveCapacity(textLength + 64)
        try Self.render(nodes, for: product, into: &output)
        return output
    }

    private static func value(of source: TemplateValueSource, for product: Product) -> String? {
        switch source {
        case .constant(let value): value
        case .field(let field): product[field]
        case .attribute(let key, let otherwise): product.attributes[key] ?? otherwise
        }
    }

    private static func render(
        _ nodes: [Node], for product: Product, into output: inout String
    ) throws(TemplateRenderError) {
        for node in nodes {
            switch node {
            case .text(let text): output += text
            case .value(let name, let source):
                guard let value = value(of: source, for: product) else {
                    throw TemplateRenderError(name: name, isEmpty: false)
                }
                guard !value.isEmpty else { throw TemplateRenderError(name: name, isEmpty: true) }
                output += value
            case .section(let source, let inverted, let children):
                let present = !(value(of: source, for: product) ?? "").isEmpty
                if present != inverted { try render(children, for: product, into: &output) }
            }
        }
    }

    private static func bind(_ nodes: [PromptTemplate.Node], source: (String) -> TemplateValueSource) -> [Node] {
        var bound: [Node] = []
        func append(text: String) {
            if case .text(let previous) = bound.last {
                bound[bound.count - 1] = .text(previous + text)
            } else {
                bound.append(.text(text))
            }
        }
        for node in nodes {
            switch node {
            case .text(let text): append(text: text)
            case .variable(let name):
                let resolved = source(name)
                // An empty or missing constant stays a node: it throws for every product.
                if case .constant(let value?) = resolved, !value.isEmpty {
                    append(text: value)
                } else {
                    bound.append(.value(name, resolved))
                }
            case .section(let name, let inverted, let children):
                let resolved = source(name)
                let children = bind(children, source: source)
                guard case .constant(let value) = resolved else {
                    bound.append(.section(resolved, inverted: inverted, children))
                    continue
                }
                guard !(value ?? "").isEmpty != inverted else { continue }
                for child in children {
                    if case .text(let text) = child { append(text: text) } else { bound.append(child) }
                }
            }
        }
        return bound
    }
}
