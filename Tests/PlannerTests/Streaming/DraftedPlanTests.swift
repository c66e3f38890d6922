import CatalogModel
import CatalogTestSupport
import FeedIngest
import Foundation
import JobStore
import PipelineSpec
import Planner
import Testing

/// A plan that keeps no job (`plan`) drafts them (`JobMaker.draftsJobs`) and makes in full only
/// the ones it shows or must compare: its summary is the one a plan that makes every job in
/// full gives, on the example feeds and a generated 10,000-product feed, against a store with
/// new, changed and unchanged jobs, at every batch size.
struct DraftedPlanTests {
    @Test(arguments: StreamingPlanTests.exampleFeeds) func anExampleFeedPlansAlikeDrafted(feed: String) async throws {
        let products = try StreamingPlanTests.products(ofExampleFeed: feed)
        try await onOwnThread { try Self.expectDraftedPlansMatchFullPlans(products) }
    }

    @Test func aGeneratedTenThousandProductFeedPlansAlikeDrafted() async throws {
        let products = (0..<10_000).map(StreamingPlanTests.generatedProduct)
        try await onOwnThread { try Self.expectDraftedPlansMatchFullPlans(products) }
    }

    /// A long prompt is counted in code points from its bytes, drafted or not.
    @Test func aPromptOverTheLimitIsSkippedDraftedAsInFull() throws {
        let spec = twoBackgroundsSpec(prompt: "{{title}} {{background.text}}")
        let limit = PromptRules.maxCodePoints(model: spec.imageSettings(for: spec.variants[0]).model)
        // Two bytes a code point: over the limit in bytes, within it in code points; and over it.
        let within = String(repeating: "é", count: limit - 40)
        let over = String(repeating: "é", count: limit)
        let products = [within, over].enumerated().map { index, title in
            Product(id: "P\(index)", title: title, imageLink: "https://x.test/\(index).png")
        }
        let drafted = try Self.plan(products, spec: spec, index: .empty, batchSize: 512, inFull: false)
        let full = try Self.plan(products, spec: spec, index: .empty, batchSize: 512, inFull: true)
        #expect(drafted.plan.skipped == full.plan.skipped)
        #expect(drafted.plan.skipped.map(\.productID) == ["P1", "P1"])
        #expect(drafted.plan.count(.new) == 2 && full.plan.count(.new) == 2)
    }

    private static func expectDraftedPlansMatchFullPlans(_ products: [Product]) throws {
        let spec = StreamingPlanTests.spec
        let directory = try TemporaryDirectory()
        let (store, _) = try StreamingPlanTests.storeWithChangedAndUnchangedJobs(of: products, in: directory)
        // Against the store, and against nothing stored (every job new, a first `plan`).
        let indexes: [(any FingerprintIndex, Int)] = [
            (store, 1), (store, 7), (store, 512), (InMemoryFingerprintIndex(), 512),
        ]
        for (index, batchSize) in indexes {
            let full = try plan(products, spec: spec, index: index, batchSize: batchSize, inFull: true)
            let drafted = try plan(products, spec: spec, index: index, batchSize: batchSize, inFull: false)
            let (a, b) = (drafted.plan, full.plan)
            #expect(drafted.draftedEveryJob && !full.draftedEveryJob)
            #expect(a.count(.new) == b.count(.new) && a.count(.changed) == b.count(.changed))
            #expect(a.count(.unchanged) == b.count(.unchanged))
            #expect(a.cost == b.cost && a.cost.variants == b.cost.variants)
            #expect(a.changes == b.changes && a.changedProducts == b.changedProducts)
            #expect(a.changedBecause == b.changedBecause)
            // Samples are whole jobs, field for field.
            #expect(a.samplesToRun == b.samplesToRun && a.samplesOfAll == b.samplesOfAll)
            #expect(a.skipped == b.skipped && a.skippedByKind == b.skippedByKind)
            #expect(a.productIDHashes == b.productIDHashes && a.productsSelected == b.productsSelected)
            #expect(drafted.outputs == full.outputs)
            #expect(a.entries.isEmpty && b.entries.isEmpty)
            // Made again in full: the samples and the changed jobs, whose reasons need the prompt.
            #expect(drafted.madeAgain <= 2 * Plan.keptSamples + a.count(.changed))
            #expect(full.madeAgain == 0)
        }
    }

    /// A plan that keeps nothing, drafted, or made in full (every batch handed on, as the
    /// benchmark's `PlannedJobs` does), with the outputs it would generate.
    private static func plan(
        _ products: [Product], spec: PipelineSpec, index: any FingerprintIndex, batchSize: Int, inFull: Bool
    ) throws -> (plan: Plan, outputs: [OutputName], madeAgain: Int, draftedEveryJob: Bool) {
        var planner = Planner(spec: spec, index: index, linkBaseDirectory: "/feeds", keeps: nil)
        planner.batchSize = batchSize
        if inFull { planner.onBatch = { _ in } }
        var outputs: [OutputName] = []
        planner.onOutputsToGenerate = { outputs += $0 }
        let drafts = planner.draftsJobs
        for product in products { try planner.add(product) }
        let plan = try planner.finish()
        return (plan, outputs, planner.draftsMadeInFull, drafts)
    }
}
