import CatalogModel

/// One step of a job's state machine as the dispatcher records it. Transitions are values so
/// that many jobs' steps can be committed in one transaction (`JobStore.commit`).
public enum JobTransition: Sendable {
    /// The idempotency key and the exact reference URLs, before the paid POST that uses them,
    /// with the server it goes to.
    case submitting(JobKey, idempotencyKey: String, imageURLs: [String], server: SubmissionServer? = nil)
    case submitted(JobKey, taskID: String)
    /// The result URLs, before any download; `charge` settles the submission's cost when the
    /// API said what it charged.
    case completed(JobKey, resultURLs: [String], charge: Money? = nil)
    /// The output, after its file was renamed into place (the job's provenance as given).
    case stored(Job, OutputRecord)
    /// `charge` settles the cost of the job's submission, if it had one: what a failed task was
    /// charged, or zero for a submission the API refused.
    case failed(JobKey, reason: String, retryable: Bool, charge: Money? = nil)
    case skipped(JobKey, reason: String)
    /// A job prepared for a slot (key committed, estimate reserved) whose POST never left,
    /// because the run stopped: planned again, its key and reservation dropped, so the next run
    /// neither pays for it as a submission nor takes it for a task that may have been lost.
    case unsent(JobKey)
}
