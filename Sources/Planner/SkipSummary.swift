/// What a plan skipped, summarised for a person and for the exit code: counted by reason, with
/// the first ids, instead of one line per skip (a feed with a blank column can skip a million).
public struct SkipSummary: Sendable {
    /// How many ids the text names before it gives only a count.
    public static let shownIDs = 20

    /// Skipped product × variant jobs (a product skipped whole counts once).
    public var total: Int
    /// Distinct products with a skip.
    public var products: Int
    /// Reason → count, most frequent first (then by reason).
    public var byReason: [(reason: String, count: Int)]
    /// The first `shownIDs` distinct product ids skipped, in feed order.
    public var firstProductIDs: [String]

    /// - Parameter only: `run --only`'s ids: skips of other products are not this run's.
    public init(_ plan: Plan, only: Set<String>? = nil) {
        var ids: [String] = []
        func note(_ id: String) {
            if ids.count < Self.shownIDs, ids.last != id, !ids.contains(id) { ids.append(id) }
        }
        if let only {
            let kept = plan.skipped.filter { only.contains($0.productID) }
            var counts: [String: Int] = [:]
            for skip in kept {
                counts[skip.kind, default: 0] += 1
                note(skip.productID)
            }
            total = kept.count
            products = Set(kept.map(\.productID)).count
            byReason = Self.sorted(counts)
        } else {
            for skip in plan.skipped where ids.count < Self.shownIDs { note(skip.productID) }
            total = plan.skippedCount
            products = plan.skippedProducts
            byReason = Self.sorted(plan.skippedByKind)
        }
        firstProductIDs = ids
    }

    private static func sorted(_ counts: [String: Int]) -> [(reason: String, count: Int)] {
        counts.map { (reason: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason
        }
    }

    /// Whether the skips exceed what the spec accepts (`limits.max_skipped`; `nil` is any).
    public func exceeds(_ maxSkipped: Int?) -> Bool {
        guard let maxSkipped else { return false }
        return total > maxSkipped
    }

    /// The text-mode lines (without a `warning:` prefix); empty when nothing was skipped.
    public var lines: [String] {
        guard total > 0 else { return [] }
        let jobs = total == 1 ? "1 product × variant job" : "\(total) product × variant jobs"
        let of = products == 1 ? "1 product" : "\(products) products"
        var lines = ["skipped \(jobs) of \(of): " + byReason.map { "\($0.count) \($0.reason)" }.joined(separator: "; ")]
        let more = products - firstProductIDs.count
        lines.append(
            "skipped products: " + firstProductIDs.joined(separator: ", ") + (more > 0 ? " … and \(more) more" : ""))
        return lines
    }

}
