import CatalogModel
import FeedIngest
import Foundation
import PipelineSpec
import Planner

/// What `plan` prints: products, jobs by change (and why), sample prompts, and the cost
/// (`PlanSummary+Cost`): by variant, as a range, against the budget.
struct PlanSummary: Encodable {
    struct Products: Encodable {
        var read: Int
        var selected: Int
        var rejected: Int
        var skipped: Int
    }

    struct Jobs: Encodable {
        var total: Int
        var new: Int
        var changed: Int
        var unchanged: Int
        var changedBecause: [String: Int]

        enum CodingKeys: String, CodingKey {
            case total, new, changed, unchanged, changedBecause = "changed_because"
        }
    }

    struct Sample: Encodable {
        var productID: String
        var variantID: String
        var prompt: String

        enum CodingKeys: String, CodingKey {
            case productID = "product_id", variantID = "variant_id", prompt
        }
    }

    var spec: String
    var profile: String
    var products: Products
    var jobs: Jobs
    var cost: Cost
    var samples: [Sample]
    var skipped: [String]
    /// Every product with jobs to generate, and why (`ProductChange`): as many as the plan kept
    /// (all for JSON, `shownChanges` for text).
    var changes: [ProductChange]
    /// How many products have jobs to generate, listed or not.
    var changedProducts: Int
    /// How many products the text summary lists.
    static let shownChanges = 20

    enum CodingKeys: String, CodingKey {
        case spec, profile, products, jobs, cost, samples, skipped, changes
    }

    init(spec: PipelineSpec, plan: Plan, report: FeedReport, samples sampleCount: Int) {
        self.spec = spec.name
        profile = report.profile.rawValue
        products = Products(
            read: plan.productsRead, selected: plan.productsSelected, rejected: report.rejectedCount,
            skipped: plan.skippedProducts)
        jobs = Jobs(
            total: plan.jobCount, new: plan.count(.new), changed: plan.count(.changed),
            unchanged: plan.count(.unchanged), changedBecause: plan.changedBecause)
        changes = plan.changes
        changedProducts = plan.changedProducts
        cost = Cost(plan.cost, budget: spec.limits.budget)
        let pool = plan.samplesToRun.isEmpty ? plan.samplesOfAll : plan.samplesToRun
        samples = pool.prefix(sampleCount).map {
            Sample(productID: $0.key.productID, variantID: $0.key.variantID, prompt: $0.prompt)
        }
        skipped = plan.skipped.map { skip in
            let position = skip.line.map { line in " (line \(line)" + (skip.item.map { ", item \($0)" } ?? "") + ")" }
            return "\(skip.productID)\(position ?? ""): \(skip.reason)"
        }
    }

    /// The summary as JSON, handed to `emit` in pieces: its changes, a million for a new
    /// catalog, are encoded one at a time (`StreamedPrettyJSON`).
    func writeJSON(to emit: (String) throws -> Void) throws {
        var shell = self
        shell.changes = []
        try StreamedPrettyJSON.write(shell, key: CodingKeys.changes.stringValue, items: changes, to: emit)
    }

    func text() -> String {
        var lines = [
            "spec: \(spec) (feed profile \(profile))",
            "products: \(products.read) read, \(products.selected) selected, \(products.rejected) rejected, "
                + "\(products.skipped) skipped",
            "jobs: \(jobs.total) planned: \(jobs.new) new, \(jobs.changed) changed, \(jobs.unchanged) unchanged",
        ]
        if !jobs.changedBecause.isEmpty {
            lines.append(
                "changed because of: "
                    + jobs.changedBecause.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    .joined(separator: ", "))
        }
        if !changes.isEmpty {
            lines.append(
                "to generate: " + ProductChange.line(changes, total: changedProducts, limit: Self.shownChanges))
        }
        lines.append(contentsOf: costLines)
        for entry in skipped.prefix(10) { lines.append("skipped: \(entry)") }
        if skipped.count > 10 { lines.append("skipped: … and \(skipped.count - 10) more") }
        if !samples.isEmpty { lines.append("sample prompts:") }
        for sample in samples {
            lines.append("  \(sample.productID) [\(sample.variantID)]:")
            lines.append(contentsOf: sample.prompt.split(separator: "\n").map { "    \($0)" })
        }
        return lines.joined(separator: "\n")
    }
}
