import CatalogModel
import Dispatcher
import Foundation
import JobStore
import Logging
import Planner

/// The events `run` reports around its dispatch (the plan, what it starts, what it leaves, the
/// summary), each a readable line in text mode and an object with its numbers in JSON mode.
enum RunLog {
    static func temporaryFilesRemoved(_ count: Int, lastRunStatus: String) {
        Console.err(
            "removed \(count) temporary files the last run (\(lastRunStatus)) left behind",
            event: "temporary_files_removed",
            ["count": .stringConvertible(count), "last_run_status": .string(lastRunStatus)])
    }

    static func plan(_ plan: Plan) {
        Console.err(
            "plan: \(plan.productsRead) products, \(plan.jobCount) jobs: \(plan.count(.new)) new, "
                + "\(plan.count(.changed)) changed, \(plan.count(.unchanged)) unchanged"
                + (plan.productsPassedOver > 0
                    ? " (\(plan.productsPassedOver) products as they were when last found current, not planned again)"
                    : "") + "; estimated cost \(plan.estimatedCost)",
            event: "plan",
            [
                "products": .stringConvertible(plan.productsRead), "jobs": .stringConvertible(plan.jobCount),
                "new": .stringConvertible(plan.count(.new)), "changed": .stringConvertible(plan.count(.changed)),
                "unchanged": .stringConvertible(plan.count(.unchanged)),
                "estimated_cost_usd": .stringConvertible(plan.estimatedCost.usd),
                "products_passed_over": .stringConvertible(plan.productsPassedOver),
            ])
    }

    /// Products the store recorded as current that were not when made in full: a defect, so the
    /// run says so and has the store forget them all.
    static func staleCurrentProducts(_ count: Int) {
        Console.warning(
            "\(count) products the store recorded as current were not when planned in full: it forgets "
                + "every product it recorded, and the next run plans each in full (please report this)",
            event: "stale_current_products", ["products": .stringConvertible(count)])
    }

    /// Products × variants the plan could not make, counted by reason with the first ids: one
    /// warning however many (a blank column can skip a million).
    static func skips(_ skips: SkipSummary) {
        guard skips.total > 0 else { return }
        let lines = skips.lines
        Console.warning(
            lines[0], event: "products_skipped",
            [
                "skipped": .stringConvertible(skips.total), "products": .stringConvertible(skips.products),
                "by_reason": .dictionary(
                    Dictionary(uniqueKeysWithValues: skips.byReason.map { ($0.reason, .stringConvertible($0.count)) })),
            ])
        Console.warning(
            lines[1], event: "products_skipped_ids",
            ["first_product_ids": .array(skips.firstProductIDs.map { .string($0) })])
    }

    static func jobsNoLongerPlanned(_ keys: [JobKey]) {
        guard !keys.isEmpty else { return }
        Console.warning(
            "\(keys.count) failed job\(keys.count == 1 ? " is" : "s are") no longer planned (the product left the feed "
                + "or the spec dropped the variant) and stay failed: "
                + keys.prefix(20).map(\.description).joined(separator: ", ") + (keys.count > 20 ? ", …" : ""),
            event: "jobs_no_longer_planned",
            ["count": .stringConvertible(keys.count), "jobs": .array(keys.prefix(100).map { .string($0.description) })])
    }

    /// Jobs whose task was lost: a plain run leaves them failed, since each may have been
    /// charged; `retry` sends them again when someone decides to pay that risk.
    /// Jobs a plain run leaves failed because they were (or may have been) paid for already:
    /// `task_lost` or `result_expired` (`HeldBackFailure`), with the command that sends them.
    static func heldBack(_ keys: [JobKey], failure: HeldBackFailure, spec: String) {
        guard !keys.isEmpty else { return }
        Console.warning(
            "\(keys.count) job\(keys.count == 1 ? "" : "s") whose \(failure.happened) (\(failure.code)) "
                + "\(keys.count == 1 ? "is" : "are") left failed, since \(failure.paid): "
                + keys.prefix(20).map(\.description).joined(separator: ", ") + (keys.count > 20 ? ", …" : "")
                + "; `catalog-refresh retry \(PipelineRun.displayPath(spec)) --failed --reason \(failure.code)` "
                + "submits them again under new keys",
            event: failure.event,
            ["count": .stringConvertible(keys.count), "jobs": .array(keys.prefix(100).map { .string($0.description) })])
    }

    static func productsGone(_ gone: [String]) {
        guard !gone.isEmpty else { return }
        Console.err(
            "note: \(gone.count) products with stored images are no longer in the feed (their images are kept): "
                + gone.prefix(10).joined(separator: ", ") + (gone.count > 10 ? ", …" : ""),
            event: "products_gone",
            ["count": .stringConvertible(gone.count), "product_ids": .array(gone.prefix(100).map { .string($0) })])
    }

    static func nothingToSubmit(anySkipped: Bool) {
        Console.err(
            anySkipped ? "nothing to submit" : "nothing to submit: every output is current", event: "nothing_to_submit")
    }

    static func start(jobs: Int, server: String) {
        Console.err(
            "submitting \(jobs) jobs to \(server)", event: "start",
            ["jobs": .stringConvertible(jobs), "server": .string(server)])
    }

    /// In JSON mode the summary that standard output prints is an event too, with its numbers.
    static func summary(_ line: String, plan: Plan, report: RunReport, manifest: String) {
        guard Console.format == .json else { return }
        Console.err(
            line, event: "summary",
            [
                "new": .stringConvertible(plan.count(.new)), "changed": .stringConvertible(plan.count(.changed)),
                "unchanged": .stringConvertible(plan.count(.unchanged)),
                "submitted": .stringConvertible(report.submissions), "stored": .stringConvertible(report.stored),
                "failed": .stringConvertible(report.failed.count),
                "skipped_for_budget": .stringConvertible(report.skippedForBudget.count),
                "unfinished": .stringConvertible(report.unfinished.count),
                "committed_spend_usd": .stringConvertible(report.committedSpend.usd),
                "interrupted": .stringConvertible(report.interrupted), "manifest": .string(manifest),
            ])
    }

    /// Why products run again: the first 20 in text, every one in `report.json`.
    static func changes(_ changes: [ProductChange]) {
        guard !changes.isEmpty else { return }
        let count = { (kind: ProductChange.Kind) in changes.count { $0.kind == kind } }
        Console.err(
            "to generate: " + ProductChange.line(changes), event: "changes",
            [
                "products_new": .stringConvertible(count(.new)),
                "products_changed": .stringConvertible(count(.changed)),
                "products_forced": .stringConvertible(count(.forced)),
                "first": .array(
                    changes.prefix(20).map {
                        .dictionary([
                            "product_id": .string($0.productID), "change": .string($0.kind.rawValue),
                            "reasons": .array($0.reasons.map { .string($0) }),
                        ])
                    }),
            ])
    }

    /// Review decisions whose image this run replaced: pending again.
    static func decisionsReset(_ reset: [DecisionReset]) {
        guard !reset.isEmpty else { return }
        let products = Array(Set(reset.map(\.key.productID))).sorted()
        let shown =
            products.prefix(20).joined(separator: ", ")
            + (products.count > 20 ? ", … and \(products.count - 20) more" : "")
        let approved = reset.count { $0.decision == .approved }
        Console.warning(
            "\(reset.count) review decision\(reset.count == 1 ? "" : "s") (\(approved) approved) went back to pending: "
                + "their images were regenerated (\(shown)); review them again",
            event: "decisions_reset",
            [
                "count": .stringConvertible(reset.count), "approved": .stringConvertible(approved),
                "product_ids": .array(products.prefix(100).map { .string($0) }),
            ])
    }
}
