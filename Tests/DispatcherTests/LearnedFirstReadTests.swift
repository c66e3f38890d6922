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
    /// Tasks of 500 ms ± 30% (10 simulated seconds at 1/20), the schedule reading every 150 ms:
    /// long enough that a loaded machine answering late does not blur the difference.
    private let timeScale = 0.05

    /// Submissions wait for request turns (3,000 a minute, 64 slots): first reads wait until
    /// about three in four tasks of the kind are done.
    @Test func aRateBoundRunReadsLaterTasksAboutOnce() async throws {
        // The schedule alone reads these tasks about 3.8 times each (measured with
        // `firstReadTargets = nil`); here 1.6–1.9 (measured on two cores), the tasks read
        // before any finished and the run's tail, where slots are free and reads aim early,
        // included. In the full suite on two cores, with the test taking 90 s instead of 5 s,
        // 2.44 was seen: a late learned read lands on a task the simulator's (real-time) clock
        // has not yet finished. The bound stays well below the schedule's 3.8; issue #22's test
        // clock is what makes this exact.
        // Against its peer in the same test: the fixed schedule on the same tasks, under the same
        // load, so a busy machine slows both instead of failing an absolute bound.
        let reads = try await readsPerJob(concurrency: 64, requestsPerMinute: 3000)
        let fixed = try await readsPerJob(concurrency: 64, requestsPerMinute: 3000, learned: false)
        #expect(reads < 2.9 || reads < fixed * 0.8, "\(reads) reads per job, \(fixed) on the fixed schedule")
    }

    /// Submissions wait for a slot (8 of them, turns to spare): the first read comes when only
    /// the fastest tasks are done, so finished ones free their slots soon, and the reads the
    /// schedule would make before then are still saved (about 2.2 per job here).
    @Test func aSlotBoundRunStillSavesTheEarlyReads() async throws {
        let reads = try await readsPerJob(concurrency: 8, requestsPerMinute: 60_000)
        #expect(reads < 3, "\(reads) reads per job")
    }

    @Test func theAimFollowsWhatHoldsTheRunBack() {
        #expect(FirstReadPolicy.Aim.choose(jobsWaiting: true, slotFree: true) == .saveReads)
        #expect(FirstReadPolicy.Aim.choose(jobsWaiting: true, slotFree: false) == .noticeSoon)
        #expect(FirstReadPolicy.Aim.choose(jobsWaiting: false, slotFree: true) == .noticeSoon)
        #expect(FirstReadPolicy.Aim.choose(jobsWaiting: false, slotFree: false) == .noticeSoon)
    }

    private func readsPerJob(concurrency: Int, requestsPerMinute: Int, learned: Bool = true) async throws -> Double {
        let harness = try await DispatcherHarness(simulator: SimulatorConfiguration(timeScale: timeScale))
        var configuration = DispatchConfiguration(concurrency: concurrency, requestsPerMinute: requestsPerMinute)
        configuration.pollSchedule = PollSchedule.evoLink.scaled(by: timeScale)
        configuration = configuration.scaledRetries(by: timeScale)
        // A loaded machine answers late: the run must still finish, not give tasks up.
        configuration.pollSchedule.maxWait = .seconds(600)
        if !learned { configuration.firstReadTargets = nil }
        // One prompt and one reference: the simulator draws the image once (drawing would
        // otherwise take longer than the tasks).
        let jobs = (1...96).map { index in
            var job = harness.smallRemoteJob(index)
            job.prompt = "a mug on teal"
            job.references = [ReferenceImage(link: "mug.png", location: "https://refs.test/mug.png")]
            return job
        }
        let dispatcher = Dispatcher(
            service: harness.client, store: harness.store, storage: harness.storage, configuration: configuration)
        let report = try await dispatcher.run(jobs, runID: try harness.store.beginRun(specName: "test"))
        await harness.close()
        #expect(report.stored == jobs.count && report.isComplete)
        return Double(report.polls) / Double(report.submissions)
    }
}
