import AsyncHTTPClient
import Dispatch
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The HTTP clients of one command, made once from its `NetworkSettings`: one that connects
/// directly and one per proxy in use, all with the same TLS trust, timeouts and limits. A request
/// takes the client its origin is routed to (`NetworkSettings.proxy(for:)`); AsyncHTTPClient has
/// one proxy per client, so `NO_PROXY` is a choice between clients.
public final class HTTPClients: Sendable {
    /// What every client shares besides the network settings.
    public struct Limits: Sendable {
        /// Kept-alive HTTP/1.1 connections per origin (HTTP/2 multiplexes over one).
        public var connectionsPerOrigin: Int
        public var connectTimeout: Duration
        /// A kept-alive connection unused this long is closed rather than reused (under the
        /// common 60 s of servers and proxies, so the client, not the server, ends it).
        public var idleTimeout: Duration
        /// Longest silence while a response streams in; `nil` leaves only each request's deadline.
        public var readTimeout: Duration?

        public init(
            connectionsPerOrigin: Int = 8, connectTimeout: Duration = .seconds(10),
            idleTimeout: Duration = .seconds(50),
            readTimeout: Duration? = nil
        ) {
            self.connectionsPerOrigin = connectionsPerOrigin
            self.connectTimeout = connectTimeout
            self.idleTimeout = idleTimeout
            self.readTimeout = readTimeout
        }
    }

    public let settings: NetworkSettings
    /// A thread of the clients' own: shared with the servers of the same process (the embedded
    /// simulator, the tests' servers), a busy server would hold up the clients' reads and
    /// deadlines, and the clients the server.
    let group: MultiThreadedEventLoopGroup
    /// The limits every client was made with (the forwarding exchange's connect timeout).
    let limits: Limits
    private let direct: HTTPClient
    private let proxied: [ProxyServer: HTTPClient]
    private let isShutDown = Mutex(false)

    /// Throws when the CA bundle cannot be read, before any connection is made.
    public init(settings: NetworkSettings, limits: Limits = Limits()) throws(NetworkSettingsError) {
        self.settings = settings
        self.limits = limits
        let tls = try Self.tlsConfiguration(settings)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.group = group
        direct = HTTPClient(
            eventLoopGroup: group, configuration: Self.configuration(tls: tls, proxy: nil, limits: limits))
        var proxied: [ProxyServer: HTTPClient] = [:]
        for proxy in Set([settings.httpsProxy, settings.httpProxy].compactMap(\.self)) {
            proxied[proxy] = HTTPClient(
                eventLoopGroup: group, configuration: Self.configuration(tls: tls, proxy: proxy, limits: limits))
        }
        self.proxied = proxied
    }

    /// The client for requests to `origin`.
    public func client(for origin: HTTPOrigin) -> HTTPClient {
        settings.proxy(for: origin).flatMap { proxied[$0] } ?? direct
    }

    /// Closes every connection; requests still running fail. Must be called once the clients are
    /// no longer needed; a second call does nothing.
    public func shutdown() async {
        let isFirst = isShutDown.withLock { isShutDown in
            defer { isShutDown = true }
            return !isShutDown
        }
        guard isFirst else { return }
        for client in [direct] + Array(proxied.values) { try? await client.shutdown() }
        try? await group.shutdownGracefully()
    }

    /// An owner that left early (an error thrown between making the clients and `shutdown()`)
    /// must not take the process down with it (AsyncHTTPClient stops a debug build whose client
    /// dies running) nor keep the connections and the thread: the clients are shut down here,
    /// without waiting, and the thread after them.
    deinit {
        guard !isShutDown.withLock({ $0 }) else { return }
        let group = self.group
        let closing = DispatchGroup()
        for client in [direct] + Array(proxied.values) {
            closing.enter()
            client.shutdown { _ in closing.leave() }
        }
        closing.notify(queue: .global()) { group.shutdownGracefully { _ in } }
    }

    private static func tlsConfiguration(_ settings: NetworkSettings) throws(NetworkSettingsError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        guard let path = settings.caBundle else { return tls }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw .invalidCABundle(source: settings.caBundleSource, path: path, reason: "\(error)")
        }
        guard !certificates.isEmpty else {
            throw .invalidCABundle(source: settings.caBundleSource, path: path, reason: "it holds no certificate")
        }
        tls.trustRoots = .certificates(certificates)
        return tls
    }

    private static func configuration(
        tls: TLSConfiguration, proxy: ProxyServer?, limits: Limits
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: TimeAmount(limits.connectTimeout), read: limits.readTimeout.map(TimeAmount.init)),
            decompression: .disabled)
        configuration.proxy = proxy.map { proxy in
            switch proxy.kind {
            case .http:
                .server(
                    host: proxy.host, port: proxy.port,
                    authorization: proxy.username.map { .basic(username: $0, password: proxy.password ?? "") })
            case .socks5: .socksServer(host: proxy.host, port: proxy.port)
            }
        }
        configuration.connectionPool = .init(
            idleTimeout: TimeAmount(limits.idleTimeout),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, limits.connectionsPerOrigin))
        // A connection that cannot be made fails its request at once, as `connectionFailed`, and
        // the caller's retry strategy decides; AsyncHTTPClient's own retries would hold it until
        // the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .automatic
        return configuration
    }
}
