import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import ImageService
import JobStore
import Synchronization
import Testing

/// Slots stand for the API's concurrency limit, which counts running tasks: a finished task's
/// download does not hold one.
struct SlotReleaseTests {
    /// Holds every result download for `delay` on `clock` and records when each request was sent.
    final class SlowDownloads: HTTPTransport {
        let base: any HTTPTransport
        let delay: Duration
        let clock: ManualClock
        let log = Mutex<[(String, ManualClock.Instant)]>([])

        init(base: any HTTPTransport, delay: Duration, clock: ManualClock) {
            self.base = base
            self.delay = delay
            self.clock = clock
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            log.withLock { $0.append(("\(request.method) \(request.url)", clock.now)) }
            if request.url.contains("/results/") { try await clock.sleep(for: delay) }
            let response = try await base.send(request)
            if request.url.contains("/results/") { log.withLock { $0.append(("downloaded", clock.now)) } }
            return response
        }
    }

    @Test func theNextSubmissionDoesNotWaitForADownload() async throws {
        let harness = try await DispatcherHarness()
        let transport = SlowDownloads(base: harness.network, delay: .seconds(2), clock: harness.time.clock)
        let jobs = [harness.smallRemoteJob(1), harness.smallRemoteJob(2)]
        let report = try await harness.dispatcher(concurrency: 1, requestsPerMinute: 60_000, transport: transport)
            .run(jobs, runID: try harness.store.beginRun(specName: "test"))
        await harness.close()
        #expect(report.stored == 2)
        let log = transport.log.withLock { $0 }
        let submits = log.filter { $0.0.hasSuffix("/v1/images/generations") && $0.0.hasPrefix("POST") }.map(\.1)
        let firstDownloaded = try #require(log.first { $0.0 == "downloaded" }?.1)
        #expect(submits.count == 2)
        #expect(
            submits.count == 2 && submits[1] < firstDownloaded, "the second job went out while the first downloaded")
    }
}

/// A job waiting for a slot already has its key committed: the slot, once free, goes straight
/// to a submission instead of first waiting for a commit.
struct PreparedAheadTests {
    /// Records whether `condition` held when the first task read went out.
    final class FirstReadGate: HTTPTransport {
        let base: any HTTPTransport
        let condition: @Sendable () -> Bool
        let outcome = Mutex<Bool?>(nil)

        init(base: any HTTPTransport, condition: @escaping @Sendable () -> Bool) {
            self.base = base
            self.condition = condition
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            if request.url.contains("/v1/tasks/") {
                let held = condition()
                outcome.withLock { $0 = $0 ?? held }
            }
            return try await base.send(request)
        }
    }

    @Test func theNextJobIsSubmittingWhileTheOnlySlotIsTaken() async throws {
        let harness = try await DispatcherHarness()
        let jobs = [harness.smallRemoteJob(1), harness.smallRemoteJob(2)]
        let store = harness.store
        let second = jobs[1].key
        let gate = FirstReadGate(base: harness.network) { (try? store.job(second)?.state) == .submitting }
        let report = try await harness.dispatcher(concurrency: 1, requestsPerMinute: 60_000, transport: gate)
            .run(jobs, runID: try harness.store.beginRun(specName: "test"))
        await harness.close()
        #expect(report.stored == 2 && report.submissions == 2)
        #expect(gate.outcome.withLock { $0 } == true, "job 2's key was committed while job 1 held the slot")
    }
}

/// Jobs prepared ahead of a slot are never sent once the account has run out: one refusal, the
/// rest skipped without a request each.
struct PreparedWhenTheAccountRunsOutTests {
    @Test func oneRefusalThenTheRestAreSkipped() async throws {
        let harness = try await DispatcherHarness(simulator: SimulatorConfiguration(credits: 0.9))
        let jobs = (1...20).map(harness.smallRemoteJob)
        let report = try await harness.dispatcher(concurrency: 1, requestsPerMinute: 60_000)
            .run(jobs, runID: try harness.store.beginRun(specName: "test"))
        await harness.close()
        #expect(report.stored == 1, "0.9 credits pay for one low-quality image")
        let refused = report.failed.filter { $0.reason.hasPrefix("insufficient_quota") }
        let skipped = report.failed.filter { $0.reason.hasPrefix("not submitted") }
        #expect(refused.count == 1 && skipped.count == 18, "\(report.failed.map(\.reason))")
        for failure in skipped { #expect(try harness.store.job(failure.key)?.state == .skipped) }
    }
}
