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
        // Two threads, one per core: the feed is read here, and jobs are compared with the store
        // on the comparing thread. Making products into jobs costs about as much as the other
        // two together, so either thread does it: the comparing thread makes the batches it is
        // handed as read, and this one makes a batch itself when the comparing thread is
        // behind (`readerMakesAfter` batches wait for it). The one queue keeps the feed's order.
        // With a making thread of its own, three busy threads shared two cores: the scheduler
        // left one core idle a fifth of the time while the other ran two of them.
        // A stage's error reaches the reader at its next hand-over.
        let making = SharedMaker(planner.maker.forAnotherThread())
        var helping = planner.maker.forAnotherThread()
        let comparing = SharedPlanner(planner)
        let handOff = BatchHandOff<PlanBatch>(capacity: Self.batchesWaiting, name: "catalog-refresh plan") {
            batches in
            // Each batch moved out of the array, not copied: one still held by it is shared, and
            // taking its products apart copied the whole batch first.
            var batches = batches
            while !batches.isEmpty {
                switch batches.removeFirst() {
                case .read(let products): try comparing.absorb(making.make(products))
                case .made(let made): try comparing.absorb(made)
                }
            }
        }
        var read: [Product?] = []
        read.reserveCapacity(Self.productsPerHandOff)
        func handOver() throws {
            // Only once the plan's samples are made: until then no product is passed over, and
            // the comparing thread's maker knows how many jobs it has made
            // (`JobMaker.followsMadeSamples`).
            if handOff.waitingCount >= Self.readerMakesAfter, making.hasMadeSamples {
                helping.followsMadeSamples()
                try handOff.put([.made(helping.make(batch: &read))])
            } else {
                try handOff.put([.read(read)])
            }
            read = []
            read.reserveCapacity(Self.productsPerHandOff)
        }
        let report: FeedReport
        do {
            report = try await FeedLoader.read(spec.feed, network: network, displayName: shown) { product in
                read.append(product)
                if read.count == Self.productsPerHandOff { try handOver() }
            }
            try handOver()
        } catch {
            // The comparing thread's error concerns products before the reader's, as it did when
            // one thread did everything: it is the one reported. Otherwise the one `put` threw
            // (the comparing thread's, handed back) or the reader's own.
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

    /// Batches that may wait for the comparing thread: the stages' pace varies (the id index
    /// spills, the path table grows) and a short queue let one stage's pause idle the other.
    private static let batchesWaiting = 16

    /// How many batches wait for the comparing thread before the reader makes the next itself.
    private static let readerMakesAfter = 4

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

/// A batch on its way from the feed's reader to the comparing thread: as read, or made into
/// jobs by the reader when the comparing thread was behind.
private enum PlanBatch: Sendable {
    case read([Product?])
    case made([MadeProduct])
}

/// The job maker behind `PlanBuilder`'s comparing thread: only that thread uses it. It tells the
/// reader once it has made the plan's samples (`JobMaker.hasMadeSamples`).
private final class SharedMaker: Sendable {
    private let maker: Mutex<JobMaker>
    private let madeSamples = Atomic(false)

    init(_ maker: sending JobMaker) {
        self.maker = Mutex(maker)
    }

    var hasMadeSamples: Bool { madeSamples.load(ordering: .acquiring) }

    func make(_ products: consuming [Product?]) -> [MadeProduct] {
        var products = products
        return maker.withLock { maker in
            let made = maker.make(batch: &products)
            if maker.hasMadeSamples { madeSamples.store(true, ordering: .releasing) }
            return made
        }
    }
}
