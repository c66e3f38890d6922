import CatalogModel
import CatalogTestSupport
import Dispatcher
import JobStore
import Synchronization
import Testing

/// Money is reserved only for submissions about to be sent: the jobs waiting for a slot with
/// their key committed never outnumber the slots. On main up to 64 waited (with concurrency 4,
/// `status` said "submitting 26" and reserved money for them while one task ran; this test saw
/// 36).
struct SubmittingBoundTests {
    @Test func jobsSubmittingNeverOutnumberTheSlots() async throws {
        let harness = try await DispatcherHarness()
        let concurrency = 4
        let dispatcher = harness.dispatcher(concurrency: concurrency)
        let jobs = (0..<40).map(harness.smallRemoteJob)
        let store = harness.store
        let runID = try store.beginRun(specName: "prepared-ahead")
        let worst = Mutex((submitting: 0, readings: 0))
        let report = try await dispatcher.run(jobs, runID: runID) { event in
            guard case .submitted = event, let snapshot = try? store.progress(runID: runID) else { return }
            worst.withLock {
                $0.submitting = max($0.submitting, snapshot.submitting)
                $0.readings += 1
            }
        }
        await harness.close()
        #expect(report.stored == 40)
        let seen = worst.withLock { $0 }
        #expect(seen.readings == 40)
        // At most `concurrency` prepared for the next slots, plus the POSTs out for the slots.
        #expect(seen.submitting <= 2 * concurrency, "\(seen)")
        let final = try store.progress(runID: runID)
        #expect(final.stored == 40 && final.done == 40 && final.inFlight == 0 && final.submitting == 0)
        #expect(final.spend.unsettledCount == 0 && final.spend.settledCount == 40)
    }
}
