import CatalogModel
import JobStore
import Testing

/// The one reading of a run's progress that `status` and the live line both print.
struct RunProgressSnapshotTests {
    @Test func countsEachStateOnceAndSaysWhatIsLeft() {
        let snapshot = RunProgressSnapshot(
            counts: [.planned: 3, .submitting: 1, .submitted: 4, .completed: 1, .stored: 7, .failed: 2, .skipped: 1],
            spend: RunSpend(settledCount: 9, charged: Money(usd: 0.09), unsettledCount: 6, reserved: Money(usd: 0.06)),
            storedLastMinute: 3)
        #expect(snapshot.total == 19 && snapshot.done == 10)
        #expect(
            snapshot.line
                == "10/19 done · 4 in flight · 1 submitting · 1 downloading · 7 stored · 2 failed · "
                + "$0.0900 charged, $0.0600 reserved · "
                + "pace: 3 stored in the last minute; 9 jobs to go, about 3 min at this pace")
    }

    @Test func aRunWithNothingSentSpendsNothing() {
        let snapshot = RunProgressSnapshot(counts: [.planned: 2], spend: RunSpend(), storedLastMinute: 0)
        #expect(
            snapshot.line
                == "0/2 done · 0 in flight · 0 submitting · 0 stored · 0 failed · $0 spent · "
                + "pace: none stored in the last minute; 2 jobs to go")
    }
}
