import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import JobStore
import Testing

/// A run that stops with jobs prepared for a slot (key committed, estimate reserved) but never
/// sent returns them to planned. On main they stayed `submitting`: the next run sent them, and
/// one that talked to another server (every offline run does) took them for lost tasks that
/// "may have been charged".
struct UnsentOnStopTests {
    @Test func jobsPreparedButNeverSentArePlannedAgain() async throws {
        // Tasks of seconds: no slot frees between the second acceptance and the stop.
        let harness = try await DispatcherHarness(simulator: SimulatorConfiguration(timeScale: 0.05))
        let jobs = (0..<8).map(harness.smallRemoteJob)
        let dispatcher = harness.dispatcher(concurrency: 2)
        let runID = try harness.store.beginRun(specName: "stop")
        let (accepted, acceptance) = AsyncStream<Void>.makeStream()
        let run = Task {
            try await dispatcher.run(jobs, runID: runID) { event in
                if case .submitted = event { acceptance.yield() }
            }
        }
        var seen = 0
        for await _ in accepted {
            seen += 1
            if seen == 2 { break }
        }
        run.cancel()
        let report = try await run.value
        await harness.close()
        #expect(report.interrupted)
        let counts = try harness.store.stateCounts(runID: runID)
        #expect(counts[.submitted] == 2, "\(counts)")
        #expect(counts[.submitting] == nil, "\(counts)")
        #expect(counts[.planned] == 6, "\(counts)")
        for job in jobs {
            let record = try #require(try harness.store.job(job.key))
            #expect((record.state == .planned) == (record.idempotencyKey == nil), "\(record.state)")
        }
        let spend = try harness.store.spend(runID: runID)
        #expect(spend.unsettledCount == 2 && spend.settledCount == 0, "\(spend)")
    }
}
