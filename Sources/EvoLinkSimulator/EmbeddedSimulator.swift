import Hummingbird
import Logging
import NIOCore

/// A simulator serving on 127.0.0.1 (or another host) on a port of its own: what a run uses
/// when no API key is set, what tests and benchmarks talk to, and what
/// `catalog-refresh simulator` runs in the foreground.
public struct RunningSimulator: Sendable {
    /// e.g. `http://127.0.0.1:53124`.
    public let baseURL: String
    public let port: Int
    public let state: SimulatorState
    private let task: Task<Void, any Error>

    /// Starts serving on `host:port` (port 0 picks a free one) and returns once it listens.
    public static func start(
        configuration: SimulatorConfiguration = SimulatorConfiguration(), host: String = "127.0.0.1", port: Int = 0,
        logger: Logger = Logger(label: "evolink-simulator", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> RunningSimulator {
        let state = SimulatorState(configuration: configuration)
        let router = buildSimulatorRouter(state: state)
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "evolink-simulator"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger)
        let task = Task {
            defer { portContinuation.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        var boundPort: Int?
        for await value in portStream {
            boundPort = value
            break
        }
        guard let boundPort, boundPort > 0 else {
            task.cancel()
            _ = await task.result
            throw SimulatorStartError(host: host, port: port)
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return RunningSimulator(baseURL: "http://\(shownHost):\(boundPort)", port: boundPort, state: state, task: task)
    }

    /// Stops serving and waits until the listener is closed.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Serves until the surrounding task is cancelled (the standalone command).
    public func wait() async {
        _ = await task.result
    }
}

public struct SimulatorStartError: Error, CustomStringConvertible {
    public var host: String
    public var port: Int

    public var description: String { "the EvoLink simulator could not listen on \(host):\(port) (is the port in use?)" }
}
