import CatalogModel
import ImageService

/// When a task the API says it does not know (404 `task_not_found`) is given up as lost: after
/// `reads` such answers in a row, the first and the last at least `over` apart. A gateway may
/// not find a task for a moment (a replica behind, a restart), so one 404 proves nothing; one
/// that lasts minutes does. A lost task fails its job with `task_lost`: its reserved money stays
/// on record as unknown (it may have been charged), and a rerun submits the job again under a
/// new idempotency key, saying so.
public struct TaskNotFoundPolicy: Sendable, Equatable {
    /// 404 answers in a row before the task counts as lost (at least 1).
    public var reads: Int
    /// How far apart the first and the last of them must be at least.
    public var over: Duration

    public init(reads: Int = 5, over: Duration = .seconds(300)) {
        self.reads = max(1, reads)
        self.over = max(.zero, over)
    }

    /// The pause between two reads that found no task: `reads` of them span `over`.
    public var interval: Duration { reads > 1 ? over / (reads - 1) : .zero }

    /// Whether `count` 404s in a row, the first `since` ago, make the task lost.
    func isLost(after count: Int, since: Duration) -> Bool {
        count >= reads && since >= over
    }
}

/// The `task_lost` failure: its code, and the messages a run and a retry give about it.
public enum TaskLoss {
    /// The failure reason code of a job whose task was lost (`retry --failed --reason task_lost`).
    public static let code = "task_lost"

    /// The API kept answering 404 for the task.
    static func notFound(taskID: String, reads: Int, over: Duration) -> ImageServiceError {
        ImageServiceError(
            kind: .permanent, code: code,
            message: "the API no longer knows task \(taskID) (404 task_not_found on \(reads) reads over \(over)); "
                + "it may have been charged. `retry --failed --reason task_lost` submits the job again")
    }

    /// The job's submission went to another server than the one this run talks to.
    static func otherServer(
        taskID: String?, recorded: SubmissionServer, current: SubmissionServer
    ) -> ImageServiceError {
        let task = taskID.map { "task \($0)" } ?? "its submission"
        return ImageServiceError(
            kind: .permanent, code: code,
            message: "\(task) went to \(recorded), not to \(current) that this run talks to, so it cannot be "
                + "read from here; it may have been charged there. `retry --failed --reason task_lost` submits "
                + "the job again")
    }

    /// What a run says before it submits again a job whose task was lost.
    public static func resubmissionWarning(for key: JobKey, taskID: String?) -> String {
        "\(key): its earlier task\(taskID.map { " \($0)" } ?? "") was lost (\(code)) and may have been charged; "
            + "it is submitted again under a new idempotency key"
    }

    /// What `retry` says when the jobs it resubmits include lost tasks.
    public static func retryWarning(jobs: Int) -> String {
        "\(jobs == 1 ? "1 of these jobs" : "\(jobs) of these jobs") had a task that was lost (\(code)): each may "
            + "have been charged already, and is submitted again under a new idempotency key (a second charge if it was)"
    }
}
