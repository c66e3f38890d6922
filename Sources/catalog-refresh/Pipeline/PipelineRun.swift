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
    /// `--only`: these product ids only.
    var only: Set<String>?
    /// `--server-time-scale`: the pace of an external simulator.
    var serverTimeScale: Double?
    /// `--log-format`: how progress is reported.
    var logFormat: RunProgress.Format = .text

    struct Outcome {
        var plan: Plan
        var report: RunReport
        var manifestPath: String
    }

    func execute() async throws -> Outcome {
        let folder = spec.output.folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Held until this run ends: a second run of the same folder would pay for the same jobs.
        let lock = try RunLock.acquire(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        let store = try JobStore(path: URL(fileURLWithPath: folder).appendingPathComponent("state.sqlite").path)
        if let last = try store.lastRun(), last.status != "finished", let previous = lock.previousHolder {
            let removed = AbandonedTemporaryFiles.remove(under: folder, writtenBy: previous)
            if !removed.isEmpty {
                Console.err("removed \(removed.count) temporary files the last run (\(last.status)) left behind")
            }
        }
        let (plan, _) = try await PlanBuilder.build(spec, index: store)
        Console.err(
            "plan: \(plan.productsRead) products, \(plan.entries.count) jobs: \(plan.count(.new)) new, "
                + "\(plan.count(.changed)) changed, \(plan.count(.unchanged)) unchanged; estimated cost \(plan.estimatedCost)"
        )
        for line in SkipSummary(plan).lines { Console.err("warning: \(line)") }
        let gone = try store.productIDsWithOutputs().filter { !plan.productIDHashes.contains($0.hashValue) }
        if !gone.isEmpty {
            Console.err(
                "note: \(gone.count) products with stored images are no longer in the feed (their images are kept): "
                    + gone.prefix(10).joined(separator: ", ") + (gone.count > 10 ? ", …" : ""))
        }
        let runID = try store.beginRun(specName: spec.name)
        var report = RunReport()
        // --only narrows what is submitted, not what the plan and the manifest cover.
        let jobs = plan.entries.filter { entry in
            (only?.contains(entry.job.key.productID) ?? true) && (entry.change != .unchanged || force)
        }.map(\.job)
        if jobs.isEmpty {
            Console.err(plan.skippedCount == 0 ? "nothing to submit: every output is current" : "nothing to submit")
        } else {
            do {
                report = try await dispatch(jobs, store: store, runID: runID)
            } catch {
                try? store.finishRun(runID, status: "failed")
                throw error
            }
        }
        try store.finishRun(
            runID, status: report.interrupted ? "interrupted" : report.isComplete ? "finished" : "failed")
        try store.setManifestKeys(plan.entries.map(\.job.key))
        try ReviewContext(spec: spec, store: store).publisher.publish()
        try RunReportFile.write(
            report, spend: try store.spend(runID: runID), plan: plan, productsGone: gone, to: folder)
        return Outcome(
            plan: plan, report: report,
            manifestPath: URL(fileURLWithPath: folder).appendingPathComponent("manifest.json").path)
    }

    private func dispatch(_ jobs: [Job], store: JobStore, runID: Int64) async throws -> RunReport {
        let endpoint = try await ServiceEndpoint.open(
            apiKey: apiKey, overrideURL: apiBaseURLOverride, specURL: spec.api.baseURL, filesURL: spec.api.filesBaseURL,
            concurrency: spec.limits.concurrency, overrideTimeScale: serverTimeScale)
        Console.err("submitting \(jobs.count) jobs to \(endpoint.description)")
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
        do {
            let progress = RunProgress(total: jobs.count, format: logFormat)
            let report = try await dispatcher.run(jobs, runID: runID) { event in progress.record(event) }
            progress.finish()
            await endpoint.close()
            return report
        } catch {
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
