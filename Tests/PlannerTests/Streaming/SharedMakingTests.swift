import CatalogModel
import Foundation
import PipelineSpec
import Planner
import Testing

/// `plan` and `run` make products into jobs on two threads: the comparing thread makes the
/// batches it is handed as read, and the feed's reader makes a batch itself when the comparing
/// thread is behind, once the comparing thread's maker has made the plan's samples
/// (`JobMaker.hasMadeSamples`, `JobMaker.followsMadeSamples`). Whichever maker makes which batch,
/// the plan is the one a single maker makes: the same counts, samples and products passed over.
struct SharedMakingTests {
    typealias Store = CurrentProductsPlanTests.RecordedStore

    /// In full (`run`, which compares listings) and drafted (`plan`, whose fingerprints are
    /// hashed in pairs and whose products are kept to be made in full where shown).
    @Test(arguments: [1, 2, 3], [false, true])
    func batchesMadeByEitherMakerPlanAsOneMakerDoes(seed: UInt64, drafted: Bool) throws {
        let (store, _) = try CurrentProductsPlanTests.storeOfARunThatFoundAllCurrent()
        var products = CurrentProductsPlanTests.products
        products[122].title = "Mug 122, larger"
        products[121].color = "blue"
        var one = Self.planner(store: store, drafted: drafted)
        #expect(one.draftsJobs == drafted)
        for product in products { try one.add(product) }
        let single = try one.finish()
        let (shared, helped) = try Self.planSharingTheMaking(products, store: store, drafted: drafted, seed: seed)
        #expect(helped > 0, "the reader's maker made some batches")
        #expect(single.productsPassedOver == 73)
        #expect(shared.productsPassedOver == single.productsPassedOver)
        #expect(shared.counts == single.counts && shared.jobCount == single.jobCount)
        #expect(shared.changes == single.changes && shared.changedBecause == single.changedBecause)
        #expect(shared.samplesOfAll == single.samplesOfAll && shared.samplesToRun == single.samplesToRun)
        #expect(shared.entries.map(\.job) == single.entries.map(\.job))
        #expect(shared.plannedKeyHashes == single.plannedKeyHashes)
        #expect(shared.productIDHashes == single.productIDHashes)
        #expect(shared.currentProductsToRecord.map(\.productID) == single.currentProductsToRecord.map(\.productID))
        #expect(shared.currentProductsToRecord.map(\.digest) == single.currentProductsToRecord.map(\.digest))
        #expect(shared.cost == single.cost)
    }

    /// Without waiting for the samples, the reader's maker would pass over products a single
    /// maker makes for them: the plan would differ, which is why the reader waits.
    @Test func aMakerThatHelpsBeforeTheSamplesAreMadeWouldPassOverTheirProducts() throws {
        let (store, _) = try CurrentProductsPlanTests.storeOfARunThatFoundAllCurrent()
        let products = CurrentProductsPlanTests.products
        let single = try CurrentProductsPlanTests.plan(products, store: store)
        var planner = Self.planner(store: store, drafted: false)
        var early = planner.maker.forAnotherThread()
        early.followsMadeSamples()
        var batch = products.map(Optional.some)
        for made in early.make(batch: &batch) { try planner.absorb(made) }
        let plan = try planner.finish()
        #expect(single.productsPassedOver == 75 && plan.productsPassedOver == products.count)
        #expect(plan.samplesOfAll.isEmpty && single.samplesOfAll.count == Plan.keptSamples)
    }

    /// As `run` plans (listings compared, every entry kept) or as `plan` does (drafted).
    private static func planner(store: Store, drafted: Bool) -> Planner {
        let spec = CurrentProductsPlanTests.spec
        let current = CurrentProducts(
            spec: spec, linkBaseDirectory: "/feeds", allowsLocalFiles: true, stored: store.currentProductDigests())
        var keepsAll: (@Sendable (Plan.Entry) -> Bool)? = nil
        if !drafted { keepsAll = { _ in true } }
        return Planner(
            spec: spec, index: store, linkBaseDirectory: "/feeds", comparesListings: !drafted, keeps: keepsAll,
            currentProducts: current)
    }

    /// Batches of 10 products, each made by the comparing thread's maker or, by a seeded coin once
    /// that maker has made the samples, by the reader's; the number the reader's made.
    private static func planSharingTheMaking(
        _ products: [Product], store: Store, drafted: Bool, seed: UInt64
    ) throws -> (Plan, helped: Int) {
        var planner = planner(store: store, drafted: drafted)
        var comparing = planner.maker.forAnotherThread()
        var reading = planner.maker.forAnotherThread()
        var random = SeededRandom(seed: seed)
        var helped = 0
        for start in stride(from: 0, to: products.count, by: 10) {
            var batch = products[start..<min(start + 10, products.count)].map(Optional.some)
            let made: [MadeProduct]
            if comparing.hasMadeSamples, random.next() % 2 == 0 {
                reading.followsMadeSamples()
                made = reading.make(batch: &batch)
                helped += 1
            } else {
                made = comparing.make(batch: &batch)
            }
            for product in made { try planner.absorb(product) }
        }
        return (try planner.finish(), helped)
    }
}
