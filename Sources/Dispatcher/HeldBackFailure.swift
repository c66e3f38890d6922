/// Failures a plain `run` leaves failed, because their job may have been paid for already
/// (`task_lost`) or certainly was (`result_expired`): only `retry --failed` submits them again.
/// Each kind's words live here once: the summary's label, the log event, and why it is held.
public struct HeldBackFailure: Sendable, Equatable {
    /// The failure reason code (`retry --failed --reason <code>`).
    public let code: String
    /// How the summary names such jobs: `3 held back (task lost)`.
    public let label: String
    /// The log event of a run holding such jobs back.
    public let event: String
    /// What happened to such a job, after "N jobs whose …".
    public let happened: String
    /// Why paying again is not the run's to decide.
    public let paid: String

    public static let taskLost = HeldBackFailure(
        code: TaskLoss.code, label: "task lost", event: "lost_tasks_held_back", happened: "task was lost",
        paid: "each may have been charged")
    public static let resultExpired = HeldBackFailure(
        code: ResultExpiry.code, label: "result expired", event: "expired_results_held_back",
        happened: "result expired before it was downloaded", paid: "each was paid for already")

    public static let all = [taskLost, resultExpired]
    public static let codes = all.map(\.code)
}
