import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Keep-alive HTTP/1.1 connections per origin, all on one event loop and touched only there:
/// a request takes an idle connection, or opens one while the origin is under its limit, or
/// waits its turn. Each request has a deadline, whichever of those stages it is in; a cancelled
/// or late exchange closes its connection.
///
/// A kept-alive connection can die while idle: the server (or a proxy between) closes it after
/// its own idle timeout, and the close may cross the next request on the wire. So connections
/// idle longer than `idleTimeout` are closed rather than reused, and a request that a reused
/// connection drops before any of the answer arrived is sent once more (on a new connection, or,
/// when the origin is at its limit, the next one to finish an answer) when sending it twice is
/// harmless (RFC 9110 §9.2.2): GET and HEAD, or a request carrying an
/// `Idempotency-Key`, which the API answers with the original result.
final class HTTPConnectionPool {
    struct Request {
        var id: UInt64
        var target: HTTPTarget
        var head: HTTPRequestHead
        var body: [UInt8]?
        var maxBytes: Int
        var timeout: TimeAmount
        var promise: EventLoopPromise<HTTPResponse>
        /// Already sent once on a connection that died before answering.
        var resent = false

        var mayBeSentTwice: Bool {
            head.method == .GET || head.method == .HEAD || head.headers.contains(name: "idempotency-key")
        }
    }

    private struct IdleConnection {
        var channel: any Channel
        var since: NIODeadline
    }

    private let loop: any EventLoop
    private let maxConnectionsPerOrigin: Int
    private let connectTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private let tls: () throws -> NIOSSLContext
    private var idle: [HTTPTarget.Origin: [IdleConnection]] = [:]
    private var openCount: [HTTPTarget.Origin: Int] = [:]
    private var waiting: [HTTPTarget.Origin: [Request]] = [:]
    private var origins: [ObjectIdentifier: HTTPTarget.Origin] = [:]
    /// Requests whose connection is still being opened, for cancellation, deadlines and shutdown.
    private var connecting: [UInt64: Request] = [:]
    /// Exchanges on a connection, for cancellation and to send again.
    private var running: [UInt64: (handler: HTTPExchangeHandler, request: Request)] = [:]
    private var isShutDown = false

    init(
        loop: any EventLoop, maxConnectionsPerOrigin: Int, connectTimeout: TimeAmount, idleTimeout: TimeAmount,
        tls: @escaping () throws -> NIOSSLContext
    ) {
        self.loop = loop
        self.maxConnectionsPerOrigin = max(1, maxConnectionsPerOrigin)
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.tls = tls
    }

    func execute(_ request: Request) {
        guard !isShutDown else {
            request.promise.fail(TransportError.connectionFailed("the HTTP client was shut down"))
            return
        }
        let deadline = loop.assumeIsolated().scheduleTask(in: request.timeout) { [weak self] in
            self?.cancel(request.id, with: TransportError.timedOut)
        }
        request.promise.futureResult.assumeIsolated().whenComplete { [weak self] _ in
            deadline.cancel()
            self?.running[request.id] = nil
            self?.connecting[request.id] = nil
        }
        let origin = request.target.origin
        if let channel = takeIdle(origin) {
            start(request, on: channel, reused: true)
        } else if openCount[origin, default: 0] < maxConnectionsPerOrigin {
            connect(for: request)
        } else {
            waiting[origin, default: []].append(request)
        }
    }

    /// Fails request `id` with `error` wherever it is: waiting, connecting (the connection, once
    /// open, serves another request), or on a connection (which closes).
    func cancel(_ id: UInt64, with error: any Error) {
        if let handler = running[id]?.handler {
            handler.abort(id, with: error)
            return
        }
        if let request = connecting.removeValue(forKey: id) {
            request.promise.fail(error)
            return
        }
        for (origin, queue) in waiting {
            if let index = queue.firstIndex(where: { $0.id == id }) {
                waiting[origin]?.remove(at: index).promise.fail(error)
                return
            }
        }
    }

    func shutdown() {
        isShutDown = true
        for queue in waiting.values {
            for request in queue {
                request.promise.fail(TransportError.connectionFailed("the HTTP client was shut down"))
            }
        }
        waiting = [:]
        let connecting = self.connecting
        self.connecting = [:]
        for request in connecting.values {
            request.promise.fail(TransportError.connectionFailed("the HTTP client was shut down"))
        }
        for exchange in running.values { exchange.handler.abort(nil, with: CancellationError()) }
        for connections in idle.values {
            for connection in connections { connection.channel.close(promise: nil) }
        }
        idle = [:]
    }

    /// The most recently used idle connection to `origin` that has not been idle too long;
    /// older ones are closed (the server may be closing them already).
    private func takeIdle(_ origin: HTTPTarget.Origin) -> (any Channel)? {
        let now = NIODeadline.now()
        while let connection = idle[origin]?.popLast() {
            if now - connection.since < idleTimeout { return connection.channel }
            connection.channel.close(promise: nil)
        }
        return nil
    }

    private func start(_ request: Request, on channel: any Channel, reused: Bool) {
        guard let handler = try? channel.pipeline.syncOperations.handler(type: HTTPExchangeHandler.self) else {
            request.promise.fail(TransportError.connectionFailed("the connection lost its HTTP handler"))
            channel.close(promise: nil)
            return
        }
        running[request.id] = (handler, request)
        handler.start(
            .init(
                id: request.id, promise: request.promise, maxBytes: request.maxBytes,
                mayResend: reused && !request.resent && request.mayBeSentTwice),
            head: request.head, body: request.body)
    }

    /// A reused connection died before any of the answer to `id` arrived: send it again (once;
    /// its deadline still runs) on a new connection, or first in line for the next free one.
    private func resend(_ id: UInt64) {
        guard var request = running.removeValue(forKey: id)?.request else { return }
        // The handler gave its promise up: it must be completed here, or its caller waits forever.
        guard !isShutDown else {
            request.promise.fail(TransportError.connectionFailed("the HTTP client was shut down"))
            return
        }
        request.resent = true
        let origin = request.target.origin
        if openCount[origin, default: 0] < maxConnectionsPerOrigin {
            connect(for: request)
        } else {
            waiting[origin, default: []].insert(request, at: 0)
        }
    }

    private func connect(for request: Request) {
        let origin = request.target.origin
        openCount[origin, default: 0] += 1
        let context: NIOSSLContext?
        do {
            context = origin.isTLS ? try tls() : nil
        } catch {
            openCount[origin, default: 1] -= 1
            request.promise.fail(TransportError.connectionFailed("TLS is not available: \(error)"))
            return
        }
        connecting[request.id] = request
        // SNI takes a name, never an address.
        let serverName =
            origin.host.contains(":") || origin.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : origin.host
        ClientBootstrap(group: loop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let context {
                        try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
                    }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(HTTPExchangeHandler(awaitsTLSHandshake: context != nil))
                }
            }
            .connect(host: origin.host, port: origin.port)
            .assumeIsolated()
            .whenComplete { [weak self] result in
                guard let self else { return }
                // Gone if it was cancelled, timed out or shut down meanwhile.
                let pending = self.connecting.removeValue(forKey: request.id)
                switch result {
                case .success(let channel):
                    self.adopt(channel, for: origin)
                    if let pending {
                        self.start(pending, on: channel, reused: false)
                    } else {
                        self.release(channel)
                    }
                case .failure(let error):
                    self.openCount[origin, default: 1] -= 1
                    pending?.promise.fail(TransportError.connectionFailed(String(describing: error)))
                    self.serveWaiting(origin)
                }
            }
    }

    private func adopt(_ channel: any Channel, for origin: HTTPTarget.Origin) {
        origins[ObjectIdentifier(channel)] = origin
        guard let handler = try? channel.pipeline.syncOperations.handler(type: HTTPExchangeHandler.self) else { return }
        handler.onReusable = { [weak self] channel in self?.release(channel) }
        handler.onClosed = { [weak self] channel in self?.forget(channel) }
        handler.onResend = { [weak self] id in self?.resend(id) }
    }

    private func release(_ channel: any Channel) {
        guard let origin = origins[ObjectIdentifier(channel)] else { return }
        if isShutDown {
            channel.close(promise: nil)
        } else if var queue = waiting[origin], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[origin] = queue
            start(next, on: channel, reused: true)
        } else {
            idle[origin, default: []].append(IdleConnection(channel: channel, since: .now()))
        }
    }

    private func forget(_ channel: any Channel) {
        guard let origin = origins.removeValue(forKey: ObjectIdentifier(channel)) else { return }
        openCount[origin, default: 1] -= 1
        idle[origin]?.removeAll { $0.channel === channel }
        serveWaiting(origin)
    }

    /// A connection slot opened up: the next waiting request gets a new connection.
    private func serveWaiting(_ origin: HTTPTarget.Origin) {
        guard !isShutDown, var queue = waiting[origin], !queue.isEmpty,
            openCount[origin, default: 0] < maxConnectionsPerOrigin
        else { return }
        let next = queue.removeFirst()
        waiting[origin] = queue
        connect(for: next)
    }
}
