import CatalogModel
import Foundation
import PipelineSpec
import Planner
import Testing

/// Skips are counted by reason and named by their first ids, never one line per product.
struct SkipSummaryTests {
    let spec: PipelineSpec = twoBackgroundsSpec(
        prompt: "{{title}} in {{attributes.condition}} condition, {{background.text}}")

    func plan(_ products: [Product]) throws -> Plan {
        var planner = Planner(spec: spec, index: .empty, linkBaseDirectory: "/feeds")
        for product in products { try planner.add(product) }
        return try planner.finish()
    }

    func product(_ id: String, condition: String?, image: String = "https://x.test/p.png") -> Product {
        var product = Product(id: id, title: "Thing \(id)", imageLink: image)
        product.attributes["condition"] = condition
        return product
    }

    @Test func aBlankColumnIsEmptyForThatProductNotMissing() throws {
        let plan = try plan([product("A", condition: "new"), product("B", condition: nil)])
        #expect(plan.entries.map(\.job.key.productID) == ["A", "A"])
        #expect(
            plan.skipped.map(\.reason) == [
                "prompt for background=marble: `{{attributes.condition}}` is empty; wrap optional text in "
                    + "{{#attributes.condition}}…{{/attributes.condition}}",
                "prompt for background=teal: `{{attributes.condition}}` is empty; wrap optional text in "
                    + "{{#attributes.condition}}…{{/attributes.condition}}",
            ])
        #expect(plan.skipped.map(\.variantID) == ["background=marble", "background=teal"])
    }

    @Test func theTextNamesTheFirstTwentyIDsAndCountsByReason() throws {
        let blank = (1...24).map { product(String(format: "P%02d", $0), condition: nil) }
        let noImage = [product("X", condition: "new", image: "")]
        let plan = try plan([product("OK", condition: "used")] + blank + noImage)
        let summary = SkipSummary(plan)
        #expect(summary.total == 49 && summary.products == 25)
        let first20 = (1...20).map { String(format: "P%02d", $0) }.joined(separator: ", ")
        #expect(
            summary.lines == [
                "skipped 49 product × variant jobs of 25 products: 48 `{{attributes.condition}}` is empty; "
                    + "1 no reference image",
                "skipped products: \(first20) … and 5 more",
            ])
        #expect(summary.exceeds(0) && summary.exceeds(48) && !summary.exceeds(49) && !summary.exceeds(nil))
    }

    @Test func onlyCountsTheProductsThisRunIsAbout() throws {
        let plan = try plan([
            product("A", condition: nil), product("B", condition: nil), product("C", condition: "new"),
        ])
        let summary = SkipSummary(plan, only: ["B", "C"])
        #expect(
            summary.lines == [
                "skipped 2 product × variant jobs of 1 product: 2 `{{attributes.condition}}` is empty",
                "skipped products: B",
            ])
        #expect(SkipSummary(plan, only: ["C"]).lines.isEmpty)
    }

    @Test func countsCoverEverySkipWhileTheListStaysBounded() throws {
        var plan = Plan()
        for index in 0..<(Plan.keptSkips + 5) {
            plan.skip(.init(productID: "P\(index)", line: index + 2, reason: "no reference image"))
        }
        #expect(plan.skipped.count == Plan.keptSkips)
        #expect(plan.skippedCount == Plan.keptSkips + 5 && plan.skippedProducts == Plan.keptSkips + 5)
        #expect(plan.skippedByKind == ["no reference image": Plan.keptSkips + 5])
    }
}
