import CatalogModel

/// What the jobs to generate would cost, summed job by job as the plan streams: the estimate,
/// its range, and each variant's part (`VariantCost`).
public struct PlannedCost: Sendable, Equatable {
    public private(set) var estimate = Money.zero
    /// The estimates' range summed: the images alone, and with every reference billed twice.
    public private(set) var low = Money.zero
    public private(set) var high = Money.zero
    /// Whether some job bills per call (`CostEstimator.perCallModel`), whose range is its estimate.
    public private(set) var billsPerCall = false
    private var tally = VariantCost.Tally()
    /// Where each variant's jobs are in `tally`, by `MadeJob.variantSlot`, once one is added.
    private var tallyPositions: [Int?] = []

    public init() {}

    /// Adds a job made from `variant` (its `variantSlot`-th), whether made in full or drafted:
    /// what all its jobs share is found by the slot, not by comparing the settings' and id's
    /// strings (a sixth of a plan's comparing thread).
    mutating func add(_ job: borrowing MadeJob, of variant: PreparedVariant) {
        let (cost, slot) = (job.estimatedCost, job.variantSlot)
        estimate = estimate + cost
        let range = variant.range(referenceCount: job.referenceCount)
        low = low + range.lowerBound
        high = high + range.upperBound
        if variant.billsPerCall { billsPerCall = true }
        if slot < tallyPositions.count, let position = tallyPositions[slot] {
            tally.add(cost, at: position)
            return
        }
        let position = tally.add(variantID: variant.id, settings: variant.settings, cost: cost)
        if slot >= tallyPositions.count {
            tallyPositions += Array(repeating: nil, count: slot + 1 - tallyPositions.count)
        }
        tallyPositions[slot] = position
    }

    /// One entry per variant and image settings, dearest subtotal first.
    public var variants: [VariantCost] { tally.costs }

    /// Equal costs, however their jobs were added: where the tally keeps each variant is not
    /// part of it.
    public static func == (lhs: PlannedCost, rhs: PlannedCost) -> Bool {
        (lhs.estimate, lhs.low, lhs.high, lhs.billsPerCall) == (rhs.estimate, rhs.low, rhs.high, rhs.billsPerCall)
            && lhs.variants == rhs.variants
    }
}
