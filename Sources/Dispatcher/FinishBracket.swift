/// Where tasks of one kind end, as far as this run's reads have pinned it down, while they all
/// seem to take the same time: every read that found one running went out after `running`,
/// counted from acceptance, and some read found one finished by `finished`.
///
/// Tasks of one kind often take the same time to within the network's jitter (a simulator, a
/// steady provider). Then one finished task says when all of them will finish, and the quantile
/// estimates (`FirstReadTracker`), which move by a tenth per generation of tasks, need more
/// generations to get there than a run of a few hundred tasks at a concurrency of 20 has: a 30 s
/// task's slot stood idle for 0.2 to 0.6 s past its end in each of the five waves of such a run.
/// The bracket narrows with every answer instead, and a running task is read at its top (where
/// every task seen so far was done) and at most once a step before it (`nextRead`).
/// When tasks turn out to vary (a task ran past the earliest end seen, by more than the jitter),
/// the bracket stands down for good and the quantile estimates decide alone.
struct FinishBracket: Sendable, Equatable {
    /// The latest time, from acceptance, at which a read went out and found a task running.
    private(set) var running = Duration.zero
    /// The earliest time, from acceptance, by which a read's answer found a task completed; nil
    /// until one has.
    private(set) var finished: Duration?
    /// A task ran past `finished` by more than the tolerance: tasks of the kind vary.
    private(set) var varies = false

    /// Takes in one answered read of a task of the kind: a read that went out `sentAfter` its
    /// acceptance (or later) found it running, or an answer `answeredAfter` its acceptance found
    /// it completed. `tolerance` is the jitter allowed between tasks that take the same time.
    mutating func record(completed: Bool, sentAfter: Duration, answeredAfter: Duration, tolerance: Duration) {
        guard !varies else { return }
        if completed {
            finished = min(finished ?? answeredAfter, answeredAfter)
        } else {
            running = max(running, sentAfter)
        }
        if let finished, running > finished + tolerance { varies = true }
    }

    /// How long after `waited` to read a running task of the kind: at `finished`, where every
    /// task of the kind seen so far was done, or `step` (the roomy pace, which keeps reads within
    /// their share of the rate) or a whole number of steps before it, but never before tasks
    /// were last seen running nor sooner than `minimum`. So a task is read at most once a step
    /// and is seen done by the read at the top at the latest, however many tasks end together.
    /// Nil when no task of the kind has completed yet, or they vary.
    func nextRead(waited: Duration, step: Duration, minimum: Duration) -> Duration? {
        guard !varies, let finished else { return nil }
        // Past the top: its answer will show that the kind varies.
        guard finished > waited, step > .zero else { return max(minimum, step) }
        let earliest = max(running, waited + minimum)
        guard earliest < finished else { return earliest - waited }
        let stepsBefore = Int(((finished - earliest) / step).rounded(.down))
        return finished - step * stepsBefore - waited
    }
}
