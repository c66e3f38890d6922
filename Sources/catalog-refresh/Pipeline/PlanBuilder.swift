import Approval
import AssetStorage
import CatalogModel
import FeedIngest
import Foundation
import ImageService
import JobStore
import PipelineSpec
import Planner
import Synchronization

/// Streams the spec's feed through the planner: the shared first half of `plan` and `run`.
enum PlanBuilder {
    /// Throws `DiagnosticsError` when the prompt uses an `{{attributes.X}}` no record of the feed
    /// has: nothing may be submitted for a typo; `OutputPathCollision` when two jobs to generate
    /// would write one file, or one would overwrite another job's stored image.
    ///
    /// The plan holds only the entries `keeps` asks for; `comparesListings` also compares each
    /// job's listing and manifest entry with the store, for a run to write what moved. With
    /// `passesOverCurrentProducts` the products the store records as current, and as they were,
    /// are counted without being planned (`CurrentProducts`): not when every job must be seen
    /// (`--force`, a selection). The plan lists the first `keptChanges` products to generate
    /// (`Plan.changes`). `recordsProductIDs` for a run, which finds the stored products gone
    /// from the feed (`Plan.productIDHashes`).
    static func build(
        _ spec: PipelineSpec, index: any FingerprintIndex, comparesListings: Bool = false,
        keeps: (@Sendable (Plan.Entry) -> Bool)? = nil, passesOverCurrentProducts: Bool = true,
        keptChanges: Int = .max, recordsProductIDs: Bool = true
    ) async throws -> (Plan, FeedReport) {
        let source = spec.feed.source
        let linkBaseDirectory = FeedLoader.linkBaseDirectory(for: source)
        let allowsLocalFiles = !(source.hasPrefix("http://") || source.hasPrefix("https://"))
        let currentProducts =
            passesOverCurrentProducts
            ? CurrentProducts(
                spec: spec, linkBaseDirectory: linkBaseDirectory, allowsLocalFiles: allowsLocalFiles,
                stored: try index.currentProductDigests()) : nil
        var planner = Planner(
            spec: spec, index: index, linkBaseDirectory: linkBaseDirectory, allowsLocalFiles: allowsLocalFiles,
            comparesListings: comparesListings, keeps: keeps, currentProducts: currentProducts)
        planner.keptChanges = keptChanges
        planner.recordsProductIDs = recordsProductIDs
        // Before anything is paid: one paid image must never overwrite another. Jobs that stay
        // as they are write nothing; the stored images are checked in the store.
        var paths = OutputPathCollision.Paths()
        planner.onOutputsToGenerate = { names in
            if let collision = try paths.firstCollision(adding: names, storedIn: index) { throw collision }
        }
        let shown = PipelineRun.displayPath(source)
        // Only a remote feed needs the network: a proxy setting is checked when it is used.
        let isRemote = source.hasPrefix("http://") || source.hasPrefix("https://")
        let network = isRemote ? try NetworkSettings.forCommand(spec: spec) : NetworkSettings()
        // Three stages, a thread each: the feed is read here, products are made into jobs on
        // the making thread, and jobs are compared with the store on the comparing one. On two
        // cores the three overlap (the making and comparing halves cost about the same; reading
        // less). A stage's error reaches the one before it at its next hand-over.
        // Sixteen batches may wait at each hand-off: the stages' pace varies (the id index
        // spills, the path table grows), and four let one stage's pause idle the next (1.56 of
        // the two cores busy at 300,000 products, 1.69 with sixteen; 1 MB more at that plan's peak).
        let making = SharedMaker(planner.maker.forAnotherThread())
        let comparing = SharedPlanner(planner)
        let handOff = BatchHandOff<MadeProduct>(capacity: 16, name: "catalog-refresh plan") { try comparing.absorb($0) }
        let makeHandOff = BatchHandOff<Product?>(capacity: 16, name: "catalog-refresh make") { products in
            try handOff.put(making.make(products))
        }
        var read: [Product?] = []
        read.reserveCapacity(Self.productsPerHandOff)
        let report: FeedReport
        do {
            report = try await FeedLoader.read(spec.feed, network: network, displayName: shown) { product in
                read.append(product)
                guard read.count == Self.productsPerHandOff else { return }
                try makeHandOff.put(read)
                read = []
                read.reserveCapacity(Self.productsPerHandOff)
            }
            try makeHandOff.put(read)
            try makeHandOff.finish()
        } catch {
            // The comparing thread's error concerns products before the others', as it did when
            // one thread did everything: it is the one reported. Otherwise the one `put` threw
            // (the making thread's is the comparing one's, handed back) or the reader's own.
            try? makeHandOff.finish()
            try handOff.finish()
            throw error
        }
        try handOff.finish()
        let plan = try comparing.finish()
        if let attributes = report.attributeNames {
            let problems = spec.diagnostics(forFeedAttributes: attributes)
            if problems.contains(where: { $0.severity == .error }) { throw DiagnosticsError(problems) }
            Console.print(problems)
        }
        RejectedRecordsLog.print(report, feed: shown)
        return (plan, report)
    }

    /// About 500 jobs at two variants: a hand-over (a futex wake) per batch stays far below the
    /// batch's work.
    private static let productsPerHandOff = 256

    /// The store beside the spec's outputs if a run has made one; `plan` never creates it.
    /// Exits 3 naming `recover` when the folder's manifest lists images its store does not hold
    /// (`FolderStateCheck`).
    static func existingStore(for spec: PipelineSpec) throws -> JobStore? {
        do {
            return try FolderStateCheck.openStore(folder: spec.output.folder)
        } catch let error as FolderStateError {
            Console.error(RecoverCommand.hint(for: error, spec: spec), event: "store_not_this_folders")
            throw ExitStatus.invalidInput.exitCode
        }
    }
}

/// The planner behind `PlanBuilder`'s hand-off: the comparing thread absorbs batches into it,
/// and the caller takes the plan once the hand-off has finished.
private final class SharedPlanner: Sendable {
    private let planner: Mutex<Planner>

    init(_ planner: sending Planner) {
        self.planner = Mutex(planner)
    }

    /// Takes the batch apart: each product moves into the planner (an empty one left behind),
    /// whose jobs then move out of it uncopied (`Planner.absorb`). Reversing the batch to pop it
    /// copied every product.
    func absorb(_ batch: consuming [MadeProduct]) throws {
        var batch = batch
        try planner.withLock { planner in
            for index in batch.indices {
                var made = MadeProduct(productIDHash: nil)
                swap(&made, &batch[index])
                try planner.absorb(made)
            }
        }
    }

    func finish() throws -> Plan {
        try planner.withLock { try $0.finish() }
    }
}

/// The job maker behind `PlanBuilder`'s making thread: only that thread uses it.
private final class SharedMaker: Sendable {
    private let maker: Mutex<JobMaker>

    init(_ maker: sending JobMaker) {
        self.maker = Mutex(maker)
    }

    /// Each product is taken out of the batch (`nil` left in its place, which holds nothing to
    /// release) and made into its place in the result, then released or kept at once. Reversing
    /// the batch to pop it copied every product; releasing the whole batch afterwards, out of
    /// the cache, cost a third more; an empty product put in its place was a copy of its 350
    /// bytes and a retain of each of its arrays; and a made product returned was copied twice.
    func make(_ products: consuming [Product?]) -> [MadeProduct] {
        var products = products
        return maker.withLock { maker in
            var made: [MadeProduct] = []
            made.reserveCapacity(products.count)
            for index in products.indices {
                guard let product = products[index].take() else { continue }
                made.append(MadeProduct(productIDHash: nil))
                maker.make(product, into: &made[made.count - 1])
            }
            return made
        }
    }
}
