import NIOCore
import NIOPosix
import Synchronization

/// A raw TCP server on 127.0.0.1 (ephemeral port) that speaks HTTP/1.1 only as far as a test
/// says: for every request it reads (head, then a `Content-Length` or chunked body) it plays the
/// actions its script returns, byte for byte, so a client can be shown a server that lies,
/// stalls, hangs up or talks garbage. It records every connection it accepts and every request's
/// raw bytes.
public final class ScriptedHTTPServer: Sendable {
    /// What the server does next on a connection; the next request is read once a script's
    /// actions have all run.
    public enum Action: Sendable {
        /// Writes the bytes (and waits until they are written).
        case send([UInt8])
        /// Writes the bytes one at a time, pausing between them.
        case trickle([UInt8], every: Duration)
        case pause(Duration)
        /// Waits until the gate opens.
        case wait(Gate)
        /// Closes the connection (FIN).
        case close
        /// Aborts the connection (RST, through `SO_LINGER` 0).
        case reset
        /// Never says anything again on this connection, and keeps it open.
        case hang

        public static func send(_ text: String) -> Action { .send(Array(text.utf8)) }

        /// A whole response with its `Content-Length`.
        public static func respond(
            _ status: Int = 200, headers: [(String, String)] = [], body: String = ""
        ) -> Action {
            .send(ScriptedHTTPServer.response(status, headers: headers, body: body))
        }
    }

    /// A request as it arrived.
    public struct Request: Sendable {
        /// 1 for the first connection the server accepted.
        public var connection: Int
        /// 0 for the first request the server read, over all connections.
        public var index: Int
        /// Every byte of the request: head and body.
        public var raw: [UInt8]
        public var method: String
        public var target: String
        public var headers: [(name: String, value: String)]
        /// The body, de-chunked when it came chunked.
        public var body: [UInt8]

        public var rawText: String { String(decoding: raw, as: UTF8.self) }

        /// Every value of the header `name` (case-insensitive), in order.
        public func headerValues(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }

        public func header(_ name: String) -> String? { headerValues(name).first }
    }

    /// Opens once, from any thread; actions waiting on it resume.
    public final class Gate: Sendable {
        private let waiters = Mutex<[@Sendable () -> Void]?>([])

        public init() {}

        public func open() {
            let waiting = waiters.withLock { waiters in
                defer { waiters = nil }
                return waiters ?? []
            }
            for waiter in waiting { waiter() }
        }

        func whenOpen(_ body: @escaping @Sendable () -> Void) {
            let isOpen = waiters.withLock { waiters in
                waiters?.append(body)
                return waiters == nil
            }
            if isOpen { body() }
        }
    }

    struct State {
        var accepted = 0
        var closed = 0
        var requests: [Request] = []
    }

    /// What the server and its connections share.
    final class Shared: Sendable {
        let state = Mutex(State())
        let onConnect: [Action]
        let script: @Sendable (Request) -> [Action]

        init(onConnect: [Action], script: @escaping @Sendable (Request) -> [Action]) {
            self.onConnect = onConnect
            self.script = script
        }
    }

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let shared: Shared
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Starts listening. `onConnect` runs as each connection is accepted, before any request is
    /// read; `script` gives the actions that answer each request.
    ///
    /// With `stalled`, the server does not accept connections until `startAccepting()`, and its
    /// one-place backlog is already taken by a connection of its own (which becomes connection 1):
    /// Linux drops the SYN of a connect to a full backlog, so a client's connect stays pending,
    /// retrying every second or more, until then.
    public static func start(
        onConnect: [Action] = [], stalled: Bool = false, script: @escaping @Sendable (Request) -> [Action]
    ) async throws -> ScriptedHTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let shared = Shared(onConnect: onConnect, script: script)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: stalled ? Int32(0) : Int32(256))
                .serverChannelOption(.autoRead, value: !stalled)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ConnectionHandler(shared))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            guard let port = channel.localAddress?.port else {
                throw ChannelError.unknownLocalAddress
            }
            if stalled {
                // Takes the backlog's one place; the group's shutdown closes it.
                _ = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
            }
            return ScriptedHTTPServer(port: port, shared: shared, group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Starts accepting the connections a `stalled` server has been holding off.
    public func startAccepting() async {
        try? await channel.setOption(.autoRead, value: true).get()
    }

    /// A server that answers every request with the same actions.
    public static func start(answering actions: [Action]) async throws -> ScriptedHTTPServer {
        try await start { _ in actions }
    }

    private init(port: Int, shared: Shared, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.port = port
        self.shared = shared
        self.group = group
        self.channel = channel
    }

    /// Connections accepted so far.
    public var acceptedConnections: Int { shared.state.withLock { $0.accepted } }
    /// Connections that have closed so far (from either side).
    public var closedConnections: Int { shared.state.withLock { $0.closed } }
    /// Every request read so far, in order.
    public var requests: [Request] { shared.state.withLock { $0.requests } }

    /// The URL of `path` on this server.
    public func url(_ path: String = "/") -> String { baseURL + path }

    /// Waits (polling) until `condition` holds; false if it still does not after `timeout`.
    ///
    /// The timeout only guards against a hang: what is waited for (a connection the client
    /// closes at once) comes in milliseconds on a quiet machine, but the whole suite on two cores
    /// has paused a test for seconds (`promptly` in the transport tests allows 25), and 15 s once
    /// failed a CI run (`garbageInsteadOfAResponse`, 2026-12-07). A minute, as the transport
    /// tests' `patient` deadline.
    public func waitUntil(
        timeout: Duration = .seconds(60), _ condition: (ScriptedHTTPServer) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            guard ContinuousClock.now < deadline else { return false }
            // A timer on the server's own loop: the concurrency pool may be busy with other tests.
            try? await group.next().scheduleTask(in: .milliseconds(2)) {}.futureResult.get()
        }
        return true
    }

    /// Closes the listener and every connection.
    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// The bytes of a whole response with its `Content-Length`.
    public static func response(_ status: Int = 200, headers: [(String, String)] = [], body: String = "") -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason(status))\r\nContent-Length: \(body.utf8.count)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n" + body).utf8)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 404: "Not Found"
        default: "Status"
        }
    }
}
