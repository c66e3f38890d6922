import AssetStorage
import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import Foundation
import ImageService
import JobStore
import Testing

/// The dispatcher against a live simulator over loopback, with a real store and real files, both
/// on one manual clock (`time`) that moves only when the dispatch waits on it: the API's real
/// schedule (tasks of 10 s and more, reads every 3 s, a 200 ms commit window) in milliseconds,
/// at the same simulated instants on every run.
final class DispatcherHarness {
    let directory: TemporaryDirectory
    let store: JobStore
    let simulator: RunningSimulator
    let transport: HTTPClientTransport
    /// `transport`, each request watched by `time`: what test transports wrap, so that what they
    /// add (a delay on the clock, a scripted answer) is not taken for network time.
    let network: any HTTPTransport
    let client: EvoLinkClient
    let storage: FileAssetStorage
    let time: ClockDriver

    /// Made-up reference hosts (`refs.test`) serve the mug fixture to the simulator.
    init(simulator configuration: SimulatorConfiguration = SimulatorConfiguration()) async throws {
        let time = ClockDriver()
        self.time = time
        directory = try TemporaryDirectory()
        transport = try HTTPClientTransport()
        store = try JobStore(path: directory.url("state.sqlite").path)
        simulator = try await Self.startSimulator(configuration, on: time)
        network = time.watching(transport)
        client = EvoLinkClient.make(
            configuration: Self.endpoint(simulator), apiKey: APIKey(TestServer.apiKey), transport: network)
        storage = FileAssetStorage(root: directory.url("out").path)
    }

    private static func startSimulator(
        _ configuration: SimulatorConfiguration, on time: ClockDriver
    ) async throws -> RunningSimulator {
        var configuration = configuration
        configuration.externalReferences = TestServer.madeUpReference
        // The same task durations on every run: what a test counts (reads, slots) does not
        // move with the draw.
        configuration.durationSeed = configuration.durationSeed ?? 22
        configuration.clock = time.anyClock
        return try await RunningSimulator.start(configuration: configuration)
    }

    /// Another simulator (another server) on the same clock.
    func startSimulator(
        _ configuration: SimulatorConfiguration = SimulatorConfiguration()
    ) async throws -> RunningSimulator {
        try await Self.startSimulator(configuration, on: time)
    }

    /// A client of `simulator` with `key`, through `transport` (which must wrap `network`).
    func client(
        of simulator: RunningSimulator, key: String = TestServer.apiKey, transport: (any HTTPTransport)? = nil
    ) -> EvoLinkClient {
        EvoLinkClient.make(
            configuration: Self.endpoint(simulator), apiKey: APIKey(key), transport: transport ?? network)
    }

    /// The client's view of `simulator`. Its time is the harness's manual clock, which stands
    /// still while a request is out; the client's deadlines are real time, so they are set past
    /// any stall a loaded machine running the whole suite can cause (a read given up after the
    /// API's 15 s was once read again, and counted, while the suite ran on two cores).
    static func endpoint(_ simulator: RunningSimulator) -> EvoLinkClient.Configuration {
        var endpoint = EvoLinkClient.Configuration(apiBaseURL: simulator.baseURL)
        endpoint.submitTimeout = .seconds(600)
        endpoint.readTimeout = .seconds(600)
        endpoint.uploadTimeout = .seconds(600)
        endpoint.downloadTimeout = .seconds(600)
        return endpoint
    }

    /// A dispatcher over this store and storage on the harness's clock, with the API's real
    /// timings; through `transport` (wrapping `network`) instead of it when given (to slow, gate
    /// or fail some requests), or through another `service` (another server or key, over
    /// `network`); `configure` adjusts the rest.
    func dispatcher(
        budget: Money? = nil, concurrency: Int = 4, requestsPerMinute: Int = 6000,
        transport: (any HTTPTransport)? = nil, service: (any ImageGenerationService)? = nil,
        configure: (inout DispatchConfiguration) -> Void = { _ in }
    ) -> DrivenDispatcher {
        var configuration = DispatchConfiguration(
            concurrency: concurrency, requestsPerMinute: requestsPerMinute, budget: budget)
        configure(&configuration)
        let service = service ?? transport.map { client(of: simulator, transport: $0) } ?? client
        return DrivenDispatcher(
            dispatcher: Dispatcher(
                service: service, store: store, storage: storage, configuration: configuration,
                clock: time.anyClock, storageExecutor: time.executor),
            time: time)
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

/// A dispatcher on a harness's manual clock: a run drives the clock until it ends.
struct DrivenDispatcher: Sendable {
    let dispatcher: Dispatcher
    let time: ClockDriver

    func run(
        _ jobs: [Job], runID: Int64, onEvent: @escaping @Sendable (DispatchEvent) -> Void = { _ in }
    ) async throws -> RunReport {
        try await time.finish(start(jobs, runID: runID, onEvent: onEvent))
    }

    /// Starts a run without moving the clock (`ClockDriver.advance(until:)` and `finish` do).
    func start(
        _ jobs: [Job], runID: Int64, onEvent: @escaping @Sendable (DispatchEvent) -> Void = { _ in }
    ) -> ClockDriver.Started<RunReport> {
        let dispatcher = self.dispatcher
        return time.start { try await dispatcher.run(jobs, runID: runID, onEvent: onEvent) }
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
        let failingPolls = FailingTransport(base: harness.network) { $0.url.contains("/v1/tasks/") }
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
        let harness = try await DispatcherHarness(simulator: SimulatorConfiguration(credits: 0.9))
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
