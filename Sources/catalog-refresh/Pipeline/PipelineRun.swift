import Approval
import AssetStorage
import CatalogModel
import Dispatcher
import FeedIngest
import Foundation
import ImageService
import JobStore
import PipelineSpec
import Planner

/// One `run`: spec → feed → plan → dispatch → manifest. The only place the stages meet.
struct PipelineRun {
    var spec: PipelineSpec
    var apiKey: APIKey?
    var apiBaseURLOverride: String?
    /// `--force`: regenerate current outputs too.
    var force = false
    /// `--only` or `retry`: which planned jobs are submitted.
    var selection: RunSelection = .all
    /// `--server-time-scale`: the pace of an external simulator.
    var serverTimeScale: Double?
    /// `--log-format`: how progress is reported.
    var logFormat: LogFormat = .text

    struct Outcome {
        var plan: Plan
        var report: RunReport
        var manifestPath: String
        /// Jobs whose task was lost or whose result expired (with that code), left failed: only
        /// `retry` submits them again.
        var heldBack: [(key: JobKey, code: String)] = []
    }

    func execute() async throws -> Outcome {
        let folder = spec.output.folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Held until this run ends: a second run of the same folder would pay for the same jobs.
        let lock = try RunLock.acquire(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        // A folder whose manifest lists images its store does not hold is not new (exit 3).
        let store = try FolderStateCheck.openOrCreateStore(folder: folder)
        if let last = try store.lastRun(), last.status != "finished", let previous = lock.previousHolder {
            let removed = AbandonedTemporaryFiles.remove(under: folder, writtenBy: previous)
            if !removed.isEmpty { RunLog.temporaryFilesRemoved(removed.count, lastRunStatus: last.status) }
        }
        // `--force` and a selection look at every job: no product is passed over, none recorded.
        let passesOverCurrentProducts = selection.passesOverCurrentProducts(force: force)
        let (plan, feedReport) = try await PlanBuilder.build(
            spec, index: store, comparesListings: true,
            keeps: { [selection, force] in selection.keeps($0, force: force) },
            passesOverCurrentProducts: passesOverCurrentProducts,
            // The run lists the changes of what it submits (`ProductChange.of`), not the plan's.
            keptChanges: 0)
        RunLog.plan(plan)
        RunLog.skips(SkipSummary(plan))
        if passesOverCurrentProducts {
            if plan.staleCurrentProducts > 0 {
                RunLog.staleCurrentProducts(plan.staleCurrentProducts)
                try store.forgetCurrentProducts()
            }
            // Before any write of this run, so that one touching such a product (none should)
            // forgets it through the store's triggers: the rows describe the store as it is.
            try store.recordCurrentProducts(plan.currentProductsToRecord)
        }
        // Every stored image belongs to a planned job (the common nightly case) or the store's
        // keys are read to find the products that left the feed.
        let gone =
            try plan.plannedWithStoredImage == store.storedImageCount()
            ? [] : try store.productIDsWithOutputs(where: { !plan.productIDHashes.contains($0.hashValue) })
        RunLog.productsGone(gone)
        try selection.checkProducts(in: plan, feed: Self.displayPath(spec.feed.source))
        let runID = try store.beginRun(specName: spec.name)
        // A Shopify feed's product id is its Handle: the listing says so, so the Shopify export
        // knows the handle is real and not a guess.
        let isShopifyFeed = feedReport.profile == .shopify
        try store.recordListings(
            plan.listingUpdates.map { update in
                var listing = update.listing
                if isShopifyFeed && listing.handle == nil { listing.handle = update.key.productID }
                return (update.key, listing, update.digest)
            })
        var report = RunReport()
        // A lost task may have been charged, an expired result was: a plain run never pays for
        // either again on its own (`HeldBackFailure`).
        let paidFailures = Dictionary(
            try store.failedJobs().lazy.filter { HeldBackFailure.codes.contains($0.code) }.map { ($0.key, $0.code) },
            uniquingKeysWith: { first, _ in first })
        let candidates = selection.entries(in: plan, force: force)
        let selected = selection.isRetry ? candidates : candidates.filter { paidFailures[$0.job.key] == nil }
        let heldBack =
            selection.isRetry
            ? []
            : candidates.compactMap { entry in
                paidFailures[entry.job.key].map { (key: entry.job.key, code: $0) }
            }
        for failure in HeldBackFailure.all {
            RunLog.heldBack(heldBack.filter { $0.code == failure.code }.map(\.key), failure: failure, spec: spec.file)
        }
        let jobs = selected.map(\.job)
        // `--force` regenerates current jobs too, which the plan's path check left alone.
        if force, let collision = OutputPathCollision.first(in: jobs) { throw collision }
        RunLog.jobsNoLongerPlanned(selection.jobsMissing(from: selected))
        let changes = ProductChange.of(selected)
        RunLog.changes(changes)
        // Decisions on the images about to be replaced: they hold for the old image only.
        let decided = try store.reviews(for: jobs.map(\.key))
        if jobs.isEmpty {
            RunLog.nothingToSubmit(anySkipped: plan.skippedCount > 0)
        } else {
            do {
                report = try await dispatch(jobs, store: store, runID: runID)
            } catch {
                try? store.finishRun(runID, status: "failed")
                throw error
            }
        }
        let stillDecided = try store.reviews(for: decided.keys)
        let reset = decided.filter { stillDecided[$0.key] == nil }.map {
            DecisionReset(key: $0.key, decision: $0.value.state)
        }
        .sorted { ($0.key.productID, $0.key.variantID) < ($1.key.productID, $1.key.variantID) }
        RunLog.decisionsReset(reset)
        let ending = ManifestPublisher.RunEnding(
            status: report.interrupted ? "interrupted" : report.isComplete ? "finished" : "failed", at: Date())
        do {
            try store.updateManifestKeys(
                adding: plan.missingFromManifest, plannedCount: plan.jobCount,
                isPlanned: { plan.plannedKeyHashes.contains($0.hashValue) })
            try ReviewContext(spec: spec, store: store).publisher.publish(ending: ending)
            try RunReportFile.write(
                report, progress: try store.progress(runID: runID), plan: plan, productsGone: gone, changes: changes,
                decisionsReset: reset, to: folder)
        } catch {
            // Without its manifest and report the run did not finish, whatever its jobs did:
            // `status` must not say it did.
            try? store.finishRun(runID, status: "failed")
            throw error
        }
        // Last: a run killed before this point is never recorded as ended.
        try store.finishRun(runID, status: ending.status)
        return Outcome(
            plan: plan, report: report,
            manifestPath: URL(fileURLWithPath: folder).appendingPathComponent("manifest.json").path,
            heldBack: heldBack)
    }

    private func dispatch(_ jobs: [Job], store: JobStore, runID: Int64) async throws -> RunReport {
        let endpoint = try await ServiceEndpoint.open(
            apiKey: apiKey, overrideURL: apiBaseURLOverride, specURL: spec.api.baseURL, filesURL: spec.api.filesBaseURL,
            concurrency: spec.limits.concurrency, network: try NetworkSettings.forCommand(spec: spec),
            overrideTimeScale: serverTimeScale)
        RunLog.start(jobs: jobs.count, server: endpoint.description)
        var configuration = DispatchConfiguration(
            concurrency: spec.limits.concurrency, requestsPerMinute: spec.limits.requestsPerMinute,
            budget: spec.limits.budget)
        if endpoint.timeScale < 1 {
            configuration.pollSchedule = PollSchedule.evoLink.scaled(by: endpoint.timeScale)
            configuration = configuration.scaledRetries(by: endpoint.timeScale)
        }
        let dispatcher = Dispatcher(
            service: endpoint.client, store: store, storage: FileAssetStorage(root: spec.output.folder),
            configuration: configuration)
        let progress = RunProgress(format: logFormat) { try store.progress(runID: runID) }
        do {
            let report = try await dispatcher.run(jobs, runID: runID) { event in progress.record(event) }
            await progress.finish()
            await endpoint.close()
            return report
        } catch {
            await progress.finish()
            await endpoint.close()
            throw error
        }
    }

    /// A path as the user would type it: relative to the working directory when inside it.
    static func displayPath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }
}
