import CatalogModel

/// What a run would do: every job with whether it must be generated, and what was left out.
public struct Plan: Sendable {
    public enum Change: String, Sendable, Codable {
        /// Never produced an output.
        case new
        /// Produced one whose fingerprint no longer matches (prompt, references or settings moved).
        case changed
        /// The stored output is current: costs nothing.
        case unchanged
    }

    public struct Entry: Sendable {
        public var job: Job
        public var change: Change
        /// For a changed job, what moved: `prompt`, `references`, `image settings`.
        public var reasons: [String] = []
        /// What the product's listing has and how the exports address it, recorded for every
        /// job (changed or not) so exports follow the feed.
        public var listing: Listing

        public init(job: Job, change: Change, reasons: [String] = [], listing: Listing = Listing()) {
            self.job = job
            self.change = change
            self.reasons = reasons
            self.listing = listing
        }
    }

    /// A selected product (or one of its variants) that yields no job, with the reason (e.g. its
    /// prompt would use an empty field).
    public struct SkippedProduct: Sendable, Equatable {
        public var productID: String
        /// The variant skipped; `nil` when the whole product is (it has no usable reference).
        public var variantID: String?
        public var line: Int?
        /// The product's position among an XML feed's items.
        public var item: Int?
        /// The whole reason, with the product's own values.
        public var reason: String
        /// The reason without the product's own values, to count skips by:
        /// "`{{attributes.condition}}` is empty", "no reference image".
        public var kind: String

        public init(
            productID: String, variantID: String? = nil, line: Int?, item: Int? = nil, reason: String,
            kind: String? = nil
        ) {
            self.productID = productID
            self.variantID = variantID
            self.line = line
            self.item = item
            self.reason = reason
            self.kind = kind ?? reason
        }
    }

    /// How many skips are kept whole in `skipped`: enough to list and act on, and memory that
    /// does not grow with a million-product feed whose every product is skipped. The counts
    /// cover every skip.
    public static let keptSkips = 10_000

    /// The entries the planner was asked to keep (`Planner.keeps`): every entry by default; a
    /// run keeps only what it submits and `plan` none, so a million-product catalog is never held.
    public var entries: [Entry] = []
    /// The first `keptSkips` skips, in feed order.
    public private(set) var skipped: [SkippedProduct] = []
    /// Every skip (product × variant, or product when no variant could be tried), counted.
    public private(set) var skippedCount = 0
    /// Every skip, counted by `SkippedProduct.kind`.
    public private(set) var skippedByKind: [String: Int] = [:]
    /// How many distinct products have a skip.
    public private(set) var skippedProducts = 0
    public var productsRead = 0
    /// Products that passed `select` (all of them without one).
    public var productsSelected = 0
    /// Hashes of every product id read, to find stored products that left the feed without
    /// holding the ids themselves; empty unless the planner records them
    /// (`Planner.recordsProductIDs`).
    public var productIDHashes = Set<Int>()

    /// Every planned job, counted by change (those counted at least once): kept or not.
    public var counts: [Change: Int] {
        let all: [(Change, Int)] = [(.new, newCount), (.changed, changedCount), (.unchanged, unchangedCount)]
        return Dictionary(uniqueKeysWithValues: all.filter { $0.1 > 0 })
    }
    /// The counts behind `counts`: two million jobs counted without hashing each one's change.
    private var newCount = 0
    private var changedCount = 0
    private var unchangedCount = 0
    /// Changed jobs counted by each thing that moved (`unknown` when the stored job is not known).
    public internal(set) var changedBecause: [String: Int] = [:]
    /// What the jobs to generate (new and changed) would cost, summed as they are planned.
    public internal(set) var cost = PlannedCost()
    /// The first `keptSamples` jobs to generate, and of all jobs (what `plan` shows when nothing
    /// is to be generated).
    public internal(set) var samplesToRun: [Job] = []
    public internal(set) var samplesOfAll: [Job] = []
    /// The first `keptChanges` products with jobs to generate, and why, in feed order.
    public internal(set) var changes: [ProductChange] = []
    /// How many products `changes` keeps: every one by default; `plan`'s summary shows 20 and a
    /// run none (it lists what it submits), so a new million-product catalog is not held twice.
    public var keptChanges = Int.max
    /// Every product with jobs to generate, kept in `changes` or not.
    public internal(set) var changedProducts = 0
    /// The product of the last job to generate, to count `changedProducts` (a product's jobs
    /// are recorded together).
    var lastChangedProductID: String?
    /// Hashes of every planned job's key: the manifest's entries that are not planned any more
    /// are found without holding the keys themselves.
    public internal(set) var plannedKeyHashes = Set<Int>()
    /// Planned jobs with a stored image: when the store holds no more images than this, none
    /// belongs to a product gone from the feed (`productIDHashes` need not be consulted).
    public internal(set) var plannedWithStoredImage = 0
    /// Planned jobs the manifest does not list yet.
    public internal(set) var missingFromManifest: [JobKey] = []
    /// Listings that differ from the ones recorded (or were never recorded), with the digest of
    /// the planned listing to record beside them.
    public internal(set) var listingUpdates: [ListingUpdate] = []

    /// Products passed over because they are as they were when all their jobs were last found
    /// current (`CurrentProducts`): their jobs are counted as unchanged, never made.
    public internal(set) var productsPassedOver = 0
    /// Products planned in full whose every job needed nothing, with their digest: what a run
    /// records (`JobStore.recordCurrentProducts`) so the next one passes them over.
    public internal(set) var currentProductsToRecord: [(productID: String, digest: ProductDigest)] = []

    /// Products the store records as current that, made in full, were not: the store's record
    /// cannot be trusted, and a run has it forget every product (`JobStore.forgetCurrentProducts`).
    /// Only the products made for the samples are checked so; none should ever be counted here.
    public internal(set) var staleCurrentProducts = 0

    /// How many jobs `samplesToRun` and `samplesOfAll` keep.
    public static let keptSamples = 100

    public init() {}

    /// Records a skip. Products arrive one at a time, so a product's skips are consecutive.
    public mutating func skip(_ skip: SkippedProduct) {
        if skippedCount == 0 || lastSkippedProductID != skip.productID { skippedProducts += 1 }
        lastSkippedProductID = skip.productID
        skippedCount += 1
        skippedByKind[skip.kind, default: 0] += 1
        if skipped.count < Self.keptSkips { skipped.append(skip) }
    }

    private var lastSkippedProductID: String?

    /// Every planned job.
    public var jobCount: Int { newCount + changedCount + unchangedCount }

    public func count(_ change: Change) -> Int {
        switch change {
        case .new: newCount
        case .changed: changedCount
        case .unchanged: unchangedCount
        }
    }

    /// Counts `jobs` more of `change`.
    mutating func count(_ jobs: Int, as change: Change) {
        switch change {
        case .new: newCount += jobs
        case .changed: changedCount += jobs
        case .unchanged: unchangedCount += jobs
        }
    }

    /// The estimated cost of the jobs that would be submitted.
    public var estimatedCost: Money { cost.estimate }
}

extension Plan {
    /// A listing to record because it moved since the last run.
    public struct ListingUpdate: Sendable, Equatable {
        public var key: JobKey
        public var listing: Listing
        /// `Listing.digest` of the listing as planned, compared by the next run.
        public var digest: Int64
    }
}
