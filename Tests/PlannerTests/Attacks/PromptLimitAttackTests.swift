import CatalogModel
import PipelineSpec
import Planner
import Testing

@Suite("Prompt limit attacks")
struct PromptLimitAttackTests {
    func spec(model: String = "gpt-image-2") throws -> PipelineSpec {
        let quality = model == "gpt-image-2-beta" ? "" : "\n  quality: low"
        let yaml = """
            version: 1
            feed:
              source: feed.csv
            prompt: "Photo of {{description}}"
            image:
              model: \(model)\(quality)
            output:
              folder: out

            """
        return try SpecLoader.parse(yaml: yaml, file: "spec.yml", baseDirectory: "/specs")
    }

    func plan(_ products: [Product], spec: PipelineSpec) throws -> Plan {
        var planner = Planner(spec: spec, index: .empty, linkBaseDirectory: "/feeds")
        for product in products { try planner.add(product) }
        return try planner.finish()
    }

    /// #20 item 12: a rendered prompt over the API's 32,000 code points was planned and would
    /// have been sent; it is skipped with `prompt_too_long`, counted in code points (an accent
    /// written as a combining mark is one more), and the others are planned.
    @Test func aRenderedPromptOverTheLimitIsSkippedNotSent() throws {
        let prefix = "Photo of ".unicodeScalars.count
        let products = [
            Product(
                id: "FITS", description: String(repeating: "a", count: 32_000 - prefix),
                imageLink: "https://x.test/a.png"),
            Product(
                id: "LONG", description: String(repeating: "e\u{301}", count: (32_001 - prefix + 1) / 2),
                imageLink: "https://x.test/a.png"),
            Product(id: "HUGE", description: String(repeating: "b", count: 35_000), imageLink: "https://x.test/a.png"),
        ]
        let plan = try plan(products, spec: spec())
        #expect(plan.entries.map(\.job.key.productID) == ["FITS"])
        #expect(plan.skipped.map(\.productID) == ["LONG", "HUGE"])
        #expect(plan.skipped.allSatisfy { $0.kind == "prompt_too_long" })
        #expect(
            plan.skipped.last?.reason == "the prompt is 35009 Unicode code points, over the 32000 gpt-image-2 accepts")
        let summary = SkipSummary(plan)
        #expect(summary.exceeds(0), "a run exits 4 unless limits.max_skipped allows it")
        #expect(summary.lines.first == "skipped 2 product × variant jobs of 2 products: 2 prompt_too_long")
    }

    /// #20 item 12: gpt-image-2-beta takes 2,000 code points.
    @Test func theBetaModelHasItsOwnLimit() throws {
        let products = [
            Product(id: "A", description: String(repeating: "a", count: 1_991), imageLink: "https://x.test/a.png"),
            Product(id: "B", description: String(repeating: "a", count: 1_992), imageLink: "https://x.test/a.png"),
        ]
        let plan = try plan(products, spec: spec(model: "gpt-image-2-beta"))
        #expect(plan.entries.map(\.job.key.productID) == ["A"])
        #expect(plan.skipped.map(\.kind) == ["prompt_too_long"])
    }
}
