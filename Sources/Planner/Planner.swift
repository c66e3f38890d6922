import CatalogModel
import Foundation
import PipelineSpec

/// Expands products × variants into jobs and sorts them into new, changed and unchanged
/// against the fingerprints of stored outputs. Values in, a `Plan` out; products are added one
/// at a time so a streamed feed never has to be held whole.
///
/// Jobs wait in a batch of about `batchSize` until they are compared with the store in one
/// read (`FingerprintIndex.storedStates`); the plan keeps totals, not jobs, except those
/// `keeps` asks for. Memory is bounded by the batch, not by the catalog.
public struct Planner {
    public var spec: PipelineSpec { maker.spec }
    /// Relative local image links resolve against this folder (the feed's).
    public var linkBaseDirectory: String { maker.linkBaseDirectory }
    /// Whether links may name local files (`JobMaker.allowsLocalFiles`).
    public var allowsLocalFiles: Bool { maker.allowsLocalFiles }
    /// What makes each product's jobs: a copy may run on another thread, its products handed
    /// to `absorb` in feed order (`PlanBuilder` reads, makes and compares on three threads).
    public private(set) var maker: JobMaker
    private let index: any FingerprintIndex
    /// Which classified jobs the plan holds in `entries`; `nil` for none (then no listing is
    /// made unless `comparesListings`).
    private let keeps: (@Sendable (Plan.Entry) -> Bool)?
    /// Whether each job's listing and manifest entry are compared with the store (a run writes
    /// what moved; `plan` writes nothing and skips the work).
    private let comparesListings: Bool
    private var plan = Plan()
    /// Products made whose jobs are not yet compared with the store, and how many jobs they have.
    private var pending: [MadeProduct] = []
    private var pendingJobs = 0
    /// How many jobs wait before they are compared with the store: a batch ends at the first
    /// product boundary past it.
    public var batchSize = 512
    /// The most jobs that waited at once: what streaming tests check memory by.
    public private(set) var largestBatch = 0
    /// Drafted jobs made in full afterwards (`JobMaker.draftsJobs`): what tests check that a
    /// plan made only what it shows by.
    public private(set) var draftsMadeInFull = 0
    /// Whether the maker drafts jobs (`JobMaker.draftsJobs`).
    public var draftsJobs: Bool { maker.draftsJobs }
    /// Whether `Plan.productIDHashes` is filled: a run finds the stored products gone from the
    /// feed by it; `plan` never asks, and a set of a million hashes is a tenth of its comparing.
    /// Set before the first product, and before `maker` is copied for another thread (its
    /// `JobMaker.hashesProductIDs` follows this): turned on later, the set would miss those
    /// before.
    public var recordsProductIDs = true {
        didSet {
            maker.hashesProductIDs = recordsProductIDs
            if !recordsProductIDs { plan.productIDHashes = [] }
        }
    }
    /// How many products with jobs to generate the plan lists (`Plan.keptChanges`).
    public var keptChanges: Int {
        get { plan.keptChanges }
        set { plan.keptChanges = newValue }
    }
    /// Called with every batch once classified, kept or not.
    public var onBatch: (([Plan.Entry]) throws -> Void)? {
        // Every job is handed on: made in full at once, not drafted and made again here.
        didSet { maker.draftsJobs = maker.draftsJobs && onBatch == nil }
    }
    /// Called with where each batch's new and changed jobs write, if any (to check their output
    /// paths): a nightly run's unchanged jobs are never gathered for it, and a plan's jobs need
    /// not be made in full for it.
    public var onOutputsToGenerate: (([OutputName]) throws -> Void)?

    public init(
        spec: PipelineSpec, index: any FingerprintIndex, linkBaseDirectory: String, allowsLocalFiles: Bool = true,
        comparesListings: Bool = false, keeps: (@Sendable (Plan.Entry) -> Bool)? = { _ in true },
        currentProducts: CurrentProducts? = nil
    ) {
        // What the listing says is only needed where it is kept or compared with the store.
        maker = JobMaker(
            spec: spec, linkBaseDirectory: linkBaseDirectory, allowsLocalFiles: allowsLocalFiles,
            makesListings: comparesListings || keeps != nil, makesListingDigests: comparesListings,
            currentProducts: currentProducts)
        self.index = index
        self.comparesListings = comparesListings
        self.keeps = keeps
        // A nightly catalog is about as large as the one the store recorded: its hash sets are
        // sized once, not grown through a million inserts.
        if let recorded = currentProducts?.stored.count, recorded > 0 {
            plan.productIDHashes.reserveCapacity(recorded)
            if comparesListings { plan.plannedKeyHashes.reserveCapacity(recorded * spec.variants.count) }
        }
    }

    /// The plan of every product added: the last batch is compared with the store first.
    public mutating func finish() throws -> Plan {
        try flush()
        return plan
    }

    public mutating func add(_ product: Product) throws {
        try absorb(maker.make(product))
    }

    /// Counts and records a product made by `maker` (or a copy of it), in feed order.
    public mutating func absorb(_ made: consuming MadeProduct) throws {
        plan.productsRead += 1
        if recordsProductIDs {
            // A maker copied before `recordsProductIDs` was set would leave them out: every
            // stored product would then seem gone from the feed.
            guard let hash = made.productIDHash else {
                preconditionFailure("a made product without its id's hash, for a plan that records them")
            }
            plan.productIDHashes.insert(hash)
        }
        guard made.isSelected else { return }
        plan.productsSelected += 1
        for skip in made.skips { plan.skip(skip) }
        if made.currentJobs > 0 {
            plan.recordPassedOver(jobs: made.currentJobs, keyHashes: made.currentKeyHashes)
            return
        }
        guard !made.jobs.isEmpty else { return }
        pendingJobs += made.jobs.count
        pending.append(made)
        // At a product boundary: a product's jobs are classified together, in feed order.
        if pendingJobs >= batchSize { try flush() }
    }

    /// Compares the waiting jobs with the store in one read and records them in the plan.
    ///
    /// Entries are moved out of the waiting products, never copied. A drafted job
    /// (`JobMaker.draftsJobs`) is made in full here only if the plan holds it: a sample, a
    /// changed job (its reasons compare it with the stored one), or one kept or handed on.
    private mutating func flush() throws {
        guard pendingJobs > 0 else { return }
        largestBatch = max(largestBatch, pendingJobs)
        var keys: [JobKey] = []
        keys.reserveCapacity(pendingJobs)
        for product in pending.indices {
            for job in pending[product].jobs.indices { keys.append(pending[product].jobs[job].key) }
        }
        let states = try index.storedStates(for: keys)
        var batch: [Plan.Entry] = []
        if onBatch != nil { batch.reserveCapacity(pendingJobs) }
        var toGenerate: [OutputName] = []
        var products = pending
        pending = []
        pendingJobs = 0
        var offset = 0
        let (gathers, batches) = (onOutputsToGenerate != nil, onBatch != nil)
        let variants = maker.unretainedVariants
        for product in products.indices {
            // Recorded as current when every job is (`CurrentProducts`), if the plan compared all
            // that makes one so: a run's listings and manifest entries too.
            let digest = comparesListings && products[product].skips.isEmpty ? products[product].digestToRecord : nil
            var everyJobIsCurrent = true
            var references: [ReferenceImage]?
            for index in products[product].jobs.indices {
                let stored = states[offset]
                offset += 1
                let change = Self.change(of: products[product].jobs[index].fingerprint, stored: stored.fingerprint)
                var entry = products[product].jobs[index].entry.take()
                let wantsEntry =
                    change == .changed || comparesListings || keeps != nil || batches || plan.wantsInFull(change)
                if wantsEntry && entry == nil {
                    entry = madeInFull(products[product].jobs[index], of: products[product], references: &references)
                }
                var reasons: [String] = []
                if change == .changed, let job = entry?.job { reasons = try changeReasons(for: job) }
                entry?.change = change
                entry?.reasons = reasons
                let keep = entry.map { keeps?($0) ?? false } ?? false
                // Unretained: the maker holds the variants (`JobMaker.unretainedVariants`).
                let isCurrent = variants[products[product].jobs[index].variantSlot]._withUnsafeGuaranteedRef {
                    plan.record(
                        products[product].jobs[index], as: change, reasons: reasons, entry: entry,
                        stored: comparesListings ? stored : nil, variant: $0, keep: keep)
                }
                everyJobIsCurrent = everyJobIsCurrent && isCurrent
                if gathers && change != .unchanged { toGenerate.append(products[product].jobs[index].outputName) }
                if batches, let entry { batch.append(entry) }
            }
            if let digest, everyJobIsCurrent, let first = products[product].jobs.first {
                plan.currentProductsToRecord.append((first.key.productID, digest))
            }
            let recordedCurrent = products[product].isRecordedCurrent
            if recordedCurrent && comparesListings && !(everyJobIsCurrent && products[product].skips.isEmpty) {
                plan.staleCurrentProducts += 1
            }
        }
        try onBatch?(batch)
        if !toGenerate.isEmpty { try onOutputsToGenerate?(toGenerate) }
    }

    /// A drafted job made in full from its product, as `maker` made it at first: the product
    /// of a drafted job is kept with it, and made the job once already.
    /// Its product's `references`, resolved for the first of its jobs made in full, serve the rest.
    private mutating func madeInFull(
        _ job: borrowing MadeJob, of made: borrowing MadeProduct, references: inout [ReferenceImage]?
    ) -> Plan.Entry {
        draftsMadeInFull += 1
        guard let product = made.product else { preconditionFailure("a drafted job keeps its product") }
        let resolved = references ?? maker.references(for: product)
        references = resolved
        guard
            let full = maker.job(
                for: product, slot: job.variantSlot, references: resolved, fingerprint: job.fingerprint)
        else { preconditionFailure("a drafted job's product makes it again (JobMaker.make)") }
        return Plan.Entry(job: full, change: .new)
    }

    /// New, unchanged (the fingerprint is the stored output's) or changed.
    private static func change(of fingerprint: JobFingerprint, stored: JobFingerprint?) -> Plan.Change {
        switch stored {
        case nil: .new
        case fingerprint?: .unchanged
        default: .changed
        }
    }

    /// The skip reason of a rendered prompt over the model's limit (`PromptRules`).
    public static let promptTooLong = "prompt_too_long"

    /// What differs from the job that made the stored output.
    private func changeReasons(for job: Job) throws -> [String] {
        guard let stored = try index.storedJob(for: job.key) else { return [] }
        var reasons: [String] = []
        if stored.prompt != job.prompt { reasons.append("prompt") }
        if stored.references.map(\.link) != job.references.map(\.link) { reasons.append("references") }
        if stored.settings != job.settings { reasons.append("image settings") }
        return reasons
    }
}
