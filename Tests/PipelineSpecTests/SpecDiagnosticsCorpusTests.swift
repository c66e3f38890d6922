import CatalogModel
import CatalogTestSupport
import Foundation
import PipelineSpec
import Testing

/// A corpus of broken specs, each with the exact diagnostic a merchandiser must see and the
/// position it must point at (`1️⃣`). Together with `SpecLoaderTests` these cover typos, wrong
/// types, bad structure, template names, sizes, selections and variants.
struct SpecDiagnosticsCorpusTests {
    static let header =
        "version: 1\nfeed:\n  source: a.csv\nprompt: \"{{title}} {{background.text}}\"\noutput:\n  folder: out\n"
    static let variants =
        "variants:\n  background:\n    - id: marble\n      text: on marble\n    - id: teal\n      text: on teal\n"

    static let cases: [(String, String)] = [
        (
            header + "select:\n  field: 1️⃣titel\n  equals: x\n",
            "unknown product field `titel`; did you mean `title`?"
        ),
        (
            header + "select:\n  1️⃣field: brand\n  equals: x\n  contains: y\n",
            "`select` needs exactly one test for `brand`; one of: equals, one_of, contains, matches, exists, greater_than, less_than, at_least, at_most"
        ),
        (
            header + "select:\n  field: title\n  matches: 1️⃣\"([a-z\"\n",
            "`select.matches` is not a valid regular expression"
        ),
        (
            header + "select:\n  field: brand\n  exists: 1️⃣maybe\n",
            "`select.exists` must be true or false, found `maybe`"
        ),
        (
            header + "select:\n  field: price\n  less_than: 1️⃣cheap\n",
            "`select.less_than` must be a number, found `cheap`"
        ),
        (
            header + "select:\n  any:\n    - field: brand\n      equals: A\n    - 1️⃣colour: red\n",
            "unknown key `colour` in `select.any[]`; expected one of: all, any, not, field"
        ),
        (
            header + variants + "  exclude:\n    - background: 1️⃣marbel\n",
            "unknown `background` entry `marbel` in `variants.exclude`; did you mean `marble`?"
        ),
        (
            header + "variants:\n  background:\n    - id: marble\n      text: a\n    - 1️⃣id: marble\n      text: b\n",
            "duplicate id `marble` in `variants.background`"
        ),
        (
            header
                + "variants:\n  background:\n    - id: marble\n      text: a\n      image:\n        size: 1️⃣100x100\n",
            "size 100x100: 10000 pixels is outside 655360–8294400"
        ),
        (
            header + "feed2: x\n".replacingOccurrences(of: "feed2", with: "1️⃣fed"),
            "unknown key `fed` at the top level; did you mean `feed`?"
        ),
        (
            header + variants + "1️⃣exclude:\n  - background: marble\n",
            "`exclude` belongs under `variants:`, not at the top level"
        ),
        (
            header + "1️⃣budget_usd: 5\n",
            "`budget_usd` belongs under `limits:`, not at the top level"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\n  profile: 1️⃣shopfy\nprompt: x\noutput:\n  folder: out\n",
            "unknown profile `shopfy` for `feed.profile`; did you mean `shopify`?"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\n  encoding: 1️⃣latin9\nprompt: x\noutput:\n  folder: out\n",
            "unknown encoding `latin9` for `feed.encoding`; expected one of: utf-8, windows-1252, iso-8859-1"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\n  max_invalid_percent: 1️⃣150\nprompt: x\noutput:\n  folder: out\n",
            "`feed.max_invalid_percent` must be at most 100, not 150"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\n  delimiter: 1️⃣\"::\"\nprompt: x\noutput:\n  folder: out\n",
            "`feed.delimiter` must be one character or comma, tab, semicolon, pipe"
        ),
        (
            "version: 1\nfeed:\n  1️⃣source: a.xml\n  profile: generic-xml\nprompt: x\noutput:\n  folder: out\n",
            "a generic-xml feed needs `feed.item_element`, the element that repeats per product"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\n  mapping:\n    1️⃣sku: SKU\nprompt: x\noutput:\n  folder: out\n",
            "unknown key `sku` in `feed.mapping`; expected one of: id, title"
        ),
        (
            header + "api:\n  base_url: 1️⃣ftp://api.test\n",
            "`api.base_url` must be an http(s) URL"
        ),
        (
            header + "image:\n  model: gpt-image-2-beta\n  quality: 1️⃣high\n",
            "gpt-image-2-beta does not take a quality; remove `quality`"
        ),
        (
            header + "image:\n  model: gpt-image-2\n  size: 1️⃣\"4:1\"\n",
            "size `4:1` is not a ratio (1:1, 1:2, 2:1, 1:3, 3:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 9:21, 21:9), `WxH` or `auto`"
        ),
        (
            header + "image:\n  model: gpt-image-2\n  resolution: 1️⃣8K\n",
            "unknown resolution `8K`; expected 1K, 2K or 4K"
        ),
        (
            header + "image:\n  model: gpt-image-2\n  size: 1️⃣\"1000x1000\"\n",
            "size 1000x1000: width and height must be multiples of 16"
        ),
        (
            header + "image:\n  model: gpt-image-2\n  quality: 1️⃣ultra\n",
            "unknown quality `ultra`; expected low, medium or high"
        ),
        (
            header + "limits:\n  concurrency: 1️⃣0\n",
            "`limits.concurrency` must be between 1 and 256, not 0"
        ),
        (
            header + "variants: 1️⃣[marble, teal]\n",
            "`variants` must be a mapping of axis names to lists, found a list"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: 1️⃣\"   \"\noutput:\n  folder: out\n",
            "the prompt is empty"
        ),
        (
            "version: 1\nfeed: 1️⃣products.csv\nprompt: x\noutput:\n  folder: out\n",
            "`feed` must be a mapping (`key: value` lines), found `products.csv`"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: x\noutput:\n  folder: out\nreferences: 1️⃣image_link\n",
            "`references` must be a list (`- item` lines), found `image_link`"
        ),
        (
            "version: 1\nfeed:\n  source: a.csv\nprompt: \"1️⃣{{attributes}}\"\noutput:\n  folder: out\n",
            "unknown field `{{attributes}}` in prompt"
        ),
    ]

    @Test(arguments: cases + exportsCases)
    func eachBrokenSpecGetsItsDiagnostic(marked: String, message: String) throws {
        let source = MarkedText(marked)
        let error = #expect(throws: DiagnosticsError.self) { try loadSpec(source.text) }
        let diagnostics = error?.diagnostics ?? []
        let diagnostic = try #require(
            diagnostics.first { $0.description.contains(message) },
            "no `\(message)` in \(diagnostics.map(\.description))")
        let expected = source["1"]
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location?.line == expected.line, "\(diagnostic)")
        #expect(diagnostic.location?.column == expected.column, "\(diagnostic)")
    }

    @Test func aPromptThatIgnoresAnAxisIsAWarningNotAnError() throws {
        let spec = try loadSpec(Self.header.replacingOccurrences(of: " {{background.text}}", with: "") + Self.variants)
        #expect(
            spec.warnings.map(\.message) == [
                "the prompt uses no field of variant axis `background`: its 2 entries would generate 2 copies of the same prompt"
            ])
    }

    @Test func selectionsRestrictionsExclusionsAndOverridesShapeTheJobs() throws {
        let yaml = """
            version: 1
            feed:
              source: a.csv
            select:
              all:
                - field: price
                  at_most: 100
                - any:
                    - field: brand
                      one_of: [Kiln, Stride]
                    - field: title
                      matches: "(?i)lamp"
            variants:
              background:
                - id: snow
                  text: in snow
                  only:
                    field: product_type
                    contains: outdoor
                - id: studio
                  text: in a studio
                  image:
                    quality: high
              season:
                - id: winter
                - id: summer
              exclude:
                - background: snow
                  season: summer
            prompt: "{{title}} {{background.text}} {{season.id}}"
            output:
              folder: out

            """
        let spec = try loadSpec(yaml)
        #expect(
            spec.variants.map(\.id) == [
                "background=snow,season=winter", "background=studio,season=winter", "background=studio,season=summer",
            ])
        let mug = Product(id: "A", title: "Mug", brand: "Kiln", productType: "Kitchen", price: "18.00 USD")
        let boot = Product(id: "B", title: "Boot", brand: "Stride", productType: "Outdoor shoes", price: "99 USD")
        let lamp = Product(id: "C", title: "Desk Lamp", brand: "Lumen", price: "1,299.00 USD")
        let selection = try #require(spec.selection)
        #expect(selection.matches(mug) && selection.matches(boot) && !selection.matches(lamp))
        let snow = try #require(spec.variants.first)
        #expect(!spec.variant(snow, appliesTo: mug) && spec.variant(snow, appliesTo: boot))
        #expect(spec.imageSettings(for: spec.variants[1]).quality == "high")
        #expect(spec.imageSettings(for: snow).quality == "medium")
    }
}

/// `exports:` (issue #21): typos, wrong values and types, and settings that name a variant or
/// field the spec does not have.
extension SpecDiagnosticsCorpusTests {
    static let exportsHeader =
        header
        + "variants:\n  background:\n    - id: white\n      label: white\n      text: on white\n"
        + "    - id: marble\n      label: marble\n      text: on marble\n"
    static let seasons =
        "  season:\n    - id: winter\n    - id: summer\n  exclude:\n    - background: white\n      season: summer\n"

    static let exportsCases: [(String, String)] = [
        (
            exportsHeader + "exports:\n  1️⃣merchant_centre:\n    images: append\n",
            "unknown key `merchant_centre` in `exports`; did you mean `merchant_center`?"
        ),
        (
            exportsHeader + "exports: 1️⃣[amazon]\n",
            "`exports` must be a mapping (`key: value` lines), found a list"
        ),
        (
            exportsHeader + "exports:\n  merchant_center:\n    images: 1️⃣merge\n",
            "unknown mode `merge` for `exports.merchant_center.images`; expected one of: append, replace"
        ),
        (
            exportsHeader + "exports:\n  merchant_center:\n    attribute: 1️⃣image_link\n",
            "unknown attribute `image_link` for `exports.merchant_center.attribute`; expected one of: "
                + "additional_image_link, lifestyle_image_link"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    position: 1️⃣last\n",
            "unknown position `last` for `exports.shopify.position`; expected one of: after, first"
        ),
        (
            exportsHeader + "exports:\n  amazon:\n    1️⃣conform_mian: true\n",
            "unknown key `conform_mian` in `exports.amazon`; did you mean `conform_main`?"
        ),
        (
            exportsHeader + "exports:\n  amazon:\n    main: { 1️⃣backgroud: white }\n",
            "unknown key `backgroud` in `exports.amazon.main`; did you mean `background`?"
        ),
        (
            exportsHeader + "exports:\n  amazon:\n    main: { background: 1️⃣whte }\n",
            "unknown `background` entry `whte` in `exports.amazon.main`; did you mean `white`?"
        ),
        (
            exportsHeader + "exports:\n  amazon:\n    main: 1️⃣white\n",
            "`exports.amazon.main` must be a mapping of variant axes to entry ids, such as "
                + "`{ background: white }`, found `white`"
        ),
        (
            exportsHeader + "exports:\n  amazon:\n    main: 1️⃣{}\n",
            "`exports.amazon.main` names no variant; name an entry of an axis, e.g. `{ background: white }`, "
                + "or remove `main`"
        ),
        (
            exportsHeader + seasons + "exports:\n  amazon:\n    main: 1️⃣{ background: white, season: summer }\n",
            "`exports.amazon.main` matches no variant: `variants.exclude` excludes every combination with "
                + "background=white,season=summer; name a variant the spec generates"
        ),
        (
            header + "exports:\n  amazon:\n    main: 1️⃣{ background: white }\n",
            "`exports.amazon.main` names a variant, but the spec has no `variants`; remove `main`, or add the "
                + "variant axis it names"
        ),
        (
            exportsHeader + "exports:\n  amazon:\n    conform_main: 1️⃣maybe\n",
            "`exports.amazon.conform_main` must be true or false, found `maybe`"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    alt: \"1️⃣{{titel}} {{background.id}}\"\n",
            "unknown field `{{titel}}` in `exports.shopify.alt`; did you mean `{{title}}`?"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    alt: \"{{title}} 1️⃣{{background.lable}}\"\n",
            "unknown field `{{background.lable}}` in `exports.shopify.alt`; did you mean `{{background.label}}`?"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    alt: 1️⃣\"{{title} on {{background.id}}\"\n",
            "exports.shopify.alt: `{{` is never closed with `}}`"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    alt: 1️⃣\"\"\n",
            "`exports.shopify.alt` is empty; remove it for the default alt text"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    handle: 1️⃣{{x}}\n",
            "`exports.shopify.handle` must be a field name such as `attributes.handle`, found a mapping; "
                + "write the name without `{{ }}`, which YAML reads as a mapping"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    handle: 1️⃣[id]\n",
            "`exports.shopify.handle` must be a text value, found a list"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    handle: 1️⃣\"{{attributes.handle}}\"\n",
            "`exports.shopify.handle` is a field name, not a template; write `attributes.handle`"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    handle: 1️⃣attributes handle\n",
            "`exports.shopify.handle` `attributes handle` is not a field name; a product field such as `id` or "
                + "`mpn`, or `attributes.<column>`"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    handle: 1️⃣titel\n",
            "unknown product field `titel` for `exports.shopify.handle`; did you mean `title`?"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    handle: 1️⃣handle\n",
            "unknown product field `handle` for `exports.shopify.handle`; a feed column is written "
                + "`attributes.handle`; product fields are: id, title"
        ),
        (
            exportsHeader + "exports:\n  shopify:\n    handle: 1️⃣background.id\n",
            "`exports.shopify.handle` cannot use variant axis `background`: a handle names the product, which all "
                + "its variants share; use a product field such as `id`, or `attributes.<column>`"
        ),
    ]
}
