import CatalogModel
import EvoLinkSimulator
import ImageService
import JobStore
import Testing

@testable import Dispatcher

/// The learned first read against the simulator: once tasks of a kind have finished, later
/// ones are read about once, where the fixed schedule reads each several times.
@Suite(.serialized)
struct LearnedFirstReadTests {
    /// Submissions wait for request turns (150 a minute, 64 slots, tasks of 10 s): first reads
    /// wait until about three in four tasks of the kind are done.
    @Test func aRateBoundRunReadsLaterTasksAboutOnce() async throws {
        // On the harness's manual clock every read happens at its scheduled instant, however
        // loaded the machine, and the harness seeds the simulator's task durations; only the
        // order in which concurrent submissions reach the simulator (which task gets which
        // duration) moves the figures a little. The tasks read before any finished and the
        // run's tail, where slots are free and reads aim early, are counted too.
        let reads = try await readsPerJob(concurrency: 64, requestsPerMinute: 150)
        let fixed = try await readsPerJob(concurrency: 64, requestsPerMinute: 150, learned: false)
        #expect(reads < 2.2 && reads < fixed * 0.85, "\(reads) reads per job, \(fixed) on the fixed schedule")
    }

    /// Submissions wait for a slot (8 of them, turns to spare): the first read comes when only
    /// the fastest tasks are done, and the reads the schedule would make before then are saved;
    /// from there the task is read four times as often as the schedule would (`RoomyReadsTests`),
    /// so a job costs about what the fixed schedule costs, spent where tasks finish: compared
    /// with the fixed schedule on the same run.
    @Test func aSlotBoundRunSpendsAboutTheScheduledReadsWhereTasksFinish() async throws {
        let reads = try await readsPerJob(concurrency: 8, requestsPerMinute: 3000)
        let fixed = try await readsPerJob(concurrency: 8, requestsPerMinute: 3000, learned: false)
        #expect(reads < fixed * 1.4, "\(reads) reads per job, \(fixed) on the fixed schedule")
    }

    @Test func theAimFollowsWhatHoldsTheRunBack() {
        #expect(FirstReadPolicy.Aim.choose(jobsWaiting: true, slotFree: true) == .saveReads)
        #expect(FirstReadPolicy.Aim.choose(jobsWaiting: true, slotFree: false) == .noticeSoon)
        #expect(FirstReadPolicy.Aim.choose(jobsWaiting: false, slotFree: true) == .noticeSoon)
        #expect(FirstReadPolicy.Aim.choose(jobsWaiting: false, slotFree: false) == .noticeSoon)
    }

    private func readsPerJob(concurrency: Int, requestsPerMinute: Int, learned: Bool = true) async throws -> Double {
        // Tasks of 10 s ± 30% on the manual clock, the schedule reading every 3 s.
        let harness = try await DispatcherHarness()
        // One prompt and one reference: the simulator draws the image once (drawing would
        // otherwise take longer than the tasks).
        let jobs = (1...96).map { index in
            var job = harness.smallRemoteJob(index)
            job.prompt = "a mug on teal"
            job.references = [ReferenceImage(link: "mug.png", location: "https://refs.test/mug.png")]
            return job
        }
        let dispatcher = harness.dispatcher(concurrency: concurrency, requestsPerMinute: requestsPerMinute) {
            if !learned { $0.firstReadTargets = nil }
        }
        let report = try await dispatcher.run(jobs, runID: try harness.store.beginRun(specName: "test"))
        await harness.close()
        #expect(report.stored == jobs.count && report.isComplete)
        return Double(report.polls) / Double(report.submissions)
    }
}
