import CatalogModel

/// When the dispatch loop reads a newly accepted task first: the learned quantile that fits
/// what holds the run back at that moment.
///
/// Waiting for most tasks of a kind to finish saves reads, which is what a run needs when its
/// submissions wait for request turns: every read saved is a submission sooner. When they wait
/// for a concurrency slot instead (or none are left to submit), turns are to spare and what
/// counts is noticing a finished task soon, since that frees its slot (or ends the run): then
/// the first read comes when only the fastest tasks of the kind are done, and the schedule
/// takes over from there. With tasks that take minutes and vary (GPT Image 2 at high quality:
/// a median near 200 s, a p95 near 280 s), reading at the 75th percentile would hold a median
/// task's slot 40 s past its end; at the 10th, the reads the schedule would make before most
/// tasks could finish are still saved. A task still running at that early read is read next
/// when 19 in 20 of those that were are done (`followUp`, learned from those reads), or on the
/// schedule if that is sooner: tasks that all take about as long are then noticed just after
/// they finish, not a whole interval later. (The schedule caps it, so aiming high costs tasks
/// that vary nothing; 0.95 is the aim because it beat 0.9 and 0.75 in the concurrency-bound
/// benchmark.)
struct FirstReadPolicy {
    enum Aim: Sendable, CaseIterable {
        /// Submissions wait for request turns.
        case saveReads
        /// Submissions wait for a slot, or none are left.
        case noticeSoon
        /// The read after a `noticeSoon` first read that found the task running.
        case followUp

        static func choose(jobsWaiting: Bool, slotFree: Bool) -> Aim {
            jobsWaiting && slotFree ? .saveReads : .noticeSoon
        }
    }

    private var savingReads: FirstReadTracker
    private var noticingSoon: FirstReadTracker
    private var followingUp: FirstReadTracker

    init(_ targets: FirstReadTargets, schedule: PollSchedule) {
        savingReads = FirstReadTracker(target: targets.whenRateBound, schedule: schedule)
        noticingSoon = FirstReadTracker(target: targets.otherwise, schedule: schedule)
        followingUp = FirstReadTracker(
            target: 0.95, step: Self.followUpStep, settledStep: Self.settledFollowUpStep, schedule: schedule)
    }

    private subscript(aim: Aim) -> FirstReadTracker {
        get {
            switch aim {
            case .saveReads: savingReads
            case .noticeSoon: noticingSoon
            case .followUp: followingUp
            }
        }
        set {
            switch aim {
            case .saveReads: savingReads = newValue
            case .noticeSoon: noticingSoon = newValue
            case .followUp: followingUp = newValue
            }
        }
    }

    /// The delay after acceptance (for `followUp`, after acceptance too), and the aim whose
    /// estimate chose it (nil: the schedule did, no task of the kind has finished yet). A
    /// learned delay counts as a read out until `record` takes in its answer.
    mutating func scheduleFirstRead(for settings: ImageSettings, aim: Aim) -> (delay: Duration, aim: Aim?) {
        let (delay, learned) = self[aim].scheduleFirstRead(for: settings)
        return (delay, learned ? aim : nil)
    }

    /// When, counted from acceptance, to read again a task that a `noticeSoon` first read found
    /// running: the learned follow-up estimate (nil before one is learned).
    func followUpEstimate(for settings: ImageSettings) -> Duration? {
        followingUp.estimate(for: settings)
    }

    /// When to read again a task that a read timed by `aim` found running, `waited` after its
    /// acceptance. After an early first read (`noticeSoon`): the learned `followUp` estimate if
    /// the schedule's pause is longer (for tasks that all take about as long, just after this
    /// one finishes), or, when the answer came back past that estimate, a tenth of the
    /// schedule's first interval: the task is most likely about to finish. After the follow-up
    /// itself: the same, once (when the estimate timed it, one in twenty find the task
    /// running; waiting out the schedule there cost the task's slot about a third of L each
    /// time, more than the follow-up's own overshoot). Otherwise the schedule.
    ///
    /// `roomy` is the pause between reads when concurrency binds and the rate limit has room
    /// (`roomyInterval`; nil when submissions wait for request turns): then a running task's slot
    /// is worth more than a read, so it is read at least every `early`, never the schedule's later
    /// pause (a 30 s task would otherwise be seen up to 8 s late, its slot idle), and, once tasks
    /// of its kind have finished (`followUp` known), every `roomy`: it is past the early first
    /// read, when tasks of its kind begin to finish.
    static func nextRead(
        after aim: Aim?, waited: Duration, schedule: PollSchedule, followUp: Duration?, roomy: Duration? = nil
    ) -> (delay: Duration, isFollowUp: Bool) {
        var scheduled = schedule.interval(afterWaiting: waited)
        if let roomy { scheduled = min(schedule.early, followUp == nil ? scheduled : roomy) }
        guard aim == .noticeSoon || aim == .followUp, let followUp else { return (scheduled, false) }
        let quick = schedule.early / 10
        return (min(scheduled, followUp > waited + quick ? followUp - waited : quick), aim == .noticeSoon)
    }

    /// The pause between reads of a running task when concurrency binds and the rate limit has
    /// room: a quarter of the schedule's first interval (0.75 s for EvoLink's 3 s), so a task is
    /// seen about 0.4 s after it ends where a read every 3 s sees it 1.5 s late; and since these
    /// reads start only when tasks of its kind begin to finish, a job costs about as many reads
    /// as the 3 s client's (a tenth of the interval doubled the reads for 0.2 s less: BENCHMARKS.md).
    /// Never so short that reads of all `concurrency` tasks at this pace would take more than
    /// half the request rate: the rest stays with submissions.
    static func roomyInterval(concurrency: Int, requestsPerMinute: Int, schedule: PollSchedule) -> Duration {
        let share = Duration.seconds(120 * Double(max(1, concurrency)) / Double(max(1, requestsPerMinute)))
        return max(schedule.early / 4, share)
    }

    /// How far a generation of follow-up reads moves their estimate: the first reads' 0.1. With
    /// tasks that all take the same time the estimate overshoots by about half a step, so a
    /// smaller step notices finished tasks sooner; but it follows change more slowly, and real
    /// tasks vary (BENCHMARKS.md has the comparison of 0.03 and 0.1).
    static let followUpStep = 0.1

    /// The follow-up's step once its estimate has settled (`FirstReadTracker.settledAfter`
    /// generations): with tasks that take about the same time, the read that sees a finished task
    /// comes a smaller overshoot after its end, which frees its slot sooner when concurrency
    /// binds; the coarse step before it still finds a changed duration quickly.
    static let settledFollowUpStep = 0.03

    /// Takes in one answered read (`finished` nil when the read itself failed); `timedBy` is the
    /// aim that timed it when a learned estimate did; `lastRunning` is when an earlier read last
    /// found the task running.
    mutating func record(
        _ settings: ImageSettings, waited: Duration, finished: Bool?, timedBy: Aim?, lastRunning: Duration?
    ) {
        for aim in Aim.allCases {
            self[aim].record(
                settings, waited: waited, finished: finished, wasLearnedFirstRead: timedBy == aim,
                lastRunning: lastRunning)
        }
    }
}

/// The shares of first reads that should find their task finished: when submissions wait for
/// request turns, and otherwise (`FirstReadPolicy`).
public struct FirstReadTargets: Sendable, Equatable {
    public var whenRateBound: Double
    public var otherwise: Double

    public init(whenRateBound: Double = 0.75, otherwise: Double = 0.1) {
        self.whenRateBound = whenRateBound
        self.otherwise = otherwise
    }
}
