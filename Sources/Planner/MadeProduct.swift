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

    /// Hands each job over in order as its plan entry, moved out of the product (a shared empty
    /// entry left in its place), not copied: a copy retains the job and each of its listing's
    /// arrays, made on another thread, and a nightly plan has two million.
    mutating func takeJobs(_ body: (_ entry: inout Plan.Entry, _ made: borrowing MadeJob) throws -> Void) rethrows {
        for index in jobs.indices {
            var entry = MadeJob.taken
            swap(&entry, &jobs[index].entry)
            try body(&entry, jobs[index])
        }
        jobs = []
    }
}

/// A job made on the making thread, with what the comparing thread would otherwise work out
/// from it: the hash of its key (`Plan.plannedKeyHashes`) and its listing's digest.
public struct MadeJob: Sendable {
    /// The job and its listing, as a new job until the plan compares it with the store.
    public var entry: Plan.Entry
    /// `listing.digest`, when the plan compares listings with the store.
    public var listingDigest: Int64?
    /// The hash of the job's key (`Plan.plannedKeyHashes`), when the plan compares listings
    /// with the store; otherwise nothing reads it and it is 0.
    public var keyHash: Int

    /// Takes the job and listing as they are, uncopied.
    init(job: consuming Job, listing: consuming Listing, listingDigest: Int64?) {
        keyHash = listingDigest == nil ? 0 : job.key.hashValue
        self.listingDigest = listingDigest
        entry = Plan.Entry(job: job, change: .new, listing: listing)
    }

    public var job: Job { entry.job }

    /// What `MadeProduct.takeJobs` leaves behind: one entry shared by all, a retain each.
    static let taken = Plan.Entry(
        job: Job(
            key: JobKey(productID: "", variantID: ""), productTitle: "", variant: Variant(options: []), prompt: "",
            references: [], settings: ImageSettings(), fingerprint: JobFingerprint(hex: ""), estimatedCost: .zero),
        change: .new)
}
