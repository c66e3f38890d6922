import CatalogModel
import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import ImageService
import Testing

/// Simulated time after which every task of these tests has ended: their simulators run on a
/// manual clock, so a test moves time instead of waiting for it (well within a result's 24 h and
/// an upload's 72 h).
let longerThanAnyTask: Duration = .seconds(600)

/// The real client against the real simulator over loopback HTTP.
struct SimulatorContractTests {
    @Test func uploadSubmitPollDownloadAndReplay() async throws {
        let clock = ManualClock()
        var configuration = SimulatorConfiguration()
        configuration.clock = clock.erased
        try await withSimulatorClient(configuration) { client, simulator in

            let reference = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.fixture("images/mug.png")))
            let uploaded = try await client.uploadReference(
                [UInt8](reference), fileName: "mug.png", mimeType: "image/png")
            #expect(uploaded.fileURL.hasPrefix(simulator.baseURL + "/files/"))
            let expiresAt = try #require(uploaded.expiresAt, "the simulator's files API says when a file goes")
            #expect(expiresAt > clock.erased.date.addingTimeInterval(71 * 3600), "the files API's 72 h")

            let request = GenerationRequest(
                prompt: "a red mug on marble", imageURLs: [uploaded.fileURL],
                settings: ImageSettings(size: "1024x1536", quality: "low"))
            let key = "cr-contract-0123456789"
            let task = try await client.submit(request, idempotencyKey: key)
            #expect(task.status == .pending && !task.replayed)
            let replay = try await client.submit(request, idempotencyKey: key)
            #expect(replay.id == task.id && replay.replayed)

            #expect(try await client.task(id: task.id).status.isTerminal == false)
            clock.advance(by: longerThanAnyTask)
            let snapshot = try await client.task(id: task.id)
            #expect(snapshot.status == .completed)
            let bytes = try await client.downloadResult(from: try #require(snapshot.results.first), maxBytes: 50 << 20)
            #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])

            let missing = await #expect(throws: ImageServiceError.self) {
                try await client.task(id: "task-unified-1-nothere1")
            }
            #expect(missing?.code == "task_not_found" && missing?.kind == .permanent)
            let tooBig = await #expect(throws: ImageServiceError.self) {
                try await client.downloadResult(from: try #require(snapshot.results.first), maxBytes: 100)
            }
            #expect(tooBig?.code == "response_too_large")

            let counters = await simulator.state.counters()
            #expect(counters.submissions == 1 && counters.replays == 1 && counters.maxPaidPerKey == 1)
        }
    }

    @Test func aClosedPortIsAConnectionFailure() async throws {
        let simulator = try await RunningSimulator.start()
        let url = simulator.baseURL
        await simulator.stop()
        try await withTransport(connectTimeout: .milliseconds(300)) { transport in
            let client = EvoLinkClient.make(
                configuration: .init(apiBaseURL: url), apiKey: APIKey(TestServer.apiKey), transport: transport)
            let error = await #expect(throws: ImageServiceError.self) {
                try await client.task(id: "task-unified-1-abcdefgh")
            }
            #expect(error?.kind == .retryable)
        }
    }
}

/// Every task-level error code (evolink-api.md §9.3), produced by the simulator and read back by
/// the client, with the retry decision the dispatcher will take.
struct TaskErrorCodeContractTests {
    static let codes: [(String, Bool)] = [
        ("content_policy_violation", false), ("invalid_parameters", false), ("image_processing_error", false),
        ("image_dimension_mismatch", false), ("request_cancelled", false), ("generation_timeout", true),
        ("resource_exhausted", true), ("quota_exceeded", true), ("service_error", true), ("service_unavailable", true),
        ("generation_failed_no_content", false), ("resource_not_found", false), ("unknown_error", false),
        ("channel_upstream_banned", true),
    ]

    @Test(arguments: codes)
    func aFailedTaskIsReadAndClassified(code: String, retryable: Bool) async throws {
        var faults = SimulatorFaults()
        faults.failedTask = 1
        faults.failureCodes = [code]
        let clock = ManualClock()
        var configuration = SimulatorConfiguration(faults: faults)
        configuration.clock = clock.erased
        try await withSimulatorClient(configuration) { client, simulator in
            let task = try await client.submit(
                GenerationRequest(prompt: "x", imageURLs: [], settings: ImageSettings(quality: "low")),
                idempotencyKey: "cr-code-0123456789")
            clock.advance(by: longerThanAnyTask)
            let snapshot = try await client.task(id: task.id)
            #expect(snapshot.status == .failed && snapshot.errorCode == code)
            #expect(
                ErrorClassification.classifyTaskFailure(code: snapshot.errorCode, message: snapshot.errorMessage)
                    .isRetryable == retryable)
            // A failed task is not charged: its reservation comes back, and its answer says so.
            #expect(snapshot.charge == .charged(.zero))
            let credits = try await client.credits()
            #expect(credits.accountRemaining == 100_000)
        }
    }

    @Test func creditsAreReservedAtSubmitAndChargedOnCompletion() async throws {
        // Token billing: the final charge is what the task used, here half the reservation.
        let clock = ManualClock()
        var configuration = SimulatorConfiguration(credits: 10)
        configuration.clock = clock.erased
        configuration.chargeShare = 0.5
        try await withSimulatorClient(configuration) { client, simulator in
            #expect(try await client.credits() == Credits(accountRemaining: 10, keyRemaining: nil))
            let task = try await client.submit(
                GenerationRequest(prompt: "x", imageURLs: [], settings: ImageSettings(quality: "low")),
                idempotencyKey: "cr-credits-0123456789")
            #expect(task.creditsReserved == 0.3672)
            #expect(task.charge == nil, "nothing is charged before the task finishes")
            // The simulator's clock stands still until the test moves it: the task is running.
            let whileRunning = try await client.credits().accountRemaining
            #expect(try await client.task(id: task.id).status.isTerminal == false)
            #expect(whileRunning == 10 - 0.3672)
            clock.advance(by: longerThanAnyTask)
            let snapshot = try await client.task(id: task.id)
            #expect(snapshot.status == .completed)
            #expect(snapshot.charge == .charged(Money(usd: 0.1836 / 68)))
            #expect(abs(try await client.credits().accountRemaining - (10 - 0.1836)) < 1e-9)
        }
    }
}

/// The HTTP error rows the simulator can produce, read by the real client over loopback, with
/// the classification (and so the retry decision) each must get.
struct HTTPErrorRowContractTests {
    enum Row: String, CaseIterable, Sendable {
        case invalidRequest, unauthorized, insufficientQuota, modelAccessDenied, tooLarge, invalidTaskID, taskNotFound
        case rateLimited, serverError, conflict
    }

    @Test(arguments: Row.allCases)
    func eachRowIsClassified(row: Row) async throws {
        var configuration = SimulatorConfiguration(timeScale: 0.001)
        switch row {
        case .unauthorized: configuration.requiredAPIKey = "sk-test-required"
        case .insufficientQuota: configuration.credits = 0
        case .modelAccessDenied: configuration.deniedModels = ["gpt-image-2"]
        case .rateLimited: configuration.requestsPerMinute = 1
        case .serverError: configuration.faults.serverError = 1
        default: break
        }
        try await withSimulatorClient(configuration) { client, _ in
            let request = GenerationRequest(prompt: "a mug", imageURLs: [], settings: ImageSettings(quality: "low"))
            let error = await #expect(throws: ImageServiceError.self) {
                switch row {
                case .invalidRequest:
                    let beta = ImageSettings(model: "gpt-image-2-beta", quality: nil)
                    _ = try await client.submit(
                        GenerationRequest(prompt: String(repeating: "a", count: 2001), imageURLs: [], settings: beta),
                        idempotencyKey: "cr-row-0123456789")
                case .tooLarge:
                    _ = try await client.submit(
                        GenerationRequest(
                            prompt: "a",
                            imageURLs: Array(
                                repeating: "https://x.test/" + String(repeating: "p", count: 70_000), count: 16),
                            settings: ImageSettings(quality: "low")),
                        idempotencyKey: "cr-row-0123456789")
                case .invalidTaskID: _ = try await client.task(id: "abc")
                case .taskNotFound: _ = try await client.task(id: "task-unified-1-zzzzzzzz")
                case .rateLimited:
                    _ = try await client.submit(request, idempotencyKey: "cr-row-first-0123456789")
                    _ = try await client.submit(request, idempotencyKey: "cr-row-second-0123456789")
                case .conflict:
                    _ = try await client.submit(request, idempotencyKey: "cr-row-0123456789")
                    var other = request
                    other.prompt = "a lamp"
                    _ = try await client.submit(other, idempotencyKey: "cr-row-0123456789")
                default: _ = try await client.submit(request, idempotencyKey: "cr-row-0123456789")
                }
            }
            let expected: (Int, String, ImageServiceError.Kind) =
                switch row {
                case .invalidRequest: (400, "invalid_request", .permanent)
                case .unauthorized: (401, "unauthorized", .permanent)
                case .insufficientQuota: (402, "insufficient_quota", .balance)
                case .modelAccessDenied: (403, "model_access_denied", .permanent)
                case .tooLarge: (413, "request_too_large", .permanent)
                case .invalidTaskID: (400, "invalid_task_id", .permanent)
                case .taskNotFound: (404, "task_not_found", .permanent)
                case .rateLimited: (429, "rate_limit_exceeded", .retryable)
                case .serverError: (error?.httpStatus ?? 500, error?.code ?? "", .retryable)
                case .conflict: (409, "idempotency_conflict", .outcomeUnknown)
                }
            #expect(
                error?.httpStatus == expected.0 && error?.code == expected.1 && error?.kind == expected.2,
                "\(String(describing: error))")
            if row == .rateLimited { #expect(error?.retryAfter != nil, "429 carries Retry-After") }
            if row == .serverError { #expect([500, 502, 503].contains(error?.httpStatus ?? 0)) }
        }
    }
}
