import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// One request to a plain-http origin through an HTTP proxy, in absolute form
/// (`GET http://host/path HTTP/1.1`), as curl and every HTTP proxy expect for http URLs.
/// AsyncHTTPClient tunnels every proxied request with `CONNECT`, which proxies commonly allow only
/// to port 443 (squid's default), so an http origin behind such a proxy could not be reached.
///
/// One connection per exchange, closed after it (`Connection: close`): no pool, no keep-alive.
/// Redirects are the caller's (`HTTPClientTransport`), who sees them as `.redirect`.
enum ForwardedExchange {
    enum Outcome<T: Sendable>: Sendable {
        case answered(T)
        /// A 3xx answer with a `Location`: the URL it names, resolved against the request's.
        case redirect(status: Int, location: String)
    }

    static func run<T: Sendable>(
        _ request: HTTPRequest, to origin: HTTPOrigin, through proxy: ProxyServer, group: any EventLoopGroup,
        connectTimeout: Duration, read: (ForwardedResponse) async throws -> T
    ) async throws -> Outcome<T> {
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(connectTimeout))
                .connect(host: proxy.host, port: proxy.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw TransportError.reading(error)
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.head(head(of: request, to: origin, through: proxy)))
            if let body = request.body, !body.isEmpty {
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
            }
            try await outbound.write(.end(nil))
            var parts = inbound.makeAsyncIterator()
            var answer: HTTPResponseHead
            repeat {
                guard case .head(let head)? = try await parts.next() else {
                    throw TransportError.responseLost("the proxy closed the connection before the answer arrived")
                }
                answer = head
            } while answer.status.code < 200
            let status = Int(answer.status.code)
            if status == 407 {
                throw TransportError.connectionFailed(
                    "the proxy asks for credentials (HTTP 407): give them in the proxy URL, http://user:password@host:port"
                )
            }
            if [301, 302, 303, 307, 308].contains(status), let location = answer.headers.first(name: "location"),
                let resolved = URL(string: location, relativeTo: URL(string: request.url))?.absoluteString
            {
                return .redirect(status: status, location: resolved)
            }
            return .answered(try await read(ForwardedResponse(head: answer, parts: parts)))
        }
    }

    /// The request line in absolute form, the origin's `Host`, the proxy's credentials (to the
    /// proxy, never the origin's), and `Connection: close`.
    private static func head(
        of request: HTTPRequest, to origin: HTTPOrigin, through proxy: ProxyServer
    )
        -> HTTPRequestHead
    {
        // A fragment is the client's, never sent.
        let target = String(request.url.prefix { $0 != "#" })
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: target)
        let host = origin.host.contains(":") ? "[\(origin.host)]" : origin.host
        head.headers.add(name: "Host", value: origin.port == 80 ? host : "\(host):\(origin.port)")
        for header in request.headers where !Self.setHere.contains(header.name.lowercased()) {
            head.headers.add(name: header.name, value: header.value)
        }
        if let username = proxy.username {
            let credentials = Data("\(username):\(proxy.password ?? "")".utf8).base64EncodedString()
            head.headers.add(name: "Proxy-Authorization", value: "Basic \(credentials)")
        }
        let length = request.body?.count ?? 0
        if length > 0 || request.method == "POST" || request.method == "PUT" {
            head.headers.add(name: "Content-Length", value: String(length))
        }
        head.headers.add(name: "Connection", value: "close")
        return head
    }

    /// Headers this exchange writes itself.
    private static let setHere: Set<String> = [
        "host", "connection", "content-length", "proxy-authorization", "transfer-encoding",
    ]
}

/// An answer that came through a forwarding proxy: its head, then its body piece by piece.
final class ForwardedResponse: ReceivedResponse {
    let statusCode: Int
    let headerList: [(name: String, value: String)]
    private var parts: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator

    init(head: HTTPResponseHead, parts: NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator) {
        statusCode = Int(head.status.code)
        headerList = head.headers.map { ($0.name, $0.value) }
        self.parts = parts
    }

    func forEachPiece(_ read: (ByteBuffer) throws -> Void) async throws {
        while let part = try await parts.next() {
            switch part {
            case .body(let piece): try read(piece)
            case .end: return
            case .head: throw TransportError.responseLost("the proxy sent a second answer")
            }
        }
        throw TransportError.responseLost("the connection closed before the whole answer arrived")
    }
}
