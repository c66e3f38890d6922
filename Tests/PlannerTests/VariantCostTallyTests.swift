import CatalogModel
import Planner
import Testing

/// The tally compares the first few variants in turn and hashes the rest: the counts are the
/// same either way, past the few and with jobs of many variants interleaved.
struct VariantCostTallyTests {
    @Test func manyVariantsInterleavedAreEachCountedOnce() {
        let variants = (0..<12).map { "background=v\($0)" }
        var jobs: [Job] = []
        for product in 0..<3 {
            for (index, variant) in variants.enumerated() {
                jobs.append(
                    Job(
                        key: JobKey(productID: "P-\(product)", variantID: variant), productTitle: "",
                        variant: Variant(options: []), prompt: "p", references: [],
                        settings: ImageSettings(quality: index.isMultiple(of: 2) ? "low" : "high"),
                        estimatedCost: Money(usd: Double(index + 1) / 100)))
            }
        }
        let costs = VariantCost.of(jobs)
        #expect(costs.count == 12)
        #expect(Set(costs.map(\.variantID)) == Set(variants))
        for cost in costs {
            let index = variants.firstIndex(of: cost.variantID) ?? -1
            #expect(cost.jobs == 3, "\(cost.variantID)")
            #expect(cost.subtotal == Money(usd: 3 * Double(index + 1) / 100), "\(cost.variantID)")
            #expect(cost.settings.quality == (index.isMultiple(of: 2) ? "low" : "high"))
        }
        // Dearest first.
        #expect(costs.map(\.variantID) == variants.reversed())
    }
}
