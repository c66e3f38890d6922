import CatalogModel

/// Turns libyaml's common failures into diagnostics that point at the line the user must edit
/// and say what to write there. libyaml reports where its parser gave up, which is often lines
/// later than the mistake (a key without its colon is read as text that runs on until the next
/// key) and in its own terms ("could not find expected ':'"). Its text stays the last resort,
/// for failures not recognised here.
struct YAMLSyntaxDiagnosis {
    let file: String
    let lines: [Substring]

    init(source: String, file: String) {
        self.file = file
        lines = source.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// A line and column of libyaml's (both from 1).
    struct Position {
        var line: Int
        var column: Int
    }

    /// Our diagnostic for libyaml's `problem` at `mark` (with its `context`, what it was reading
    /// and where that began); nil when the failure is not one this recognises.
    func diagnose(problem: String, mark: Position, context: (text: String, mark: Position)?) -> Diagnostic? {
        if let tab = firstTabInIndentation(upTo: mark.line) { return tab }
        if let context, context.text.contains("quoted scalar") {
            let quote = character(at: context.mark) ?? "\""
            return error(
                "this quoted value is never closed", at: context.mark,
                suggestion: "end it with \(quote) on the same line, or remove the opening \(quote)")
        }
        if let open = quoteClosedOnALaterLine(upTo: mark.line) {
            return error(
                "this quoted value is never closed on its line", at: open.position,
                suggestion:
                    "end it with \(open.quote) on line \(open.position.line), or remove the opening \(open.quote)")
        }
        if let context, context.text.contains("flow sequence") || context.text.contains("flow mapping") {
            let (open, close) = context.text.contains("sequence") ? ("[", "]") : ("{", "}")
            return error(
                "the `\(open)` opened here is never closed", at: context.mark,
                suggestion: "close it with `\(close)` on the same line")
        }
        if problem.contains("could not find expected ':'"), let context, context.text.contains("simple key") {
            return missingColon(onLine: context.mark.line)
        }
        if problem.contains("mapping values are not allowed") {
            return mappingValueNotAllowed(at: mark)
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-' indicator") {
            return badIndentation(onLine: mark.line)
        }
        return nil
    }

    /// A duplicated key, at its second appearance among the keys of the mapping that starts at
    /// `mappingStart` (libyaml points at the mapping, not at the key).
    func duplicateKey(_ key: String, mappingStart: Position) -> Diagnostic {
        let keyIndent = mappingStart.column - 1
        var first: Int?
        for number in max(mappingStart.line, 1)..<max(mappingStart.line, lines.count + 1) {
            let line = lines[number - 1]
            let indent = indentation(of: line)
            let content = line.dropFirst(indent)
            if !content.isEmpty, !content.hasPrefix("#"), indent < keyIndent { break }
            guard indent == keyIndent, content.hasPrefix(key + ":") else { continue }
            guard let first else {
                first = number
                continue
            }
            return error(
                "duplicate key `\(key)`: it is also on line \(first)", at: Position(line: number, column: indent + 1),
                suggestion: "keep one of the two; a key may appear once per mapping")
        }
        return error(
            "duplicate key `\(key)`", at: mappingStart,
            suggestion: "keep one of them; a key may appear once per mapping")
    }

    private func firstTabInIndentation(upTo lastLine: Int) -> Diagnostic? {
        for number in 1...max(1, min(lastLine, lines.count)) where number <= lines.count {
            let leading = lines[number - 1].prefix { $0 == " " || $0 == "\t" }
            guard let tab = leading.firstIndex(of: "\t") else { continue }
            return error(
                "line \(number) is indented with a tab; YAML indentation must be spaces",
                at: Position(line: number, column: leading.distance(from: leading.startIndex, to: tab) + 1),
                suggestion: "replace the tab with spaces")
        }
        return nil
    }

    /// `name: "quickstart` with a quote further down: libyaml reads the value on, across lines,
    /// to the next quote of its kind and fails on what follows that quote, lines below the
    /// mistake. A value opened with a quote and closed on a later line by a quote with more text
    /// after it (not a comment) is that mistake; a quoted value that spans lines and ends cleanly
    /// is legal YAML and left alone.
    private func quoteClosedOnALaterLine(upTo lastLine: Int) -> (quote: Character, position: Position)? {
        var number = 1
        while number <= min(lastLine, lines.count) {
            let line = lines[number - 1]
            guard let start = quotedValueStart(in: line) else {
                number += 1
                continue
            }
            let quote = line[start]
            var rest = line[line.index(after: start)...]
            var closing = number
            var end = Self.closingQuote(quote, in: rest)
            while end == nil {
                closing += 1
                guard closing <= lines.count else { return nil }
                rest = lines[closing - 1][...]
                end = Self.closingQuote(quote, in: rest)
            }
            guard closing > number, let end else {
                number += 1
                continue
            }
            let after = rest[rest.index(after: end)...].drop { $0 == " " }
            if closing <= lastLine, !after.isEmpty, !after.hasPrefix("#") {
                return (quote, Position(line: number, column: line.distance(from: line.startIndex, to: start) + 1))
            }
            number = closing + 1
        }
        return nil
    }

    /// Where a value that starts with a quote begins: after `key: ` or `- `.
    private func quotedValueStart(in line: Substring) -> Substring.Index? {
        var content = line.drop { $0 == " " }
        guard !content.hasPrefix("#") else { return nil }
        if content.hasPrefix("- ") {
            content = content.dropFirst(2).drop { $0 == " " }
        } else if let colon = content.firstIndex(of: ":"), content[content.index(after: colon)...].hasPrefix(" ") {
            content = content[content.index(after: colon)...].drop { $0 == " " }
        } else {
            return nil
        }
        guard let first = content.first, first == "\"" || first == "'" else { return nil }
        return content.startIndex
    }

    /// The quote that ends a quoted value in `text`: `\"` escapes a double quote, `''` a single one.
    private static func closingQuote(_ quote: Character, in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if quote == "\"", character == "\\" {
                index = next < text.endIndex ? text.index(after: next) : next
                continue
            }
            if character == quote {
                guard quote == "'", next < text.endIndex, text[next] == "'" else { return index }
                index = text.index(after: next)
                continue
            }
            index = next
        }
        return nil
    }

    /// `budget_usd 5`: a key and its value with no colon between them.
    private func missingColon(onLine number: Int) -> Diagnostic? {
        guard number >= 1, number <= lines.count else { return nil }
        let line = lines[number - 1]
        let indent = indentation(of: line)
        let content = line.dropFirst(indent)
        let key = content.prefix { $0 != " " }
        let value = content.dropFirst(key.count).drop { $0 == " " }
        guard !key.isEmpty, !key.hasPrefix("-"), !key.hasPrefix("#") else { return nil }
        return error(
            "`\(key)` needs a colon after it", at: Position(line: number, column: indent + key.count + 1),
            suggestion: value.isEmpty ? "write `\(key):`" : "write `\(key): \(value)`")
    }

    /// libyaml found a `key:` where no mapping can start: after a line that lost its colon (it
    /// ran on into this one), inside a value that contains `: `, or on a line indented deeper
    /// than a key that already has a value.
    private func mappingValueNotAllowed(at mark: Position) -> Diagnostic? {
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let line = lines[mark.line - 1]
        let indent = indentation(of: line)
        let previous = previousContentLine(before: mark.line)
        if let previous, indentation(of: previous.text) == indent, !previous.text.contains(":"),
            !previous.text.dropFirst(indent).hasPrefix("-")
        {
            return missingColon(onLine: previous.number)
        }
        let content = line.dropFirst(indent)
        if let colon = content.firstIndex(of: ":"),
            content.distance(from: content.startIndex, to: colon) + indent + 1 < mark.column
        {
            let key = content[..<colon].trimmingPrefix("- ")
            let value = content[content.index(after: colon)...].drop { $0 == " " }
            return error(
                "the value of `\(key)` contains `: `, which YAML reads as a new key",
                at: Position(line: mark.line, column: mark.column),
                suggestion: "put the value in quotes: `\(key): \"\(value)\"`")
        }
        return badIndentation(onLine: mark.line)
    }

    /// A line whose indentation lines it up with nothing above it.
    private func badIndentation(onLine number: Int) -> Diagnostic? {
        guard number >= 1, number <= lines.count else { return nil }
        let indent = indentation(of: lines[number - 1])
        // The lines above it down to its parent (the first less indented one): its siblings are
        // the least indented of those. A line above at its own indentation lines it up: then the
        // trouble is not its indentation.
        var sibling: (number: Int, indent: Int)?
        var before = number
        while let above = previousContentLine(before: before) {
            let aboveIndent = indentation(of: above.text)
            if aboveIndent == indent { return nil }
            if aboveIndent < indent { break }
            if aboveIndent <= sibling?.indent ?? .max { sibling = (above.number, aboveIndent) }
            before = above.number
        }
        if let sibling {
            return error(
                "line \(number) is indented \(spaces(indent)), but the lines it follows are indented "
                    + "\(spaces(sibling.indent)) (line \(sibling.number))",
                at: Position(line: number, column: indent + 1),
                suggestion: "indent it \(spaces(sibling.indent)), like line \(sibling.number)")
        }
        guard let parent = previousContentLine(before: number), indentation(of: parent.text) < indent else {
            return nil
        }
        let parentIndent = indentation(of: parent.text)
        return error(
            "line \(number) is indented more than line \(parent.number), whose key already has a value",
            at: Position(line: number, column: indent + 1),
            suggestion: "indent it \(spaces(parentIndent)), like line \(parent.number)")
    }

    private func previousContentLine(before number: Int) -> (number: Int, text: Substring)? {
        var candidate = number - 1
        while candidate >= 1 {
            let text = lines[candidate - 1]
            let content = text.drop { $0 == " " }
            if !content.isEmpty, !content.hasPrefix("#") { return (candidate, text) }
            candidate -= 1
        }
        return nil
    }

    private func indentation(of line: Substring) -> Int {
        line.prefix { $0 == " " }.count
    }

    private func character(at position: Position) -> Character? {
        guard position.line >= 1, position.line <= lines.count else { return nil }
        let line = lines[position.line - 1]
        guard position.column >= 1, position.column <= line.count else { return nil }
        return line[line.index(line.startIndex, offsetBy: position.column - 1)]
    }

    private func spaces(_ count: Int) -> String {
        count == 1 ? "1 space" : "\(count) spaces"
    }

    private func error(_ message: String, at position: Position, suggestion: String) -> Diagnostic {
        .error(
            message, at: SourceLocation(file: file, line: position.line, column: position.column),
            suggestion: suggestion)
    }
}
