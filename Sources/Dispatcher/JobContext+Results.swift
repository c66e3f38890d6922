import AssetStorage
import CatalogModel
import ImageService
import JobStore

/// A finished task's result: its URLs committed, downloaded to its file, verified, tagged,
/// staged and recorded, or, when its link is dead, read again for a fresh one.
extension JobContext {
    /// A result downloaded, verified and written beside its place, not yet recorded.
    struct FetchedResult: Sendable {
        var task: InFlightTask
        var staged: StagedAsset
        var output: OutputRecord
    }

    /// Commits a just-read task's result URLs, before its download (write-ahead); `urgent` when
    /// the run's end waits for it (`GroupCommitter`).
    func recordResultURLs(of task: InFlightTask, urgent: Bool = false) async throws {
        try await committer.commit(
            .completed(task.record.job.key, resultURLs: task.record.resultURLs, charge: task.charge), urgent: urgent)
    }

    /// Downloads, verifies and stages a task's result (its URLs committed) for `record(_:)`; nil
    /// when a download that kept failing leaves the job `completed` for a later run (its URLs
    /// last 24 h), or when the result is gone for good (`ResultExpiry`).
    func download(_ task: InFlightTask) async throws -> FetchedResult? {
        let record = task.record
        guard let url = record.resultURLs.first, let taskID = record.taskID else { return nil }
        do {
            return try await fetch(url, for: task, taskID: taskID)
        } catch let error as ImageServiceError
            where belongsToAnotherServer(record)
            && (error.code == "connection_failed" || ResultExpiry.isDeadLink(error))
        {
            // Another server's task whose link is gone (a dead embedded simulator's, say): it
            // cannot be read again from here for a current link, so its job is lost rather than
            // left `completed`. A 5xx or a timeout is that server's bad moment: left for a rerun.
            try await loseTaskOfAnotherServer(record)
            return nil
        } catch let error as ImageServiceError where ResultExpiry.isDeadLink(error) {
            return try await downloadAfterFreshRead(task, taskID: taskID, deadLink: error)
        } catch let error as ImageServiceError {
            try await settle(error, for: record.job)
            return nil
        }
    }

    /// A result URL that answered 403, 404 or 410: the task is read again for its current URLs
    /// (an API may hand out a fresh link) and the first is tried once more. A link still dead,
    /// or a task the API no longer knows, fails the job `result_expired` at its charge; any other
    /// trouble leaves it `completed` for a later run, as before.
    private func downloadAfterFreshRead(
        _ task: InFlightTask, taskID: String, deadLink: ImageServiceError
    ) async throws -> FetchedResult? {
        let job = task.record.job
        let snapshot: TaskSnapshot
        do {
            snapshot = try await rateLimiter.paced { try await service.task(id: taskID) }
        } catch let error as ImageServiceError where error.code == "task_not_found" {
            try await expire(
                job, taskID: taskID,
                seen: "its link answered HTTP \(deadLink.httpStatus ?? 0), and the API no "
                    + "longer knows the task", charge: nil)
            return nil
        } catch let error as ImageServiceError {
            try await settle(error, for: job)
            return nil
        }
        guard snapshot.status == .completed, let fresh = snapshot.results.first else {
            try await settle(deadLink, for: job)
            return nil
        }
        do {
            return try await fetch(fresh, for: task, taskID: taskID)
        } catch let error as ImageServiceError where ResultExpiry.isDeadLink(error) {
            try await expire(
                job, taskID: taskID,
                seen: "after a fresh read of the task, its result link answered HTTP \(error.httpStatus ?? 0)",
                charge: snapshot.charge?.amount)
            return nil
        } catch let error as ImageServiceError {
            try await settle(error, for: job)
            return nil
        }
    }

    /// Fails a job whose result expired: its submission settles at what the API charged, or at
    /// its estimate when the API did not say (it was paid: the task finished).
    private func expire(_ job: Job, taskID: String, seen: String, charge: Money?) async throws {
        try await fail(job.key, ResultExpiry.expired(taskID: taskID, seen: seen), charge: charge ?? job.estimatedCost)
    }

    /// One result URL, downloaded to its file (with the read retries), verified, tagged with the
    /// AI disclosure and staged from its file (mapped, never copied into memory whole).
    private func fetch(_ url: String, for task: InFlightTask, taskID: String) async throws -> FetchedResult {
        let record = task.record
        let storage = dispatcher.storage
        let disclosure = AIDisclosure(
            productID: record.job.key.productID, variantID: record.job.key.variantID, taskID: taskID,
            model: record.job.settings.model)
        let (received, info, tagging) = try await configuration.readRetry.run(sleep: { try await clock.sleep(for: $0) })
        {
            // A new file for each attempt: a failed one leaves none.
            let received = try storage.receivingFile(for: OutputNaming.relativeStem(for: record.job))
            do {
                try await service.downloadResult(from: url, to: received.path, maxBytes: configuration.maxResultBytes)
                let (info, tagging) = try MappedFile.withBytes(of: received.path, displayPath: received.displayPath) {
                    bytes -> (ImageInfo?, ByteSplice?) in
                    guard let info = ImageVerifier.verify(bytes) else { return (nil, nil) }
                    return (info, XMPEmbedding.tagging(bytes, format: info.format, with: disclosure))
                }
                guard let info else {
                    throw ImageServiceError(
                        kind: .retryable, code: "corrupt_result",
                        message: "the downloaded result is not a complete, intact image")
                }
                return (received, info, tagging)
            } catch {
                storage.discard(received)
                throw error
            }
        }
        if tagging == nil {
            onEvent(
                .warning(
                    "\(record.job.key): the \(info.format.rawValue) result of task \(taskID) is stored without the "
                        + "AI-disclosure metadata (XMP), which this tool cannot add to it"))
        }
        let path = OutputNaming.relativePath(for: record.job, fileExtension: info.format.fileExtension)
        let staged = try storage.stage(received, at: path, splicing: tagging)
        let asset = staged.asset
        let output = OutputRecord(
            path: asset.path, sha256: asset.sha256, format: info.format.rawValue, width: info.width,
            height: info.height, bytes: asset.bytes, taskID: taskID, fingerprint: record.job.fingerprint.hex)
        return FetchedResult(task: task, staged: staged, output: output)
    }

    /// Puts a fetched result in place and records the job stored (the two share a group commit
    /// with other results), apart from the download so that a download slot is not held while
    /// the disk catches up. `urgent` when the run's end waits for it (`GroupCommitter`).
    func record(_ fetched: FetchedResult, urgent: Bool = false) async throws {
        let job = fetched.task.record.job
        try await committer.commit(.stored(job, fetched.output), publishing: fetched.staged, urgent: urgent)
        let seconds = fetched.task.started.duration(to: clock.now).seconds
        tally.record {
            $0.stored += 1
            $0.taskSeconds.append(seconds)
        }
        onEvent(.stored(job.key, path: fetched.output.path))
    }
}
