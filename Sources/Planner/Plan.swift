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

        public init(job: Job, change: Change, reasons: [String] = []) {
            self.job = job
            self.change = change
            self.reasons = reasons
        }
    }

    /// A product that yields no job, with the reason (e.g. its prompt would use an empty field).
    public struct SkippedProduct: Sendable, Equatable {
        public var productID: String
        public var line: Int?
        public var reason: String
    }

    public var entries: [Entry] = []
    public var skipped: [SkippedProduct] = []
    public var productsRead = 0
    /// Products that passed `select` (all of them without one).
    public var productsSelected = 0
    /// Hashes of every product id read, to find stored products that left the feed without
    /// holding the ids themselves.
    public var productIDHashes = Set<Int>()

    public var jobsToRun: [Job] { entries.filter { $0.change != .unchanged }.map(\.job) }

    public func count(_ change: Change) -> Int { entries.count { $0.change == change } }

    /// The estimated cost of the jobs that would be submitted.
    public var estimatedCost: Money { jobsToRun.reduce(.zero) { $0 + $1.estimatedCost } }
}
