import CatalogModel

/// When to read a task for the first time, learned from this run's own tasks.
///
/// Every read of an unfinished task is wasted twice: the gateway asks the provider for
/// nothing new (EvoLink asks clients to space reads out for that reason), and the read spends
/// a request turn of the rate limit that a submission could have had. The fixed schedule reads
/// a task that takes 10 s four times; but tasks of one kind (same settings) take about as long
/// as each other, so once a few have finished, the first read can wait until most of them
/// would be done. Fewer reads per job means more submissions within the same requests per
/// minute: a rate-bound run finishes sooner.
///
/// The tracker follows the `target` quantile of how long tasks of each kind take (stochastic
/// quantile tracking): a first read that finds its task finished moves the estimate down, one
/// that finds it running moves it up, by `target` : `1 − target`, so in the long run about
/// `target` of first reads find their task done. Many first reads are out at once, each timed
/// by the estimate when its task was accepted, so one answer moves the estimate by `step`
/// divided by the number out (a count that falls by at most 2% per answer, so the last answers
/// of a batch do not weigh more than the first): a whole generation of tasks moves it by about
/// `step`, and it cannot swing on answers to reads it has already corrected for. A task still running at
/// its first read falls back on the `PollSchedule` from there; the estimate never goes below
/// the schedule's first interval nor past its long-wait warning.
struct FirstReadTracker {
    private struct Kind {
        var estimate: Duration
        /// Learned first reads scheduled and not yet answered.
        var outstanding = 0
        /// What one answer's move is divided by: `outstanding`, falling slowly.
        var generation = 1.0
        /// Learned first reads answered so far.
        var answered = 0
    }

    /// The share of first reads that should find their task finished.
    let target: Double
    /// How far a generation of first reads moves the estimate, as a fraction of it.
    let step: Double
    /// The step once a kind's estimate has settled (`settledAfter` generations answered): a
    /// coarse step finds where tasks end quickly, and a fine one then overshoots it less. `step`
    /// when nil.
    let settledStep: Double?
    /// Generations of answers after which `settledStep` applies.
    static let settledAfter = 3.0
    let schedule: PollSchedule
    private var kinds: [ImageSettings: Kind] = [:]

    init(target: Double, step: Double = 0.1, settledStep: Double? = nil, schedule: PollSchedule) {
        self.target = min(max(target, 0.05), 0.95)
        self.step = step
        self.settledStep = settledStep
        self.schedule = schedule
    }

    /// How long after the API accepted a task of this kind to read it first; `learned` says
    /// whether the estimate (not the schedule) chose it: its answer must come back through
    /// `record(_:waited:finished:wasLearnedFirstRead:)`.
    mutating func scheduleFirstRead(for settings: ImageSettings) -> (delay: Duration, learned: Bool) {
        guard var kind = kinds[settings] else { return (schedule.interval(afterWaiting: .zero), false) }
        kind.outstanding += 1
        kinds[settings] = kind
        return (clamped(kind.estimate), true)
    }

    /// The current estimate for this kind, if one of its tasks has finished.
    func estimate(for settings: ImageSettings) -> Duration? {
        kinds[settings].map { clamped($0.estimate) }
    }

    /// Takes in one answered read: the task had been waited on for `waited` and was `finished`
    /// (completed, failed or cancelled), running (`false`), or the read failed (`nil`).
    /// `wasLearnedFirstRead` marks the read `scheduleFirstRead` timed from an estimate; other
    /// reads only seed the estimate for a kind that has none yet.
    mutating func record(
        _ settings: ImageSettings, waited: Duration, finished: Bool?, wasLearnedFirstRead: Bool,
        lastRunning: Duration? = nil
    ) {
        guard var kind = kinds[settings] else {
            // The first finished task of its kind ended between the read that last saw it
            // running and this one: start from the middle.
            if finished == true {
                kinds[settings] = Kind(estimate: clamped(lastRunning.map { ($0 + waited) / 2 } ?? waited))
            }
            return
        }
        guard wasLearnedFirstRead else { return }
        kind.generation = max(Double(kind.outstanding), kind.generation * 0.98, 1)
        kind.answered += 1
        let isSettled = Double(kind.answered) >= Self.settledAfter * kind.generation
        let share = (isSettled ? settledStep ?? step : step) / kind.generation
        kind.outstanding = max(0, kind.outstanding - 1)
        if let finished {
            kind.estimate = clamped(kind.estimate * (finished ? 1 - share * (1 - target) : 1 + share * target))
        }
        kinds[settings] = kind
    }

    private func clamped(_ delay: Duration) -> Duration {
        min(max(delay, schedule.early), max(schedule.early, schedule.longWait))
    }
}
