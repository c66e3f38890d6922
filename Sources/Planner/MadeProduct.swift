import CatalogModel

/// One product's share of a plan, made without the store (`JobMaker.make`): what `Planner.absorb`
/// counts, records and compares.
public struct MadeProduct: Sendable {
    /// The hash of the product's id (`Plan.productIDHashes`).
    public var productIDHash: Int
    /// Whether the product passed `select`.
    public var isSelected = false
    public var skips: [Plan.SkippedProduct] = []
    public var jobs: [MadeJob] = []
    /// The product's digest (`CurrentProducts`), when the plan should record it should every job
    /// be current: not when the store holds it already.
    var digestToRecord: ProductDigest?
    /// Whether the store records the product as current, yet it was made in full (for the plan's
    /// samples): every one of its jobs must then need nothing (`Plan.staleCurrentProducts`).
    var isRecordedCurrent = false
    /// For a product passed over as current (`CurrentProducts`): its jobs, counted as unchanged,
    /// and, when the plan compares listings, each one's key hash (`Plan.plannedKeyHashes`).
    var currentJobs = 0
    var currentKeyHashes: [Int] = []

    init(productIDHash: Int) {
        self.productIDHash = productIDHash
    }

    /// Hands each job over in order, moved out of the product (an empty job left in its place),
    /// not copied: a copy retains each of a job's strings and arrays, made on the reading thread,
    /// and a nightly plan has two million.
    mutating func takeJobs(_ body: (consuming MadeJob) throws -> Void) rethrows {
        for index in jobs.indices {
            var taken = MadeJob.empty
            swap(&taken, &jobs[index])
            try body(taken)
        }
        jobs = []
    }
}

/// A job made on the reading thread, with what the comparing thread would otherwise work out
/// from it: the hash of its key (`Plan.plannedKeyHashes`) and its listing's digest.
public struct MadeJob: Sendable {
    public var job: Job
    public var listing: Listing
    /// `listing.digest`, when the plan compares listings with the store.
    public var listingDigest: Int64?
    public var keyHash: Int

    init(job: Job, listing: Listing, listingDigest: Int64?) {
        self.job = job
        self.listing = listing
        self.listingDigest = listingDigest
        keyHash = job.key.hashValue
    }

    /// The job and its listing moved into a plan entry.
    consuming func entry(_ change: Plan.Change, reasons: [String]) -> Plan.Entry {
        Plan.Entry(job: job, change: change, reasons: reasons, listing: listing)
    }

    /// What `takeJobs` leaves behind: nothing to release.
    static let empty = MadeJob(
        job: Job(
            key: JobKey(productID: "", variantID: ""), productTitle: "", variant: Variant(options: []), prompt: "",
            references: [], settings: ImageSettings(), fingerprint: JobFingerprint(hex: ""), estimatedCost: .zero),
        listing: Listing(), listingDigest: nil)
}
