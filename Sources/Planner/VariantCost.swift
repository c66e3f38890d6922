import CatalogModel

/// What one variant of a plan costs: how many jobs it would generate, under which image
/// settings, at what price each. `plan` lists these so whoever sets the budget sees which
/// variant drives the estimate and which setting to change to bring it down.
public struct VariantCost: Sendable, Equatable {
    public var variantID: String
    public var settings: ImageSettings
    public var jobs: Int
    /// The cheapest and the dearest job's estimate: they differ when products send different
    /// numbers of reference images.
    public var unitCost: ClosedRange<Money>
    /// The jobs' estimates summed.
    public var subtotal: Money

    /// One entry per variant (and image settings) among `jobs`, dearest subtotal first; equal
    /// subtotals keep the order their variants first appear in.
    public static func of(_ jobs: some Sequence<Job>) -> [VariantCost] {
        var tally = Tally()
        for job in jobs { tally.add(job) }
        return tally.costs
    }

    /// `of(_:)` one job at a time, for a plan that streams its jobs.
    struct Tally: Sendable, Equatable {
        private var found: [VariantCost] = []
        /// Where each variant and its settings are in `found`.
        private var positions = SmallMemo<Key, Int>()

        mutating func add(_ job: Job) {
            add(variantID: job.key.variantID, settings: job.settings, cost: job.estimatedCost)
        }

        /// Returns where the variant's entry is: `add(_:at:)` adds more of its jobs there.
        @discardableResult
        mutating func add(variantID: String, settings: ImageSettings, cost: Money) -> Int {
            let key = Key(variantID: variantID, settings: settings)
            let next = found.count
            let at = positions.value(for: key) { next }
            guard at < next else {
                found.append(
                    VariantCost(
                        variantID: variantID, settings: settings, jobs: 1, unitCost: cost...cost, subtotal: cost))
                return next
            }
            add(cost, at: at)
            return at
        }

        /// A job costing `cost` of the entry at `at`, which an earlier `add` returned.
        mutating func add(_ cost: Money, at: Int) {
            found[at].jobs += 1
            found[at].subtotal = found[at].subtotal + cost
            found[at].unitCost =
                min(found[at].unitCost.lowerBound, cost)...max(found[at].unitCost.upperBound, cost)
        }

        var costs: [VariantCost] {
            found.enumerated().sorted { ($1.element.subtotal, $0.offset) < ($0.element.subtotal, $1.offset) }
                .map(\.element)
        }
    }

    private struct Key: Hashable, Sendable {
        var variantID: String
        var settings: ImageSettings
    }
}
