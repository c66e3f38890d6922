import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The real `HTTPTransport`: AsyncHTTPClient, through the proxy the request's origin is routed
/// to, HTTP/2 where the server offers it, redirects followed (at most five, credentials dropped
/// on a change of origin). A plain-http origin behind an HTTP proxy is the exception: its
/// requests go to the proxy in absolute form (`ForwardedExchange`), which AsyncHTTPClient
/// cannot send. A response body is read up to the request's limit, and the request's
/// timeout bounds the whole exchange, redirects and body included.
public struct HTTPClientTransport: HTTPTransport {
    public let clients: HTTPClients

    public init(clients: HTTPClients) {
        self.clients = clients
    }

    /// A transport with clients of its own; `shutdown()` must be called once it is done.
    public init(
        settings: NetworkSettings = NetworkSettings(), limits: HTTPClients.Limits = .init()
    )
        throws(NetworkSettingsError)
    {
        self.init(clients: try HTTPClients(settings: settings, limits: limits))
    }

    /// Closes the clients' connections (`HTTPClients.shutdown`).
    public func shutdown() async {
        await clients.shutdown()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let limit = request.maxResponseBytes
        return try await exchange(request) { response in
            let body = try await Self.body(of: response, limit: limit)
            return HTTPResponse(status: response.statusCode, headers: response.headerList, body: body)
        }
    }

    /// A 2xx body goes to its file piece by piece as it arrives: a result costs the transport a
    /// piece's worth of memory, whatever its size.
    public func download(_ request: HTTPRequest, to path: String) async throws -> HTTPResponse {
        let limit = request.maxResponseBytes
        return try await exchange(request) { response in
            let status = response.statusCode
            guard (200..<300).contains(status) else {
                let body = try await Self.body(of: response, limit: limit)
                return HTTPResponse(status: status, headers: response.headerList, body: body)
            }
            try await Self.write(response, limit: limit, to: path)
            return HTTPResponse(status: status, headers: response.headerList)
        }
    }

    /// Sends `request` and reads its answer with `read`, the whole exchange (redirects, head
    /// and body) by the request's timeout: AsyncHTTPClient's own deadline ends with the response
    /// head, and on a loaded machine its timer may lose the race with a redirect's answer; ours
    /// bounds the whole exchange either way.
    private func exchange(
        _ request: HTTPRequest, read: @escaping @Sendable (any ReceivedResponse) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        // The same strict reading as the bearer middleware's: a URL it refuses (user info,
        // control characters) is not sent at all.
        guard let origin = HTTPOrigin(url: request.url) else { throw TransportError.invalidURL(request.url) }
        if !origin.isTLS, let proxy = clients.settings.proxy(for: origin), proxy.kind == .http {
            return try await forwarded(request, read: read)
        }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.reserveCapacity(request.headers.count)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        } else if request.method == "POST" || request.method == "PUT" {
            outgoing.headers.replaceOrAdd(name: "Content-Length", value: "0")
        }
        let end = ContinuousClock.now + request.timeout
        let deadline = NIODeadline.now() + TimeAmount(request.timeout)
        let client = clients.client(for: origin)
        let ready = outgoing
        do {
            return try await Self.finishing(by: end) {
                try await read(try await client.execute(ready, deadline: deadline))
            }
        } catch {
            throw TransportError.reading(error)
        }
    }

    /// `request` to a plain-http origin through an HTTP proxy, in absolute form
    /// (`ForwardedExchange`), following at most five redirects as AsyncHTTPClient does (the
    /// `Authorization` header dropped on a change of origin, a 303 or a redirected POST read with
    /// GET), the whole exchange by the request's timeout.
    private func forwarded(
        _ request: HTTPRequest, read: @escaping @Sendable (any ReceivedResponse) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        let end = ContinuousClock.now + request.timeout
        var request = request
        for _ in 0...Self.maxRedirects {
            guard let origin = HTTPOrigin(url: request.url) else { throw TransportError.invalidURL(request.url) }
            guard !origin.isTLS, let proxy = clients.settings.proxy(for: origin), proxy.kind == .http else {
                // Redirected to an origin AsyncHTTPClient reaches (https, or not proxied).
                request.timeout = end - ContinuousClock.now
                return try await exchange(request, read: read)
            }
            let (group, connectTimeout, sending) = (clients.group, clients.limits.connectTimeout, request)
            let outcome: ForwardedExchange.Outcome<HTTPResponse>
            do {
                outcome = try await Self.finishing(by: end) {
                    try await ForwardedExchange.run(
                        sending, to: origin, through: proxy, group: group, connectTimeout: connectTimeout, read: read)
                }
            } catch {
                throw TransportError.reading(error)
            }
            let (status, location): (Int, String)
            switch outcome {
            case .answered(let response): return response
            case .redirect(let redirect, let to): (status, location) = (redirect, to)
            }
            if HTTPOrigin(url: location) != origin {
                request.headers.removeAll { $0.name.lowercased() == "authorization" }
            }
            if status == 303 || ((status == 301 || status == 302) && request.method == "POST") {
                request.method = "GET"
                request.body = nil
            }
            request.url = location
        }
        throw TransportError.responseLost("more than \(Self.maxRedirects) redirects, or a redirect loop")
    }

    /// As AsyncHTTPClient's clients are configured (`HTTPClients`).
    private static let maxRedirects = 5

    /// `work` by `end`, or `timedOut`: a server that answers at once and then stalls or trickles
    /// its body must not hold a request (a download's slot) past its timeout.
    private static func finishing<T: Sendable>(
        by end: ContinuousClock.Instant, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(until: end, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw TransportError.timedOut }
            return result
        }
    }

    /// The declared length, refused at once when over `limit`.
    private static func declaredLength(of response: some ReceivedResponse, limit: Int) throws -> Int? {
        let declared = response.headerList.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) }
        if let declared, declared > limit { throw TransportError.responseTooLarge(limit: limit) }
        return declared
    }

    /// The whole body, refused as soon as it is known to exceed `limit` (by its `Content-Length`
    /// or as it arrives).
    private static func body(of response: some ReceivedResponse, limit: Int) async throws -> [UInt8] {
        let declared = try declaredLength(of: response, limit: limit)
        var body: [UInt8] = []
        if let declared, declared > 0 { body.reserveCapacity(declared) }
        try await response.forEachPiece { piece in
            guard body.count + piece.readableBytes <= limit else { throw TransportError.responseTooLarge(limit: limit) }
            body.append(contentsOf: piece.readableBytesView)
        }
        return body
    }

    /// The whole body written to a new file at `path`, refused (and the file removed) as soon as
    /// it is known to exceed `limit`.
    private static func write(_ response: some ReceivedResponse, limit: Int, to path: String) async throws {
        _ = try declaredLength(of: response, limit: limit)
        try await ResponseBodyFile.write(to: path) { write in
            var written = 0
            try await response.forEachPiece { piece in
                written += piece.readableBytes
                guard written <= limit else { throw TransportError.responseTooLarge(limit: limit) }
                try piece.withUnsafeReadableBytes(write)
            }
        }
    }
}
