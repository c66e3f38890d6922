import CatalogModel
import JobStore

/// A job this run is waiting on: its record, and the times that drive its polling.
struct InFlightTask: Sendable {
    var record: JobRecord
    /// When this run started working on the job (for the report's task latencies).
    let started: AnyClock.Instant
    /// When the wait for the API's result began (the poll schedule and `maxWait` count from here).
    var waitingSince: AnyClock.Instant
    /// When the task is next read.
    var nextPollAt: AnyClock.Instant
    /// Reads that failed in a row (reset by a good answer); past the read retry limit the job is
    /// left to a later run.
    var failedPolls = 0
    /// Reads in a row that the API answered 404 `task_not_found`, and when the first was
    /// (`TaskNotFoundPolicy`); reset by an answer that finds the task.
    var notFound: (reads: Int, since: AnyClock.Instant)?
    /// The long-wait warning was given.
    var warned = false
    /// The next read is the first, timed by the run's learned estimate for this aim
    /// (`FirstReadPolicy`): what it finds moves that estimate.
    var firstReadAim: FirstReadPolicy.Aim?
    /// The follow-up read an early first read that found the task running set up
    /// (`FirstReadPolicy.nextRead`): its answer teaches the follow-up estimate, and so does any
    /// sooner read that finds the task finished (the follow-up would have found it so too).
    var followUp = FirstReadPolicy.FollowUp.notDue
    /// How long the task had been waited on when a read last found it running.
    var lastRunning: Duration?
    /// Resumed from an earlier run (or its submission replayed the task an earlier run started):
    /// when the API accepted it is unknown (`waitingSince` is when this run took it up), so its
    /// reads teach the learned first reads nothing.
    var resumed = false
    /// What the API charged for the finished task, when its answer said (committed with the
    /// result URLs).
    var charge: Money?

    init(
        record: JobRecord, started: AnyClock.Instant, waitingSince: AnyClock.Instant, nextPollAt: AnyClock.Instant
    ) {
        self.record = record
        self.started = started
        self.waitingSince = waitingSince
        self.nextPollAt = nextPollAt
    }
}
