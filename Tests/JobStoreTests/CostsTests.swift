import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

@testable import JobStore

/// The money on record: each submission's estimate reserved with its key before the POST, and
/// settled by what the API charged.
struct CostsTests {
    let directory: TemporaryDirectory
    let store: JobStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try JobStore(path: directory.url("state.sqlite").path)
    }

    private func commit(_ transition: JobTransition) throws {
        try store.commit([transition])[0].get()
    }

    @Test func aSubmissionIsReservedBeforeItsPOSTAndSettledByTheCharge() throws {
        let run = try store.beginRun(specName: "demo")
        let (paid, running, refused, unsent) = (sampleJob("A"), sampleJob("B"), sampleJob("C"), sampleJob("D"))
        try store.register([paid, running, refused, unsent], runID: run)
        #expect(try store.spend(runID: run) == RunSpend(), "planning spends nothing")
        try store.markSubmitting(paid.key, idempotencyKey: "cr-a")
        #expect(try store.spend(runID: run) == RunSpend(unsettledCount: 1, reserved: Money(usd: 0.05)))
        try store.markSubmitted(paid.key, taskID: "task-unified-1-a")
        try commit(.completed(paid.key, resultURLs: ["http://x/a.png"], charge: Money(usd: 0.04)))
        try store.markSubmitting(running.key, idempotencyKey: "cr-b")
        try store.markSubmitted(running.key, taskID: "task-unified-1-b")
        try store.markSubmitting(refused.key, idempotencyKey: "cr-c")
        try commit(.failed(refused.key, reason: "invalid_request: no", retryable: false, charge: .zero))
        // A failure before any submission has no cost.
        try store.markFailed(unsent.key, reason: "reference_unreadable: gone", retryable: false)
        #expect(
            try store.spend(runID: run)
                == RunSpend(settledCount: 2, charged: Money(usd: 0.04), unsettledCount: 1, reserved: Money(usd: 0.05)))

        // The next run resumes the running task: its money stays with the run that reserved it.
        let next = try store.beginRun(specName: "demo")
        try store.register(running, runID: next)
        try commit(.completed(running.key, resultURLs: ["http://x/b.png"], charge: Money(usd: 0.06)))
        #expect(try store.spend(runID: run) == RunSpend(settledCount: 3, charged: Money(usd: 0.10)))
        #expect(try store.spend(runID: next) == RunSpend())
        // A changed job is submitted again under a new key: the new run's money, the old run's kept.
        try store.register(sampleJob("A", prompt: "a mug on teal"), runID: next)
        try store.markSubmitting(paid.key, idempotencyKey: "cr-a2")
        #expect(try store.spend(runID: next) == RunSpend(unsettledCount: 1, reserved: Money(usd: 0.05)))
        #expect(try store.spend(runID: run).charged == Money(usd: 0.10))
    }

    /// The task and the settlement of the row under `idempotencyKey`, read as the store holds them.
    private func row(_ idempotencyKey: String) throws -> (taskID: String?, settledMicros: Int64?)? {
        try store.withConnection { db in
            try db.statement("SELECT task_id, settled_micros FROM costs WHERE idempotency_key = ?")
                .query([.text(idempotencyKey)]) { ($0.text(0), $0.int(1)) }.first
        }
    }

    @Test func aSubmissionStillUnansweredIsTheMoneyOfTheRunThatTakesItOver() throws {
        let run = try store.beginRun(specName: "demo")
        let job = sampleJob()
        try store.register(job, runID: run)
        try store.markSubmitting(job.key, idempotencyKey: "cr-a")
        #expect(try store.spend(runID: run) == RunSpend(unsettledCount: 1, reserved: Money(usd: 0.05)))
        // Killed before the answer: the next run takes it over, to send the same key again.
        let next = try store.beginRun(specName: "demo")
        #expect(try store.register(job, runID: next).idempotencyKey == "cr-a")
        #expect(try store.spend(runID: run) == RunSpend())
        #expect(try store.spend(runID: next) == RunSpend(unsettledCount: 1, reserved: Money(usd: 0.05)))
        try store.markSubmitted(job.key, taskID: "task-unified-1-a")
        // An answer with no charge in it leaves the estimate standing, and records the task.
        try store.markCompleted(job.key, resultURLs: ["http://x/a.png"])
        #expect(try row("cr-a")?.taskID == "task-unified-1-a")
        #expect(try row("cr-a")?.settledMicros == nil)
        #expect(try store.spend(runID: run) == RunSpend())
        #expect(try store.spend(runID: next) == RunSpend(unsettledCount: 1, reserved: Money(usd: 0.05)))
        // A settlement stands: another for the same key changes nothing.
        try commit(.completed(job.key, resultURLs: ["http://x/a.png"], charge: Money(usd: 0.03)))
        try commit(.completed(job.key, resultURLs: ["http://x/a.png"], charge: Money(usd: 0.07)))
        try store.markCompleted(job.key, resultURLs: ["http://x/a.png"])
        #expect(try store.spend(runID: next) == RunSpend(settledCount: 1, charged: Money(usd: 0.03)))
        #expect(try row("cr-a")?.taskID == "task-unified-1-a")
    }

    @Test func aTaskAbandonedForANewVersionOfItsJobStaysOnRecordWithItsMoney() throws {
        let run = try store.beginRun(specName: "demo")
        let (changed, refused) = (sampleJob("A"), sampleJob("B"))
        try store.register([changed, refused], runID: run)
        try store.markSubmitting(changed.key, idempotencyKey: "cr-a")
        try store.markSubmitted(changed.key, taskID: "task-unified-1-a")
        try store.markSubmitting(refused.key, idempotencyKey: "cr-b")
        try store.markSubmitted(refused.key, taskID: "task-unified-1-b")
        try commit(.failed(refused.key, reason: "content_policy: no", retryable: false, charge: .zero))
        #expect(try row("cr-b")?.taskID == "task-unified-1-b")
        #expect(try row("cr-b")?.settledMicros == 0)
        // The product changed while its task ran: the new version starts over, and the task it
        // abandons (maybe charged) is still the first run's, under its id.
        let next = try store.beginRun(specName: "demo")
        try store.register(sampleJob("A", prompt: "a mug on teal"), runID: next)
        #expect(try store.job(changed.key)?.taskID == nil)
        #expect(try row("cr-a")?.taskID == "task-unified-1-a")
        #expect(
            try store.spend(runID: run)
                == RunSpend(settledCount: 1, unsettledCount: 1, reserved: Money(usd: 0.05)))
        #expect(try store.spend(runID: next) == RunSpend())
    }

    @Test func aJobSkippedAfterItsKeyWasCommittedSpentNothing() throws {
        let run = try store.beginRun(specName: "demo")
        let job = sampleJob()
        try store.register(job, runID: run)
        try store.markSubmitting(job.key, idempotencyKey: "cr-a")
        try store.markSkipped(job.key, reason: "account: out of credit")
        #expect(try store.spend(runID: run) == RunSpend(settledCount: 1))
        #expect(try store.spend(runID: run).total == .zero)
    }

    @Test func theSpendLineKeepsChargesApartFromEstimates() {
        #expect(RunSpend().line(runID: 3) == "spend: nothing submitted in run #3")
        #expect(
            RunSpend(settledCount: 1, charged: Money(usd: 0.04)).line(runID: 3)
                == "spend: $0.0400 in run #3: $0.0400 charged for 1 submission the API settled")
        #expect(
            RunSpend(settledCount: 2, charged: Money(usd: 0.04), unsettledCount: 3, reserved: Money(usd: 0.15))
                .line(runID: 7)
                == "spend: $0.1900 in run #7: $0.0400 charged for 2 submissions the API settled, "
                + "$0.1500 reserved (estimated) for 3 submissions not settled")
    }
}
