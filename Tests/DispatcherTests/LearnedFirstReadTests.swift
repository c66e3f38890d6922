import CatalogModel
import Dispatcher
import EvoLinkSimulator
import JobStore
import Testing

/// The learned first read against the simulator: once tasks of a kind have finished, later
/// ones are read about once, where the fixed schedule reads each several times.
@Suite(.serialized)
struct LearnedFirstReadTests {
    /// Tasks of 500 ms ± 30% (10 simulated seconds at 1/20), the schedule reading every 150 ms:
    /// long enough that a loaded machine answering late does not blur the difference.
    private let timeScale = 0.05

    @Test func laterTasksAreReadAboutOnceAndAllAreStored() async throws {
        // The schedule alone reads these tasks about 3.8 times each (measured with
        // `firstReadTarget = nil`); learning, about 1.8, the first 16 tasks included, which are
        // read on the schedule. A machine so loaded that reads go out hundreds of milliseconds
        // late finds tasks done sooner either way, which can only lower the count.
        let learned = try await readsPerJob(firstReadTarget: 0.75)
        #expect(learned < 2.4, "learned first reads: \(learned) reads per job")
    }

    private func readsPerJob(firstReadTarget: Double?) async throws -> Double {
        let harness = try await DispatcherHarness(simulator: SimulatorConfiguration(timeScale: timeScale))
        var configuration = DispatchConfiguration(concurrency: 16, requestsPerMinute: 60_000)
        configuration.pollSchedule = PollSchedule.evoLink.scaled(by: timeScale)
        configuration = configuration.scaledRetries(by: timeScale)
        configuration.firstReadTarget = firstReadTarget
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
