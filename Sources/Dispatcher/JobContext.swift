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
    let uploader: ReferenceUploader
    let tally: RunTally
    let onEvent: @Sendable (DispatchEvent) -> Void

    private var store: JobStore { dispatcher.store }
    private var service: any ImageGenerationService { dispatcher.service }
    private var configuration: DispatchConfiguration { dispatcher.configuration }
    private var clock: any DispatchClock { dispatcher.clock }

    /// Drives one job from whatever state it is in to the end of its road for this run.
    func process(_ record: JobRecord) async throws {
        var record = record
        let started = clock.now()
        do {
            if record.state == .planned || record.state == .submitting {
                guard try await reserveBudget(for: record) else { return }
                record = try await submit(record)
            } else {
                await budget.reserveUnconditionally(record.job.estimatedCost)
            }
            if record.state == .submitted {
                guard let completed = try await poll(record) else { return }
                record = completed
            }
            if record.state == .completed {
                try await download(record)
                let elapsed = clock.now() - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                await tally.record { $0.taskSeconds.append(seconds) }
            }
        } catch let failure as TaskFailure {
            // The API ran the task and it failed: it was not charged, a later run may start over.
            await budget.release(record.job.estimatedCost)
            try await fail(record.job.key, failure.error)
        } catch let error as ImageServiceError {
            try await settle(error, for: record.job)
        }
    }

    /// Skips a job that never reached the API because the account ran out of credit.
    func skipForBalance(_ record: JobRecord) async throws {
        let reason = "not submitted: the EvoLink account ran out of credit (top up, then rerun)"
        try store.markSkipped(record.job.key, reason: reason)
        await tally.record { $0.failed.append(.init(key: record.job.key, reason: reason, retryable: true)) }
        onEvent(.skipped(record.job.key, reason: reason))
    }

    private func reserveBudget(for record: JobRecord) async throws -> Bool {
        if record.state == .submitting {
            // Already paid for, or about to be: it counts whether or not it fits.
            await budget.reserveUnconditionally(record.job.estimatedCost)
            return true
        }
        guard await budget.reserve(record.job.estimatedCost) else {
            let reason =
                "budget: the run's budget of \(configuration.budget.map(\.description) ?? "-") would be crossed"
            try store.markSkipped(record.job.key, reason: reason)
            await tally.record { $0.skippedForBudget.append(record.job.key) }
            onEvent(.skipped(record.job.key, reason: reason))
            return false
        }
        return true
    }

    private func submit(_ record: JobRecord) async throws -> JobRecord {
        var record = record
        let key: String
        let imageURLs: [String]
        if let existing = record.idempotencyKey, let urls = record.submittedImageURLs {
            // Resuming: the same key must carry the same body, or the API answers 409.
            key = existing
            imageURLs = urls
        } else {
            imageURLs = try await uploader.urls(for: record.job.references)
            key = Self.newIdempotencyKey()
            try store.markSubmitting(record.job.key, idempotencyKey: key, imageURLs: imageURLs)
        }
        let request = GenerationRequest(prompt: record.job.prompt, imageURLs: imageURLs, settings: record.job.settings)
        let snapshot = try await configuration.submitRetry.run(sleep: { try await clock.sleep(for: $0) }) {
            try await rateLimiter.paced { try await service.submit(request, idempotencyKey: key) }
        }
        try store.markSubmitted(record.job.key, taskID: snapshot.id)
        onEvent(.submitted(record.job.key, taskID: snapshot.id, cost: record.job.estimatedCost))
        let replayed = snapshot.replayed
        let cost = record.job.estimatedCost
        await tally.record {
            if replayed { $0.replays += 1 } else { $0.submissions += 1 }
            $0.committedSpend = $0.committedSpend + cost
        }
        record.state = .submitted
        record.taskID = snapshot.id
        record.idempotencyKey = key
        return record
    }

    /// Polls until the task ends. Returns the completed record, or `nil` when the job ended
    /// otherwise (failed, or left running for a later run).
    private func poll(_ record: JobRecord) async throws -> JobRecord? {
        guard let taskID = record.taskID else { return record }
        let started = clock.now()
        while true {
            let waited = clock.now() - started
            guard waited < configuration.pollSchedule.maxWait else {
                let reason = "still running at the API after \(waited); rerun to resume it (task \(taskID))"
                await tally.record { $0.unfinished.append(record.job.key) }
                onEvent(.unfinished(record.job.key, reason: reason))
                return nil
            }
            try await clock.sleep(for: configuration.pollSchedule.interval(afterWaiting: waited))
            let snapshot = try await configuration.readRetry.run(sleep: { try await clock.sleep(for: $0) }) {
                try await rateLimiter.paced { try await service.task(id: taskID) }
            }
            switch snapshot.status {
            case .completed:
                guard !snapshot.results.isEmpty else {
                    throw ImageServiceError(
                        kind: .retryable, code: "no_results", message: "the task completed without result URLs")
                }
                try store.markCompleted(record.job.key, resultURLs: snapshot.results)
                var completed = record
                completed.state = .completed
                completed.resultURLs = snapshot.results
                return completed
            case .failed, .cancelled:
                throw TaskFailure(
                    error: ErrorClassification.classifyTaskFailure(
                        code: snapshot.errorCode ?? (snapshot.status == .cancelled ? "request_cancelled" : nil),
                        message: snapshot.errorMessage))
            case .pending, .processing, .unknown:
                continue
            }
        }
    }

    private func download(_ record: JobRecord) async throws {
        guard let url = record.resultURLs.first, let taskID = record.taskID else { return }
        let storage = dispatcher.storage
        let (temporary, info) = try await configuration.readRetry.run(sleep: { try await clock.sleep(for: $0) }) {
            let temporary = storage.temporaryPath()
            try await service.downloadResult(from: url, to: temporary, maxBytes: configuration.maxResultBytes)
            guard let info = ImageVerifier.verify([UInt8](FileManager.default.contents(atPath: temporary) ?? Data()))
            else {
                try? FileManager.default.removeItem(atPath: temporary)
                throw ImageServiceError(
                    kind: .retryable, code: "corrupt_result",
                    message: "the downloaded result is not a complete, intact image")
            }
            return (temporary, info)
        }
        let path = OutputNaming.relativePath(for: record.job, fileExtension: info.format.fileExtension)
        let asset = try storage.adopt(temporary, at: path)
        try store.markStored(
            record.job.key,
            output: OutputRecord(
                path: asset.path, sha256: asset.sha256, format: info.format.rawValue, width: info.width,
                height: info.height,
                bytes: asset.bytes, taskID: taskID, fingerprint: record.job.fingerprint.hex))
        await tally.record { $0.stored += 1 }
        onEvent(.stored(record.job.key, path: asset.path))
    }

    /// Decides what an error means for money. Before the paid POST (`planned`) or when the API
    /// clearly refused it (400, 402, …), nothing was charged: the job fails and its reservation
    /// is returned. Anything else after a key was committed (a lost answer, a conflict, a poll
    /// or download that kept failing) may have been paid for: the job keeps its key and task
    /// and the next run resumes it.
    private func settle(_ error: ImageServiceError, for job: Job) async throws {
        let state = try store.job(job.key)?.state ?? .planned
        let refusedBeforeCharging =
            state == .planned || (state == .submitting && (error.kind == .permanent || error.kind == .balance))
        guard refusedBeforeCharging else {
            await tally.record { $0.unfinished.append(job.key) }
            onEvent(.unfinished(job.key, reason: "\(error); rerun to resume it (no new charge)"))
            return
        }
        await budget.release(job.estimatedCost)
        try await fail(job.key, error)
    }

    private func fail(_ key: JobKey, _ error: ImageServiceError) async throws {
        try store.markFailed(key, reason: "\(error.code): \(error.message)", retryable: error.isRetryable)
        await tally.record {
            $0.failed.append(.init(key: key, reason: "\(error.code): \(error.message)", retryable: error.isRetryable))
            if error.kind == .balance { $0.balanceExhausted = true }
        }
        onEvent(.failed(key, reason: error.description))
    }

    static func newIdempotencyKey() -> String {
        "cr-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}

/// A task the API reports as failed or cancelled: distinct from a failure to ask about it.
struct TaskFailure: Error {
    let error: ImageServiceError
}
