import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import JobStore
import Synchronization
import Testing

/// A run that stops with jobs prepared for a slot (key committed, estimate reserved) but never
/// sent returns them to planned. On main they stayed `submitting`: the next run sent them, and
/// one that talked to another server (every offline run does) took them for lost tasks that
/// "may have been charged".
struct UnsentOnStopTests {
    @Test func jobsPreparedButNeverSentArePlannedAgain() async throws {
        // Tasks of 7 s and more on the manual clock: no slot frees between the second acceptance
        // and the stop, which comes as soon as the dispatch waits on the clock after it.
        let harness = try await DispatcherHarness()
        let jobs = (0..<8).map(harness.smallRemoteJob)
        let dispatcher = harness.dispatcher(concurrency: 2)
        let runID = try harness.store.beginRun(specName: "stop")
        let accepted = Mutex(0)
        let run = dispatcher.start(jobs, runID: runID) { event in
            if case .submitted = event { accepted.withLock { $0 += 1 } }
        }
        try await harness.time.advance(until: { accepted.withLock { $0 } >= 2 })
        #expect(accepted.withLock { $0 } == 2)
        run.task.cancel()
        let report = try await harness.time.finish(run)
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
