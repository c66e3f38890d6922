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
///
/// Bound into a flat program of steps whose payloads are plain integers (`Step`), its literal
/// text in one byte array: rendering retains nothing of the template, and appends bytes that a
/// fingerprint reads as they are (`render(for:appendingTo:)`). A class: as a struct, a call
/// retained and released each of its four arrays, two million times a plan.
public final class BoundTemplate: Sendable {
    enum Node: Sendable {
        case text(String)
        case value(String, TemplateValueSource)
        case section(TemplateValueSource, inverted: Bool, [Node])
    }

    /// One step of the program, run in order.
    enum Step: Sendable {
        /// `text[range]`.
        case text(Range<Int>)
        /// The value of `sources[source]`, which `names[name]` called.
        case value(name: Int, source: Int)
        /// Unless `sources[source]` is non-empty (empty, with `inverted`), go on at step `end`.
        case section(source: Int, inverted: Bool, end: Int)
    }

    private let steps: [Step]
    private let text: [UInt8]
    private let names: [String]
    private let sources: [TemplateValueSource]

    public init(_ template: PromptTemplate, source: (String) -> TemplateValueSource) {
        var program = Program()
        program.compile(Self.bind(template.nodes, source: source))
        steps = program.steps
        text = program.text
        names = program.names
        sources = program.sources
    }

    public func render(for product: Product) throws(TemplateRenderError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 64)
        try render(for: product, appendingTo: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the rendering's UTF-8 to `output` (nothing, when it throws): a plan renders two
    /// million prompts into one reused buffer and hashes them from there (`JobMaker`).
    public func render(for product: Product, appendingTo output: inout [UInt8]) throws(TemplateRenderError) {
        // The literal text read through one pointer: a slice of the array per step retained it.
        try text.withUnsafeBufferPointer { (text) throws(TemplateRenderError) in
            let start = output.count
            var index = 0
            while index < steps.count {
                switch steps[index] {
                case .text(let range):
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: text[range]))
                case .value(let name, let source):
                    let appended = Self.append(sources[source], of: product, to: &output)
                    guard appended != nil else {
                        output.removeSubrange(start...)
                        throw TemplateRenderError(name: names[name], isEmpty: false)
                    }
                    guard appended != 0 else {
                        output.removeSubrange(start...)
                        throw TemplateRenderError(name: names[name], isEmpty: true)
                    }
                case .section(let source, let inverted, let end):
                    let present = Self.isPresent(sources[source], for: product)
                    if present == inverted {
                        index = end
                        continue
                    }
                }
                index += 1
            }
        }
    }

    /// Appends the source's value for the product; how many bytes it had, `nil` when it has none.
    private static func append(_ source: TemplateValueSource, of product: Product, to output: inout [UInt8]) -> Int? {
        switch source {
        case .constant(let value):
            guard let value else { return nil }
            return append(value, to: &output)
        case .field(let field):
            return append(product[field], to: &output)
        case .attribute(let key, let otherwise):
            guard let value = product.attributes[key] ?? otherwise else { return nil }
            return append(value, to: &output)
        }
    }

    private static func isPresent(_ source: TemplateValueSource, for product: Product) -> Bool {
        switch source {
        case .constant(let value): !(value ?? "").isEmpty
        case .field(let field): !product[field].isEmpty
        case .attribute(let key, let otherwise): !(product.attributes[key] ?? otherwise ?? "").isEmpty
        }
    }

    /// Appends the string's UTF-8, read in place (`withUTF8Bytes`); how many bytes it has.
    private static func append(_ value: String, to output: inout [UInt8]) -> Int {
        value.withUTF8Bytes { utf8 in
            output.append(contentsOf: utf8)
            return utf8.count
        }
    }

    /// The bound nodes laid out as steps, sections before their children.
    private struct Program {
        var steps: [Step] = []
        var text: [UInt8] = []
        var names: [String] = []
        var sources: [TemplateValueSource] = []

        mutating func compile(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .text(let literal):
                    let start = text.count
                    text.append(contentsOf: literal.utf8)
                    steps.append(.text(start..<text.count))
                case .value(let name, let source):
                    names.append(name)
                    sources.append(source)
                    steps.append(.value(name: names.count - 1, source: sources.count - 1))
                case .section(let source, let inverted, let children):
                    sources.append(source)
                    let condition = sources.count - 1
                    let at = steps.count
                    steps.append(.section(source: condition, inverted: inverted, end: at))
                    compile(children)
                    steps[at] = .section(source: condition, inverted: inverted, end: steps.count)
                }
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
