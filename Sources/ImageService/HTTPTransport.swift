import Foundation

/// An HTTP request as the client builds it: small enough to log (without secrets) and to
/// replay in tests.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// The whole exchange, redirects included, must finish within this.
    public var timeout: Duration
    /// A response body larger than this is refused rather than buffered.
    public var maxResponseBytes: Int

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        timeout: Duration = .seconds(30), maxResponseBytes: Int = 1 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A failure below HTTP: nothing (or nothing whole) came back.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Could not connect, or the connection failed before any byte of the request went out (in
    /// the TLS handshake, say): the request was certainly not processed.
    case connectionFailed(String)
    /// The request may have been sent; its answer was lost.
    case responseLost(String)
    case timedOut
    case responseTooLarge(limit: Int)
    case invalidURL(String)
    /// A download's body could not be written to its file (the disk is full, say): the system's
    /// reason.
    case cannotWriteBody(String)

    public var description: String {
        switch self {
        case .connectionFailed(let reason): "could not connect: \(reason)"
        case .responseLost(let reason): "the connection dropped before the answer arrived: \(reason)"
        case .timedOut: "no answer within the timeout"
        case .responseTooLarge(let limit): "the response is larger than \(limit) bytes"
        case .invalidURL(let url): "invalid URL \(url)"
        case .cannotWriteBody(let reason): "the download could not be written to disk: \(reason)"
        }
    }
}

/// The one seam between the client and the network: send a request, get a whole response.
/// `HTTPClientTransport` (AsyncHTTPClient) is the real one; tests script their own.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Like `send`, for a result file on a host that is not the API's: a wrapping transport
    /// passes it straight to its base (no middleware, so no credentials, sees it). A 2xx body is
    /// written to a new file at `path` as it arrives (at most `maxResponseBytes`) and the
    /// response comes back without it; any other answer keeps its body and leaves no file, as
    /// does any failure.
    func download(_ request: HTTPRequest, to path: String) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// A transport that only sends whole answers downloads as it sends, then writes the body.
    public func download(_ request: HTTPRequest, to path: String) async throws -> HTTPResponse {
        var response = try await send(request)
        guard (200..<300).contains(response.status) else { return response }
        let body = response.body
        try await ResponseBodyFile.write(to: path) { write in try body.withUnsafeBytes(write) }
        response.body = []
        return response
    }
}
