import AssetStorage
import CatalogModel
import Foundation
import ImageService
import JobStore

/// Everything one job's journey needs, shared by the workers of one dispatch.
struct JobContext: Sendable {
    let dispatcher: Dispatcher
    let rateLimiter: RateLimiter
    let budget: BudgetGate
    /// The server this dispatch talks to: each submission records it, and a job whose
    /// submission went to another one is not resumed here (`loseTask`).
    let server: ServerIdentity
    let uploader: ReferenceUploader
    let tally: RunTally
    /// Every transition a job's journey records, except skips (decided by the loop itself).
    let committer: GroupCommitter
    let onEvent: @Sendable (DispatchEvent) -> Void

    private var store: JobStore { dispatcher.store }
    var service: any ImageGenerationService { dispatcher.service }
    var configuration: DispatchConfiguration { dispatcher.configuration }
    var clock: AnyClock { dispatcher.clock }

    /// What one read of a task found.
    enum ReadOutcome: Sendable {
        /// Done: the result is to be downloaded (its URLs are committed first, with the charge
        /// the API reported, if it did).
        case completed(JobRecord, charge: Money?)
        case running
        /// The job's part in this run is over (the task failed, or its answer was unusable).
        case ended
        /// The read itself failed: retry it later, or leave the task to a later run.
        case unreadable(ImageServiceError)
    }

    /// Jobs prepared in this run whose POST never left (the run is stopping): planned again.
    func returnUnsent(_ records: [JobRecord]) async throws {
        guard !records.isEmpty else { return }
        try await onStorage { try store.markUnsent(records.map(\.job.key)) }
    }

    /// Skips a job that never reached the API because the account ran out of credit; the skip
    /// joins `skips`, which the loop records together (`recordSkips`).
    func skipForBalance(_ record: JobRecord, into skips: inout [JobTransition]) {
        let reason = "not submitted: the EvoLink account ran out of credit (top up, then rerun)"
        skips.append(.skipped(record.job.key, reason: reason))
        tally.record { $0.failed.append(.init(key: record.job.key, reason: reason, retryable: true)) }
        onEvent(.skipped(record.job.key, reason: reason))
    }

    /// Reserves a job's estimated cost before it is submitted; `false` (and the job's skip added
    /// to `skips`) when that would cross the run's budget.
    func reserveBudget(for record: JobRecord, skips: inout [JobTransition]) -> Bool {
        if record.state == .submitting {
            // Already paid for, or about to be: it counts whether or not it fits.
            budget.reserveUnconditionally(record.job.estimatedCost)
            return true
        }
        guard budget.reserve(record.job.estimatedCost) else {
            let reason =
                "budget: the run's budget of \(configuration.budget.map(\.description) ?? "-") would be crossed"
            skips.append(.skipped(record.job.key, reason: reason))
            tally.record { $0.skippedForBudget.append(record.job.key) }
            onEvent(.skipped(record.job.key, reason: reason))
            return false
        }
        return true
    }

    /// Records the loop's skips in one transaction, on the storage thread: a budget running out
    /// skips every job left, and the loop never waits on the disk itself.
    func recordSkips(_ skips: [JobTransition]) async throws {
        guard !skips.isEmpty else { return }
        try await onStorage {
            for result in try store.commit(skips) { try result.get() }
        }
    }

    /// Store work outside the group commits (reads, skips), on the storage thread as commits
    /// are: a slow disk never holds a thread of the pool that HTTP reads and deadlines need.
    private func onStorage<T: Sendable>(_ work: () throws -> T) async throws -> T {
        try await withTaskExecutorPreference(dispatcher.storageExecutor) { try work() }
    }

    /// Gets a planned job ready to submit before it takes a concurrency slot: uploads its local
    /// references and commits its idempotency key and image URLs (write-ahead). Returns it in
    /// `submitting`, or `nil` when its part in this run ended here (an upload failed).
    /// `urgent` when a free slot waits for it (`GroupCommitter`).
    func prepare(_ record: JobRecord, urgent: Bool = false) async throws -> JobRecord? {
        guard record.idempotencyKey == nil || record.submittedImageURLs == nil else { return record }
        do {
            let imageURLs = try await uploader.urls(for: record.job.references)
            let key = Self.newIdempotencyKey()
            try await committer.commit(
                .submitting(
                    record.job.key, idempotencyKey: key, imageURLs: imageURLs, server: server.submissionServer),
                urgent: urgent)
            var prepared = record
            prepared.state = .submitting
            prepared.idempotencyKey = key
            prepared.submittedImageURLs = imageURLs
            prepared.submissionServer = server.submissionServer
            return prepared
        } catch let error as ImageServiceError {
            try await settle(error, for: record.job)
            return nil
        }
    }

    /// Submits a prepared job, or resubmits one caught in `submitting` with its own key, when the
    /// dispatch loop has taken a request turn and a slot for it. Returns the job now in flight,
    /// or `nil` when its part in this run ended here (failed, or left to a later run).
    func submit(_ record: JobRecord, started: AnyClock.Instant) async throws -> InFlightTask? {
        guard let record = try await prepare(record), let key = record.idempotencyKey,
            let imageURLs = record.submittedImageURLs
        else { return nil }
        do {
            // The task has been running since the API answered, not since its row was committed.
            let (submitted, answeredAt, replayed) = try await send(record, key: key, imageURLs: imageURLs)
            var task = InFlightTask(
                record: submitted, started: started, waitingSince: answeredAt,
                nextPollAt: answeredAt.advanced(by: configuration.pollSchedule.interval(afterWaiting: .zero)))
            // A replayed key answers with the task an earlier run started: its age is unknown.
            task.resumed = replayed
            return task
        } catch let error as ImageServiceError {
            try await settle(error, for: record.job)
            return nil
        }
    }

    /// Prepared or resumed: the same key must carry the same body, or the API answers 409.
    private func send(
        _ record: JobRecord, key: String, imageURLs: [String]
    ) async throws -> (JobRecord, answeredAt: AnyClock.Instant, replayed: Bool) {
        var record = record
        let request = GenerationRequest(prompt: record.job.prompt, imageURLs: imageURLs, settings: record.job.settings)
        var turnTaken = true
        let snapshot = try await configuration.submitRetry.run(sleep: { try await clock.sleep(for: $0) }) {
            // The first attempt goes out on the turn the loop took; retries wait for their own.
            if turnTaken {
                turnTaken = false
                return try await rateLimiter.observed { try await service.submit(request, idempotencyKey: key) }
            }
            return try await rateLimiter.paced { try await service.submit(request, idempotencyKey: key) }
        }
        let answeredAt = clock.now
        try await committer.commit(.submitted(record.job.key, taskID: snapshot.id))
        onEvent(.submitted(record.job.key, taskID: snapshot.id, cost: record.job.estimatedCost))
        let replayed = snapshot.replayed
        let cost = record.job.estimatedCost
        tally.record {
            if replayed { $0.replays += 1 } else { $0.submissions += 1 }
            $0.committedSpend = $0.committedSpend + cost
        }
        record.state = .submitted
        record.taskID = snapshot.id
        record.idempotencyKey = key
        return (record, answeredAt, replayed)
    }

    /// Reads a task once, on a request turn the dispatch loop took: a failed task is committed
    /// as failed; a completed one's result URLs are committed by `download`, before it fetches.
    func read(_ task: InFlightTask) async throws -> ReadOutcome {
        let record = task.record
        guard let taskID = record.taskID else { return .ended }
        tally.record { $0.polls += 1 }
        let snapshot: TaskSnapshot
        do {
            snapshot = try await rateLimiter.observed { try await service.task(id: taskID) }
        } catch let error as ImageServiceError {
            return .unreadable(error)
        }
        switch snapshot.status {
        case .completed:
            guard !snapshot.results.isEmpty else {
                try await settle(
                    ImageServiceError(
                        kind: .retryable, code: "no_results", message: "the task completed without result URLs"),
                    for: record.job)
                return .ended
            }
            // Committed by a child of the loop before the download: the slot frees now, and a
            // crash before that commit only means the next run reads the task again.
            var completed = record
            completed.state = .completed
            completed.resultURLs = snapshot.results
            let charge = snapshot.charge?.amount
            if let charge { budget.settle(record.job.estimatedCost, charged: charge) }
            return .completed(completed, charge: charge)
        case .failed, .cancelled:
            // The API ran the task and it failed, so a later run may start over. A failed task
            // is not charged (its reservation is returned, §11.4) unless the answer says
            // otherwise; a cancelled one, or billing that proves neither, keeps its estimate.
            let charge: Money? =
                switch snapshot.charge {
                case .charged(let money): money
                case .unproven: nil
                case nil: snapshot.status == .cancelled ? nil : .zero
                }
            if let charge { budget.settle(record.job.estimatedCost, charged: charge) }
            try await fail(
                record.job.key,
                ErrorClassification.classifyTaskFailure(
                    code: snapshot.errorCode ?? (snapshot.status == .cancelled ? "request_cancelled" : nil),
                    message: snapshot.errorMessage),
                charge: charge)
            return .ended
        case .pending, .processing, .unknown:
            return .running
        }
    }

    /// Whether `record`'s submission went to a server other than this dispatch's (one recorded
    /// before servers were is taken as this one's, as it always was). The API origin decides,
    /// not the key: keys rotate, and several keys may share an account whose tasks they all
    /// read; a task the new key cannot see answers 404 and falls to `TaskNotFoundPolicy`.
    func belongsToAnotherServer(_ record: JobRecord) -> Bool {
        guard let recorded = record.submissionServer else { return false }
        return recorded.apiOrigin != server.submissionServer.apiOrigin
    }

    /// Fails a job whose task is lost (`TaskLoss`): the API no longer knows it, or it went to
    /// another server. Its reservation stays on record unsettled (unknown: it may have been
    /// charged) and stays counted against this run's budget; a rerun submits the job again
    /// under a new key.
    func loseTask(_ record: JobRecord, _ error: ImageServiceError) async throws {
        try await fail(record.job.key, error, charge: nil)
    }

    /// Fails at once a job this run finds in flight at another server (`belongsToAnotherServer`).
    func loseTaskOfAnotherServer(_ record: JobRecord) async throws {
        guard let recorded = record.submissionServer else { return }
        try await loseTask(
            record,
            TaskLoss.otherServer(taskID: record.taskID, recorded: recorded, current: server.submissionServer))
    }

    /// Stops waiting for a task that is still running at the API: its id is saved, the next run
    /// polls it again.
    func leaveRunning(_ task: InFlightTask, waited: Duration) {
        let reason =
            "still running at the API after \(waited); rerun to resume it (task \(task.record.taskID ?? "unknown"))"
        tally.record { $0.unfinished.append(task.record.job.key) }
        onEvent(.unfinished(task.record.job.key, reason: reason))
    }

    /// Says once that a task is taking far longer than usual (it is still polled).
    func warnLongWait(_ task: InFlightTask, waited: Duration) {
        onEvent(
            .warning(
                "\(task.record.job.key) has been running at the API for \(waited) (task \(task.record.taskID ?? "unknown")); "
                    + "still waiting, up to \(configuration.pollSchedule.maxWait)"))
    }

    /// Decides what an error means for money. Before the paid POST (`planned`) or when the API
    /// clearly refused it (400, 402, …), nothing was charged: the job fails and its reservation
    /// is returned. Anything else after a key was committed (a lost answer, a conflict, a poll
    /// or download that kept failing) may have been paid for: the job keeps its key and task
    /// and the next run resumes it.
    func settle(_ error: ImageServiceError, for job: Job) async throws {
        let state = try await onStorage { try store.job(job.key)?.state } ?? .planned
        let refusedBeforeCharging =
            state == .planned || (state == .submitting && (error.kind == .permanent || error.kind == .balance))
        guard refusedBeforeCharging else {
            tally.record { $0.unfinished.append(job.key) }
            onEvent(.unfinished(job.key, reason: "\(error); rerun to resume it (no new charge)"))
            return
        }
        budget.release(job.estimatedCost)
        // A submission the API refused was not charged: its reservation settles at zero.
        try await fail(job.key, error, charge: state == .submitting ? .zero : nil)
    }

    func fail(_ key: JobKey, _ error: ImageServiceError, charge: Money? = nil) async throws {
        try await committer.commit(
            .failed(key, reason: "\(error.code): \(error.message)", retryable: error.isRetryable, charge: charge))
        tally.record {
            $0.failed.append(.init(key: key, reason: "\(error.code): \(error.message)", retryable: error.isRetryable))
            if error.kind == .balance { $0.balanceExhausted = true }
        }
        onEvent(.failed(key, reason: error.description))
    }

    /// `cr-` and 128 random bits in 32 hex digits: as unguessable as a version 4 UUID, from
    /// two `getrandom` calls (Foundation's `UUID()` opens, reads and closes `/dev/urandom`
    /// each time, and every submission makes a key).
    static func newIdempotencyKey() -> String {
        var random = SystemRandomNumberGenerator()
        let bits = (random.next() as UInt64, random.next() as UInt64)
        return withUnsafeBytes(of: bits) { "cr-" + $0.lowercaseHex }
    }
}
