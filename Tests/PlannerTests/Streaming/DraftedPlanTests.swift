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

    /// Selection, variants restricted by `only` and excluded, `file_name`, template references,
    /// products skipped for no image and for a prompt over the limit: drafted as in full. From a
    /// local feed (drafted jobs read only their references' links) and a remote one (whose
    /// local links are skipped).
    @Test(arguments: [true, false]) func theJobRulesPlanAlikeDrafted(allowsLocalFiles: Bool) throws {
        let products =
            JobRulesPinTests.products + (0..<300).map(StreamingPlanTests.generatedProduct)
            + [Product(id: "local", title: "Local", imageLink: "images/local.png", availability: "in stock")]
        for index in [InMemoryFingerprintIndex(), InMemoryFingerprintIndex(try Self.storedHalf(of: products))] {
            let plan = try Self.expectDraftedPlanMatchesFullPlan(
                products, spec: JobRulesPinTests.spec, index: index, allowsLocalFiles: allowsLocalFiles)
            #expect(plan.skipped.contains { $0.productID == "local" } == !allowsLocalFiles)
        }
    }

    /// Products recorded as current are passed over drafted as in full (`CurrentProducts`), and
    /// the one whose record moved is planned: changed (its reason unknown to a store that keeps
    /// no jobs), and a new job for the one whose colour now lets a variant apply.
    @Test func passedOverProductsPlanAlikeDrafted() throws {
        let (store, _) = try CurrentProductsPlanTests.storeOfARunThatFoundAllCurrent()
        var products = CurrentProductsPlanTests.products
        products[122].title = "Mug 122, larger"
        products[121].color = "blue"
        let spec = CurrentProductsPlanTests.spec
        let current = CurrentProducts(
            spec: spec, linkBaseDirectory: "/feeds", allowsLocalFiles: true, stored: store.currentProductDigests())
        let drafted = try Self.expectDraftedPlanMatchesFullPlan(products, spec: spec, index: store, current: current)
        #expect(drafted.productsPassedOver == 73)
        #expect(drafted.count(.changed) == 1 && drafted.changedBecause == ["unknown": 1])
    }

    /// A long prompt is counted in code points from its bytes, drafted or not: 2-, 3- and 4-byte
    /// characters, and a letter with a combining mark (two code points).
    @Test(arguments: ["é", "€", "😀", "e\u{301}"])
    func aPromptOverTheLimitIsSkippedDraftedAsInFull(character: String) throws {
        let spec = twoBackgroundsSpec(prompt: "{{title}} {{background.text}}")
        let limit = PromptRules.maxCodePoints(model: spec.imageSettings(for: spec.variants[0]).model)
        let perCharacter = character.unicodeScalars.count
        // Over the limit in bytes but within it in code points; and over it in code points.
        let within = String(repeating: character, count: (limit - 40) / perCharacter)
        let over = String(repeating: character, count: limit / perCharacter + 1)
        let products = [within, over].enumerated().map { index, title in
            Product(id: "P\(index)", title: title, imageLink: "https://x.test/\(index).png")
        }
        let plan = try Self.expectDraftedPlanMatchesFullPlan(products, spec: spec, index: InMemoryFingerprintIndex())
        #expect(plan.skipped.map(\.productID) == ["P1", "P1"])
        #expect(plan.count(.new) == 2)
        let prompt = "\(over) on marble"
        #expect(
            plan.skipped.first?.reason
                == "the prompt is \(prompt.unicodeScalars.count) Unicode code points, over the \(limit) gpt-image-2 accepts"
        )
    }

    private static func expectDraftedPlansMatchFullPlans(_ products: [Product]) throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try StreamingPlanTests.storeWithChangedAndUnchangedJobs(of: products, in: directory)
        // Against the store, and against nothing stored (every job new, a first `plan`).
        let indexes: [(any FingerprintIndex, Int)] = [
            (store, 1), (store, 7), (store, 512), (InMemoryFingerprintIndex(), 512),
        ]
        for (index, batchSize) in indexes {
            try expectDraftedPlanMatchesFullPlan(
                products, spec: StreamingPlanTests.spec, index: index, batchSize: batchSize)
        }
    }

    /// Plans `products` drafted and in full and expects the same summary; returns the drafted plan.
    @discardableResult
    private static func expectDraftedPlanMatchesFullPlan(
        _ products: [Product], spec: PipelineSpec, index: any FingerprintIndex, current: CurrentProducts? = nil,
        batchSize: Int = 512, allowsLocalFiles: Bool = true
    ) throws -> Plan {
        let full = try plan(
            products, spec: spec, index: index, current: current, batchSize: batchSize,
            allowsLocalFiles: allowsLocalFiles, inFull: true)
        let drafted = try plan(
            products, spec: spec, index: index, current: current, batchSize: batchSize,
            allowsLocalFiles: allowsLocalFiles, inFull: false)
        let (a, b) = (drafted.plan, full.plan)
        #expect(a.count(.new) == b.count(.new) && a.count(.changed) == b.count(.changed))
        #expect(a.count(.unchanged) == b.count(.unchanged) && a.productsPassedOver == b.productsPassedOver)
        #expect(a.cost == b.cost && a.cost.variants == b.cost.variants)
        #expect(a.changes == b.changes && a.changedProducts == b.changedProducts)
        #expect(a.changedBecause == b.changedBecause)
        // Samples are whole jobs, field for field.
        #expect(a.samplesToRun == b.samplesToRun && a.samplesOfAll == b.samplesOfAll)
        #expect(a.skipped == b.skipped && a.skippedByKind == b.skippedByKind)
        #expect(a.productIDHashes == b.productIDHashes && a.productsSelected == b.productsSelected)
        #expect(drafted.outputs == full.outputs)
        // Drafted indeed: the samples were made again in full, and no more than the samples and
        // the changed jobs, whose reasons need the prompt. The full plan made nothing again.
        #expect(drafted.madeAgain >= max(a.samplesOfAll.count, a.samplesToRun.count))
        #expect(drafted.madeAgain <= a.samplesOfAll.count + a.samplesToRun.count + a.count(.changed))
        #expect(full.madeAgain == 0)
        return a
    }

    /// Half the jobs a first plan of `products` makes, stored: a quarter as made (unchanged), a
    /// quarter with another fingerprint (changed); the rest are new.
    private static func storedHalf(of products: [Product]) throws -> [JobKey: JobFingerprint] {
        var planner = Planner(
            spec: JobRulesPinTests.spec, index: InMemoryFingerprintIndex(), linkBaseDirectory: "/feeds")
        for product in products { try planner.add(product) }
        let entries = try planner.finish().entries
        let older = JobFingerprint(hex: String(repeating: "0", count: 64))
        return Dictionary(
            uniqueKeysWithValues: entries.enumerated().filter { $0.offset % 4 < 2 }.map { offset, entry in
                (entry.job.key, offset % 4 == 0 ? entry.job.fingerprint : older)
            })
    }

    /// A plan that keeps nothing, drafted, or made in full (every batch handed on, as the
    /// benchmark's `PlannedJobs` does), with the outputs it would generate and how many drafted
    /// jobs it made in full again.
    private static func plan(
        _ products: [Product], spec: PipelineSpec, index: any FingerprintIndex, current: CurrentProducts? = nil,
        batchSize: Int, allowsLocalFiles: Bool = true, inFull: Bool
    ) throws -> (plan: Plan, outputs: [OutputName], madeAgain: Int) {
        var planner = Planner(
            spec: spec, index: index, linkBaseDirectory: "/feeds", allowsLocalFiles: allowsLocalFiles, keeps: nil,
            currentProducts: current)
        planner.batchSize = batchSize
        if inFull { planner.onBatch = { _ in } }
        #expect(planner.draftsJobs == !inFull)
        var outputs: [OutputName] = []
        planner.onOutputsToGenerate = { outputs += $0 }
        for product in products { try planner.add(product) }
        let plan = try planner.finish()
        return (plan, outputs, planner.draftsMadeInFull)
    }
}
