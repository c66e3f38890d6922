import CatalogModel

/// One step of a job's state machine as the dispatcher records it. Transitions are values so
/// that many jobs' steps can be committed in one transaction (`JobStore.commit`).
public enum JobTransition: Sendable {
    /// The idempotency key and the exact reference URLs, before the paid POST that uses them.
    case submitting(JobKey, idempotencyKey: String, imageURLs: [String])
    case submitted(JobKey, taskID: String)
    /// The result URLs, before any download.
    case completed(JobKey, resultURLs: [String])
    /// The output, after its file was renamed into place (the job's provenance as given).
    case stored(Job, OutputRecord)
    case failed(JobKey, reason: String, retryable: Bool)
    case skipped(JobKey, reason: String)
}
