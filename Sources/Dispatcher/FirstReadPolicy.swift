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
    /// Where tasks of each kind end while they all seem to take the same time.
    private var brackets: [ImageSettings: FinishBracket] = [:]
    private let schedule: PollSchedule

    init(_ targets: FirstReadTargets, schedule: PollSchedule) {
        savingReads = FirstReadTracker(target: targets.whenRateBound, schedule: schedule)
        noticingSoon = FirstReadTracker(target: targets.otherwise, schedule: schedule)
        followingUp = FirstReadTracker(
            target: 0.95, step: Self.followUpStep, settledStep: Self.settledFollowUpStep, schedule: schedule)
        self.schedule = schedule
    }

    /// The kind's `FinishBracket`, when a task of the kind has completed and they have not
    /// turned out to vary.
    func bracket(for settings: ImageSettings) -> FinishBracket? {
        brackets[settings].flatMap { $0.varies || $0.finished == nil ? nil : $0 }
    }

    /// Takes in one answered read for the kind's `FinishBracket`: the read was due `sentAfter`
    /// acceptance and answered `answeredAfter`; `completed` nil when the answer says neither
    /// running nor completed (a failure may come at any time and says nothing of how long the
    /// kind's tasks take). Tasks of one kind may differ by a thirtieth of the schedule's early
    /// interval (100 ms of EvoLink's 3 s) and still count as taking the same time: the jitter of
    /// the network and of a busy machine between a task's acceptance and its answer.
    mutating func recordBracket(
        _ settings: ImageSettings, completed: Bool?, sentAfter: Duration, answeredAfter: Duration
    ) {
        guard let completed else { return }
        brackets[settings, default: FinishBracket()].record(
            completed: completed, sentAfter: sentAfter, answeredAfter: answeredAfter,
            tolerance: schedule.early / 30)
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

    /// Where a task's follow-up read stands (`nextRead`).
    enum FollowUp: Sendable, Equatable {
        /// None is due: no early first read found the task running, or it was read already.
        case notDue
        /// Due when the task has run for this long (the learned `followUp` estimate when its
        /// early first read found it running); reads the schedule (or the roomy pace) makes
        /// sooner do not take its place.
        case pending(at: Duration)
        /// The follow-up read itself just found the task running.
        case missed
    }

    /// When to read again a task that a read found running, `waited` after its acceptance.
    ///
    /// A follow-up is pending after an early first read (`noticeSoon`) found the task running: it
    /// is read at the learned `followUp` estimate, or by the schedule if that is sooner (those
    /// sooner reads are not the follow-up: it stays pending). Once a task of the kind has
    /// finished, tasks of the kind all take about as long, so the estimate comes a few tens of
    /// milliseconds after they end; the read is never put off past it for want of a pause since
    /// the last read (it was: a follow-up estimate within a tenth of the early interval of the
    /// first read waited out that tenth, and a 30 s task's slot stood idle 0.3 s past its end).
    /// When the answer came back past the estimate already, or the follow-up itself found the
    /// task running (`missed`): a tenth of the schedule's first interval, the task is most likely
    /// about to finish. Otherwise the schedule.
    ///
    /// `roomy` is the pause between reads when concurrency binds and the rate limit has room
    /// (`roomyInterval`; nil when submissions wait for request turns): then a running task's slot
    /// is worth more than a read, so it is read at least every `early`, never the schedule's later
    /// pause (a 30 s task would otherwise be seen up to 8 s late, its slot idle), and, once tasks
    /// of its kind have finished (`kindHasFinished`), every `roomy`: it is past the early first
    /// read, when tasks of its kind begin to finish.
    static func nextRead(
        waited: Duration, schedule: PollSchedule, followUp: FollowUp, kindHasFinished: Bool, roomy: Duration? = nil
    ) -> Duration {
        var scheduled = schedule.interval(afterWaiting: waited)
        if let roomy { scheduled = min(schedule.early, kindHasFinished ? roomy : scheduled) }
        let quick = schedule.early / 10
        switch followUp {
        case .notDue: return scheduled
        case .missed: return min(scheduled, quick)
        case .pending(let at):
            guard at > waited else { return min(scheduled, quick) }
            return min(scheduled, max(at - waited, minimumGap(schedule)))
        }
    }

    /// The shortest pause before a follow-up read due just after the last read: a hundredth of
    /// the schedule's first interval (30 ms for EvoLink's 3 s), two reads rather than one a
    /// whole pause late.
    static func minimumGap(_ schedule: PollSchedule) -> Duration { schedule.early / 100 }

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
