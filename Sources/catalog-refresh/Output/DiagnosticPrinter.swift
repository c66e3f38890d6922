import CatalogModel
import Foundation
import PipelineSpec

/// Prints diagnostics the way compilers do, each with its source line and a caret under the
/// column, or as JSON for CI (`--format json`). A spec or a feed may hold control characters: in
/// text they are shown escaped, so a message or a quoted line never acts on the terminal.
enum DiagnosticPrinter {
    static func text(_ diagnostics: [Diagnostic]) -> String {
        var sources: [String: [Substring]] = [:]
        var out: [String] = []
        for diagnostic in diagnostics.sorted(by: { $0.severity < $1.severity }) {
            out.append(diagnostic.description.escapingControlCharacters)
            guard let location = diagnostic.location else { continue }
            if sources[location.file] == nil {
                // Only as much as the spec loader reads: a diagnostic about a file too large, or
                // a pipe or device, must not read it whole (or wait on it) to quote line 1.
                let bytes = (try? BoundedFile.read(location.file, limit: SpecLoader.maxSpecBytes)) ?? []
                let text = String(decoding: bytes, as: UTF8.self)
                sources[location.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
            }
            guard let lines = sources[location.file], location.line >= 1, location.line <= lines.count else { continue }
            let line = lines[location.line - 1]
            let before = Substring(line.unicodeScalars.prefix(max(0, location.column - 1)))
            // Keep tabs so the caret lines up under them; pad under escapes as wide as they print.
            let padding = String(before).escapingControlCharacters(keeping: ["\t"]).unicodeScalars.map {
                $0 == "\t" ? "\t" : " "
            }.joined()
            out.append("    \(String(line).escapingControlCharacters(keeping: ["\t"]))")
            out.append("    \(padding)^")
        }
        return out.joined(separator: "\n")
    }

    struct Entry: Encodable {
        var severity: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
        var suggestion: String?
    }

    static func json(_ diagnostics: [Diagnostic]) -> String {
        let entries = diagnostics.map {
            Entry(
                severity: $0.severity.rawValue, message: $0.message, file: $0.location?.file, line: $0.location?.line,
                column: $0.location?.column, suggestion: $0.suggestion)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(["diagnostics": entries])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
