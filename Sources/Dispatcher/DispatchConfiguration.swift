import CatalogModel
import ImageService

/// The limits and policies one dispatch runs under.
public struct DispatchConfiguration: Sendable {
    /// Tasks running at the API at once: from just before a submission until a read finds the
    /// task finished (a finished result being downloaded does not count; the API's own limit
    /// counts running tasks).
    public var concurrency: Int
    /// API requests (submits and polls) per minute.
    public var requestsPerMinute: Int
    /// The run's budget; `nil` for none.
    public var budget: Money?
    public var pollSchedule: PollSchedule
    /// Retries of a submit, always with the job's one idempotency key.
    public var submitRetry: RetryStrategy
    /// Retries of polls, uploads and downloads.
    public var readRetry: RetryStrategy
    /// A result larger than this is refused.
    public var maxResultBytes: Int
    /// The token bucket's smallest size (`bucketSize`): requests that may go out back to back
    /// after a pause, whatever the concurrency.
    public var requestBurst = 8
    /// Request turns that come due within this window are spent together: the loop wakes once
    /// for them (and their answers tend to arrive together) instead of once per turn. The rate
    /// is unchanged (the bucket keeps the turns, never more than it holds); a request may leave
    /// up to this much later, which is nothing against tasks of 20 s and more. Only a rate of
    /// more than one turn per window batches at all (6000/min: a turn every 10 ms, nine per
    /// wake). Zero wakes for every turn, which costs more CPU per job (BENCHMARKS.md).
    public var requestBatchWindow: Duration = .milliseconds(80)
    /// API requests (submits and polls) awaiting an answer at once; the rate limit, not this,
    /// normally bounds them.
    public var maxConcurrentRequests = 64
    /// Jobs whose key is committed (and references uploaded) ahead of a free slot, so a slot
    /// that frees is taken by a submission at once; never more than `concurrency`. Their budget
    /// is reserved then; a run that stops leaves them `submitting`, and the next run sends them
    /// under the same key.
    public var submissionsPreparedAhead = 64
    /// Results downloaded and verified at once. Putting them in place and recording them is
    /// shared among results (`GroupCommitter`) and holds no download slot.
    public var maxConcurrentDownloads = 8
    /// How long a job's recorded step may wait for others to share its commit (one fsync for
    /// the group, and one write-back for the group's results). Each step acts only once its own
    /// row is durable, so this is latency per step, never a weaker guarantee; zero commits every
    /// step alone. A job records four steps, so 200 ms costs it at most 0.8 s against tasks of
    /// 20 s and more, and no slot waits on a commit. A group costs an fsync, and two write-backs
    /// of the output's file system when it stores results, whatever its size, so a shorter
    /// window costs more CPU per job (BENCHMARKS.md has the comparison).
    public var commitWindow: Duration = .milliseconds(200)
    /// The shares of first reads that should find their task finished, once this run has seen
    /// tasks of the same settings finish (`FirstReadPolicy`); `nil` reads every task on the
    /// `pollSchedule` alone.
    public var firstReadTargets: FirstReadTargets? = FirstReadTargets()
    /// When a task the API answers 404 `task_not_found` for is given up as lost (`task_lost`).
    public var taskNotFound = TaskNotFoundPolicy()

    /// The token bucket's size: a whole wave of slots when concurrency binds, a read and the
    /// next submission for each (tasks that all take the same time free their slots together,
    /// and a slot waiting for a turn stands idle), within 1% of the rate, and never under
    /// `requestBurst`. A run starts with the bucket full, and a pause fills it again, so a
    /// sliding minute may see this much above the rate: `limits.requests_per_minute` is best
    /// set that much under the server's limit (1% from 800 a minute up, 8 below; the
    /// benchmark's client runs at 99% of it and never crosses it). A run the rate holds back
    /// keeps the bucket empty.
    public var bucketSize: Int {
        max(requestBurst, min(2 * concurrency, requestsPerMinute / 100))
    }

    public init(
        concurrency: Int = 4, requestsPerMinute: Int = 60, budget: Money? = nil, pollSchedule: PollSchedule = .evoLink,
        submitRetry: RetryStrategy = .exponentialJitter(
            maxAttempts: 4, baseDelay: .milliseconds(500), maxDelay: .seconds(30)),
        readRetry: RetryStrategy = .exponentialJitter(
            maxAttempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(30)),
        maxResultBytes: Int = 50 * 1024 * 1024
    ) {
        self.concurrency = concurrency
        self.requestsPerMinute = requestsPerMinute
        self.budget = budget
        self.pollSchedule = pollSchedule
        self.submitRetry = submitRetry
        self.readRetry = readRetry
        self.maxResultBytes = maxResultBytes
    }

    /// Backoff delays and the commit window compressed by `factor`, for a simulator running
    /// faster than real time.
    public func scaledRetries(by factor: Double) -> DispatchConfiguration {
        var copy = self
        copy.commitWindow = max(.milliseconds(1), commitWindow * factor)
        copy.taskNotFound.over = taskNotFound.over * factor
        for path in [\DispatchConfiguration.submitRetry, \.readRetry] {
            copy[keyPath: path].baseDelay = max(.milliseconds(1), copy[keyPath: path].baseDelay * factor)
            copy[keyPath: path].maxDelay = max(.milliseconds(5), copy[keyPath: path].maxDelay * factor)
        }
        return copy
    }
}
