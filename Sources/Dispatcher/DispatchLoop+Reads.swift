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
        learn(from: task, outcome, at: now)
        let firstReadAim = task.firstReadAim
        task.firstReadAim = nil
        switch outcome {
        case .completed(let record, let charge):
            task.record = record
            task.charge = charge
            occupied -= 1
            recordingResultURLs += 1
            let context = self.context
            group.addTask {
                try await context.recordResultURLs(of: task)
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

    /// When to read again a task that a read just found running (`FirstReadPolicy.nextRead`);
    /// a follow-up read counts as a learned read of its aim.
    private mutating func nextInterval(
        for task: inout InFlightTask, afterWaiting waited: Duration, firstReadAim: FirstReadPolicy.Aim?
    ) -> Duration {
        let settings = task.record.job.settings
        // The rate binds: reads stay sparing. Otherwise a read is worth less than a slot noticed
        // free (or the run's end noticed sooner).
        let schedule = configuration.pollSchedule
        let roomy =
            firstReads == nil || !context.rateLimiter.hadRoom(within: schedule.early)
            ? nil
            : FirstReadPolicy.roomyInterval(
                concurrency: configuration.concurrency, requestsPerMinute: configuration.requestsPerMinute,
                schedule: schedule)
        let next = FirstReadPolicy.nextRead(
            after: firstReadAim, waited: waited, schedule: schedule,
            followUp: firstReads?.followUpEstimate(for: settings), roomy: roomy)
        if next.isFollowUp {
            // A follow-up read past the estimate teaches it too: were it only taught by reads
            // made before it, an estimate that fell below the first read could never rise again.
            _ = firstReads?.scheduleFirstRead(for: settings, aim: .followUp)
            task.firstReadAim = .followUp
        }
        return next.delay
    }

    private mutating func learn(from task: InFlightTask, _ outcome: JobContext.ReadOutcome, at now: AnyClock.Instant) {
        let finished: Bool?
        switch outcome {
        case .completed, .ended: finished = true
        case .running: finished = false
        case .unreadable: finished = nil
        }
        if let finished { turns.recordRead(finishedTask: finished) }
        guard !task.resumed else { return }
        firstReads?.record(
            task.record.job.settings, waited: task.waitingSince.duration(to: now), finished: finished,
            timedBy: task.firstReadAim,
            lastRunning: task.lastRunning)
    }
}
