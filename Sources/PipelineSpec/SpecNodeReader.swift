import CatalogModel
import Foundation
import Yams

/// Reads typed values out of a composed YAML tree, recording a located diagnostic for every
/// problem instead of stopping at the first, so `validate` can show them all at once.
struct SpecNodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    /// The spec's lines, to point inside a scalar (a template tag) rather than at its start.
    let lines: [Substring]

    init(file: String, source: String = "") {
        self.file = file
        self.lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Where the tag `{{name}}` (with or without spaces or a section sigil) starts inside
    /// `node`'s text; the node itself when it cannot be found.
    func location(ofTag name: String, inside node: Node) -> SourceLocation {
        for candidate in ["{{\(name)}}", "{{ \(name) }}", "{{#\(name)}}", "{{^\(name)}}", "{{\(name)"] {
            if let found = location(of: candidate, inside: node) { return found }
        }
        return location(of: node)
    }

    /// Where `text` first appears at or after `node`'s position, if it does.
    func location(of text: String, inside node: Node) -> SourceLocation? {
        let start = location(of: node)
        for index in (start.line - 1)..<lines.count where index >= 0 {
            let line = lines[index]
            let searchFrom =
                index == start.line - 1
                ? line.unicodeScalars.index(
                    line.startIndex, offsetBy: max(0, start.column - 1), limitedBy: line.endIndex)
                    ?? line.endIndex
                : line.startIndex
            guard let range = line[searchFrom...].range(of: text) else { continue }
            let column = line.unicodeScalars.distance(from: line.startIndex, to: range.lowerBound) + 1
            return SourceLocation(file: file, line: index + 1, column: column)
        }
        return nil
    }

    /// The spec file's name without its extension, for suggestions.
    var specName: String { URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent }

    func location(of node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// The mapping's entries by key, after reporting keys outside `allowed` and duplicates.
    mutating func mapping(_ node: Node, path: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(.expected("a mapping (`key: value` lines)", for: path, found: node, at: location(of: node)))
            return nil
        }
        var entries: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                report(.error("keys in `\(path)` must be plain names", at: location(of: keyNode)))
                continue
            }
            if !allowed.isEmpty && !allowed.contains(key) {
                report(.unknownKey(key, in: path, allowed: allowed, at: location(of: keyNode)))
                continue
            }
            entries[key] = value
        }
        return entries
    }

    mutating func string(_ node: Node, path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            report(.expected("a text value", for: path, found: node, at: location(of: node)))
            return nil
        }
        return scalar.string
    }

    mutating func int(_ node: Node, path: String, range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            report(.expected("a whole number", for: path, found: node, at: location(of: node)))
            return nil
        }
        guard range.contains(value) else {
            report(
                .error(
                    "`\(path)` must be between \(range.lowerBound) and \(range.upperBound), not \(value)",
                    at: location(of: node)))
            return nil
        }
        return value
    }

    /// A finite number above 0 and at most `maximum`: checked here, before any conversion
    /// (`1e13` dollars once trapped converting to micro-dollars).
    mutating func positiveDecimal(_ node: Node, path: String, atMost maximum: Int) -> Double? {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string), value.isFinite else {
            report(.expected("a number", for: path, found: node, at: location(of: node)))
            return nil
        }
        guard value > 0 else {
            report(.error("`\(path)` must be greater than 0", at: location(of: node)))
            return nil
        }
        guard value <= Double(maximum) else {
            report(.error("`\(path)` must be at most \(maximum), not \(scalar.string)", at: location(of: node)))
            return nil
        }
        return value
    }

    /// `true` or `false` in any case. YAML 1.1's `yes`, `no`, `on`, `off` are refused: YAML
    /// readers disagree about them (the "Norway problem"), so a spec says exactly what it means.
    mutating func bool(_ node: Node, path: String) -> Bool? {
        guard case .scalar(let scalar) = node, let value = Bool(scalar.string.lowercased()) else {
            report(.expected("true or false", for: path, found: node, at: location(of: node)))
            return nil
        }
        return value
    }

    mutating func sequence(_ node: Node, path: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(.expected("a list (`- item` lines)", for: path, found: node, at: location(of: node)))
            return nil
        }
        return Array(sequence)
    }

    /// Reports a required key that is absent, pointing at the mapping that lacks it.
    mutating func require(_ key: String, in entries: [String: Node], path: String, parent: Node) -> Node? {
        guard let node = entries[key] else {
            let full = path.isEmpty ? key : "\(path).\(key)"
            report(.error("missing required key `\(full)`", at: location(of: parent)))
            return nil
        }
        return node
    }
}

extension Node {
    /// How a node looks to a user, for "expected a number, found a list" messages.
    var kindDescription: String {
        switch self {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "`\(scalar.string)`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
