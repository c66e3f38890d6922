import CatalogModel
import CatalogTestSupport
import Foundation
import PipelineSpec
import Testing

/// YAML syntax errors as a merchandiser makes them, each with the line and column they must
/// edit (`1️⃣`), what is wrong, and what to write there. On main these were libyaml's own words
/// at the place its parser gave up: a missing colon two lines later as "could not find expected
/// ':'", a misindented list as "did not find expected '-' indicator", a tab at column 1 as
/// "found character that cannot start any token".
struct YAMLSyntaxDiagnosticsTests {
    static let cases: [(marked: String, message: String, suggestion: String)] = [
        (
            "version: 1\nlimits:\n  concurrency: 2\n  budget_usd1️⃣ 5\noutput:\n  folder: out\n",
            "`budget_usd` needs a colon after it", "write `budget_usd: 5`"
        ),
        (
            "version: 1\nlimits:\n  budget_usd1️⃣ 5\n  concurrency: 2\noutput:\n  folder: out\n",
            "`budget_usd` needs a colon after it", "write `budget_usd: 5`"
        ),
        (
            "version: 1\nbudget_usd1️⃣ 5\noutput:\n  folder: out\n",
            "`budget_usd` needs a colon after it", "write `budget_usd: 5`"
        ),
        (
            "variants:\n  background:\n    - id: marble\n      text: a\n   1️⃣- id: teal\n      text: b\n",
            "line 5 is indented 3 spaces, but the lines it follows are indented 4 spaces (line 3)",
            "indent it 4 spaces, like line 3"
        ),
        (
            "feed:\n  source: a.csv\n 1️⃣profile: shopify\nprompt: x\n",
            "line 3 is indented 1 space, but the lines it follows are indented 2 spaces (line 2)",
            "indent it 2 spaces, like line 2"
        ),
        (
            "feed:\n  source: a.csv\n   1️⃣profile: shopify\nprompt: x\n",
            "line 3 is indented more than line 2, whose key already has a value", "indent it 2 spaces, like line 2"
        ),
        (
            "version: 1\nfeed:\n1️⃣\tsource: a.csv\n",
            "line 3 is indented with a tab; YAML indentation must be spaces", "replace the tab with spaces"
        ),
        (
            "feed:\n  source: a.csv\n  1️⃣\tprofile: x\nprompt: x\n",
            "line 3 is indented with a tab; YAML indentation must be spaces", "replace the tab with spaces"
        ),
        (
            "version: 1\nprompt: 1️⃣\"a {{title}} on teal\nfeed:\n  source: a.csv\n",
            "this quoted value is never closed", "end it with \" on the same line, or remove the opening \""
        ),
        (
            "version: 1\nname: 1️⃣\"quickstart\nfeed:\n  source: a.csv\nimage:\n  size: \"1:1\"\n",
            "this quoted value is never closed on its line",
            "end it with \" on line 2, or remove the opening \""
        ),
        (
            "version: 1\nname: 1️⃣'quickstart\nfeed:\n  source: a.csv # the shop's feed\nprompt: x\n",
            "this quoted value is never closed on its line",
            "end it with ' on line 2, or remove the opening '"
        ),
        (
            "version: 1\nvariants:\n  background:\n    - 1️⃣\"marble\n    - teal\nprompt: \"a {{title}}\"\n",
            "this quoted value is never closed on its line",
            "end it with \" on line 4, or remove the opening \""
        ),
        (
            "version: 1\nreferences: 1️⃣[image_link, additional_image_links[0]\nfeed:\n  source: a.csv\n",
            "the `[` opened here is never closed", "close it with `]` on the same line"
        ),
        (
            "version: 1\nprompt: a mug1️⃣: on teal\n",
            "the value of `prompt` contains `: `, which YAML reads as a new key",
            "put the value in quotes: `prompt: \"a mug: on teal\"`"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\n  profile: shopify\n  1️⃣source: b.csv\n",
            "duplicate key `source`: it is also on line 3", "keep one of the two; a key may appear once per mapping"
        ),
    ]

    /// A quoted value may span lines in YAML: one that ends cleanly is neither an error nor
    /// blamed for a mistake below it.
    @Test func aQuotedValueOverTwoLinesIsLegalAndNotBlamedForALaterMistake() throws {
        let twoLines = validSpec.replacingOccurrences(
            of: "prompt: \"{{title}} {{background.text}}\"",
            with: "prompt: \"{{title}}\n  {{background.text}}\"")
        #expect(try loadSpec(twoLines).prompt.source == "{{title}} {{background.text}}")
        let source = MarkedText(twoLines.replacingOccurrences(of: "text: on marble", with: "text1️⃣ on marble"))
        let error = #expect(throws: DiagnosticsError.self) { try loadSpec(source.text) }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.message == "`text` needs a colon after it")
        #expect(diagnostic.location?.line == source["1"].line, "\(diagnostic)")
    }

    @Test(arguments: cases)
    func eachSyntaxErrorPointsAtTheLineToEdit(marked: String, message: String, suggestion: String) throws {
        let source = MarkedText(marked)
        let error = #expect(throws: DiagnosticsError.self) { try loadSpec(source.text) }
        let diagnostic = try #require(error?.diagnostics.first)
        let expected = source["1"]
        #expect(diagnostic.message == message)
        #expect(diagnostic.suggestion == suggestion)
        #expect(diagnostic.location?.line == expected.line, "\(diagnostic)")
        #expect(diagnostic.location?.column == expected.column, "\(diagnostic)")
    }
}

/// Hostile input: the valid spec with bytes deleted, duplicated or swapped for YAML's own
/// punctuation, thousands of times (seeded). Every broken one ends in diagnostics pointing
/// inside the file; none crashes the translation.
@Suite(.offThePool)
struct YAMLSyntaxMutationTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func mutatedSpecsGetDiagnosticsInsideTheFile(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let original = Array(validSpec.utf8)
        let punctuation = Array(":-[]{}\"'\t #|>&*!%@`,\n".utf8)
        for _ in 0..<1500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(bytes[at], at: at)
                default: bytes[at] = punctuation[Int.random(in: 0..<punctuation.count, using: &random)]
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            do {
                _ = try loadSpec(text)
            } catch {
                for diagnostic in error.diagnostics {
                    let line = diagnostic.location?.line ?? 1
                    #expect(line >= 1 && line <= lineCount + 1, "\(diagnostic) in:\n\(text)")
                }
            }
        }
    }
}
