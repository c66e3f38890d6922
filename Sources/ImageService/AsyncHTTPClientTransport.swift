import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// `HTTPTransport` over AsyncHTTPClient, with a connection pool as wide as the run's
/// concurrency (AsyncHTTPClient's default of 8 per host would cap throughput).
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient

    public init(maxConnectionsPerHost: Int = 8, connectTimeout: Duration = .seconds(10)) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, maxConnectionsPerHost))
        configuration.timeout = .init(connect: Self.timeAmount(connectTimeout))
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Must be called once the transport is no longer needed.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await perform(request) { response in
            Array(buffer: try await response.body.collect(upTo: request.maxResponseBytes))
        }
    }

    /// Runs `request`, hands the response to `readBody`, and maps every failure to a
    /// `TransportError`.
    private func perform(
        _ request: HTTPRequest, readBody: (HTTPClientResponse) async throws -> [UInt8]
    ) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(outgoing, timeout: Self.timeAmount(request.timeout))
            if let length = response.headers.first(name: "content-length").flatMap(Int.init),
                length > request.maxResponseBytes
            {
                throw TransportError.responseTooLarge(limit: request.maxResponseBytes)
            }
            return HTTPResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: try await readBody(response))
        } catch let error as TransportError {
            throw error
        } catch let error as HTTPClientError {
            throw Self.translate(error)
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw TransportError.responseTooLarge(limit: request.maxResponseBytes)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as NIOConnectionError {
            throw TransportError.connectionFailed(String(describing: error))
        } catch ChannelError.connectTimeout {
            throw TransportError.connectionFailed("connect timeout")
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            throw TransportError.connectionFailed(String(describing: error))
        } catch {
            // Anything else may have happened after the request was sent.
            throw TransportError.responseLost(String(describing: error))
        }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    private static func translate(_ error: HTTPClientError) -> TransportError {
        switch error {
        case .connectTimeout, .getConnectionFromPoolTimeout:
            return .connectionFailed(String(describing: error))
        case .readTimeout, .writeTimeout, .deadlineExceeded:
            return .timedOut
        case .invalidURL, .emptyHost, .emptyScheme:
            return .invalidURL(String(describing: error))
        default:
            return .responseLost(String(describing: error))
        }
    }
}
