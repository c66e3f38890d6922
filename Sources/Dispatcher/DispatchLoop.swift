import CatalogModel
import ImageService
import JobStore

/// The one loop that drives a dispatch. It alone owns the jobs in flight: a `PollQueue` of
/// tasks ordered by their next read, the results waiting for a download slot, and the count of
/// concurrency slots taken. Whenever the shared `RateLimiter` grants a request turn it spends
/// it on a task that is due for a read or on the next submission (budget reserved, slot free),
/// sharing turns between the two as the run needs them (`TurnShare`). Each request, each
/// download and each commit of a finished task's URLs or stored result runs as a child task
/// that reports back here; between events the loop sleeps on one timer until the earliest due
/// read or the next turn. So ten thousand tasks in flight cost ten thousand heap entries, not
/// ten thousand sleeping tasks, and no task is read more often than its `PollSchedule` says,
/// but for a follow-up after an early first read, and one quick read after a follow-up that
/// found its task about to finish (`FirstReadPolicy.nextRead`).
struct DispatchLoop {
    /// What a child task reports back.
    enum Event: Sendable {
        /// A submission was accepted: the task is waiting for its first read.
        case submitted(InFlightTask)
        /// A submission ended the job's part in this run (failed, or left to a later run).
        case submissionEnded
        /// The next job's key and image URLs are committed: it waits for a slot and a turn.
        case prepared(JobRecord, since: AnyClock.Instant)
        /// Preparing the next job ended its part in this run (an upload failed).
        case preparationEnded
        case read(InFlightTask, JobContext.ReadOutcome)
        /// A finished task's result URLs are committed: its result waits for a download slot.
        case resultURLsRecorded(InFlightTask)
        /// A download ended: its result staged to be recorded, or nil (left to a later run).
        case downloaded(JobContext.FetchedResult?)
        /// A downloaded result is in place and recorded.
        case recorded
        /// Skips decided by the loop are recorded.
        case skipsRecorded
        /// The timer set for this instant went off.
        case timer(AnyClock.Instant)
    }

    let context: JobContext
    private var pending: [JobRecord]
    private var nextPending = 0
    /// The next jobs to submit, in order, their budget reserved and their keys committed, waiting
    /// for a slot and a turn.
    private var ready: [(record: JobRecord, since: AnyClock.Instant, keyFromThisRun: Bool)] = []
    /// Children committing the next jobs' keys (and uploading their references) meanwhile.
    private var preparing = 0
    /// A submission was refused for want of credit: prepared jobs are skipped, not sent.
    private var accountExhausted = false
    var waiting = PollQueue()
    private var toDownload: [InFlightTask] = []
    private var nextDownload = 0
    /// Jobs holding one of the `concurrency` slots: from their submission until a read finds the
    /// task finished (or their part in this run ends). The slots stand for the
    /// API's own concurrency limit, which counts running tasks; a finished task's download does
    /// not hold one, so the next submission need not wait for it.
    var occupied = 0
    private var requestsOut = 0
    private var downloadsRunning = 0
    /// Finished tasks whose result URLs are being committed, before they wait for a download
    /// slot, and downloaded results being put in place and recorded, after: no download slot is
    /// held while a commit waits for its group.
    var recordingResultURLs = 0
    private var recording = 0
    /// Skips the loop decided (budget, credit), waiting to be recorded by a child in one
    /// transaction (`JobContext.recordSkips`), and whether a child is recording some.
    private var skips: [JobTransition] = []
    private var recordingSkips = false
    private var timerAt: AnyClock.Instant?
    var firstReads: FirstReadPolicy?
    var turns = TurnShare()

    init(records: [JobRecord], context: JobContext) {
        self.pending = records
        self.context = context
        firstReads = context.configuration.firstReadTargets.map {
            FirstReadPolicy($0, schedule: context.configuration.pollSchedule)
        }
    }

    var configuration: DispatchConfiguration { context.configuration }
    var clock: AnyClock { context.clock }
    private var downloadsWaiting: Int { recordingResultURLs + toDownload.count - nextDownload }
    private var isDone: Bool {
        nextPending == pending.count && ready.isEmpty && preparing == 0 && occupied == 0 && downloadsWaiting == 0
            && downloadsRunning == 0 && recordingResultURLs == 0 && recording == 0 && skips.isEmpty
            && !recordingSkips
    }
    private var isSubmissionReady: Bool { !ready.isEmpty && occupied < configuration.concurrency }
    /// Jobs prepared or being prepared ahead of their slot: several, so that their key commits
    /// share group commits instead of each waiting a commit window in turn.
    private var preparedAhead: Int { ready.count + preparing }
    /// No more jobs wait for a slot, their keys committed and their estimates reserved, than the
    /// slots there are: money is reserved only for submissions about to be sent, and `status`
    /// never shows more submitting than the next slots to free can take.
    private var preparedAheadLimit: Int { min(configuration.submissionsPreparedAhead, configuration.concurrency) }
    /// No job is left to submit: the run's end waits for every step still to record, so none
    /// waits out a commit window (`GroupCommitter`).
    var isDraining: Bool { nextPending == pending.count && ready.isEmpty && preparing == 0 }

    /// Runs until every job has ended its part in this run. Throws `CancellationError` when the
    /// surrounding task is cancelled: every job keeps the state it reached.
    mutating func run() async throws {
        try await withThrowingTaskGroup(of: Event.self) { group in
            do {
                while !isDone {
                    try Task.checkCancellation()
                    let wake = try startWork(in: &group)
                    if let wake { arm(timerFor: wake, in: &group) }
                    guard let event = try await group.next() else { break }
                    try await handle(event, in: &group)
                }
            } catch {
                group.cancelAll()
                let preparedMeanwhile = await recordDownloaded(draining: &group)
                // Prepared in this run and never sent: planned again, not left `submitting` for
                // the next run to send, or to take for a task lost at a server this run used.
                let unsent = ready.filter(\.keyFromThisRun).map(\.record) + preparedMeanwhile
                try? await context.returnUnsent(unsent)
                try? await context.recordSkips(skips)
                throw error
            }
            // Timers set for instants that no longer matter.
            group.cancelAll()
        }
    }

    /// Stopping (a signal, or an error): results already downloaded are still put in place and
    /// recorded, as those being recorded are, so a stop costs no paid result a second download
    /// (whose URLs may have expired by the next run).
    /// Returns the jobs whose preparation finished meanwhile: their keys are committed, and
    /// they were never sent.
    private func recordDownloaded(draining group: inout ThrowingTaskGroup<Event, any Error>) async -> [JobRecord] {
        var prepared: [JobRecord] = []
        while true {
            do {
                guard let event = try await group.next() else { return prepared }
                switch event {
                case .downloaded(let fetched?): try await context.record(fetched)
                case .prepared(let record, _): prepared.append(record)
                default: break
                }
            } catch {
                continue
            }
        }
    }

    /// Starts whatever can start now; returns when the loop should look again if nothing
    /// reports back sooner.
    private mutating func startWork(in group: inout ThrowingTaskGroup<Event, any Error>) throws -> AnyClock.Instant? {
        startDownloads(in: &group)
        var wake: AnyClock.Instant?
        var now = clock.now
        while true {
            now = clock.now
            if preparedAhead < preparedAheadLimit {
                try prepareSubmission(now: now, in: &group)
                startDownloads(in: &group)
            }
            // A resumed job may have joined the reads, due at once.
            let readDue = isReadDue(at: now)
            guard readDue || isSubmissionReady else { break }
            if let wait = context.rateLimiter.tryAcquire() {
                wake = now.advanced(
                    by: max(wait, context.rateLimiter.wait(forTurnsWithin: configuration.requestBatchWindow)))
                break
            }
            let context = self.context
            let submissionFirst = readDue && isSubmissionReady && turns.submissionGoesNext()
            if readDue, !submissionFirst, let task = waiting.popDue(at: now) {
                requestsOut += 1
                group.addTask { .read(task, try await context.read(task)) }
            } else if isSubmissionReady {
                let next = ready.removeFirst()
                occupied += 1
                requestsOut += 1
                group.addTask {
                    guard let task = try await context.submit(next.record, started: next.since) else {
                        return .submissionEnded
                    }
                    return .submitted(task)
                }
            }
        }
        recordSkips(in: &group)
        // A read already due waits for the turn (`wake`); a later one for its own time.
        if requestsOut < configuration.maxConcurrentRequests, let due = waiting.nextDue, due > now {
            wake = min(wake ?? due, due)
        }
        return wake
    }

    private func isReadDue(at now: AnyClock.Instant) -> Bool {
        requestsOut < configuration.maxConcurrentRequests && (waiting.nextDue.map { $0 <= now } ?? false)
    }

    /// Takes pending jobs in order until one needs a submission: it is prepared (its key
    /// committed, by a child) while it waits for a slot, then `ready`. Jobs resumed past their
    /// submission join the reads (when a slot is free) or the downloads at once; jobs the
    /// budget or the account cannot pay for are skipped.
    private mutating func prepareSubmission(
        now: AnyClock.Instant, in group: inout ThrowingTaskGroup<Event, any Error>
    ) throws {
        // Results waiting for a download slot hold submissions back once they are as many as
        // the slots: downloads that cannot keep up must not let finished results pile up.
        while preparedAhead < preparedAheadLimit, downloadsWaiting < configuration.concurrency,
            requestsOut < configuration.maxConcurrentRequests, nextPending < pending.count
        {
            let record = pending[nextPending]
            // A task resumed in flight takes its slot at once.
            if record.state == .submitted, occupied >= configuration.concurrency { return }
            nextPending += 1
            if record.state == .submitting || record.state == .submitted, context.belongsToAnotherServer(record) {
                // Another server's task: never resumed, polled or replayed here (`TaskLoss`).
                preparing += 1
                let context = self.context
                group.addTask {
                    try await context.loseTaskOfAnotherServer(record)
                    return .preparationEnded
                }
                continue
            }
            switch record.state {
            case .planned, .submitting:
                // Out of credit: every further submission would be refused too.
                if record.state == .planned, context.tally.balanceExhausted {
                    context.skipForBalance(record, into: &skips)
                    continue
                }
                guard context.reserveBudget(for: record, skips: &skips) else { continue }
                if record.idempotencyKey != nil, record.submittedImageURLs != nil {
                    ready.append((record, now, false))
                } else {
                    // A free slot waits for this job's key: its commit does not wait for others.
                    let urgent = occupied + preparedAhead < configuration.concurrency
                    preparing += 1
                    let context = self.context
                    group.addTask {
                        guard let prepared = try await context.prepare(record, urgent: urgent) else {
                            return .preparationEnded
                        }
                        return .prepared(prepared, since: now)
                    }
                }
            case .submitted:
                context.budget.reserveUnconditionally(record.job.estimatedCost)
                occupied += 1
                // Resumed: it may have finished long ago, so it is read at once.
                var task = InFlightTask(record: record, started: now, waitingSince: now, nextPollAt: now)
                task.resumed = true
                waiting.push(task)
            case .completed:
                context.budget.reserveUnconditionally(record.job.estimatedCost)
                toDownload.append(InFlightTask(record: record, started: now, waitingSince: now, nextPollAt: now))
            case .stored, .failed, .cancelled, .skipped:
                context.budget.reserveUnconditionally(record.job.estimatedCost)
            }
        }
    }

    /// Hands the skips decided so far to one child, one batch at a time.
    private mutating func recordSkips(in group: inout ThrowingTaskGroup<Event, any Error>) {
        guard !skips.isEmpty, !recordingSkips else { return }
        let (batch, context) = (skips, self.context)
        skips = []
        recordingSkips = true
        group.addTask {
            try await context.recordSkips(batch)
            return .skipsRecorded
        }
    }

    private mutating func startDownloads(in group: inout ThrowingTaskGroup<Event, any Error>) {
        while downloadsRunning < configuration.maxConcurrentDownloads, nextDownload < toDownload.count {
            let task = toDownload[nextDownload]
            nextDownload += 1
            downloadsRunning += 1
            let context = self.context
            group.addTask { .downloaded(try await context.download(task)) }
        }
        if nextDownload == toDownload.count, nextDownload > 0 {
            toDownload.removeAll(keepingCapacity: true)
            nextDownload = 0
        }
    }

    private mutating func handle(_ event: Event, in group: inout ThrowingTaskGroup<Event, any Error>) async throws {
        switch event {
        case .submitted(var task):
            requestsOut -= 1
            let aim = FirstReadPolicy.Aim.choose(
                jobsWaiting: preparedAhead > 0 || nextPending < pending.count,
                slotFree: occupied < configuration.concurrency
            )
            let settings = task.record.job.settings
            if let firstRead = firstReads?.scheduleFirstRead(for: settings, aim: aim) {
                // While tasks of the kind all take the same time, none is read first past the
                // end of them all (`FinishBracket`): a slot free for a moment while its wave's
                // submissions wait for the bucket's turns made the aim save reads, and the 75th
                // percentile of tasks that all take 30 s is past their end.
                let top = firstReads?.bracket(for: settings)?.finished
                task.nextPollAt = task.waitingSince.advanced(by: min(firstRead.delay, top ?? firstRead.delay))
                task.firstReadAim = firstRead.aim
            }
            waiting.push(task)
        case .submissionEnded:
            requestsOut -= 1
            occupied -= 1
            // The account ran out: jobs prepared in this run were never sent, so they are skipped
            // rather than each sent to be refused. A key from an earlier run may have been paid
            // for, so those still go (the API replays a paid one).
            if !accountExhausted, context.tally.balanceExhausted {
                accountExhausted = true
                for job in ready where job.keyFromThisRun { skipUnsent(job.record) }
                ready.removeAll { $0.keyFromThisRun }
            }
        case .prepared(let record, let since):
            preparing -= 1
            if accountExhausted {
                skipUnsent(record)
            } else {
                ready.append((record, since, true))
            }
        case .preparationEnded:
            preparing -= 1
        case .downloaded(let fetched):
            downloadsRunning -= 1
            if let fetched {
                recording += 1
                let (context, urgent) = (self.context, isDraining)
                group.addTask {
                    try await context.record(fetched, urgent: urgent)
                    return .recorded
                }
            }
        case .recorded:
            recording -= 1
        case .skipsRecorded:
            recordingSkips = false
        case .read(let task, let outcome):
            requestsOut -= 1
            try await afterRead(task, outcome, in: &group)
        case .resultURLsRecorded(let task):
            recordingResultURLs -= 1
            toDownload.append(task)
        case .timer(let instant):
            if timerAt == instant { timerAt = nil }
        }
    }

    /// A prepared job that will not be sent now the account is out of credit: its budget back,
    /// skipped for balance.
    private mutating func skipUnsent(_ record: JobRecord) {
        context.budget.release(record.job.estimatedCost)
        context.skipForBalance(record, into: &skips)
    }

    /// Makes sure the loop wakes at `instant`: one timer at a time, replaced only by an earlier one.
    private mutating func arm(timerFor instant: AnyClock.Instant, in group: inout ThrowingTaskGroup<Event, any Error>) {
        if let timerAt, timerAt <= instant { return }
        timerAt = instant
        let clock = self.clock
        group.addTask {
            // Cancelled: the loop is ending, or stopping on a signal and about to notice.
            try? await clock.sleep(until: instant)
            return .timer(instant)
        }
    }
}
