import CatalogModel
import ImageService

/// The `result_expired` failure: a task the API finished (and charged for) whose result can no
/// longer be downloaded. Result URLs last 24 h; a run frozen or killed between a task's end and
/// its download would otherwise leave the job `completed` for ever, every rerun trying the dead
/// URL again. It is decided only after a fresh read of the task: its URL (or the current one the
/// read gives) answers 403, 404 or 410, or the API no longer knows the task. The charge stands
/// (it was paid), a plain run holds the job back as it does a lost task, and only `retry
/// --failed --reason result_expired` pays for it again, under a new idempotency key.
public enum ResultExpiry {
    /// The failure reason code (`retry --failed --reason result_expired`).
    public static let code = "result_expired"

    /// Answers of a result URL that say the link is dead, not that the server is having a bad
    /// moment: 403 (an expired signed link), 404 and 410.
    static func isDeadLink(_ error: ImageServiceError) -> Bool {
        guard let status = error.httpStatus else { return false }
        return status == 403 || status == 404 || status == 410
    }

    /// The job's failure, saying what was seen and how to get the image.
    static func expired(taskID: String, seen: String) -> ImageServiceError {
        ImageServiceError(
            kind: .permanent, code: code,
            message: "task \(taskID) finished and was charged, but its result can no longer be downloaded (\(seen)); "
                + "`retry --failed --reason \(code)` generates it again and pays for it again")
    }

    /// What a run says before it submits again a job whose result expired.
    public static func resubmissionWarning(for key: JobKey, taskID: String?) -> String {
        "\(key): the result of its earlier task\(taskID.map { " \($0)" } ?? "") expired before it was downloaded "
            + "(\(code)); it was paid for, and is submitted again under a new idempotency key (paid again)"
    }

    /// What `retry` says when the jobs it resubmits include expired results.
    public static func retryWarning(jobs: Int) -> String {
        "\(jobs == 1 ? "1 of these jobs" : "\(jobs) of these jobs") had a result that expired before it was "
            + "downloaded (\(code)): each was paid for already, and is submitted again under a new idempotency "
            + "key, so it will be paid for again"
    }
}
