import CatalogModel
import CatalogTestSupport
import Foundation
import PipelineSpec
import Testing

/// A prompt's `{{attributes.X}}` is checked against the feed's real columns once the feed is
/// read: a name no record has is a located error with a did-you-mean, not a skip per product.
struct FeedAttributeCheckTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var prompt: String
        var columns: [String]
        var expected: [String]
        var testDescription: String { prompt }
    }

    static let cases: [Case] = [
        Case(
            prompt: "Photo of the {{title}} in 1️⃣{{attributes.condtion}} condition",
            columns: ["condition", "finish"],
            expected: [
                "spec.yml:4:1️⃣: error: no record in the feed has `condtion`, which the prompt uses as "
                    + "`{{attributes.condtion}}`; did you mean `{{attributes.condition}}`?"
            ]),
        Case(
            prompt: "{{title}}{{#attributes.finsh}}, 1️⃣{{attributes.finsh}} finish{{/attributes.finsh}}",
            columns: ["condition", "finish"],
            expected: [
                "spec.yml:4:1️⃣: error: no record in the feed has `finsh`, which the prompt uses as "
                    + "`{{attributes.finsh}}`; did you mean `{{attributes.finish}}`?"
            ]),
        Case(
            prompt: "{{title}} in 1️⃣{{attributes.color}}",
            columns: ["finish"],
            expected: [
                "spec.yml:4:1️⃣: error: no record in the feed has `color`, which the prompt uses as "
                    + "`{{attributes.color}}`; `color` is a product field: use `{{color}}`"
            ]),
        Case(
            prompt: "{{title}}, 1️⃣{{attributes.zzzzzzzz}}",
            columns: ["finish", "material_grade"],
            expected: [
                "spec.yml:4:1️⃣: error: no record in the feed has `zzzzzzzz`, which the prompt uses as "
                    + "`{{attributes.zzzzzzzz}}`; the feed's other columns are: finish, material_grade"
            ]),
        Case(
            prompt: "{{title}}, 1️⃣{{attributes.finish}}",
            columns: [],
            expected: [
                "spec.yml:4:1️⃣: error: no record in the feed has `finish`, which the prompt uses as "
                    + "`{{attributes.finish}}`; the feed has no columns beyond the product fields"
            ]),
        // Only a section's guard: optional text a feed without the column simply never gets.
        Case(
            prompt: "{{title}}1️⃣{{#attributes.finsh}} with a matte finish{{/attributes.finsh}}",
            columns: ["condition", "finish"],
            expected: [
                "spec.yml:4:1️⃣: warning: no record in the feed has `finsh`: the section "
                    + "`{{#attributes.finsh}}` never applies; did you mean `{{attributes.finish}}`?"
            ]),
        Case(prompt: "{{title}} in {{attributes.condition}} condition", columns: ["condition"], expected: []),
    ]

    @Test(arguments: cases)
    func namesNoRecordHasAreLocatedDiagnostics(_ testCase: Case) throws {
        let marked = MarkedText(
            "version: 1\nfeed:\n  source: feed.csv\nprompt: \"\(testCase.prompt)\"\noutput:\n  folder: out\n")
        let spec = try SpecLoader.parse(yaml: marked.text, file: "spec.yml", baseDirectory: "/specs")
        let column = marked["1"].column
        let expected = testCase.expected.map { $0.replacingOccurrences(of: "1️⃣", with: "\(column)") }
        #expect(spec.diagnostics(forFeedAttributes: testCase.columns).map(\.description) == expected)
    }

    @Test func everyUseIsReportedOnceWithItsOwnLine() throws {
        let yaml = """
            version: 1
            feed:
              source: feed.csv
            prompt: |
              Photo of the {{title}} in {{attributes.condtion}} condition,
              {{attributes.condtion}} again, with a {{attributes.finish}} finish and {{attributes.sise}}.
            output:
              folder: out
            """
        let spec = try SpecLoader.parse(yaml: yaml, file: "spec.yml", baseDirectory: "/specs")
        let diagnostics = spec.diagnostics(forFeedAttributes: ["condition", "finish", "size_label"])
        #expect(diagnostics.map { $0.location?.description ?? "" } == ["spec.yml:5:29", "spec.yml:6:74"])
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test func maxSkippedIsValidatedLikeEveryKey() throws {
        func load(_ limits: String) throws(DiagnosticsError) -> PipelineSpec {
            try SpecLoader.parse(
                yaml:
                    "version: 1\nfeed:\n  source: f.csv\nprompt: \"{{title}}\"\nlimits:\n\(limits)\noutput:\n  folder: out\n",
                file: "spec.yml", baseDirectory: "/specs")
        }
        #expect(try load("  concurrency: 2").limits.maxSkipped == 0, "by default no skip is expected")
        #expect(try load("  max_skipped: 25").limits.maxSkipped == 25)
        #expect(try load("  max_skipped: any").limits.maxSkipped == nil)
        let typo = #expect(throws: DiagnosticsError.self) { try load("  max_skiped: 3") }
        #expect(
            typo?.diagnostics.map(\.description) == [
                "spec.yml:6:3: error: unknown key `max_skiped` in `limits`; did you mean `max_skipped`?"
            ])
        let negative = #expect(throws: DiagnosticsError.self) { try load("  max_skipped: -1") }
        #expect(negative?.diagnostics.first?.location?.line == 6)
        let word = #expect(throws: DiagnosticsError.self) { try load("  max_skipped: all") }
        #expect(word?.diagnostics.first?.message.contains("limits.max_skipped") == true)
    }
}
