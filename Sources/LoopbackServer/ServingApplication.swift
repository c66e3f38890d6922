import Hummingbird
import Logging
import NIOCore

/// A Hummingbird router served on a port of its own, started and stopped from async code: the
/// simulator, the review server and the tests' file server all run this way.
public struct ServingApplication: Sendable {
    /// e.g. `http://127.0.0.1:53124`.
    public let baseURL: String
    public let port: Int
    private let listener: any Channel
    private let task: Task<Void, any Error>

    /// Starts serving on `host:port` (port 0 picks a free one) and returns once it listens.
    public static func start<Context: RequestContext>(
        router: Router<Context>, host: String = "127.0.0.1", port: Int = 0, serverName: String,
        logger: Logger = Logger(label: "catalog-refresh", factory: { _ in SwiftLogNoOpLogHandler() }),
        executor: (any TaskExecutor)? = nil
    ) async throws -> ServingApplication where Context.Source == ApplicationRequestContextSource {
        let (listening, listeningContinuation) = AsyncStream<any Channel>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: serverName),
            onServerRunning: { channel in
                listeningContinuation.yield(channel)
                listeningContinuation.finish()
            },
            logger: logger)
        // With an executor, every connection's task (a child of this one) and the actors they
        // call run there, not on the concurrency pool.
        let task = Task(executorPreference: executor) {
            defer { listeningContinuation.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        var listener: (any Channel)?
        for await channel in listening {
            listener = channel
            break
        }
        guard let listener, let boundPort = listener.localAddress?.port, boundPort > 0 else {
            task.cancel()
            _ = await task.result
            throw ServerStartError(serverName: serverName, host: host, port: port)
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return ServingApplication(
            baseURL: "http://\(shownHost):\(boundPort)", port: boundPort, listener: listener, task: task)
    }

    /// Stops serving and waits until the listener is closed.
    ///
    /// The listening socket is closed first, and the server given a moment to take up what it
    /// had accepted, before its task is cancelled: a connection accepted but not yet served when
    /// the task is cancelled is dropped unfinished, and NIO stops the process for it ("Deinited
    /// NIOAsyncWriter without calling finish()", swift-nio #3481, which has no fix in the API
    /// yet). Closing the listener ends new arrivals, and the pause lets the server take up those
    /// already accepted: the window becomes a race against a 50 ms timer instead of against
    /// any client.
    public func stop() async {
        try? await listener.close().get()
        try? await listener.eventLoop.scheduleTask(in: .milliseconds(50)) {}.futureResult.get()
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
