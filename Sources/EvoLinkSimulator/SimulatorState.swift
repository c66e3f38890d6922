import CatalogModel
import Foundation

/// The simulator's whole state: tasks, idempotency keys, uploaded files, credits, limits and
/// the counters of `/_simulator/stats`. One actor, so every endpoint sees one consistent world.
public actor SimulatorState {
    let configuration: SimulatorConfiguration
    let clock: SimulatorClock
    var tasks: [String: SimulatedTask] = [:]
    var taskIDsByIdempotencyKey: [String: String] = [:]
    var paidSubmissionsByKey: [String: Int] = [:]
    var files: [String: StoredFile] = [:]
    var creditsRemaining: Double
    var creditsUsed: Double = 0
    var stats = SimulatorWire.Stats()
    /// When reads reported tasks finished, not yet matched by a new submission (`Stats`).
    var slotsFreedAt: [Double] = []
    var recentRequests: [AnyClock.Instant] = []
    var idCounter = 0
    /// Submissions the `quote_key` fault has drawn, to take its three places in turn.
    var keyQuotes = 0
    /// Tasks not settled yet, ordered by when they finish (a stuck task never does), from
    /// `firstUnsettled` on: settling and the concurrency check look at these, not at every task
    /// ever created, so ten thousand tasks in flight stay cheap.
    var unsettled: [(at: Double, id: String)] = []
    var firstUnsettled = 0
    /// Where task durations are drawn from when the configuration fixes their seed.
    var seededDurations: SeededRandom?

    public init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        self.seededDurations = configuration.durationSeed.map(SeededRandom.init(seed:))
        self.clock = SimulatorClock(timeScale: configuration.timeScale, source: configuration.clock)
        self.creditsRemaining = configuration.credits
    }

    /// Moves simulated time forward, e.g. past the 24 h life of result URLs.
    public func advanceClock(bySeconds seconds: Double) {
        clock.advance(by: seconds)
    }

    // MARK: Gatekeeping shared by every API endpoint

    /// Authentication then the rate limit, in the gateway's likely order (§15).
    func admit(authorization: String?, rateLimitType: String) -> SimulatorResponse? {
        guard isAuthorized(authorization) else {
            return .error(401, "unauthorized", "Invalid or expired token", type: "authentication_error")
        }
        guard let limit = configuration.requestsPerMinute else { return nil }
        let now = clock.sourceInstant
        recentRequests.removeAll { $0.duration(to: now) > .seconds(60) }
        guard recentRequests.count < limit else {
            stats.rate_limited += 1
            let wait = recentRequests.first.map { 60 - $0.duration(to: now).components.seconds } ?? 1
            return .error(
                429, "rate_limit_exceeded", "Too many requests, please try again later", type: rateLimitType,
                headers: [("Retry-After", String(max(1, wait)))])
        }
        recentRequests.append(now)
        return nil
    }

    /// `Authorization: Bearer <key>` with a key this simulator accepts (`requiredAPIKey`, or any
    /// non-empty one when none is configured).
    func isAuthorized(_ authorization: String?) -> Bool {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
        let key = authorization.dropFirst("Bearer ".count)
        guard !key.isEmpty, !key.contains(" ") else { return false }
        return configuration.requiredAPIKey.map { $0 == key } ?? true
    }

    /// Settles every task that has finished by now: a completed one is charged (all or part of
    /// its reservation, `chargeShare`), a failed one's reservation goes back.
    func settleFinishedTasks() {
        let now = clock.now
        while firstUnsettled < unsettled.count, unsettled[firstUnsettled].at <= now {
            let id = unsettled[firstUnsettled].id
            firstUnsettled += 1
            guard let task = tasks[id], !task.settled else { continue }
            tasks[id]?.settled = true
            if case .fails = task.fate {
                // A failed task is not charged: its reservation goes back.
                creditsRemaining += task.creditsReserved
                stats.tasks_failed += 1
            } else {
                let charged = task.creditsCharged(share: configuration.chargeShare)
                creditsRemaining += task.creditsReserved - charged
                creditsUsed += charged
                stats.tasks_completed += 1
                stats.credits_charged += charged
            }
        }
        if firstUnsettled > 4096, firstUnsettled * 2 > unsettled.count {
            unsettled.removeFirst(firstUnsettled)
            firstUnsettled = 0
        }
    }

    /// Tasks running now (accepted and not finished; stuck ones forever), once settled.
    var runningTaskCount: Int { unsettled.count - firstUnsettled }

    /// Files a new task under the time it finishes.
    func trackUntilSettled(_ task: SimulatedTask) {
        var low = firstUnsettled
        var high = unsettled.count
        while low < high {
            let middle = (low + high) / 2
            if unsettled[middle].at <= task.completesAt { low = middle + 1 } else { high = middle }
        }
        unsettled.insert((task.completesAt, task.id), at: low)
    }

    func nextID(length: Int = 8) -> String {
        idCounter += 1
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var digest = SHA256.hash(Array("\(idCounter)-\(clock.now)-\(UInt64.random(in: 0...UInt64.max))".utf8)).bytes
        digest = Array(digest.prefix(length))
        return String(digest.map { alphabet[Int($0) % alphabet.count] })
    }

    /// The task as seen at `instant` (now by default; a creation answer uses the creation
    /// instant, so it always says `pending`, however busy the machine is).
    func snapshot(of task: SimulatedTask, host: String, at instant: Double? = nil) -> SimulatorWire.Task {
        let now = instant ?? clock.now
        let (status, progress) = task.status(at: now)
        let completed = status == "completed"
        let results = completed ? (0..<task.request.n).map { "\(host)/results/\(task.id)/\($0).png" } : nil
        var error: SimulatorWire.TaskError?
        if status == "failed", case .fails(let code) = task.fate {
            error = SimulatorWire.TaskError(
                code: code, message: task.failureMessage ?? "Injected task failure (\(code)).")
        }
        return SimulatorWire.Task(
            created: Int(task.created), id: task.id, model: task.request.model, progress: progress, status: status,
            results: results, error: error,
            task_info: .init(
                can_cancel: !completed, estimated_time: completed ? nil : task.estimatedSecondsLeft(at: now)),
            usage: .init(
                billing_rule: task.request.model == "gpt-image-2-beta" ? "per_call" : "per_token",
                credits_reserved: task.creditsReserved,
                credits_used: completed ? task.creditsCharged(share: configuration.chargeShare) : nil),
            billing: status == "failed" ? .released(task.creditsReserved) : nil)
    }

    /// What `/_simulator/stats` reports.
    public func statsJSON() -> [UInt8] {
        settleFinishedTasks()
        stats.max_paid_submissions_per_key = paidSubmissionsByKey.values.max() ?? 0
        return SimulatorResponse.json(stats).body
    }

    /// The counters, for tests in the same process.
    public func counters() -> (submissions: Int, replays: Int, completed: Int, maxPaidPerKey: Int, uploads: Int) {
        settleFinishedTasks()
        return (
            stats.submissions, stats.replays, stats.tasks_completed, paidSubmissionsByKey.values.max() ?? 0,
            stats.uploads
        )
    }
}
