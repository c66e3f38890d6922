import CatalogModel
import ImageService
import JobStore

/// The loop's handling of a task's read: what the answer means for the task and its slot, and
/// what the first-read estimates learn from it.
extension DispatchLoop {
    /// What a read's answer does to its task: its result URLs recorded and its slot freed, read
    /// again later (`nextInterval`), or its part in this run ended.
    mutating func afterRead(
        _ task: InFlightTask, _ outcome: JobContext.ReadOutcome, in group: inout ThrowingTaskGroup<Event, any Error>
    ) async throws {
        var task = task
        let now = clock.now
        learn(from: &task, outcome)
        let firstReadAim = task.firstReadAim
        task.firstReadAim = nil
        switch outcome {
        case .completed(let record, let charge):
            task.record = record
            task.charge = charge
            occupied -= 1
            recordingResultURLs += 1
            let (context, urgent) = (self.context, isDraining)
            group.addTask {
                try await context.recordResultURLs(of: task, urgent: urgent)
                return .resultURLsRecorded(task)
            }
        case .ended:
            occupied -= 1
        case .running:
            task.failedPolls = 0
            task.notFound = nil
            let waited = task.waitingSince.duration(to: now)
            let schedule = configuration.pollSchedule
            guard waited < schedule.maxWait else {
                context.leaveRunning(task, waited: waited)
                occupied -= 1
                return
            }
            if waited >= schedule.longWait, !task.warned {
                task.warned = true
                context.warnLongWait(task, waited: waited)
            }
            task.lastRunning = waited
            task.nextPollAt = now.advanced(
                by: nextInterval(for: &task, afterWaiting: waited, firstReadAim: firstReadAim))
            waiting.push(task)
        case .unreadable(let error) where error.code == "task_not_found":
            // The API does not know the task: lost only if that lasts (`TaskNotFoundPolicy`).
            let policy = configuration.taskNotFound
            let notFound = (reads: (task.notFound?.reads ?? 0) + 1, since: task.notFound?.since ?? now)
            guard !policy.isLost(after: notFound.reads, since: notFound.since.duration(to: now)) else {
                try await context.loseTask(
                    task.record,
                    TaskLoss.notFound(
                        taskID: task.record.taskID ?? "unknown", reads: notFound.reads,
                        over: notFound.since.duration(to: now)))
                occupied -= 1
                return
            }
            task.notFound = notFound
            task.nextPollAt = now.advanced(by: policy.interval)
            waiting.push(task)
        case .unreadable(let error):
            task.failedPolls += 1
            let retry = configuration.readRetry
            guard error.isRetryable, task.failedPolls < retry.maxAttempts else {
                // Paid for, and the API would not say how it went: the next run asks again.
                try await context.settle(error, for: task.record.job)
                occupied -= 1
                return
            }
            task.nextPollAt = now.advanced(
                by: retry.delay(afterAttempt: task.failedPolls, retryAfter: error.retryAfter))
            waiting.push(task)
        }
    }

    /// When to read again a task that a read just found running (`FirstReadPolicy.nextRead`).
    /// An early first read (`noticeSoon`) that found it running sets up its follow-up at the
    /// learned estimate, counted as a learned read of that aim until an answer settles it.
    private mutating func nextInterval(
        for task: inout InFlightTask, afterWaiting waited: Duration, firstReadAim: FirstReadPolicy.Aim?
    ) -> Duration {
        let settings = task.record.job.settings
        let followUpEstimate = firstReads?.followUpEstimate(for: settings)
        if firstReadAim == .noticeSoon, followUpEstimate != nil,
            let followUp = firstReads?.scheduleFirstRead(for: settings, aim: .followUp), followUp.aim == .followUp
        {
            task.followUp = .pending(at: followUp.delay)
        }
        // The rate binds: reads stay sparing. Otherwise a read is worth less than a slot noticed
        // free (or the run's end noticed sooner).
        let schedule = configuration.pollSchedule
        let roomy =
            firstReads == nil || !context.rateLimiter.hadRoom(within: schedule.early)
            ? nil
            : FirstReadPolicy.roomyInterval(
                concurrency: configuration.concurrency, requestsPerMinute: configuration.requestsPerMinute,
                schedule: schedule)
        let delay = FirstReadPolicy.nextRead(
            waited: waited, schedule: schedule, followUp: task.followUp, kindHasFinished: followUpEstimate != nil,
            roomy: roomy)
        if task.followUp == .missed { task.followUp = .notDue }
        // Tasks of the kind all take the same time so far: read this one across where they end.
        if let roomy, let bracket = firstReads?.bracket(for: settings),
            let next = bracket.nextRead(waited: waited, step: roomy, minimum: FirstReadPolicy.minimumGap(schedule))
        {
            return next
        }
        return delay
    }

    /// What an answer teaches the learned estimates: a first read timed by one teaches its aim;
    /// a pending follow-up is settled by a read at or past its time, or by any read that finds
    /// the task finished (a read at the estimate would have found it finished too; were only
    /// reads at the estimate counted, reads sooner than it would keep every task that finished
    /// early from teaching it, and the estimate would only ever rise).
    private mutating func learn(from task: inout InFlightTask, _ outcome: JobContext.ReadOutcome) {
        let finished: Bool?
        switch outcome {
        case .completed, .ended: finished = true
        case .running: finished = false
        case .unreadable: finished = nil
        }
        if let finished { turns.recordRead(finishedTask: finished) }
        let (settings, answeredAfter) = (task.record.job.settings, task.waitingSince.duration(to: clock.now))
        var timedBy = task.firstReadAim
        if case .pending(let at) = task.followUp, let finished {
            // When the read was due: it may have gone out later, never sooner.
            let readAt = task.waitingSince.duration(to: task.nextPollAt)
            if finished || readAt >= at {
                timedBy = .followUp
                task.followUp = finished ? .notDue : .missed
            }
        }
        guard !task.resumed else { return }
        let completed: Bool? =
            switch outcome {
            case .completed: true
            case .running: false
            case .ended, .unreadable: nil
            }
        firstReads?.recordBracket(
            settings, completed: completed, sentAfter: task.waitingSince.duration(to: task.nextPollAt),
            answeredAfter: answeredAfter)
        firstReads?.record(
            settings, waited: answeredAfter, finished: finished, timedBy: timedBy, lastRunning: task.lastRunning)
    }
}
