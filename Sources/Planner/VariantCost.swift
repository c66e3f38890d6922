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
    public static func of(_ jobs: [Job]) -> [VariantCost] {
        var costs: [VariantCost] = []
        var index: [Key: Int] = [:]
        for job in jobs {
            let key = Key(variantID: job.key.variantID, settings: job.settings)
            guard let at = index[key] else {
                index[key] = costs.count
                costs.append(
                    VariantCost(
                        variantID: key.variantID, settings: key.settings, jobs: 1,
                        unitCost: job.estimatedCost...job.estimatedCost, subtotal: job.estimatedCost))
                continue
            }
            costs[at].jobs += 1
            costs[at].subtotal = costs[at].subtotal + job.estimatedCost
            costs[at].unitCost =
                min(
                    costs[at].unitCost.lowerBound, job.estimatedCost)...max(
                    costs[at].unitCost.upperBound, job.estimatedCost)
        }
        return costs.enumerated().sorted { ($1.element.subtotal, $0.offset) < ($0.element.subtotal, $1.offset) }
            .map(\.element)
    }

    private struct Key: Hashable {
        var variantID: String
        var settings: ImageSettings
    }
}
