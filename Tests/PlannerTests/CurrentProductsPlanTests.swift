import CatalogModel
import Foundation
import PipelineSpec
import Planner
import Testing

/// Products a run found entirely current are passed over by the next plan while their record and
/// spec are as they were (`CurrentProducts`): the plan must count, hash and sample exactly as if
/// it had made their jobs, and plan in full whatever moved.
struct CurrentProductsPlanTests {
    /// A store as a run leaves it: states by key and the digests of the products recorded current.
    struct RecordedStore: FingerprintIndex {
        var states: [JobKey: StoredPlanState] = [:]
        var digests: Set<ProductDigest> = []

        func storedFingerprint(for key: JobKey) -> JobFingerprint? { states[key]?.fingerprint }
        func storedStates(for keys: [JobKey]) -> [StoredPlanState] { keys.map { states[$0] ?? StoredPlanState() } }
        func currentProductDigests() -> Set<ProductDigest> { digests }
    }

    /// `glaze` applies only to products whose colour is set: passing a product over must count the
    /// variants that apply to it, not all of them.
    static let spec = plannerTestSpec(specText)

    static let products = (0..<150).map { index in
        Product(
            id: "P-\(index)", title: "Mug \(index)", imageLink: "https://x.test/\(index).png",
            color: index % 3 == 0 ? "red" : "")
    }

    static func plan(
        _ products: [Product], store: RecordedStore, spec: PipelineSpec = spec, comparesListings: Bool = true,
        passesOver: Bool = true
    ) throws -> Plan {
        let current =
            passesOver
            ? CurrentProducts(
                spec: spec, linkBaseDirectory: "/feeds", allowsLocalFiles: true, stored: store.currentProductDigests())
            : nil
        var planner = Planner(
            spec: spec, index: store, linkBaseDirectory: "/feeds", comparesListings: comparesListings,
            keeps: { _ in true }, currentProducts: current)
        for product in products { try planner.add(product) }
        return try planner.finish()
    }

    /// The store after a run that generated every job and then one that found them all current.
    static func storeOfARunThatFoundAllCurrent() throws -> (RecordedStore, full: Plan) {
        let generated = try plan(products, store: RecordedStore())
        var store = RecordedStore()
        for entry in generated.entries {
            store.states[entry.job.key] = StoredPlanState(
                fingerprint: entry.job.fingerprint, listingDigest: entry.listing.digest, isInManifest: true)
        }
        let full = try plan(products, store: store)
        store.digests = Set(full.currentProductsToRecord.map(\.digest))
        return (store, full)
    }

    @Test func aRunThatFindsEveryJobCurrentRecordsEveryProduct() throws {
        let (store, full) = try Self.storeOfARunThatFoundAllCurrent()
        #expect(full.productsPassedOver == 0)
        #expect(full.count(.unchanged) == 200)
        #expect(full.currentProductsToRecord.map(\.productID) == Self.products.map(\.id))
        #expect(store.digests.count == 150)
    }

    @Test func thePassedOverPlanCountsAsTheFullOneAfterItsSamples() throws {
        let (store, full) = try Self.storeOfARunThatFoundAllCurrent()
        let again = try Self.plan(Self.products, store: store)
        // The first 100 jobs are made for the samples: products 0…74 (every third has two jobs).
        #expect(again.productsPassedOver == 75)
        #expect(again.counts == full.counts)
        #expect(again.jobCount == 200)
        #expect(again.plannedKeyHashes == full.plannedKeyHashes)
        #expect(again.plannedWithStoredImage == full.plannedWithStoredImage)
        #expect(again.productIDHashes == full.productIDHashes)
        #expect(again.samplesOfAll.map(\.prompt) == full.samplesOfAll.map(\.prompt))
        #expect(again.samplesOfAll.count == Plan.keptSamples)
        #expect(again.missingFromManifest.isEmpty && again.listingUpdates.isEmpty)
        // Already recorded: nothing to record again.
        #expect(again.currentProductsToRecord.isEmpty)
        #expect(again.entries.count == 100)
    }

    @Test func aProductWhoseRecordMovedIsPlannedInFull() throws {
        let (store, _) = try Self.storeOfARunThatFoundAllCurrent()
        var edited = Self.products
        edited[122].title = "Mug 122, larger"
        // A colour set makes `glaze` apply: a job the store never had.
        edited[121].color = "blue"
        let plan = try Self.plan(edited, store: store)
        #expect(plan.productsPassedOver == 73)
        #expect(
            plan.entries.filter { $0.change == .changed }.map(\.job.key.description) == ["P-122 [background=marble]"])
        #expect(plan.entries.filter { $0.change == .new }.map(\.job.key.description) == ["P-121 [background=glaze]"])
        #expect(plan.jobCount == 201)
        #expect(plan.currentProductsToRecord.isEmpty)
    }

    @Test func anotherSpecTextPassesNothingOver() throws {
        let (store, _) = try Self.storeOfARunThatFoundAllCurrent()
        // The same spec but for a comment: its text is what the context covers.
        let commented = plannerTestSpec("# the same spec, reworded\n" + Self.specText)
        let plan = try Self.plan(Self.products, store: store, spec: commented)
        #expect(plan.productsPassedOver == 0)
        #expect(plan.count(.unchanged) == 200)
        // All current again: each is recorded under the new context.
        #expect(plan.currentProductsToRecord.count == 150)
    }

    @Test func whereLinksResolveIsPartOfTheContext() throws {
        let (store, _) = try Self.storeOfARunThatFoundAllCurrent()
        let elsewhere = CurrentProducts(
            spec: Self.spec, linkBaseDirectory: "/other", allowsLocalFiles: true, stored: store.digests)
        let remote = CurrentProducts(
            spec: Self.spec, linkBaseDirectory: "/feeds", allowsLocalFiles: false, stored: store.digests)
        for current in [elsewhere, remote] {
            var planner = Planner(
                spec: Self.spec, index: store, linkBaseDirectory: "/feeds", comparesListings: true,
                currentProducts: current)
            for product in Self.products { try planner.add(product) }
            #expect(try planner.finish().productsPassedOver == 0)
        }
    }

    @Test func aPlanThatComparesOnlyFingerprintsPassesOverToo() throws {
        let (store, full) = try Self.storeOfARunThatFoundAllCurrent()
        let plan = try Self.plan(Self.products, store: store, comparesListings: false)
        #expect(plan.productsPassedOver == 75)
        #expect(plan.counts == full.counts)
        // `plan` records nothing: it never compared listings or the manifest.
        #expect(plan.currentProductsToRecord.isEmpty)
    }

    @Test func aProductWithASkipIsNeverRecorded() throws {
        let spec = plannerTestSpec(Self.specText.replacingOccurrences(of: "{{title}}", with: "{{title}} {{brand}}"))
        var products = Self.products
        for index in products.indices where index != 7 { products[index].brand = "Kiln" }
        let generated = try Self.plan(products, store: RecordedStore(), spec: spec)
        var store = RecordedStore()
        for entry in generated.entries {
            store.states[entry.job.key] = StoredPlanState(
                fingerprint: entry.job.fingerprint, listingDigest: entry.listing.digest, isInManifest: true)
        }
        let full = try Self.plan(products, store: store, spec: spec)
        #expect(full.skippedCount == 1)
        #expect(full.currentProductsToRecord.count == 149)
        #expect(!full.currentProductsToRecord.contains { $0.productID == "P-7" })
    }

    /// A product made in full for the samples whose stored record says current, but whose jobs
    /// are not: the record is wrong, and the plan says so.
    @Test func aRecordedProductFoundNotCurrentIsCounted() throws {
        var (store, _) = try Self.storeOfARunThatFoundAllCurrent()
        let key = JobKey(productID: "P-4", variantID: "background=marble")
        store.states[key]?.isInManifest = false
        let plan = try Self.plan(Self.products, store: store)
        #expect(plan.staleCurrentProducts == 1)
        #expect(plan.missingFromManifest == [key])
        // `plan` compares fingerprints alone: it cannot tell.
        #expect(try Self.plan(Self.products, store: store, comparesListings: false).staleCurrentProducts == 0)
    }

    @Test func aSpecNotParsedFromTextHasNoContext() {
        var spec = Self.spec
        spec.sourceDigest = nil
        #expect(CurrentProducts(spec: spec, linkBaseDirectory: "/feeds", allowsLocalFiles: true, stored: []) == nil)
    }

    static let specText = """
        version: 1
        feed:
          source: feed.csv
        variants:
          background:
            - id: marble
              text: on marble
            - id: glaze
              text: glazed
              only:
                field: color
                exists: true
        prompt: "{{title}}, {{background.text}}"
        output:
          folder: out

        """
}
