import Hummingbird
import Logging
import NIOCore

/// A Hummingbird router served on a port of its own, started and stopped from async code: the
/// simulator, the review server and the tests' file server all run this way.
public struct ServingApplication: Sendable {
    /// e.g. `http://127.0.0.1:53124`.
    public let baseURL: String
    public let port: Int
    private let task: Task<Void, any Error>

    /// Starts serving on `host:port` (port 0 picks a free one) and returns once it listens.
    public static func start<Context: RequestContext>(
        router: Router<Context>, host: String = "127.0.0.1", port: Int = 0, serverName: String,
        logger: Logger = Logger(label: "catalog-refresh", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> ServingApplication where Context.Source == ApplicationRequestContextSource {
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: serverName),
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
            throw ServerStartError(serverName: serverName, host: host, port: port)
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return ServingApplication(baseURL: "http://\(shownHost):\(boundPort)", port: boundPort, task: task)
    }

    /// Stops serving and waits until the listener is closed.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Serves until the surrounding task is cancelled (a foreground command).
    public func wait() async {
        _ = await task.result
    }
}

public struct ServerStartError: Error, CustomStringConvertible {
    public var serverName: String
    public var host: String
    public var port: Int

    public var description: String { "the \(serverName) could not listen on \(host):\(port) (is the port in use?)" }
}
