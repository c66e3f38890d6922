import CatalogTestSupport
import EvoLinkSimulator
import ImageService
import Testing

import class CatalogModel.ThreadExecutor

/// What the hostile-server suites share: a fresh server and transport per test; deadlines far from the timings checked; awaits that cannot hang;
/// errors compared by case.
///
/// A test closure whose only `try` is inside `#expect(…)` says `throws` itself (`transport,
/// server throws in`): the compiler does not infer it from a macro's arguments.
typealias Action = ScriptedHTTPServer.Action

extension TransportError {
    enum Case: Equatable {
        case connectionFailed, responseLost, timedOut, responseTooLarge, invalidURL, cannotWriteBody
    }

    var `case`: Case {
        switch self {
        case .connectionFailed: .connectionFailed
        case .responseLost: .responseLost
        case .timedOut: .timedOut
        case .responseTooLarge: .responseTooLarge
        case .invalidURL: .invalidURL
        case .cannotWriteBody: .cannotWriteBody
        }
    }
}

/// Where these tests run: a thread of their own, not the shared concurrency pool, which other
/// suites keep busy for seconds at a time (`ProcessRunner.run` blocks a pool thread while a
/// subprocess runs): a timer of theirs must fire when it is due.
let testExecutor = ThreadExecutor(name: "transport tests")

/// Runs `body` on `testExecutor` with a new transport (direct, no proxy), and shuts it down after.
func withTransport(
    maxConnectionsPerOrigin: Int = 8, connectTimeout: Duration = .seconds(10),
    settings: NetworkSettings = NetworkSettings(),
    _ body: (HTTPClientTransport) async throws -> Void
) async throws {
    try await withTaskExecutorPreference(testExecutor) {
        let clients = try HTTPClients(
            settings: settings,
            limits: .init(connectionsPerOrigin: maxConnectionsPerOrigin, connectTimeout: connectTimeout))
        do {
            try await body(HTTPClientTransport(clients: clients))
            await clients.shutdown()
        } catch {
            await clients.shutdown()
            throw error
        }
    }
}

/// Runs `body` against a new `ScriptedHTTPServer` answering with `script` (held off at first
/// when `stalled`) and a new transport, then stops both whatever happened.
func withScriptedServer(
    maxConnectionsPerOrigin: Int = 8, connectTimeout: Duration = .seconds(10), stalled: Bool = false,
    onConnect: [Action] = [], script: @escaping @Sendable (ScriptedHTTPServer.Request) -> [Action],
    _ body: (HTTPClientTransport, ScriptedHTTPServer) async throws -> Void
) async throws {
    let server = try await ScriptedHTTPServer.start(onConnect: onConnect, stalled: stalled, script: script)
    do {
        try await withTransport(maxConnectionsPerOrigin: maxConnectionsPerOrigin, connectTimeout: connectTimeout) {
            transport in try await body(transport, server)
        }
        await server.stop()
    } catch {
        await server.stop()
        throw error
    }
}

/// The same, for a server that answers every request with `actions`.
func withScriptedServer(
    maxConnectionsPerOrigin: Int = 8, connectTimeout: Duration = .seconds(10), stalled: Bool = false,
    answering actions: [Action], _ body: (HTTPClientTransport, ScriptedHTTPServer) async throws -> Void
) async throws {
    try await withScriptedServer(
        maxConnectionsPerOrigin: maxConnectionsPerOrigin, connectTimeout: connectTimeout, stalled: stalled,
        script: { _ in actions }, body)
}

/// How long "at once" may take here: far below `patient`, the deadline these tests show was not
/// what ended a request (their error, not `.timedOut`, says so too), yet far above the pauses a
/// machine running the whole test suite on 2 cores takes (8 s was once exceeded in CI by 30 ms).
let promptly: Duration = .seconds(25)
/// The deadline of requests that are to end some other way first.
let patient: Duration = .seconds(60)

/// A GET whose deadline turns a hang into a `.timedOut` failure rather than a stalled run.
func get(_ url: String, timeout: Duration = patient, maxBytes: Int = 1 << 20) -> HTTPRequest {
    HTTPRequest(method: "GET", url: url, timeout: timeout, maxResponseBytes: maxBytes)
}

/// Sends `request` from a task of its own.
func sending(_ request: HTTPRequest, with transport: HTTPClientTransport) -> Task<HTTPResponse, any Error> {
    Task(executorPreference: testExecutor) { try await transport.send(request) }
}

/// How `task` ended; nil, with an issue recorded and the task cancelled and left behind, when it
/// is still running after `limit`. So a transport that loses a request fails its test rather
/// than stalling the whole run.
func outcome<T: Sendable>(
    of task: Task<T, any Error>, within limit: Duration, sourceLocation: SourceLocation = #_sourceLocation
) async -> Result<T, any Error>? {
    let (race, finisher) = AsyncStream<Result<T, any Error>?>.makeStream()
    let waiter = Task(executorPreference: testExecutor) { finisher.yield(await task.result) }
    let timer = Task(executorPreference: testExecutor) {
        try? await Task.sleep(for: limit)
        finisher.yield(nil)
    }
    var first: Result<T, any Error>?
    for await result in race {
        first = result
        break
    }
    waiter.cancel()
    timer.cancel()
    if first == nil {
        Issue.record("still running after \(limit)", sourceLocation: sourceLocation)
        task.cancel()
    }
    return first
}

struct StillRunning: Error {}

/// The response `task` ends with, or what it throws; `StillRunning` (and a recorded issue) if it
/// has not ended after `limit`.
func value(
    of task: Task<HTTPResponse, any Error>, within limit: Duration = .seconds(30),
    sourceLocation: SourceLocation = #_sourceLocation
) async throws -> HTTPResponse {
    guard let result = await outcome(of: task, within: limit, sourceLocation: sourceLocation) else {
        throw StillRunning()
    }
    return try result.get()
}

/// The error `task` ends with, recording an issue if it succeeds or hangs past `limit`.
func failure(
    of task: Task<HTTPResponse, any Error>, within limit: Duration = .seconds(30),
    sourceLocation: SourceLocation = #_sourceLocation
) async -> (any Error)? {
    switch await outcome(of: task, within: limit, sourceLocation: sourceLocation) {
    case .success(let response):
        Issue.record("expected an error, got HTTP \(response.status)", sourceLocation: sourceLocation)
        return nil
    case .failure(let error): return error
    case nil: return nil
    }
}

/// The `TransportError` that `request` fails with, and how long it took; records an issue
/// when it succeeds, throws anything else or hangs past its own deadline.
func transportFailure(
    _ transport: HTTPClientTransport, _ request: HTTPRequest, sourceLocation: SourceLocation = #_sourceLocation
) async -> (error: TransportError?, elapsed: Duration) {
    let start = ContinuousClock.now
    let error = await failure(
        of: Task(executorPreference: testExecutor) { try await transport.send(request) },
        within: request.timeout + .seconds(10), sourceLocation: sourceLocation)
    if let error, !(error is TransportError) {
        Issue.record("expected a TransportError, got \(error)", sourceLocation: sourceLocation)
    }
    return (error as? TransportError, start.duration(to: .now))
}

/// Cancels `task`, expects it to end in `CancellationError`, and returns how long it took to end.
func cancel(
    _ task: Task<HTTPResponse, any Error>, sourceLocation: SourceLocation = #_sourceLocation
) async -> Duration {
    let start = ContinuousClock.now
    task.cancel()
    let error = await failure(of: task, sourceLocation: sourceLocation)
    if let error, !(error is CancellationError) {
        Issue.record("expected CancellationError, got \(error)", sourceLocation: sourceLocation)
    }
    return start.duration(to: .now)
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Runs `body` on `testExecutor` with the real client (with `apiKey`) of a new simulator
/// (`configuration`) over a new transport (`limits`), then stops both whatever happened.
func withSimulatorClient(
    _ configuration: SimulatorConfiguration = SimulatorConfiguration(),
    limits: HTTPClients.Limits = HTTPClients.Limits(), apiKey: String = TestServer.apiKey,
    _ body: (EvoLinkClient, RunningSimulator) async throws -> Void
) async throws {
    try await withTaskExecutorPreference(testExecutor) {
        let simulator = try await RunningSimulator.start(configuration: configuration)
        let transport: HTTPClientTransport
        do {
            transport = HTTPClientTransport(clients: try HTTPClients(settings: NetworkSettings(), limits: limits))
        } catch {
            await simulator.stop()
            throw error
        }
        // The simulator runs on a manual clock and these tests check what it answers, not when:
        // the client waits as long as a loaded machine running the whole suite may take to answer.
        var endpoint = EvoLinkClient.Configuration(apiBaseURL: simulator.baseURL)
        endpoint.submitTimeout = .seconds(120)
        endpoint.readTimeout = .seconds(120)
        let client = EvoLinkClient.make(configuration: endpoint, apiKey: APIKey(apiKey), transport: transport)
        do {
            try await body(client, simulator)
        } catch {
            await transport.shutdown()
            await simulator.stop()
            throw error
        }
        await transport.shutdown()
        await simulator.stop()
    }
}
