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

    /// What `takeJobs` leaves behind: nothing to release.
    static let empty = MadeJob(
        job: Job(
            key: JobKey(productID: "", variantID: ""), productTitle: "", variant: Variant(options: []), prompt: "",
            references: [], settings: ImageSettings(), fingerprint: JobFingerprint(hex: ""), estimatedCost: .zero),
        listing: Listing(), listingDigest: nil)
}
