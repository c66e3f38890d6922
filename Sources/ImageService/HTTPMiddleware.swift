import CatalogModel

/// A step around every request (authentication, headers, logging), composed in a chain so
/// each concern is one small value instead of code inside the client.
public protocol HTTPMiddleware: Sendable {
    func intercept(
        _ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse
}

/// A transport wrapped in middlewares; the first in the list runs outermost.
public struct MiddlewareTransport: HTTPTransport {
    public let base: any HTTPTransport
    public let middlewares: [any HTTPMiddleware]

    public init(_ base: any HTTPTransport, middlewares: [any HTTPMiddleware]) {
        self.base = base
        self.middlewares = middlewares
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await Self.run(request, middlewares[...], base: base)
    }

    /// Downloads go to result hosts, never the API: straight to the base transport, so no
    /// middleware (authentication least of all) sees them.
    public func download(_ request: HTTPRequest, to path: String) async throws -> HTTPResponse {
        try await base.download(request, to: path)
    }

    private static func run(
        _ request: HTTPRequest, _ remaining: ArraySlice<any HTTPMiddleware>, base: any HTTPTransport
    ) async throws -> HTTPResponse {
        guard let first = remaining.first else { return try await base.send(request) }
        let rest = remaining.dropFirst()
        return try await first.intercept(request) { try await run($0, rest, base: base) }
    }
}

/// Adds `Authorization: Bearer …` to requests for the API's own origins only (scheme, host and
/// port compared exactly), so the key never goes to a result host, a reference host, or a
/// look-alike such as `api.evolink.ai.evil.test`.
public struct BearerAuthMiddleware: HTTPMiddleware {
    public let key: APIKey
    /// Scheme, lower-cased host and port: one light parse per request.
    let origins: Set<HTTPOrigin>

    public init(key: APIKey, forOriginsOf baseURLs: [String]) {
        self.key = key
        self.origins = Set(baseURLs.compactMap { HTTPOrigin(url: $0) })
    }

    public func intercept(
        _ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        // A URL with user info, or not http(s), has no target: never authorized.
        guard let origin = HTTPOrigin(url: request.url), origins.contains(origin) else {
            return try await next(request)
        }
        var request = request
        request.headers.append((name: "Authorization", value: "Bearer \(key.secret)"))
        return try await next(request)
    }
}

/// Identifies the client to the server, for the operator's logs.
public struct UserAgentMiddleware: HTTPMiddleware {
    public let value: String

    public init(_ value: String = "catalog-refresh/\(CatalogRefreshVersion.current)") {
        self.value = value
    }

    public func intercept(
        _ request: HTTPRequest, next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var request = request
        request.headers.append((name: "User-Agent", value: value))
        return try await next(request)
    }
}
