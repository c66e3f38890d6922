import CatalogModel

/// A prompt template in Mustache syntax, rendered as plain text (no HTML escaping) and checked
/// strictly: a name that does not exist is a validation error, and a value that is empty for
/// one product is that product's error, never an empty string in a paid prompt.
///
/// Supported: `{{name}}`, `{{axis.field}}`, `{{#name}}…{{/name}}` (rendered when the value is
/// not empty), `{{^name}}…{{/name}}` (rendered when it is), `{{! comment }}`.
public struct PromptTemplate: Sendable, Equatable {
    indirect enum Node: Sendable, Equatable {
        case text(String)
        case variable(String)
        case section(String, inverted: Bool, [Node])
    }

    public let source: String
    let nodes: [Node]

    /// Every name the template refers to, in order of first use.
    public var names: [String] {
        var seen: [String] = []
        func visit(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .text: break
                case .variable(let name): if !seen.contains(name) { seen.append(name) }
                case .section(let name, _, let children):
                    if !seen.contains(name) { seen.append(name) }
                    visit(children)
                }
            }
        }
        visit(nodes)
        return seen
    }

    /// The names whose value the template prints (`{{name}}`), not only tests (`{{#name}}`).
    public var printedNames: Set<String> {
        var printed: Set<String> = []
        func visit(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .text: break
                case .variable(let name): printed.insert(name)
                case .section(_, _, let children): visit(children)
                }
            }
        }
        visit(nodes)
        return printed
    }

    public init(_ source: String) throws(TemplateSyntaxError) {
        self.source = source
        var parser = TemplateParser(source)
        self.nodes = try parser.parse()
    }

    /// Renders with `lookup`; throws `TemplateRenderError` naming the first variable that is
    /// missing or empty outside a section guarding it.
    public func render(_ lookup: (String) -> String?) throws(TemplateRenderError) -> String {
        var output = ""
        try Self.render(nodes, into: &output, lookup: lookup)
        return output
    }

    private static func render(
        _ nodes: [Node], into output: inout String, lookup: (String) -> String?
    )
        throws(TemplateRenderError)
    {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .variable(let name):
                guard let value = lookup(name) else { throw TemplateRenderError(name: name, isEmpty: false) }
                guard !value.isEmpty else { throw TemplateRenderError(name: name, isEmpty: true) }
                output += value
            case .section(let name, let inverted, let children):
                let present = !(lookup(name) ?? "").isEmpty
                if present != inverted { try render(children, into: &output, lookup: lookup) }
            }
        }
    }
}

/// A template that cannot be parsed; `offset` counts characters from the template's start.
public struct TemplateSyntaxError: Error, Sendable, Equatable {
    public var message: String
    public var offset: Int
}

/// A variable with no value for the thing being rendered.
public struct TemplateRenderError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var isEmpty: Bool

    public init(name: String, isEmpty: Bool) {
        self.name = name
        self.isEmpty = isEmpty
    }

    public var description: String {
        isEmpty
            ? "`{{\(name)}}` is empty; wrap optional text in {{#\(name)}}…{{/\(name)}}"
            : "`{{\(name)}}` does not exist"
    }
}

private struct TemplateParser {
    let characters: [Character]
    var index = 0

    init(_ source: String) {
        characters = Array(source)
    }

    mutating func parse() throws(TemplateSyntaxError) -> [PromptTemplate.Node] {
        let (nodes, closing) = try parseNodes(until: nil)
        if let closing {
            throw TemplateSyntaxError(
                message: "`{{/\(closing.name)}}` closes a section that was never opened", offset: closing.offset)
        }
        return nodes
    }

    private mutating func parseNodes(
        until section: String?
    ) throws(TemplateSyntaxError)
        -> ([PromptTemplate.Node], (name: String, offset: Int)?)
    {
        var nodes: [PromptTemplate.Node] = []
        var text = ""
        while index < characters.count {
            guard startsTag() else {
                text.append(characters[index])
                index += 1
                continue
            }
            let tagOffset = index
            index += 2
            guard let close = findClose() else {
                throw TemplateSyntaxError(message: "`{{` is never closed with `}}`", offset: tagOffset)
            }
            let body = String(characters[index..<close]).trimmingSurroundingWhitespace()
            index = close + 2
            if !text.isEmpty {
                nodes.append(.text(text))
                text = ""
            }
            guard let sigil = body.first else {
                throw TemplateSyntaxError(message: "empty tag `{{}}`", offset: tagOffset)
            }
            let name = String(body.dropFirst()).trimmingSurroundingWhitespace()
            switch sigil {
            case "!":
                continue
            case "#", "^":
                try checkName(name, at: tagOffset)
                let (children, closing) = try parseNodes(until: name)
                guard closing?.name == name else {
                    throw TemplateSyntaxError(
                        message: "section `{{\(sigil)\(name)}}` is never closed with `{{/\(name)}}`", offset: tagOffset)
                }
                nodes.append(.section(name, inverted: sigil == "^", children))
            case "/":
                guard name == section else {
                    if let section {
                        throw TemplateSyntaxError(
                            message: "`{{/\(name)}}` closes `\(section)`'s section out of order", offset: tagOffset)
                    }
                    return (nodes, (name, tagOffset))
                }
                return (nodes, (name, tagOffset))
            case "{", "&", ">", "=":
                throw TemplateSyntaxError(
                    message: "`{{\(sigil)` is not supported in prompts (they are plain text)", offset: tagOffset)
            default:
                try checkName(body, at: tagOffset)
                nodes.append(.variable(body))
            }
        }
        if !text.isEmpty { nodes.append(.text(text)) }
        return (nodes, nil)
    }

    private func startsTag() -> Bool {
        index + 1 < characters.count && characters[index] == "{" && characters[index + 1] == "{"
    }

    private func findClose() -> Int? {
        var position = index
        while position + 1 < characters.count {
            if characters[position] == "}" && characters[position + 1] == "}" { return position }
            if characters[position] == "{" && characters[position + 1] == "{" { return nil }
            position += 1
        }
        return nil
    }

    private func checkName(_ name: String, at offset: Int) throws(TemplateSyntaxError) {
        let allowed = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
        guard !name.isEmpty, allowed, !name.hasPrefix("."), !name.hasSuffix(".") else {
            throw TemplateSyntaxError(message: "`\(name)` is not a field name", offset: offset)
        }
    }
}
