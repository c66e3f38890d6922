import AssetStorage
import CatalogModel
import Foundation
import ImageService
import JobStore

/// Runs jobs against the image API: budget → rate limit → concurrency → submit (idempotency
/// key committed first) → poll → download at once → verify → store. Every step is recorded in
/// the `JobStore` before the next begins, so a crash at any point resumes without paying twice.
public struct Dispatcher: Sendable {
    let service: any ImageGenerationService
    let store: JobStore
    let storage: any AssetStorage
    let configuration: DispatchConfiguration
    /// Every schedule, deadline and expiry of the dispatch reads this clock.
    let clock: AnyClock
    /// Where blocking disk work (commits, fsyncs) runs, apart from the dispatch.
    let storageExecutor: any TaskExecutor

    /// `clock` drives polling, pacing, backoff, the commit window and upload lifetimes (real time
    /// by default); `storageExecutor` is where commits and fsyncs run (`ThreadExecutor.storage`
    /// by default; a test gives the executor it watches).
    public init(
        service: any ImageGenerationService, store: JobStore, storage: any AssetStorage,
        configuration: DispatchConfiguration, clock: AnyClock = .continuous,
        storageExecutor: any TaskExecutor = ThreadExecutor.storage
    ) {
        self.service = service
        self.store = store
        self.storage = storage
        self.configuration = configuration
        self.clock = clock
        self.storageExecutor = storageExecutor
    }

    /// Registers `jobs` under `runID` and drives each to stored, failed, skipped or (when the
    /// API is still working on it) unfinished. `onEvent` is called as jobs finish.
    public func run(
        _ jobs: [Job], runID: Int64, onEvent: @escaping @Sendable (DispatchEvent) -> Void = { _ in }
    ) async throws -> RunReport {
        // Registering is a transaction (and its fsync): on the storage thread, like every commit.
        let records = try await withTaskExecutorPreference(storageExecutor) {
            try register(jobs, runID: runID, onEvent: onEvent)
        }
        return try await dispatch(records, onEvent: onEvent)
    }

    /// Warns about jobs whose earlier task is abandoned or lost, then registers the jobs.
    private func register(
        _ jobs: [Job], runID: Int64, onEvent: @Sendable (DispatchEvent) -> Void
    ) throws -> [JobRecord] {
        for job in jobs {
            guard let existing = try store.job(job.key) else { continue }
            if existing.state.isInFlight, existing.job.fingerprint != job.fingerprint {
                onEvent(
                    .warning(
                        "\(job.key) changed while its previous version was \(existing.state.rawValue) (task \(existing.taskID ?? "unknown")); "
                            + "that task is abandoned and the new version is submitted"))
            } else if existing.state == .failed, existing.failureReason?.hasPrefix(TaskLoss.code + ":") == true {
                onEvent(.warning(TaskLoss.resubmissionWarning(for: job.key, taskID: existing.taskID)))
            } else if existing.state == .failed, existing.failureReason?.hasPrefix(ResultExpiry.code + ":") == true {
                onEvent(.warning(ResultExpiry.resubmissionWarning(for: job.key, taskID: existing.taskID)))
            }
        }
        return try store.register(jobs, runID: runID)
    }

    /// Runs on the caller's executor (the default one): HTTP and deadlines are never behind a
    /// commit, which runs on `storageExecutor`.
    private func dispatch(
        _ records: [JobRecord], onEvent: @escaping @Sendable (DispatchEvent) -> Void
    ) async throws -> RunReport {
        let context = context(dispatched: records.count, onEvent: onEvent)
        var loop = DispatchLoop(records: records, context: context)
        do {
            try await loop.run()
            try Task.checkCancellation()
        } catch is CancellationError {
            // SIGINT/SIGTERM: every job keeps the state it reached; the next run resumes it.
            var report = context.tally.report
            report.interrupted = true
            return report
        }
        return context.tally.report
    }

    /// What the jobs of one dispatch share: the rate limiter, the budget, the uploader, the
    /// tally and the group committer.
    func context(dispatched: Int, onEvent: @escaping @Sendable (DispatchEvent) -> Void) -> JobContext {
        let server = service.server
        return JobContext(
            dispatcher: self,
            rateLimiter: RateLimiter(
                requestsPerMinute: configuration.requestsPerMinute, burst: configuration.bucketSize, clock: clock),
            budget: BudgetGate(limit: configuration.budget),
            server: server,
            uploader: ReferenceUploader(
                service: service, server: server, store: store, retry: configuration.readRetry, clock: clock,
                storageExecutor: storageExecutor),
            tally: RunTally(dispatched: dispatched),
            committer: GroupCommitter(
                store: store, storage: storage, clock: clock, window: configuration.commitWindow,
                executor: storageExecutor),
            onEvent: onEvent)
    }
}
