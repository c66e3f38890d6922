import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// The dispatcher's `HTTPTransport`: HTTP/1.1 (TLS for `https`) over keep-alive connections
/// that all live on one event loop, which is also where it asks its callers to run
/// (`preferredTaskExecutor`). A request is then a write, a read and a resumed task on one
/// thread: no connection-pool actor, no deadline task, no hop to another thread and back, which
/// is most of what a request costs through AsyncHTTPClient. Results are whole bodies up to
/// each request's limit; redirects are followed for GET (at most five, credentials dropped on
/// a change of origin).
public final class PooledHTTPTransport: HTTPTransport {
    /// Its own thread: shared with a server in the same process (the embedded simulator, the
    /// tests'), the dispatch would wait behind the server's work and the server behind it.
    private let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop
    private let pool: NIOLoopBoundBox<HTTPConnectionPool>
    private let nextID = Atomic<UInt64>(0)
    /// Set once by `shutdown()`; a request is handed to the loop only under this lock while it is
    /// false, so none is handed to a stopped loop (which would drop it, and its caller would wait
    /// forever).
    private let isShutDown = Mutex(false)
    public var preferredTaskExecutor: (any TaskExecutor)? { executor }
    private let executor: EventLoopTaskExecutor

    /// `idleTimeout`: a kept-alive connection unused this long is closed rather than reused
    /// (under the common 60 s of servers and proxies, so the client, not the server, ends it).
    public init(
        maxConnectionsPerOrigin: Int = 8, connectTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(50)
    ) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        self.loop = loop
        let tls = Mutex<NIOSSLContext?>(nil)
        let pool = HTTPConnectionPool(
            loop: loop, maxConnectionsPerOrigin: maxConnectionsPerOrigin,
            connectTimeout: TimeAmount(connectTimeout), idleTimeout: TimeAmount(idleTimeout),
            tls: {
                try tls.withLock { context in
                    if let context { return context }
                    let made = try NIOSSLContext(configuration: .makeClientConfiguration())
                    context = made
                    return made
                }
            })
        self.pool = NIOLoopBoundBox.makeBoxSendingValue(pool, eventLoop: loop)
        executor = EventLoopTaskExecutor(loop)
    }

    /// Closes every connection (requests still waiting fail) and stops the transport's thread.
    /// Must be called once the transport is no longer needed. It may be awaited from any task,
    /// one running on `preferredTaskExecutor` included: tasks preferring it run on the global
    /// concurrent executor once its thread stops. Later requests fail with `connectionFailed`;
    /// a second call does nothing.
    public func shutdown() async {
        let isFirst = isShutDown.withLock { isShutDown in
            defer { isShutDown = true }
            return !isShutDown
        }
        guard isFirst else { return }
        let pool = self.pool
        try? await loop.submit { pool.value.shutdown() }.get()
        // A task that prefers the loop (the caller itself, maybe) resumes elsewhere from now on.
        executor.stopUsingLoop()
        try? await group.shutdownGracefully()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        // The timeout bounds the whole request, redirects included: each hop gets what is left,
        // so a chain of slow redirects cannot take five times as long as the caller allowed.
        let deadline = ContinuousClock.now + request.timeout
        for hop in 0...5 {
            if hop > 0 {
                request.timeout = deadline - ContinuousClock.now
                guard request.timeout > .zero else { throw TransportError.timedOut }
            }
            guard let target = HTTPTarget(request.url) else { throw TransportError.invalidURL(request.url) }
            let response = try await exchange(request, target: target)
            guard request.method == "GET", [301, 302, 303, 307, 308].contains(response.status),
                let location = response.header("location"), let next = target.resolve(location),
                let nextTarget = HTTPTarget(next)
            else { return response }
            if nextTarget.origin != target.origin {
                request.headers.removeAll { $0.name.lowercased() == "authorization" }
            }
            request.url = next
        }
        throw TransportError.responseLost("more than 5 redirects from \(request.url)")
    }

    private func exchange(_ request: HTTPRequest, target: HTTPTarget) async throws -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.reserveCapacity(request.headers.count + 2)
        headers.add(name: "Host", value: target.hostHeader)
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        if let body = request.body { headers.replaceOrAdd(name: "Content-Length", value: String(body.count)) }
        let id = nextID.add(1, ordering: .relaxed).newValue
        let loop = self.loop
        let pool = self.pool
        // The promise is made only when the loop will run the pool's work for it: an unfulfilled
        // one is a leak (and a crash in debug builds).
        let pending = { (promise: EventLoopPromise<HTTPResponse>) in
            HTTPConnectionPool.Request(
                id: id, target: target,
                head: HTTPRequestHead(
                    version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: target.requestTarget,
                    headers: headers),
                body: request.body, maxBytes: request.maxResponseBytes, timeout: TimeAmount(request.timeout),
                promise: promise)
        }
        let response: EventLoopFuture<HTTPResponse>
        if loop.inEventLoop {
            // The loop is running, so not stopped; after `shutdown()` the pool fails the request.
            let request = pending(loop.makePromise())
            pool.value.execute(request)
            response = request.promise.futureResult
        } else {
            let handedOver = isShutDown.withLock { isShutDown -> EventLoopFuture<HTTPResponse>? in
                guard !isShutDown else { return nil }
                let request = pending(loop.makePromise())
                loop.execute { pool.value.execute(request) }
                return request.promise.futureResult
            }
            guard let handedOver else { throw TransportError.connectionFailed("the HTTP client was shut down") }
            response = handedOver
        }
        return try await withTaskCancellationHandler {
            try await response.get()
        } onCancel: {
            self.isShutDown.withLock { isShutDown in
                if !isShutDown { loop.execute { pool.value.cancel(id, with: CancellationError()) } }
            }
        }
    }
}
