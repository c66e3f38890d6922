import AssetStorage
import CatalogModel
import Dispatcher
import Foundation
import JobStore
import Planner

/// `report.json` beside the manifest: what the last run did, for dashboards and alerts.
enum RunReportFile {
    struct Body: Encodable {
        /// Which build wrote the report, as the manifest records it.
        var provenance = CatalogRefreshVersion.provenance
        var jobs: Jobs
        var failures: [Failure]
        var failuresByReason: [String: Int]
        var skippedForBudget: [String]
        var unfinished: [String]
        var submissions: Int
        var replays: Int
        var committedSpendUSD: Double
        var spend: Spend
        var interrupted: Bool
        var balanceExhausted: Bool
        var taskSeconds: Percentiles?
        var productsGone: [String]
        /// Every product this run generated again, and why.
        var changes: [ProductChange]
        var decisionsReset: [DecisionReset]
        /// The run's jobs as `status` and the live line count them, at the run's end.
        var progress: Progress
        var skipped: SkippedFile

        enum CodingKeys: String, CodingKey {
            case provenance, jobs, failures, unfinished, submissions, replays, interrupted, spend, changes, skipped
            case decisionsReset = "decisions_reset", progress
            case failuresByReason = "failures_by_reason", skippedForBudget = "skipped_for_budget"
            case committedSpendUSD = "committed_spend_usd", balanceExhausted = "balance_exhausted"
            case taskSeconds = "task_seconds", productsGone = "products_gone"
        }
    }

    struct Jobs: Encodable {
        var planned: Int
        var new: Int
        var changed: Int
        var unchanged: Int
        var stored: Int
        var failed: Int
    }

    /// The run's spend as the store has it (`RunSpend`): the API's charges where it settled a
    /// submission, the reserved estimate where it has not.
    struct Spend: Encodable {
        var chargedUSD: Double
        var settledSubmissions: Int
        var reservedUSD: Double
        var unsettledSubmissions: Int
        var totalUSD: Double

        init(_ spend: RunSpend) {
            chargedUSD = spend.charged.usd
            settledSubmissions = spend.settledCount
            reservedUSD = spend.reserved.usd
            unsettledSubmissions = spend.unsettledCount
            totalUSD = spend.total.usd
        }

        enum CodingKeys: String, CodingKey {
            case chargedUSD = "charged_usd", settledSubmissions = "settled_submissions", reservedUSD = "reserved_usd"
            case unsettledSubmissions = "unsettled_submissions", totalUSD = "total_usd"
        }
    }

    /// `RunProgressSnapshot` at the end of the run.
    struct Progress: Encodable {
        var total: Int
        var done: Int
        var inFlight: Int
        var submitting: Int
        var downloading: Int
        var stored: Int
        var failed: Int

        init(_ snapshot: RunProgressSnapshot) {
            total = snapshot.total
            done = snapshot.done
            inFlight = snapshot.inFlight
            submitting = snapshot.submitting
            downloading = snapshot.downloading
            stored = snapshot.stored
            failed = snapshot.failed
        }

        enum CodingKeys: String, CodingKey {
            case total, done, submitting, downloading, stored, failed, inFlight = "in_flight"
        }
    }

    struct Failure: Encodable {
        var productID: String
        var variantID: String
        var reason: String
        var retryable: Bool

        enum CodingKeys: String, CodingKey {
            case productID = "product_id", variantID = "variant_id", reason, retryable
        }
    }

    struct Percentiles: Encodable {
        var p50: Double
        var p95: Double
        var max: Double
    }

    static func write(
        _ report: RunReport, progress: RunProgressSnapshot, plan: Plan, productsGone: [String],
        changes: [ProductChange],
        decisionsReset: [DecisionReset], to folder: String
    ) throws {
        var reasons: [String: Int] = [:]
        for failure in report.failed { reasons[String(failure.reason.prefix { $0 != ":" }), default: 0] += 1 }
        let sorted = report.taskSeconds.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))] }
        let body = Body(
            jobs: Jobs(
                planned: plan.jobCount, new: plan.count(.new), changed: plan.count(.changed),
                unchanged: plan.count(.unchanged), stored: report.stored, failed: report.failed.count),
            failures: report.failed.map {
                Failure(
                    productID: $0.key.productID, variantID: $0.key.variantID, reason: $0.reason, retryable: $0.retryable
                )
            },
            failuresByReason: reasons, skippedForBudget: report.skippedForBudget.map(\.description),
            unfinished: report.unfinished.map(\.description), submissions: report.submissions, replays: report.replays,
            committedSpendUSD: report.committedSpend.usd, spend: Spend(progress.spend), interrupted: report.interrupted,
            balanceExhausted: report.balanceExhausted,
            taskSeconds: sorted.isEmpty
                ? nil : Percentiles(p50: percentile(0.5), p95: percentile(0.95), max: sorted.last ?? 0),
            productsGone: productsGone, changes: changes, decisionsReset: decisionsReset,
            progress: Progress(progress), skipped: SkippedFile(plan))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(
            Array(try encoder.encode(body)) + [0x0A],
            to: URL(fileURLWithPath: folder).appendingPathComponent("report.json").path)
    }
}
