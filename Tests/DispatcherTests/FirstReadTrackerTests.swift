import CatalogModel
import CatalogTestSupport
import Testing

@testable import Dispatcher

/// The learned first read, driven offline: a generation of tasks is accepted with the estimate
/// of the moment, then their first reads are answered with each task's own latency.
struct FirstReadTrackerTests {
    private let schedule = PollSchedule.evoLink
    private let settings = ImageSettings(size: "1024x640", quality: "low")

    /// After a read that found the task running: the schedule, unless a follow-up is pending (an
    /// early first read found the task running) and its time comes sooner, however little after
    /// the last read; a read that came back past that time, or a follow-up that found the task
    /// running, is followed soon (the task is about to finish); then the schedule.
    @Test func aTaskFoundRunningIsReadAgainOnTheScheduleOrAtItsFollowUp() {
        let (early, quick) = (schedule.early, schedule.early / 10)
        func next(after waited: Double, _ followUp: FirstReadPolicy.FollowUp) -> Duration {
            FirstReadPolicy.nextRead(
                waited: .seconds(waited), schedule: schedule, followUp: followUp, kindHasFinished: true)
        }
        let twelve = FirstReadPolicy.FollowUp.pending(at: .seconds(12))
        #expect(next(after: 10, .notDue) == early)
        #expect(next(after: 10, twelve) == .seconds(2))
        #expect(next(after: 1, twelve) == early, "the schedule comes sooner (the follow-up stays pending)")
        #expect(next(after: 11.875, twelve) == .milliseconds(125), "at the estimate, not a tenth of the interval later")
        #expect(next(after: 11.999, twelve) == FirstReadPolicy.minimumGap(schedule))
        #expect(next(after: 12, twelve) == quick, "answered past the estimate")
        #expect(next(after: 12.1, .missed) == quick, "the follow-up found the task running: it is about to finish")
        #expect(next(after: 30, .missed) == quick)
        #expect(next(after: 30, .pending(at: .seconds(60))) == schedule.late, "the later pause past the early phase")
        #expect(next(after: 30, .notDue) == schedule.late)
    }

    /// The follow-up estimate moves by `followUpStep`: a hit moves it down by that step times
    /// the one in twenty it aims to miss.
    @Test func theFollowUpEstimateMovesByItsOwnStep() throws {
        var policy = FirstReadPolicy(FirstReadTargets(), schedule: schedule)
        policy.record(settings, waited: .seconds(10), finished: true, timedBy: nil, lastRunning: .seconds(9))
        let seeded = try #require(policy.followUpEstimate(for: settings))
        #expect(seeded == .seconds(9.5))
        let (delay, aim) = policy.scheduleFirstRead(for: settings, aim: .followUp)
        #expect(delay == seeded && aim == .followUp)
        policy.record(settings, waited: .seconds(9.5), finished: true, timedBy: .followUp, lastRunning: .seconds(9))
        let moved = try #require(policy.followUpEstimate(for: settings))
        #expect(abs((moved / seeded) - (1 - FirstReadPolicy.followUpStep * 0.05)) < 1e-9)
    }

    /// The follow-up's step is coarse until its estimate has settled (`settledAfter`
    /// generations of answers), then fine: each answer before moves the estimate by
    /// `followUpStep`, each after by `settledFollowUpStep`.
    @Test func theFollowUpStepIsFineOnceTheEstimateHasSettled() throws {
        var policy = FirstReadPolicy(FirstReadTargets(), schedule: schedule)
        policy.record(settings, waited: .seconds(20), finished: true, timedBy: nil, lastRunning: .seconds(20))
        var moves: [Double] = []
        for _ in 0..<5 {
            let before = try #require(policy.followUpEstimate(for: settings))
            _ = policy.scheduleFirstRead(for: settings, aim: .followUp)
            policy.record(settings, waited: before, finished: true, timedBy: .followUp, lastRunning: nil)
            moves.append(1 - (try #require(policy.followUpEstimate(for: settings)) / before))
        }
        let (coarse, fine) = (FirstReadPolicy.followUpStep * 0.05, FirstReadPolicy.settledFollowUpStep * 0.05)
        let settledAt = Int(FirstReadTracker.settledAfter) - 1
        for (index, move) in moves.enumerated() {
            #expect(abs(move - (index < settledAt ? coarse : fine)) < 1e-9, "answer \(index + 1): \(moves)")
        }
    }

    @Test func withoutAFinishedTaskTheScheduleTimesTheFirstRead() {
        var tracker = FirstReadTracker(target: 0.75, schedule: schedule)
        #expect(tracker.scheduleFirstRead(for: settings) == (schedule.early, false))
        // A running task teaches nothing about when tasks finish.
        tracker.record(settings, waited: .seconds(3), finished: false, wasLearnedFirstRead: false)
        #expect(tracker.scheduleFirstRead(for: settings).learned == false)
        tracker.record(settings, waited: .seconds(12), finished: true, wasLearnedFirstRead: false)
        #expect(tracker.scheduleFirstRead(for: settings) == (.seconds(12), true))
        // Each kind of task learns on its own.
        #expect(tracker.scheduleFirstRead(for: ImageSettings(size: "4:3", quality: "high")).learned == false)
    }

    @Test func theFirstFinishedTaskSeedsFromTheMiddleOfItsLastTwoReads() {
        var tracker = FirstReadTracker(target: 0.75, schedule: schedule)
        tracker.record(
            settings, waited: .seconds(12), finished: true, wasLearnedFirstRead: false, lastRunning: .seconds(9))
        #expect(tracker.estimate(for: settings) == .milliseconds(10_500))
    }

    /// The policy's three estimates learn only from the reads each timed; all start from the
    /// first finished task.
    @Test func eachAimLearnsFromItsOwnReads() throws {
        var policy = FirstReadPolicy(FirstReadTargets(), schedule: schedule)
        #expect(policy.followUpEstimate(for: settings) == nil)
        #expect(policy.scheduleFirstRead(for: settings, aim: .noticeSoon).aim == nil, "nothing learned yet")
        policy.record(settings, waited: .seconds(12), finished: true, timedBy: nil, lastRunning: .seconds(9))
        #expect(policy.followUpEstimate(for: settings) == .milliseconds(10_500))
        let early = policy.scheduleFirstRead(for: settings, aim: .noticeSoon)
        #expect(early.delay == .milliseconds(10_500) && early.aim == .noticeSoon)
        // A miss at the early read moves only the early estimate, up a little.
        policy.record(settings, waited: .milliseconds(10_500), finished: false, timedBy: .noticeSoon, lastRunning: nil)
        let next = policy.scheduleFirstRead(for: settings, aim: .noticeSoon).delay
        #expect(next == .milliseconds(10_500) * 1.01, "\(next)")
        #expect(policy.followUpEstimate(for: settings) == .milliseconds(10_500))
        #expect(policy.scheduleFirstRead(for: settings, aim: .saveReads).delay == .milliseconds(10_500))
        // A hit at the follow-up moves the follow-up estimate down.
        _ = policy.scheduleFirstRead(for: settings, aim: .followUp)
        policy.record(settings, waited: .milliseconds(10_500), finished: true, timedBy: .followUp, lastRunning: nil)
        #expect(try #require(policy.followUpEstimate(for: settings)) < .milliseconds(10_500))
    }

    @Test func tasksOfOneLatencyAreFoundDoneByMostFirstReadsSoonAfterTheyFinish() {
        var tracker = seeded(at: .seconds(12))
        let outcome = run(&tracker, generations: 60, size: 40) { _ in .seconds(10) }
        // Settles just above 10 s (the overshoot is what a miss costs), from the 12 s seed.
        let estimate = tracker.scheduleFirstRead(for: settings).delay
        #expect(estimate > .seconds(9.5) && estimate < .seconds(11.5), "\(estimate)")
        #expect(outcome.hitRate(lastGenerations: 30) > 0.6, "\(outcome)")
    }

    @Test func spreadLatenciesAreFoundDoneByAboutTheTargetShareOfFirstReads() {
        var random = SeededRandom(seed: 11)
        for target in [0.1, 0.5, 0.75, 0.9] {
            var tracker = FirstReadTracker(target: target, schedule: schedule)
            tracker.record(settings, waited: .seconds(30), finished: true, wasLearnedFirstRead: false)
            let outcome = run(&tracker, generations: 150, size: 40) { _ in
                .seconds(14 + 12 * Double(random.next() % 1000) / 1000)
            }
            let rate = outcome.hitRate(lastGenerations: 100)
            #expect(abs(rate - target) < 0.07, "target \(target): \(rate)")
        }
    }

    @Test func theEstimateFollowsTasksThatSlowDownAndSpeedUp() {
        var tracker = seeded(at: .seconds(10))
        _ = run(&tracker, generations: 40, size: 30) { _ in .seconds(10) }
        _ = run(&tracker, generations: 40, size: 30) { _ in .seconds(25) }
        let slow = tracker.scheduleFirstRead(for: settings).delay
        #expect(slow > .seconds(24) && slow < .seconds(28), "\(slow)")
        _ = run(&tracker, generations: 120, size: 30) { _ in .seconds(15) }
        let fast = tracker.scheduleFirstRead(for: settings).delay
        #expect(fast > .seconds(14) && fast < .seconds(17), "\(fast)")
    }

    @Test func theEstimateStaysBetweenTheFirstIntervalAndTheLongWait() {
        var tracker = seeded(at: .seconds(1))
        _ = run(&tracker, generations: 20, size: 10) { _ in .milliseconds(100) }
        #expect(tracker.scheduleFirstRead(for: settings).delay == schedule.early)
        var slow = seeded(at: .seconds(10_000))
        #expect(slow.scheduleFirstRead(for: settings).delay == schedule.longWait)
    }

    @Test func aFailedReadGivesBackItsPlaceWithoutMovingTheEstimate() {
        var tracker = seeded(at: .seconds(10))
        for _ in 0..<5 { _ = tracker.scheduleFirstRead(for: settings) }
        for _ in 0..<5 {
            tracker.record(settings, waited: .seconds(10), finished: nil, wasLearnedFirstRead: true)
        }
        #expect(tracker.scheduleFirstRead(for: settings).delay == .seconds(10))
        // The one read now out moves the estimate by a step shared with the reads of its batch.
        tracker.record(settings, waited: .seconds(10), finished: false, wasLearnedFirstRead: true)
        let moved = tracker.scheduleFirstRead(for: settings).delay
        #expect(moved > .seconds(10) && moved < .seconds(10) * (1 + 0.1 * 0.75), "\(moved)")
    }

    private func seeded(at estimate: Duration) -> FirstReadTracker {
        var tracker = FirstReadTracker(target: 0.75, schedule: schedule)
        tracker.record(settings, waited: estimate, finished: true, wasLearnedFirstRead: false)
        return tracker
    }

    private struct Outcome: CustomStringConvertible {
        var hitsPerGeneration: [Int] = []
        var size = 0
        func hitRate(lastGenerations count: Int) -> Double {
            Double(hitsPerGeneration.suffix(count).reduce(0, +)) / Double(count * size)
        }
        var description: String { "hits per generation \(hitsPerGeneration)" }
    }

    /// Each generation: `size` tasks accepted at once, all with the estimate of that moment;
    /// then every first read answered.
    private func run(
        _ tracker: inout FirstReadTracker, generations: Int, size: Int, latency: (Int) -> Duration
    ) -> Outcome {
        var outcome = Outcome(size: size)
        for _ in 0..<generations {
            let delays = (0..<size).map { _ in tracker.scheduleFirstRead(for: settings).delay }
            var hits = 0
            for (index, delay) in delays.enumerated() {
                let done = latency(index) <= delay
                if done { hits += 1 }
                tracker.record(settings, waited: delay, finished: done, wasLearnedFirstRead: true)
            }
            outcome.hitsPerGeneration.append(hits)
        }
        return outcome
    }
}

struct TurnShareTests {
    @Test func readsGoFirstUntilATaskHasFinished() {
        var share = TurnShare()
        for _ in 0..<10 { #expect(share.submissionGoesNext() == false) }
        share.recordRead(finishedTask: false)
        #expect(share.submissionGoesNext() == false)
    }

    @Test func contendedTurnsAreSharedAsTheRunNeedsThem() {
        // Three reads per finished task: one contended turn in four goes to a submission.
        var share = TurnShare()
        for _ in 0..<10 {
            share.recordRead(finishedTask: false)
            share.recordRead(finishedTask: false)
            share.recordRead(finishedTask: true)
        }
        let submissions = (0..<400).filter { _ in share.submissionGoesNext() }.count
        #expect(submissions == 100)
        // One read per task: every other turn.
        var once = TurnShare()
        for _ in 0..<10 { once.recordRead(finishedTask: true) }
        #expect((0..<400).filter { _ in once.submissionGoesNext() }.count == 200)
    }
}
