import CatalogModel
import Foundation
import PipelineSpec
import Planner

/// The cost part of `plan`: the estimate and its range, what each variant contributes and
/// under which image settings, what the range means, and how much of the budget it takes.
extension PlanSummary {
    struct Cost: Encodable {
        var estimateUSD: Double
        var lowUSD: Double
        var highUSD: Double
        var budgetUSD: Double?
        var withinBudget: Bool
        /// The estimate as a percentage of the budget, when there is one.
        var budgetPercent: Double?
        var variants: [VariantLine]
        /// Whether some job bills per call (`gpt-image-2-beta`), whose range is its estimate.
        var billsPerCall: Bool

        enum CodingKeys: String, CodingKey {
            case estimateUSD = "estimate_usd", lowUSD = "low_usd", highUSD = "high_usd", budgetUSD = "budget_usd"
            case withinBudget = "within_budget", budgetPercent = "budget_percent", variants
            case billsPerCall = "bills_per_call"
        }

        init(_ planned: PlannedCost, budget: Money?) {
            let estimate = planned.estimate
            estimateUSD = estimate.usd
            lowUSD = planned.low.usd
            highUSD = planned.high.usd
            budgetUSD = budget?.usd
            withinBudget = budget.map { estimate <= $0 } ?? true
            budgetPercent = budget.flatMap { $0.micros > 0 ? Double(estimate.micros) * 100 / Double($0.micros) : nil }
            variants = planned.variants.map { VariantLine($0, of: estimate) }
            billsPerCall = planned.billsPerCall
        }
    }

    /// One variant's jobs: `VariantCost` as `plan` shows it.
    struct VariantLine: Encodable {
        var variantID: String
        var model: String
        var size: String
        var resolution: String
        var quality: String?
        var jobs: Int
        var unitLowUSD: Double
        var unitHighUSD: Double
        var subtotalUSD: Double
        /// The subtotal's share of the whole estimate, in percent.
        var sharePercent: Double

        enum CodingKeys: String, CodingKey {
            case variantID = "variant_id", model, size, resolution, quality, jobs, unitLowUSD = "unit_low_usd"
            case unitHighUSD = "unit_high_usd", subtotalUSD = "subtotal_usd", sharePercent = "share_percent"
        }

        init(_ cost: VariantCost, of estimate: Money) {
            variantID = cost.variantID
            model = cost.settings.model
            size = cost.settings.size
            resolution = cost.settings.resolution
            quality = cost.settings.quality
            jobs = cost.jobs
            unitLowUSD = cost.unitCost.lowerBound.usd
            unitHighUSD = cost.unitCost.upperBound.usd
            subtotalUSD = cost.subtotal.usd
            sharePercent = estimate.micros > 0 ? Double(cost.subtotal.micros) * 100 / Double(estimate.micros) : 0
        }

        /// `  background=teal: 6 jobs × $0.0126 = $0.0756 (50%) · gpt-image-2, size 1:1, 1K, quality low`
        var text: String {
            let unit =
                unitLowUSD == unitHighUSD
                ? money(unitLowUSD) : "\(money(unitLowUSD))–\(money(unitHighUSD))"
            let settings = [model, "size \(size)", resolution] + (quality.map { ["quality \($0)"] } ?? [])
            return "  \(variantID): \(jobs) \(jobs == 1 ? "job" : "jobs") × \(unit) = \(money(subtotalUSD)) "
                + "(\(percent(sharePercent, decimals: 0))) · " + settings.joined(separator: ", ")
        }
    }

    /// The cost lines of the text summary.
    var costLines: [String] {
        var lines = ["estimated cost: \(money(cost.estimateUSD)) (range \(money(cost.lowUSD))–\(money(cost.highUSD)))"]
        if !cost.variants.isEmpty {
            lines.append("by variant, dearest first:")
            lines.append(contentsOf: cost.variants.map(\.text))
            let perCall = cost.billsPerCall ? "; \(CostEstimator.perCallModel) bills per call, so has no range" : ""
            lines.append(
                "range: low counts the generated images alone, high adds every reference image twice (and prices "
                    + "`auto` sizes at 4K, not 1K)\(perCall); the run reserves the estimate against the budget")
        }
        if let budget = cost.budgetUSD {
            let share =
                cost.budgetPercent.map { "the plan would spend \(percent($0, decimals: 1)) of it" } ?? "no budget"
            lines.append(
                "budget \(money(budget)): \(share); "
                    + (cost.withinBudget ? "within budget" : "OVER BUDGET, the run will stop at it"))
        }
        return lines
    }
}

/// `$0.0126`, as `Money` prints dollars.
private func money(_ usd: Double) -> String { Money(usd: usd).description }

/// `7.6%` (or `50%` with no decimals).
private func percent(_ value: Double, decimals: Int) -> String {
    String(format: "%.\(decimals)f%%", value)
}
