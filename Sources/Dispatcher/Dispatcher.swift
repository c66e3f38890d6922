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
    let clock: any DispatchClock

    public init(
        service: any ImageGenerationService, store: JobStore, storage: any AssetStorage,
        configuration: DispatchConfiguration, clock: any DispatchClock = .continuous
    ) {
        self.service = service
        self.store = store
        self.storage = storage
        self.configuration = configuration
        self.clock = clock
    }

    /// Registers `jobs` under `runID` and drives each to stored, failed, skipped or (when the
    /// API is still working on it) unfinished. `onEvent` is called as jobs finish.
    public func run(
        _ jobs: [Job], runID: Int64, onEvent: @escaping @Sendable (DispatchEvent) -> Void = { _ in }
    ) async throws -> RunReport {
        var records: [JobRecord] = []
        for job in jobs {
            if let abandoned = try store.inFlightRecord(replacedBy: job) {
                onEvent(
                    .warning(
                        "\(job.key) changed while its previous version was \(abandoned.state.rawValue) (task \(abandoned.taskID ?? "unknown")); "
                            + "that task is abandoned and the new version is submitted"))
            }
            records.append(try store.register(job, runID: runID))
        }
        let context = JobContext(
            dispatcher: self,
            rateLimiter: RateLimiter(
                requestsPerMinute: configuration.requestsPerMinute, burst: configuration.concurrency, clock: clock),
            budget: BudgetGate(limit: configuration.budget),
            uploader: ReferenceUploader(service: service, store: store, retry: configuration.readRetry, clock: clock),
            tally: RunTally(dispatched: records.count), onEvent: onEvent)
        let queue = JobQueue(records)
        do {
            try await runWorkers(queue: queue, context: context, count: records.count)
        } catch is CancellationError {
            // SIGINT/SIGTERM: every job keeps the state it reached; the next run resumes it.
            var report = await context.tally.report
            report.interrupted = true
            return report
        }
        return await context.tally.report
    }

    private func runWorkers(queue: JobQueue, context: JobContext, count: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, min(configuration.concurrency, count)) {
                group.addTask {
                    while let record = await queue.next() {
                        try Task.checkCancellation()
                        // Out of credit: every further submission would be refused too.
                        if await context.tally.report.balanceExhausted, record.state == .planned {
                            try await context.skipForBalance(record)
                            continue
                        }
                        try await context.process(record)
                    }
                }
            }
            try await group.waitForAll()
        }
        try Task.checkCancellation()
    }
}

/// Hands out records to the workers, one at a time, in order.
actor JobQueue {
    private var records: [JobRecord]
    private var index = 0

    init(_ records: [JobRecord]) {
        self.records = records
    }

    func next() -> JobRecord? {
        guard index < records.count else { return nil }
        defer { index += 1 }
        return records[index]
    }
}

/// Collects outcomes from concurrent workers.
actor RunTally {
    private(set) var report = RunReport()

    init(dispatched: Int) {
        report.dispatched = dispatched
    }

    func record(_ change: (inout RunReport) -> Void) {
        change(&report)
    }
}
