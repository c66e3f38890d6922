import AssetStorage
import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import Foundation
import ImageService
import JobStore
import Testing

/// The dispatcher against a live simulator over loopback, with a real store and real files.
final class DispatcherHarness {
    let directory: TemporaryDirectory
    let store: JobStore
    let simulator: RunningSimulator
    let transport: HTTPClientTransport
    let client: EvoLinkClient
    let storage: FileAssetStorage

    /// Made-up reference hosts (`refs.test`) serve the mug fixture to the simulator.
    init(simulator configuration: SimulatorConfiguration = SimulatorConfiguration(timeScale: 0.001)) async throws {
        directory = try TemporaryDirectory()
        transport = try HTTPClientTransport()
        store = try JobStore(path: directory.url("state.sqlite").path)
        var configuration = configuration
        configuration.externalReferences = TestServer.madeUpReference
        simulator = try await RunningSimulator.start(configuration: configuration)
        client = EvoLinkClient.make(
            configuration: .init(apiBaseURL: simulator.baseURL), apiKey: APIKey(TestServer.apiKey),
            transport: transport)
        storage = FileAssetStorage(root: directory.url("out").path)
    }

    /// A dispatcher over this store and storage with timings at the simulator's 1/1000; through
    /// `transport` instead of the real one when given (to slow, gate or fail some requests), or
    /// through another `service` (another server or key); `configure` adjusts the rest.
    func dispatcher(
        budget: Money? = nil, concurrency: Int = 4, requestsPerMinute: Int = 6000,
        transport: (any HTTPTransport)? = nil,
        service: (any ImageGenerationService)? = nil, clock: any DispatchClock = .continuous,
        configure: (inout DispatchConfiguration) -> Void = { _ in }
    ) -> Dispatcher {
        var configuration = DispatchConfiguration(
            concurrency: concurrency, requestsPerMinute: requestsPerMinute, budget: budget)
        configuration.pollSchedule = PollSchedule.evoLink.scaled(by: 0.001)
        configuration = configuration.scaledRetries(by: 0.001)
        configure(&configuration)
        let service =
            service
            ?? transport.map {
                EvoLinkClient.make(
                    configuration: .init(apiBaseURL: simulator.baseURL), apiKey: APIKey(TestServer.apiKey),
                    transport: $0)
            } ?? client
        return Dispatcher(
            service: service, store: store, storage: storage, configuration: configuration, clock: clock)
    }

    func job(_ id: String, reference: String = RepositoryPaths.fixture("images/mug.png")) -> Job {
        Job(
            key: JobKey(productID: id, variantID: "background=teal"), productTitle: "Product \(id)",
            variant: Variant(options: [VariantOption(axis: "background", id: "teal", fields: [:])]),
            prompt: "product \(id) on teal", references: [ReferenceImage(link: "mug.png", location: reference)],
            settings: ImageSettings(size: "1:1", resolution: "1K", quality: "low"), estimatedCost: Money(usd: 0.0126))
    }

    /// Job `P<index>`: the smallest, quickest image (1024×640, low), a remote reference (no upload).
    func smallRemoteJob(_ index: Int) -> Job {
        var job = job("P\(index)", reference: "https://refs.test/\(index).png")
        job.settings = ImageSettings(size: "1024x640", quality: "low")
        job.fingerprint = JobFingerprint(settings: job.settings, prompt: job.prompt, references: job.references)
        return job
    }

    func close() async {
        await transport.shutdown()
        await simulator.stop()
    }
}

/// Answers 503 for the requests `matching` picks and passes the rest to the real transport.
struct FailingTransport: HTTPTransport {
    let base: any HTTPTransport
    let matching: @Sendable (HTTPRequest) -> Bool

    init(base: any HTTPTransport, matching: @escaping @Sendable (HTTPRequest) -> Bool) {
        self.base = base
        self.matching = matching
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard matching(request) else { return try await base.send(request) }
        return HTTPResponse(
            status: 503, body: Array(#"{"error":{"code":"service_unavailable","message":"down"}}"#.utf8))
    }
}

@Suite(.serialized)
struct DispatcherTests {
    @Test func storesEveryJobAndEveryFileMatchesItsRow() async throws {
        let harness = try await DispatcherHarness()
        let jobs = (1...6).map { harness.job("P\($0)") }
        let run = try harness.store.beginRun(specName: "test")
        let report = try await harness.dispatcher().run(jobs, runID: run)
        #expect(report.stored == 6 && report.submissions == 6 && report.failed.isEmpty && report.isComplete)
        let items = try harness.store.storedItems(for: jobs.map(\.key))
        #expect(items.count == 6)
        for item in items {
            let bytes = try harness.storage.read(item.output.path)
            #expect(SHA256.hash(bytes).hex == item.output.sha256)
            #expect(item.output.width == 1024 && item.output.format == "png")
            #expect(item.record.state == .stored)
        }
        // One upload serves all six jobs: they share the reference.
        let counters = await harness.simulator.state.counters()
        #expect(counters.submissions == 6 && counters.maxPaidPerKey == 1 && counters.uploads == 1)
        await harness.close()
    }

    @Test func aPaidTaskWhosePollsKeepFailingIsResumedNextRunNotPaidAgain() async throws {
        let harness = try await DispatcherHarness()
        let job = harness.job("P1")
        let failingPolls = FailingTransport(base: harness.transport) { $0.url.contains("/v1/tasks/") }
        let first = try await harness.dispatcher(concurrency: 1, transport: failingPolls)
            .run([job], runID: try harness.store.beginRun(specName: "test"))
        #expect(first.unfinished == [job.key] && first.failed.isEmpty)
        #expect(try harness.store.job(job.key)?.state == .submitted)

        let second = try await harness.dispatcher().run([job], runID: try harness.store.beginRun(specName: "test"))
        #expect(second.stored == 1 && second.submissions == 0)
        let counters = await harness.simulator.state.counters()
        #expect(counters.submissions == 1 && counters.maxPaidPerKey == 1)
        await harness.close()
    }

    @Test func aJobCaughtInSubmittingIsResubmittedWithItsOwnKeyAndNotChargedTwice() async throws {
        let harness = try await DispatcherHarness()
        let job = harness.job("P1")
        let run = try harness.store.beginRun(specName: "test")
        try harness.store.register(job, runID: run)
        // A previous run committed its key and URLs, sent the POST and crashed before saving the task id.
        let key = "cr-crashed-0123456789ab"
        let upload = try await harness.client.uploadReference(
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: job.references[0].location))), fileName: "m.png",
            mimeType: "image/png")
        try harness.store.markSubmitting(job.key, idempotencyKey: key, imageURLs: [upload.fileURL])
        _ = try await harness.client.submit(
            GenerationRequest(prompt: job.prompt, imageURLs: [upload.fileURL], settings: job.settings),
            idempotencyKey: key)

        let report = try await harness.dispatcher().run([job], runID: try harness.store.beginRun(specName: "test"))
        #expect(report.stored == 1 && report.replays == 1 && report.submissions == 0)
        let counters = await harness.simulator.state.counters()
        #expect(counters.submissions == 1 && counters.replays == 1 && counters.maxPaidPerKey == 1)
        await harness.close()
    }

    @Test func aSubmittedJobIsPolledNotResubmitted() async throws {
        let harness = try await DispatcherHarness()
        let job = harness.job("P1", reference: "https://refs.test/mug.png")
        try harness.store.register(job, runID: try harness.store.beginRun(specName: "test"))
        let task = try await harness.client.submit(
            GenerationRequest(prompt: job.prompt, imageURLs: ["https://refs.test/mug.png"], settings: job.settings),
            idempotencyKey: "cr-earlier-0123456789")
        try harness.store.markSubmitting(job.key, idempotencyKey: "cr-earlier-0123456789")
        try harness.store.markSubmitted(job.key, taskID: task.id)
        let report = try await harness.dispatcher().run([job], runID: try harness.store.beginRun(specName: "test"))
        #expect(report.stored == 1 && report.submissions == 0 && report.replays == 0)
        #expect(await harness.simulator.state.counters().submissions == 1)
        #expect(try harness.store.storedItems(for: [job.key]).first?.output.taskID == task.id)
        await harness.close()
    }

    @Test func theBudgetStopsSubmissionsAndSaysWhichJobsWereSkipped() async throws {
        let harness = try await DispatcherHarness()
        let jobs = (1...3).map { harness.job("P\($0)") }
        let report = try await harness.dispatcher(budget: Money(usd: 0.02)).run(
            jobs, runID: try harness.store.beginRun(specName: "test"))
        #expect(report.stored == 1)
        #expect(report.skippedForBudget.count == 2)
        #expect(report.committedSpend <= Money(usd: 0.02))
        #expect(await harness.simulator.state.counters().submissions == 1)
        #expect(try harness.store.stateCounts() == [.stored: 1, .skipped: 2])
        await harness.close()
    }

    @Test func unusableInputsFailWithAReasonAndAnEmptyAccountStopsTheRun() async throws {
        let harness = try await DispatcherHarness(simulator: SimulatorConfiguration(timeScale: 0.001, credits: 0.9))
        let missing = harness.job("P0", reference: "/nonexistent/mug.png")
        let jobs = [missing] + (1...3).map { harness.job("P\($0)") }
        let report = try await harness.dispatcher().run(jobs, runID: try harness.store.beginRun(specName: "test"))
        let reasons = Dictionary(uniqueKeysWithValues: report.failed.map { ($0.key.productID, $0.reason) })
        #expect(reasons["P0"]?.hasPrefix("reference_missing") == true)
        #expect(report.balanceExhausted)
        #expect(reasons.values.contains { $0.hasPrefix("insufficient_quota") })
        #expect(report.stored == 1, "0.9 credits pay for exactly one low-quality image")
        await harness.close()
    }
}
