import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// Many jobs' transitions in one transaction: each applies or fails on its own, in order.
struct GroupCommitTests {
    let directory: TemporaryDirectory
    let store: JobStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try JobStore(path: directory.url("state.sqlite").path)
    }

    @Test func everyTransitionOfAGroupIsCommittedTogether() throws {
        let jobs = (1...20).map { sampleJob("P\($0)") }
        try store.register(jobs, runID: try store.beginRun(specName: "group"))
        let results = try store.commit(
            jobs.map {
                .submitting($0.key, idempotencyKey: "cr-\($0.key.productID)", imageURLs: ["https://r.test/a.png"])
            }
        )
        #expect(results.count == 20)
        #expect(results.allSatisfy { (try? $0.get()) != nil })
        let reopened = try JobStore(path: store.path)
        for job in jobs {
            let record = try #require(try reopened.job(job.key))
            #expect(record.state == .submitting)
            #expect(record.idempotencyKey == "cr-\(job.key.productID)")
            #expect(record.submittedImageURLs == ["https://r.test/a.png"])
        }
    }

    @Test func aTransitionThatCannotApplyFailsAloneAndTheRestCommit() throws {
        let (a, b, planned) = (sampleJob("A"), sampleJob("B"), sampleJob("C"))
        try store.register([a, b, planned], runID: try store.beginRun(specName: "group"))
        try store.markSubmitting(a.key, idempotencyKey: "cr-a")
        try store.markSubmitting(b.key, idempotencyKey: "cr-b")
        try store.markSubmitted(b.key, taskID: "task-unified-1-b")
        let ghost = JobKey(productID: "never-registered", variantID: "background=marble")
        let results = try store.commit([
            .submitted(a.key, taskID: "task-unified-1-a"),
            .failed(ghost, reason: "x", retryable: false),
            .completed(b.key, resultURLs: ["https://r.test/b.png"]),
            // The schema's own rule: no job is in flight without its idempotency key.
            .completed(planned.key, resultURLs: ["https://r.test/c.png"]),
        ])
        #expect((try? results[0].get()) != nil)
        #expect((try? results[1].get()) == nil)
        #expect((try? results[2].get()) != nil)
        #expect((try? results[3].get()) == nil)
        #expect(try store.job(a.key)?.taskID == "task-unified-1-a")
        #expect(try store.job(b.key)?.state == .completed)
        #expect(try store.job(planned.key)?.state == .planned)
        #expect(try store.job(ghost) == nil)
    }

    /// A stored transition records the output and the job's provenance with the state, in the
    /// same savepoint: a failure leaves neither.
    @Test func aStoredTransitionWritesOutputAndStateOrNeither() throws {
        let job = sampleJob("S")
        try store.register([job], runID: try store.beginRun(specName: "group"))
        let output = OutputRecord(
            path: "images/S/background=marble.png", sha256: String(repeating: "cd", count: 32), format: "png",
            width: 64, height: 64, bytes: 10, taskID: "task-unified-1-s", fingerprint: job.fingerprint.hex)
        var stranger = sampleJob("T")
        stranger.prompt = "not registered"
        let results = try store.commit([.stored(stranger, output), .stored(job, output)])
        #expect((try? results[0].get()) == nil)
        #expect(try store.storedFingerprint(for: stranger.key) == nil, "no output row for a job that is not there")
        #expect((try? results[1].get()) != nil)
        #expect(try store.storedJob(for: job.key) == job)
        #expect(try store.job(job.key)?.state == .stored)
    }
}
