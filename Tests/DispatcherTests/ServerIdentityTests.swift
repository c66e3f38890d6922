import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import Foundation
import ImageService
import JobStore
import Testing

/// Uploads and tasks belong to the server (files API origin, API origin, key identity) that
/// accepted them: a run talking to another server uploads again and never resumes, polls or
/// replays the other's tasks.
@Suite(.serialized)
struct ServerIdentityTests {
    func client(_ simulator: RunningSimulator, key: String, _ harness: DispatcherHarness) -> EvoLinkClient {
        EvoLinkClient.make(
            configuration: DispatcherHarness.endpoint(simulator), apiKey: APIKey(key), transport: harness.network)
    }

    @Test func uploadsAreReusedOnlyOnTheSameFilesOriginWithTheSameKey() async throws {
        let harness = try await DispatcherHarness()
        let second = try await harness.startSimulator()
        let jobs = (1...2).map { harness.job("P\($0)") }
        func run(_ service: EvoLinkClient) async throws -> RunReport {
            try await harness.dispatcher(service: service).run(
                jobs, runID: try harness.store.beginRun(specName: "test"))
        }
        #expect(try await run(harness.client).stored == 2)
        #expect(try await run(harness.client).stored == 2, "the same server and key")
        #expect(await harness.simulator.state.counters().uploads == 1, "reused across runs on the same server")

        #expect(try await run(client(harness.simulator, key: "sk-another-key", harness)).stored == 2)
        #expect(await harness.simulator.state.counters().uploads == 2, "another key uploads its own")

        let report = try await run(client(second, key: TestServer.apiKey, harness))
        #expect(report.stored == 2 && report.failed.isEmpty, "\(report.failed)")
        #expect(await second.state.counters().uploads == 1, "another server gets the reference uploaded")
        for job in jobs {
            let record = try #require(try harness.store.job(job.key))
            #expect(record.submittedImageURLs?.allSatisfy { $0.hasPrefix(second.baseURL + "/files/") } == true)
            #expect(record.submissionServer?.apiOrigin == second.baseURL)
            #expect(record.submissionServer?.keyIdentity.hasPrefix("sha256:") == true)
        }
        // Never the key itself: not in any byte of the store, its write-ahead log included.
        for file in ["state.sqlite", "state.sqlite-wal"] {
            let bytes = (try? Data(contentsOf: harness.directory.url(file))) ?? Data()
            for key in [TestServer.apiKey, "sk-another-key"] {
                #expect(bytes.range(of: Data(key.utf8)) == nil, "\(key) in \(file)")
            }
        }
        await second.stop()
        await harness.close()
    }

    @Test(arguments: [JobState.submitting, .submitted])
    func aJobInFlightAtAnotherServerFailsAsLostAndIsNeitherPolledNorReplayed(state: JobState) async throws {
        let harness = try await DispatcherHarness()
        let job = harness.smallRemoteJob(1)
        let first = try harness.store.beginRun(specName: "test")
        try harness.store.register(job, runID: first)
        let elsewhere = SubmissionServer(apiOrigin: "https://api.evolink.ai", keyIdentity: "sha256:0123")
        try harness.store.markSubmitting(
            job.key, idempotencyKey: "cr-elsewhere-0123456789", imageURLs: ["https://refs.test/1.png"],
            server: elsewhere)
        if state == .submitted { try harness.store.markSubmitted(job.key, taskID: "task-unified-1-elsewher") }

        let reads = RequestLog(base: harness.network)
        let lostRun = try harness.store.beginRun(specName: "test")
        let lost = try await harness.dispatcher(transport: reads).run([job], runID: lostRun)
        #expect(lost.failed.map(\.key) == [job.key])
        #expect(lost.failed.first?.reason.hasPrefix("task_lost: ") == true)
        #expect(lost.failed.first?.reason.contains("https://api.evolink.ai (key 0123)") == true, "\(lost.failed)")
        #expect(reads.requests.isEmpty, "nothing sent: \(reads.requests)")
        #expect(try harness.store.job(job.key)?.failureReason?.hasPrefix(TaskLoss.code + ":") == true)
        // Its money stays on record, unknown: it may have been charged over there. (A job found in
        // `submitting` is taken over by the run that finds it, as any resumed submission is.)
        func unsettled() throws -> RunSpend {
            let spends = try [first, lostRun].map { try harness.store.spend(runID: $0) }
            return RunSpend(
                unsettledCount: spends.map(\.unsettledCount).reduce(0, +),
                reserved: spends[0].reserved + spends[1].reserved)
        }
        #expect(try unsettled() == RunSpend(unsettledCount: 1, reserved: job.estimatedCost))

        let warnings = WarningLog()
        let again = try await harness.dispatcher().run(
            [job], runID: try harness.store.beginRun(specName: "test"), onEvent: warnings.record)
        #expect(again.stored == 1 && again.submissions == 1)
        #expect(warnings.messages.contains { $0.contains("was lost (task_lost) and may have been charged") })
        let resubmitted = try #require(try harness.store.job(job.key))
        #expect(resubmitted.idempotencyKey != "cr-elsewhere-0123456789", "a new key")
        #expect(try unsettled() == RunSpend(unsettledCount: 1, reserved: job.estimatedCost), "still unknown")
        await harness.close()
    }

    /// A submission the same API took under another key (a rotated key, or another key of the
    /// account) is resumed, not lost at once: on main it failed `task_lost` without a request,
    /// and the next run paid for it again.
    @Test func aSubmissionUnderAnotherKeyOfTheSameAPIIsResumed() async throws {
        let harness = try await DispatcherHarness()
        let job = harness.smallRemoteJob(1)
        try harness.store.register(job, runID: try harness.store.beginRun(specName: "test"))
        let rotated = SubmissionServer(
            apiOrigin: ServerIdentity.origin(of: harness.simulator.baseURL), keyIdentity: "sha256:0ld")
        try harness.store.markSubmitting(
            job.key, idempotencyKey: "cr-rotated-key-0123456789", imageURLs: ["https://refs.test/1.png"],
            server: rotated)
        let report = try await harness.dispatcher().run([job], runID: try harness.store.beginRun(specName: "test"))
        await harness.close()
        #expect(report.stored == 1 && report.failed.isEmpty, "\(report.failed)")
        #expect(try harness.store.job(job.key)?.idempotencyKey == "cr-rotated-key-0123456789", "the same key")
    }

    /// A finished task of another server whose result link cannot be reached: a refused
    /// connection (that server is gone, as a dead embedded simulator is) loses the task at once;
    /// a 503 is a bad moment, not a loss, so the paid result stays `completed` for a later run
    /// (it was `task_lost`, and `retry` would have paid for it again).
    @Test(arguments: [true, false])
    func aFinishedTaskOfAnotherServerIsLostOnlyWhenItsLinkIsUnreachable(refused: Bool) async throws {
        let harness = try await DispatcherHarness()
        let job = harness.smallRemoteJob(1)
        try harness.store.register(job, runID: try harness.store.beginRun(specName: "test"))
        let elsewhere = SubmissionServer(apiOrigin: "https://api.evolink.ai", keyIdentity: "sha256:0123")
        try harness.store.markSubmitting(
            job.key, idempotencyKey: "cr-elsewhere-0123456789", imageURLs: ["https://refs.test/1.png"],
            server: elsewhere)
        try harness.store.markSubmitted(job.key, taskID: "task-unified-1-elsewher")
        let link = refused ? "http://127.0.0.1:9/result.png" : harness.simulator.baseURL + "/result.png"
        try harness.store.markCompleted(job.key, resultURLs: [link])

        let busyLink = harness.simulator.baseURL + "/result.png"
        let busy = FailingTransport(base: harness.network) { $0.url == busyLink }
        let report = try await harness.dispatcher(transport: busy).run(
            [job], runID: try harness.store.beginRun(specName: "test"))
        let record = try #require(try harness.store.job(job.key))
        if refused {
            #expect(report.failed.first?.reason.hasPrefix("task_lost: ") == true, "\(report.failed)")
            #expect(record.state == .failed)
        } else {
            #expect(report.failed.isEmpty, "\(report.failed)")
            #expect(record.state == .completed && record.resultURLs == [link])
        }
        await harness.close()
    }
}
