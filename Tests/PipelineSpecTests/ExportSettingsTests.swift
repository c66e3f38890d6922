import CatalogModel
import CatalogTestSupport
import Foundation
import PipelineSpec
import Testing

/// `exports:` (issue #21 item 3) loads into `ExportSettings`; the broken cases, each with its
/// position, are in `SpecDiagnosticsCorpusTests.exportsCases`.
struct ExportSettingsTests {
    static let base = """
        version: 1
        feed:
          source: a.csv
        variants:
          background:
            - id: white
              label: White
              text: on white
            - id: marble
              label: Marble
              text: on marble
        prompt: "{{title}} {{background.text}}"
        output:
          folder: out

        """

    @Test func theDocumentedExampleLoads() throws {
        let marked = MarkedText(
            Self.base + """
                exports:
                  amazon:
                    main: { background: white }     # the variant exported as SKU.MAIN
                    conform_main: false
                  merchant_center:
                    images: append                  # append (default) or replace
                    attribute: additional_image_link   # or lifestyle_image_link
                  shopify:
                    handle: 1️⃣attributes.handle       # default: the Handle of a Shopify feed
                    position: after                 # after (default): after the product's images
                    alt: "{{title}} {{background.id}}"

                """)
        let spec = try loadSpec(marked.text)
        var expected = ExportSettings(
            amazon: AmazonExportSettings(main: ["background": "white"], conformMain: false),
            merchantCenter: MerchantCenterExportSettings(images: .append, attribute: .additionalImageLink),
            shopify: ShopifyExportSettings(
                handle: "attributes.handle", position: .after, alt: try PromptTemplate("{{title}} {{background.id}}")))
        // The channels named are the ones the review page judges images for.
        expected.declaredChannels = ["amazon", "merchant_center", "shopify"]
        #expect(spec.exports == expected)
        #expect(spec.warnings.isEmpty, "\(spec.warnings)")
        let handle = marked["1"]
        #expect(
            spec.attributeUses == [
                PipelineSpec.AttributeUse(
                    attribute: "handle",
                    location: SourceLocation(file: "spec.yml", line: handle.line, column: handle.column),
                    key: "exports.shopify.handle", inTemplate: false)
            ])
    }

    @Test func everyOtherValueLoads() throws {
        let spec = try loadSpec(
            Self.base + """
                exports:
                  amazon:
                    main:
                      background: marble
                    conform_main: TRUE
                  merchant_center:
                    images: Replace
                    attribute: lifestyle_image_link
                  shopify:
                    handle: mpn
                    position: first
                    alt: "{{brand}} {{title}}{{#background.label}}, {{background.label}}{{/background.label}}"

                """)
        #expect(spec.exports.amazon == AmazonExportSettings(main: ["background": "marble"], conformMain: true))
        #expect(
            spec.exports.merchantCenter
                == MerchantCenterExportSettings(images: .replace, attribute: .lifestyleImageLink))
        #expect(spec.exports.shopify.handle == "mpn")
        #expect(spec.exports.shopify.position == .first)
        #expect(spec.exports.shopify.alt?.names == ["brand", "title", "background.label"])
        #expect(spec.attributeUses.isEmpty)
    }

    @Test func anAbsentSectionOrKeyIsTheDefault() throws {
        #expect(try loadSpec(Self.base).exports == ExportSettings())
        let partial = try loadSpec(Self.base + "exports:\n  shopify:\n    position: first\n")
        var expected = ExportSettings(shopify: ShopifyExportSettings(position: .first))
        expected.declaredChannels = ["shopify"]
        #expect(partial.exports == expected)
        #expect(try loadSpec(Self.base).exports.declaredChannels == nil, "no section: every channel")
        let defaults = ExportSettings()
        #expect(defaults.amazon.main.isEmpty && !defaults.amazon.conformMain)
        #expect(defaults.merchantCenter.images == .append && defaults.merchantCenter.attribute == .additionalImageLink)
        #expect(defaults.shopify.handle == nil && defaults.shopify.position == .after && defaults.shopify.alt == nil)
    }

    @Test func aMainNamingSomeAxesMatchesTheVariantsWithThoseEntries() throws {
        let yaml = Self.base.replacingOccurrences(
            of: "prompt:", with: "  season:\n    - id: winter\n    - id: summer\nprompt:")
        let spec = try loadSpec(yaml + "exports:\n  amazon:\n    main: { season: summer }\n")
        #expect(spec.exports.amazon.main == ["season": "summer"])
    }

    @Test func conformingWithoutAMainIsAWarning() throws {
        let marked = MarkedText(Self.base + "exports:\n  amazon:\n    conform_main: 1️⃣true\n")
        let spec = try loadSpec(marked.text)
        #expect(spec.exports.amazon.conformMain)
        let at = marked["1"]
        #expect(
            spec.warnings.map(\.description) == [
                "spec.yml:\(at.line):\(at.column): warning: `exports.amazon.conform_main` is true, but "
                    + "`exports.amazon.main` is not set: there is no MAIN image to conform; set "
                    + "`exports.amazon.main`, e.g. `{ background: white }`, or remove `conform_main`"
            ])
    }

    struct FeedCase: Sendable, CustomTestStringConvertible {
        var shopify: String
        var columns: [String]
        var expected: [String]
        var testDescription: String { shopify }
    }

    /// The handle's and alt text's `attributes.X` are checked against the feed like the prompt's.
    static let feedCases: [FeedCase] = [
        FeedCase(
            shopify: "handle: 1️⃣attributes.hndle", columns: ["handle", "finish"],
            expected: [
                "error: no record in the feed has `hndle`, which `exports.shopify.handle` names as "
                    + "`attributes.hndle`; did you mean `attributes.handle`?"
            ]),
        FeedCase(
            shopify: "handle: 1️⃣attributes.color", columns: [],
            expected: [
                "error: no record in the feed has `color`, which `exports.shopify.handle` names as "
                    + "`attributes.color`; `color` is a product field: use `color`"
            ]),
        FeedCase(
            shopify: "alt: \"{{title}} in 1️⃣{{attributes.finsh}}\"", columns: ["handle", "finish"],
            expected: [
                "error: no record in the feed has `finsh`, which `exports.shopify.alt` uses as "
                    + "`{{attributes.finsh}}`; did you mean `{{attributes.finish}}`?"
            ]),
        FeedCase(
            shopify: "alt: \"{{title}}1️⃣{{#attributes.finsh}}, matte{{/attributes.finsh}}\"", columns: ["finish"],
            expected: [
                "warning: no record in the feed has `finsh`: the section `{{#attributes.finsh}}` in "
                    + "`exports.shopify.alt` never applies; did you mean `{{attributes.finish}}`?"
            ]),
        FeedCase(
            shopify: "handle: attributes.handle\n    alt: \"{{attributes.finish}} {{title}}\"",
            columns: ["handle", "finish"], expected: []),
    ]

    @Test(arguments: feedCases)
    func feedColumnsTheShopifySettingsNameAreChecked(_ testCase: FeedCase) throws {
        let marked = MarkedText(Self.base + "exports:\n  shopify:\n    \(testCase.shopify)\n")
        let spec = try loadSpec(marked.text)
        let at = marked["1"]
        let expected = testCase.expected.map { "spec.yml:\(at.line):\(at.column): \($0)" }
        #expect(spec.diagnostics(forFeedAttributes: testCase.columns).map(\.description) == expected)
    }

    @Test func thePromptsFeedCheckStillComesFirstAndUnchanged() throws {
        let yaml = Self.base.replacingOccurrences(of: "{{title}} {{background.text}}", with: "{{attributes.finsh}}")
        let spec = try loadSpec(yaml + "exports:\n  shopify:\n    handle: attributes.hndle\n")
        #expect(
            spec.diagnostics(forFeedAttributes: ["finish", "handle"]).map(\.message) == [
                "no record in the feed has `finsh`, which the prompt uses as `{{attributes.finsh}}`",
                "no record in the feed has `hndle`, which `exports.shopify.handle` names as `attributes.hndle`",
            ])
    }
}
