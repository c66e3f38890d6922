import CatalogModel
import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import ImageService
import JobStore
import Testing

@testable import Dispatcher

/// When concurrency binds and the rate limit has room, a running task is read often near the
/// moment it is likely to finish (issue #24): its slot is worth more than a read.
struct RoomyReadsTests {
    private let schedule = PollSchedule.evoLink

    /// With room: never the schedule's later pause; once tasks of the kind have finished, the
    /// roomy interval; a pending follow-up still comes first when it is sooner. Without room
    /// (nil): the schedule, as before.
    @Test func withRoomARunningTaskIsReadOftenOnceItsKindHasFinishedTasks() {
        let roomy = Duration.milliseconds(400)
        func next(
            after waited: Double, _ followUp: FirstReadPolicy.FollowUp = .notDue, known: Bool = true,
            roomy: Duration? = roomy
        ) -> Duration {
            FirstReadPolicy.nextRead(
                waited: .seconds(waited), schedule: schedule, followUp: followUp, kindHasFinished: known, roomy: roomy)
        }
        #expect(
            next(after: 25, known: false) == schedule.early, "nothing learned yet: the early pause, not the late one")
        #expect(next(after: 25, known: false, roomy: nil) == schedule.late, "no room: the schedule")
        #expect(
            next(after: 23, .pending(at: .seconds(38))) == roomy, "between the early first read and the follow-up")
        #expect(
            next(after: 29.875, .pending(at: .seconds(30))) == .milliseconds(125),
            "the follow-up estimate is sooner: it times the read")
        #expect(next(after: 31) == roomy, "a late first read that found the task running")
    }

    /// A quarter of the schedule's first interval, unless all the slots' reads at that pace would
    /// take more than half the request rate.
    @Test func theRoomyIntervalLeavesHalfTheRateToTheRest() {
        #expect(
            FirstReadPolicy.roomyInterval(concurrency: 20, requestsPerMinute: 6000, schedule: schedule)
                == .milliseconds(750))
        #expect(
            FirstReadPolicy.roomyInterval(concurrency: 50, requestsPerMinute: 6000, schedule: schedule) == .seconds(1))
        #expect(
            FirstReadPolicy.roomyInterval(concurrency: 4, requestsPerMinute: 60, schedule: schedule) == .seconds(8))
    }

    /// The rate has room while the bucket has been full within the window: drained for a moment
    /// by a burst of submissions it still has; kept short of full by a run the rate holds back,
    /// it has none.
    @Test func theRateHasRoomWhileItsBucketFillsBetweenBursts() {
        let clock = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 6000, burst: 8, clock: clock.erased)  // a turn every 10 ms
        #expect(limiter.hadRoom(within: .seconds(3)))
        for _ in 0..<8 { _ = limiter.tryAcquire() }
        clock.advance(by: .milliseconds(20))
        #expect(limiter.hadRoom(within: .seconds(3)), "drained a moment ago, full before")
        for _ in 0..<400 {
            clock.advance(by: .milliseconds(10))
            _ = limiter.tryAcquire()
        }
        #expect(!limiter.hadRoom(within: .seconds(3)), "every turn taken for 4 s")
        clock.advance(by: .milliseconds(100))
        #expect(limiter.hadRoom(within: .seconds(3)), "full again")
    }

    /// Slot-bound (8 slots, turns to spare), tasks of 10 s ± 30% on the manual clock: a finished
    /// task waits well under the schedule's 3 s for the read that sees it. Reading on the schedule
    /// after an early first read, it waited 1.4 s on average on this run; at the roomy pace, under
    /// 0.5 s.
    @Test func aSlotBoundRunSeesFinishedTasksSoon() async throws {
        let harness = try await DispatcherHarness()
        let jobs = (1...64).map { index in
            var job = harness.smallRemoteJob(index)
            job.prompt = "a mug on teal"
            job.references = [ReferenceImage(link: "mug.png", location: "https://refs.test/mug.png")]
            return job
        }
        let dispatcher = harness.dispatcher(concurrency: 8, requestsPerMinute: 3000)
        let report = try await dispatcher.run(jobs, runID: try harness.store.beginRun(specName: "test"))
        let wait = try await harness.averageFinishToRead()
        await harness.close()
        #expect(report.stored == jobs.count && report.isComplete)
        #expect(wait < 0.5, "a finished task waited \(wait) s on average for its read")
    }
}
