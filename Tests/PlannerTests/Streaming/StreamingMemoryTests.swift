import CatalogModel
import CatalogTestSupport
import PipelineSpec
import Planner
import Testing

/// A catalog is planned in flat memory: the planner holds one batch of jobs, the plan totals,
/// not jobs.
struct StreamingMemoryTests {
    @Test func twoHundredThousandProductsArePlannedHoldingOneSmallBatch() async throws {
        let products = 200_000
        let (plan, largestBatch) = try await onOwnThread {
            var planner = Planner(
                spec: StreamingPlanTests.spec, index: .empty, linkBaseDirectory: "/feeds", keeps: nil)
            planner.batchSize = 64
            for index in 0..<products {
                try planner.add(
                    Product(
                        id: "SKU-\(index)", title: "Product \(index)",
                        imageLink: "https://cdn.example.com/\(index).jpg"))
            }
            return (try planner.finish(), planner.largestBatch)
        }
        // A batch ends at the first product boundary past 64 jobs: one product's variants more.
        #expect(largestBatch >= 64 && largestBatch < 64 + StreamingPlanTests.spec.variants.count)
        #expect(plan.entries.isEmpty)
        #expect(plan.count(.new) == products * 2 && plan.jobCount == products * 2)
        #expect(plan.samplesToRun.count == Plan.keptSamples && plan.samplesOfAll.count == Plan.keptSamples)
        // `plan` does not compare listings: nothing of that kind is held either.
        #expect(plan.listingUpdates.isEmpty && plan.missingFromManifest.isEmpty && plan.plannedKeyHashes.isEmpty)
    }

    @Test func onlyTheEntriesAskedForAreKept() throws {
        var planner = Planner(
            spec: StreamingPlanTests.spec, index: .empty, linkBaseDirectory: "/feeds",
            keeps: { $0.job.key.productID == "SKU-7" })
        planner.batchSize = 4
        for index in 0..<50 { try planner.add(StreamingPlanTests.generatedProduct(index)) }
        let plan = try planner.finish()
        #expect(plan.entries.map(\.job.key.description) == ["SKU-7 [background=marble]", "SKU-7 [background=teal]"])
        #expect(plan.jobCount > 2)
    }

    @Test func everyBatchIsHandedOnceInFeedOrder() throws {
        var planner = Planner(
            spec: StreamingPlanTests.spec, index: .empty, linkBaseDirectory: "/feeds", keeps: nil)
        planner.batchSize = 5
        var seen: [String] = []
        planner.onBatch = { batch in seen += batch.map(\.job.key.description) }
        for index in 0..<30 { try planner.add(StreamingPlanTests.generatedProduct(index)) }
        let plan = try planner.finish()
        #expect(seen.count == plan.jobCount)
        let expected = (0..<30).filter { $0 % 97 != 0 }.flatMap {
            ["SKU-\($0) [background=marble]", "SKU-\($0) [background=teal]"]
        }
        #expect(seen == expected)
    }
}
