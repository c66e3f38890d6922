import CatalogModel
import Yams

/// The spec loader's messages, one constructor each, so wording lives in one place and tests
/// can assert it.
extension Diagnostic {
    static func unknownKey(_ key: String, in path: String, allowed: [String], at location: SourceLocation) -> Diagnostic
    {
        if path.isEmpty, let section = SpecLoader.section(holding: key) {
            return .error(
                "`\(key)` belongs under `\(section):`, not at the top level", at: location,
                suggestion: "move it under `\(section):`, indented like that section's other keys")
        }
        let place = path.isEmpty ? "at the top level" : "in `\(path)`"
        let suggestion =
            closestMatch(to: key, in: allowed).map { "did you mean `\($0)`?" }
            ?? "expected one of: \(allowed.joined(separator: ", "))"
        return .error("unknown key `\(key)` \(place)", at: location, suggestion: suggestion)
    }

    static func expected(
        _ what: String, for path: String, found node: Node, at location: SourceLocation, suggestion: String? = nil
    ) -> Diagnostic {
        .error("`\(path)` must be \(what), found \(node.kindDescription)", at: location, suggestion: suggestion)
    }

    /// `template` names the template's key as a message shows it: `prompt` or a backquoted key.
    static func unknownTemplateName(
        _ name: String, known: [String], in template: String = "prompt", at location: SourceLocation
    ) -> Diagnostic {
        let suggestion =
            closestMatch(to: name, in: known).map { "did you mean `{{\($0)}}`?" }
            ?? "known names are: \(known.joined(separator: ", "))"
        return .error("unknown field `{{\(name)}}` in \(template)", at: location, suggestion: suggestion)
    }
}

extension Diagnostic {
    /// An `attributes.X` (in a template or named by a key) that no record of the feed has: a
    /// typo, or a column the feed lost. `columns` are the feed's attribute names.
    static func attributeNotInFeed(_ use: PipelineSpec.AttributeUse, columns: [String]) -> Diagnostic {
        let name = use.attribute
        let written = { (name: String) in use.inTemplate ? "`{{\(name)}}`" : "`\(name)`" }
        let suggestion: String
        if Product.Field(rawValue: name) != nil {
            suggestion = "`\(name)` is a product field: use \(written(name))"
        } else if let match = closestMatch(to: name, in: columns) {
            suggestion = "did you mean \(written("attributes.\(match)"))?"
        } else if columns.isEmpty {
            suggestion = "the feed has no columns beyond the product fields"
        } else {
            let shown = columns.prefix(20).joined(separator: ", ")
            suggestion = "the feed's other columns are: \(shown)\(columns.count > 20 ? ", …" : "")"
        }
        let user = use.key == "prompt" ? "the prompt" : "`\(use.key)`"
        guard !use.guardOnly else {
            let place = use.key == "prompt" ? "" : " in `\(use.key)`"
            return .warning(
                "no record in the feed has `\(name)`: the section `{{#attributes.\(name)}}`\(place) never applies",
                at: use.location, suggestion: suggestion)
        }
        let how = use.inTemplate ? "uses as" : "names as"
        return .error(
            "no record in the feed has `\(name)`, which \(user) \(how) \(written("attributes.\(name)"))",
            at: use.location, suggestion: suggestion)
    }
}

/// The candidate within a small edit distance of `word`, if any: the "did you mean".
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, word.count / 3) ? best.0 : nil
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where j <= b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
