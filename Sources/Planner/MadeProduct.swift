import CatalogModel

/// One product's share of a plan, made without the store (`JobMaker.make`): what `Planner.absorb`
/// counts, records and compares.
public struct MadeProduct: Sendable {
    /// The hash of the product's id (`Plan.productIDHashes`); `nil` from a maker that does not
    /// hash ids (`JobMaker.hashesProductIDs`), which a plan that records them refuses.
    public var productIDHash: Int?
    /// Whether the product passed `select`.
    public var isSelected = false
    public var skips: [Plan.SkippedProduct] = []
    public var jobs: [MadeJob] = []
    /// The product, when its jobs are only drafted (`JobMaker.draftsJobs`): what the plan makes
    /// one of them from in full, should it show or keep it.
    var product: Product?
    /// The product's digest (`CurrentProducts`), when the plan should record it should every job
    /// be current: not when the store holds it already.
    var digestToRecord: ProductDigest?
    /// Whether the store records the product as current, yet it was made (for the plan's
    /// samples): every one of its jobs must then need nothing (`Plan.staleCurrentProducts`).
    var isRecordedCurrent = false
    /// For a product passed over as current (`CurrentProducts`): its jobs, counted as unchanged,
    /// and, when the plan compares listings, each one's key hash (`Plan.plannedKeyHashes`).
    var currentJobs = 0
    var currentKeyHashes: [Int] = []

    /// A product with nothing made yet: also what a hand-off leaves in the place of one it
    /// moves out of a batch.
    public init(productIDHash: Int?) {
        self.productIDHash = productIDHash
    }
}

/// A job made by a `JobMaker`, on whichever thread makes it: what the plan counts, compares and
/// checks every job by, and the job in full only where the plan may hand it on
/// (`JobMaker.draftsJobs`).
public struct MadeJob: Sendable {
    /// The job and its listing, as a new job until the plan compares it with the store; `nil`
    /// when the job is only drafted. A `plan` counts two million jobs and shows a hundred: each
    /// made in full was a box and a prompt string allocated on one thread and freed on another.
    public var entry: Plan.Entry?
    /// Where the job writes: its key, and its file name when the spec sets one.
    public var outputName: OutputName
    public var fingerprint: JobFingerprint
    public var estimatedCost: Money
    public var referenceCount: Int
    /// The job's variant's place in `JobMaker.variants`: the plan finds what all its jobs share
    /// (their cost's range, their place in the cost table) by it, without comparing strings.
    var variantSlot: Int
    /// `listing.digest`, when the plan compares listings with the store.
    public var listingDigest: Int64?
    /// The hash of the job's key (`Plan.plannedKeyHashes`), when the plan compares listings
    /// with the store; otherwise nothing reads it and it is 0.
    public var keyHash: Int

    init(
        outputName: OutputName, fingerprint: JobFingerprint, estimatedCost: Money, referenceCount: Int,
        variantSlot: Int
    ) {
        self.outputName = outputName
        self.fingerprint = fingerprint
        self.estimatedCost = estimatedCost
        self.referenceCount = referenceCount
        self.variantSlot = variantSlot
        keyHash = 0
    }

    public var key: JobKey { outputName.key }
}
