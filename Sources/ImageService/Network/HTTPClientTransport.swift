import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The real `HTTPTransport`: AsyncHTTPClient, through the proxy the request's origin is routed
/// to, HTTP/2 where the server offers it, redirects followed (at most five, credentials dropped
/// on a change of origin). A response body is read up to the request's limit, and the request's
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
        // The same strict reading as the bearer middleware's: a URL it refuses (user info,
        // control characters) is not sent at all.
        guard let origin = HTTPOrigin(url: request.url) else { throw TransportError.invalidURL(request.url) }
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
        do {
            let response = try await clients.client(for: origin).execute(outgoing, deadline: deadline)
            let body = try await Self.body(of: response, limit: request.maxResponseBytes, until: end)
            return HTTPResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: body)
        } catch {
            throw TransportError.reading(error)
        }
    }

    /// The whole body by `end`, or `timedOut`: AsyncHTTPClient's deadline ends with the response
    /// head, and a server that answers at once and then stalls or trickles its body must not hold
    /// a request (a download's slot) past its timeout.
    private static func body(
        of response: HTTPClientResponse, limit: Int, until end: ContinuousClock.Instant
    ) async throws -> [UInt8] {
        try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask { try await body(of: response, limit: limit) }
            group.addTask {
                try await Task.sleep(until: end, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let body = first else { throw TransportError.timedOut }
            return body
        }
    }

    /// The whole body, refused as soon as it is known to exceed `limit` (by its `Content-Length`
    /// or as it arrives).
    private static func body(of response: HTTPClientResponse, limit: Int) async throws -> [UInt8] {
        let declared = response.headers.first(name: "content-length").flatMap(Int.init)
        if let declared, declared > limit { throw TransportError.responseTooLarge(limit: limit) }
        var body: [UInt8] = []
        if let declared, declared > 0 { body.reserveCapacity(declared) }
        for try await piece in response.body {
            guard body.count + piece.readableBytes <= limit else { throw TransportError.responseTooLarge(limit: limit) }
            body.append(contentsOf: piece.readableBytesView)
        }
        return body
    }
}
