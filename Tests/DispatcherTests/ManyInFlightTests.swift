import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import Foundation
import ImageService
import JobStore
import Testing

/// Two thousand tasks in flight at once, driven by the one poller: every job is stored and paid
/// for once, and tasks are read on their schedule (a few reads each), not once per tick each.
struct ManyInFlightTests {
    @Test func twoThousandTasksInFlightAreStoredOnceWithBoundedReads() async throws {
        let harness = try await DispatcherHarness(simulator: SimulatorConfiguration(maxConcurrentTasks: 2_000))
        // One prompt and one reference for all: the simulator draws one image (drawing 2,000 in a
        // debug build took minutes), and the test is about reading tasks, not drawing them.
        let jobs = (1...2_000).map { index in
            var job = harness.smallRemoteJob(index)
            job.prompt = "a small product on teal"
            job.references = [ReferenceImage(link: "p.png", location: "https://refs.test/p.png")]
            job.fingerprint = JobFingerprint(settings: job.settings, prompt: job.prompt, references: job.references)
            return job
        }
        let dispatcher = harness.dispatcher(concurrency: 2_000, requestsPerMinute: 600_000)

        let report = try await dispatcher.run(jobs, runID: try harness.store.beginRun(specName: "many"))

        #expect(report.stored == 2_000 && report.failed.isEmpty && report.unfinished.isEmpty)
        #expect(try harness.store.stateCounts() == [.stored: 2_000])
        let counters = await harness.simulator.state.counters()
        #expect(counters.submissions == 2_000 && counters.maxPaidPerKey == 1)
        // A task takes at most 13 simulated seconds (10 ± 30%); read every 3 s from its
        // submission, it is seen done by its fifth read at the latest (on the manual clock, no
        // read comes late) on the schedule alone.
        let schedule = PollSchedule.evoLink
        let mostReads = schedule.reads(forTaskTaking: .seconds(13)).count
        #expect(mostReads == 5)
        #expect(report.polls >= 2_000, "every task was read at least once")
        // Turns to spare and every slot taken: once tasks have finished, the others are read at
        // the roomy pace near their end (`RoomyReadsTests`), a read or two more for some.
        #expect(report.polls <= 2_000 * (mostReads + 1), "\(report.polls) reads for 2,000 tasks")
        await harness.close()
    }
}
