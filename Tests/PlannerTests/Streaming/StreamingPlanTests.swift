import CatalogModel
import CatalogTestSupport
import FeedIngest
import Foundation
import JobStore
import PipelineSpec
import Planner
import Testing

/// The batched planner against the planner as it was: one fingerprint read per job. Same jobs,
/// fingerprints, changes, reasons, listings and summary, on the example feeds and a generated
/// 10,000-product feed, at every batch size.
struct StreamingPlanTests {
    static let spec: PipelineSpec = twoBackgroundsSpec(
        prompt: "{{title}}{{#brand}} by {{brand}}{{/brand}}, {{background.text}}",
        """
        references:
          - image_link
          - additional_image_links[0]
        exports:
          shopify:
            alt: "{{title}} {{background.text}}"
        """)

    static let exampleFeeds = [
        "quickstart.csv", "marketplace.csv", "shopify-product-template.csv", "meta-catalog-fsstorage-excerpt.csv",
        "gmc-rss-importpc-excerpt.xml", "gmc-atom-bigcommerce-excerpt.xml", "gmc-tsv-lakeerie-excerpt.tsv",
    ]

    @Test(arguments: exampleFeeds) func anExampleFeedPlansAlikeInBatches(feed: String) async throws {
        let products = try Self.products(ofExampleFeed: feed)
        try await onOwnThread { try Self.expectBatchedPlansMatchPerJobPlan(products) }
    }

    /// Every product of the example feed, bad rows left out.
    static func products(ofExampleFeed feed: String) throws -> [Product] {
        var products: [Product] = []
        try FeedFile.read(atPath: RepositoryPaths.fixture("feeds/\(feed)"), options: FeedOptions(maxInvalidRows: .max))
        {
            products.append($0)
        }
        #expect(!products.isEmpty)
        return products
    }

    @Test func aGeneratedTenThousandProductFeedPlansAlikeInBatches() async throws {
        let products = (0..<10_000).map(Self.generatedProduct)
        try await onOwnThread { try Self.expectBatchedPlansMatchPerJobPlan(products) }
    }

    /// Stores part of the first plan's jobs as they are (unchanged), part with another prompt
    /// (changed), and records listings and manifest entries for some; then plans again at each
    /// batch size and compares with the per-job plan.
    private static func expectBatchedPlansMatchPerJobPlan(_ products: [Product]) throws {
        let directory = try TemporaryDirectory()
        let (store, first) = try storeWithChangedAndUnchangedJobs(of: products, in: directory)
        try store.recordListings(
            first.entries.enumerated().filter { $0.offset % 3 == 0 }.map { ($0.element.job.key, $0.element.listing) })
        try store.setManifestKeys(first.entries.map(\.job.key))

        let reference = try Self.plan(products, index: PerJobIndex(store: store), batchSize: 1)
        #expect(reference.count(.unchanged) > 0 && reference.count(.changed) > 0 && reference.count(.new) > 0)
        var batched = Plan()
        for batchSize in [1, 7, 512] {
            batched = try Self.plan(products, index: store, batchSize: batchSize)
            #expect(Self.describe(batched) == Self.describe(reference), "batch size \(batchSize)")
            #expect(batched.cost == reference.cost)
            #expect(batched.changes == reference.changes)
            #expect(batched.changedBecause == reference.changedBecause)
            #expect(batched.samplesToRun.map(\.key) == reference.samplesToRun.map(\.key))
            #expect(batched.skipped == reference.skipped)
            #expect(batched.jobCount == reference.entries.count)
        }
        // What the store holds is what the batched read says, job by job.
        let keys = reference.entries.map(\.job.key)
        let listed = Set(try store.manifestKeys())
        let listings = try store.listings(for: keys)
        for (key, state) in zip(keys, try store.storedStates(for: keys)) {
            #expect(state.fingerprint == (try store.storedFingerprint(for: key)))
            #expect(state.isInManifest == listed.contains(key))
            #expect(state.listingDigest == listings[key]?.digest)
        }
        #expect(batched.listingUpdates.map(\.key) == keys.filter { listings[$0] == nil })
        #expect(batched.missingFromManifest == keys.filter { !listed.contains($0) })
        // What a run compares with the store's image count to skip looking for products gone.
        let withImages = try keys.filter { try store.storedFingerprint(for: $0) != nil }
        #expect(!withImages.isEmpty && batched.plannedWithStoredImage == withImages.count)
        #expect(try store.storedImageCount() == withImages.count)
    }

    /// A store holding two of every five of the products' jobs: one as planned (unchanged), one
    /// made with another prompt (changed); the rest are new. With the plan that made them.
    static func storeWithChangedAndUnchangedJobs(
        of products: [Product], in directory: TemporaryDirectory
    ) throws -> (JobStore, Plan) {
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let first = try Self.plan(products, index: store, batchSize: 512)
        let stored = first.entries.enumerated().filter { $0.offset % 5 < 2 }.map { offset, entry in
            var job = entry.job
            if offset % 5 == 1 { job.prompt += " (older prompt)" }
            job.fingerprint = JobFingerprint(settings: job.settings, prompt: job.prompt, references: job.references)
            return (job, Self.output(for: job))
        }
        try store.walkToStored(stored, runID: try store.beginRun(specName: "streaming"))
        return (store, first)
    }

    /// Every job as a line: key, change, fingerprint, reasons and listing.
    static func describe(_ plan: Plan) -> [String] {
        plan.entries.map { entry in
            "\(entry.job.key) \(entry.change) \(entry.job.fingerprint.hex) \(entry.reasons) \(entry.listing) "
                + "\(entry.job.prompt) \(entry.job.references.map(\.link))"
        }
    }

    static func plan(_ products: [Product], index: any FingerprintIndex, batchSize: Int) throws -> Plan {
        var planner = Planner(spec: spec, index: index, linkBaseDirectory: "/feeds", comparesListings: true)
        planner.batchSize = batchSize
        for product in products { try planner.add(product) }
        return try planner.finish()
    }

    static func generatedProduct(_ index: Int) -> Product {
        Product(
            id: "SKU-\(index)", title: "Product \(index)", brand: index % 7 == 0 ? "" : "Brand \(index % 40)",
            imageLink: index % 97 == 0 ? "" : "https://cdn.example.com/\(index)/0.jpg",
            additionalImageLinks: index % 3 == 0 ? [] : ["https://cdn.example.com/\(index)/1.jpg"],
            googleProductCategory: index % 11 == 0 ? "Apparel & Accessories" : "", sourceLine: index + 2)
    }

    static func output(for job: Job) -> OutputRecord {
        OutputRecord(
            path: "\(job.key.productID)/\(job.key.variantID).png",
            sha256: SHA256.hash(Array(job.key.storageKey.utf8)).hex,
            format: "png", width: 1024, height: 1024, bytes: 1, taskID: "task-\(job.key.productID)",
            fingerprint: job.fingerprint.hex)
    }
}

/// The store read one job at a time, as the planner read it before batches: only
/// `storedFingerprint` and `storedJob`, so `storedStates` falls back to one read per job.
struct PerJobIndex: FingerprintIndex {
    let store: JobStore

    func storedFingerprint(for key: JobKey) throws -> JobFingerprint? { try store.storedFingerprint(for: key) }
    func storedJob(for key: JobKey) throws -> Job? { try store.storedJob(for: key) }
}
