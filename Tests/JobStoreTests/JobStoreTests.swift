import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

func sampleJob(_ id: String = "A", prompt: String = "a mug on marble") -> Job {
    Job(
        key: JobKey(productID: id, variantID: "background=marble"), productTitle: "Mug \(id)",
        variant: Variant(options: [VariantOption(axis: "background", id: "marble", fields: ["text": "on marble"])]),
        prompt: prompt, references: [ReferenceImage(link: "a.png", location: "/f/a.png")], settings: ImageSettings(),
        estimatedCost: Money(usd: 0.05))
}

struct JobStoreTests {
    let directory: TemporaryDirectory
    let store: JobStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try JobStore(path: directory.url("state.sqlite").path)
    }

    func output(for job: Job) -> OutputRecord {
        OutputRecord(
            path: "images/a.png", sha256: String(repeating: "ab", count: 32), format: "png", width: 1024, height: 1024,
            bytes: 1234, taskID: "task-unified-1-abc", fingerprint: job.fingerprint.hex)
    }

    @Test func aJobWalksItsStateMachineAndEveryStepIsPersisted() throws {
        let job = sampleJob()
        let run = try store.beginRun(specName: "demo")
        #expect(try store.register(job, runID: run).state == .planned)
        try store.markSubmitting(job.key, idempotencyKey: "cr-0123456789abcdef")
        #expect(try store.job(job.key)?.state == .submitting)
        try store.markSubmitted(job.key, taskID: "task-unified-1-abc")
        try store.markCompleted(job.key, resultURLs: ["http://x/r.png"])
        #expect(try store.job(job.key)?.resultURLs == ["http://x/r.png"])
        #expect(try store.storedFingerprint(for: job.key) == nil)
        try store.markStored(job.key, output: output(for: job))
        let record = try #require(try store.job(job.key))
        #expect(record.state == .stored)
        #expect(record.job == job)
        #expect(record.idempotencyKey == "cr-0123456789abcdef")
        #expect(try store.storedFingerprint(for: job.key) == job.fingerprint)
        let stored = try store.storedItems(for: [job.key]).map(\.output)
        #expect(
            stored.map {
                var output = $0; output.storedAt = nil; return output
            } == [output(for: job)])
        #expect(stored.first?.storedAt.map { abs($0.timeIntervalSinceNow) < 600 } == true)
        #expect(try store.stateCounts() == [.stored: 1])
    }

    @Test func stateSurvivesReopeningTheDatabase() throws {
        let job = sampleJob()
        try store.register(job, runID: try store.beginRun(specName: "demo"))
        try store.markSubmitting(job.key, idempotencyKey: "cr-0123456789abcdef")
        let reopened = try JobStore(path: store.path)
        #expect(try reopened.job(job.key)?.idempotencyKey == "cr-0123456789abcdef")
    }

    @Test func aJobInFlightWithTheSameFingerprintIsResumedNotRestarted() throws {
        let job = sampleJob()
        try store.register(job, runID: try store.beginRun(specName: "demo"))
        try store.markSubmitting(job.key, idempotencyKey: "cr-0123456789abcdef")
        try store.markSubmitted(job.key, taskID: "task-unified-1-abc")
        let resumed = try store.register(job, runID: try store.beginRun(specName: "demo"))
        #expect(resumed.state == .submitted)
        #expect(resumed.taskID == "task-unified-1-abc")
        #expect(resumed.idempotencyKey == "cr-0123456789abcdef")
    }

    @Test func aWholePlanRegistersAtOnceAndItsJobsInFlightStayInFlight() throws {
        let inFlight = sampleJob("A")
        try store.register(inFlight, runID: try store.beginRun(specName: "demo"))
        try store.markSubmitting(inFlight.key, idempotencyKey: "cr-0123456789abcdef")
        try store.markSubmitted(inFlight.key, taskID: "task-unified-1-abc")
        let records = try store.register(
            [inFlight, sampleJob("B"), sampleJob("C")], runID: try store.beginRun(specName: "demo"))
        #expect(records.map(\.state) == [.submitted, .planned, .planned])
        #expect(try store.stateCounts() == [.submitted: 1, .planned: 2])
    }

    @Test func aChangedJobStartsOverWithNoKeyOrTask() throws {
        let job = sampleJob()
        try store.register(job, runID: try store.beginRun(specName: "demo"))
        try store.markSubmitting(job.key, idempotencyKey: "cr-0123456789abcdef")
        let changed = try store.register(
            sampleJob(prompt: "a mug on teal"), runID: try store.beginRun(specName: "demo"))
        #expect(changed.state == .planned)
        #expect(try store.job(job.key)?.idempotencyKey == nil)
        #expect(try store.job(job.key)?.job.prompt == "a mug on teal")
    }

    @Test func storedItemsKeepTheProvenanceOfTheImageNotOfTheChangedJob() throws {
        let job = sampleJob()
        try store.register(job, runID: try store.beginRun(specName: "demo"))
        try store.markSubmitting(job.key, idempotencyKey: "cr-0123456789abcdef", imageURLs: ["http://files/a.png"])
        #expect(try store.job(job.key)?.submittedImageURLs == ["http://files/a.png"])
        try store.markSubmitted(job.key, taskID: "task-unified-1-abc")
        try store.markCompleted(job.key, resultURLs: ["http://x/r.png"])
        try store.markStored(job.key, output: output(for: job))
        let changed = sampleJob(prompt: "a mug on teal")
        #expect(try store.inFlightRecord(replacedBy: changed) == nil, "a stored job is not in flight")
        try store.register(changed, runID: try store.beginRun(specName: "demo"))
        let item = try #require(try store.storedItems(for: [job.key]).first)
        #expect(item.record.job.prompt == "a mug on marble")
        #expect(item.record.job.fingerprint.hex == item.output.fingerprint)
    }

    @Test func theSchemaRefusesImpossibleStates() throws {
        let job = sampleJob()
        try store.register(job, runID: try store.beginRun(specName: "demo"))
        // submitted without a task id, and one idempotency key on two jobs, both violate constraints.
        try store.markSubmitting(job.key, idempotencyKey: "cr-0123456789abcdef")
        #expect(throws: SQLiteError.self) { try store.markCompleted(job.key, resultURLs: []) }
        let other = sampleJob("B")
        try store.register(other, runID: 1)
        #expect(throws: SQLiteError.self) { try store.markSubmitting(other.key, idempotencyKey: "cr-0123456789abcdef") }
    }

    @Test func updatingAnUnknownJobIsAnError() {
        #expect(throws: SQLiteError.self) {
            try store.markFailed(JobKey(productID: "nope", variantID: "x"), reason: "r", retryable: false)
        }
    }

    @Test func uploadsAreReusedOnlyWhileValidOnTheirFilesOriginWithTheirKey() throws {
        let now = Date()
        let server = ServerIdentity(
            apiOrigin: "https://api.test", filesOrigin: "https://files.test", keyIdentity: "sha256:aa")
        try store.recordUpload(
            contentSHA256: "abc", server: server, fileURL: "http://files/1", expiresAt: now.addingTimeInterval(7200))
        #expect(
            try store.cachedUpload(contentSHA256: "abc", server: server, validAfter: now.addingTimeInterval(3600))
                == "http://files/1")
        #expect(
            try store.cachedUpload(contentSHA256: "abc", server: server, validAfter: now.addingTimeInterval(7201))
                == nil)
        #expect(try store.cachedUpload(contentSHA256: "other", server: server, validAfter: now) == nil)
        var otherFiles = server
        otherFiles.filesOrigin = "http://127.0.0.1:8080"
        #expect(try store.cachedUpload(contentSHA256: "abc", server: otherFiles, validAfter: now) == nil)
        var otherKey = server
        otherKey.keyIdentity = "sha256:bb"
        #expect(try store.cachedUpload(contentSHA256: "abc", server: otherKey, validAfter: now) == nil)
        var otherAPI = server
        otherAPI.apiOrigin = "https://elsewhere.test"
        #expect(try store.cachedUpload(contentSHA256: "abc", server: otherAPI, validAfter: now) == "http://files/1")
    }

    @Test func errorsNameTheStatementButNeverTheBoundValues() throws {
        let job = sampleJob()
        try store.register(job, runID: try store.beginRun(specName: "demo"))
        try store.markSubmitting(job.key, idempotencyKey: "cr-secret-value-0001")
        let other = sampleJob("B")
        try store.register(other, runID: 1)
        let error = #expect(throws: SQLiteError.self) {
            try store.markSubmitting(other.key, idempotencyKey: "cr-secret-value-0001")
        }
        #expect(error?.description.contains("UPDATE jobs SET") == true)
        #expect(error?.description.contains("cr-secret-value-0001") == false)
    }
}
