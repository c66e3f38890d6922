import CatalogModel

/// What a dispatch did, for the summary line, the exit code and `report.json`.
public struct RunReport: Sendable, Equatable {
    public struct Failure: Sendable, Equatable {
        public var key: JobKey
        public var reason: String
        public var retryable: Bool
    }

    /// Jobs handed to the dispatcher (new, changed or resumed).
    public var dispatched = 0
    public var stored = 0
    public var failed: [Failure] = []
    public var skippedForBudget: [JobKey] = []
    /// Still running at the API or with an unknown outcome: the next run resumes them.
    public var unfinished: [JobKey] = []
    /// Paid submissions sent (a replay of an earlier key counts in `replays`, not here).
    public var submissions = 0
    public var replays = 0
    /// Reads of running tasks (each one request against the rate limit).
    public var polls = 0
    /// Reserved estimate of the money committed by this run.
    public var committedSpend: Money = .zero
    /// The account refused to pay (402); nothing more was submitted.
    public var balanceExhausted = false
    /// SIGINT/SIGTERM stopped the run: jobs in flight keep their state for the next run.
    public var interrupted = false
    /// Seconds from submission to stored file, per job stored in this run.
    public var taskSeconds: [Double] = []

    public init() {}

    public var isComplete: Bool { failed.isEmpty && skippedForBudget.isEmpty && unfinished.isEmpty && !interrupted }
}

/// Something worth telling the user while a run goes on.
public enum DispatchEvent: Sendable {
    /// The paid POST was accepted (or replayed): the job is in flight at the API.
    case submitted(JobKey, taskID: String, cost: Money)
    case stored(JobKey, path: String)
    case failed(JobKey, reason: String)
    case skipped(JobKey, reason: String)
    case unfinished(JobKey, reason: String)
    case warning(String)
}
