import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// An HTTP proxy on loopback for tests, as a company's egress proxy behaves: it opens `CONNECT`
/// tunnels, records every request head it is sent, and resolves host names itself through
/// `routes`, so a name that resolves nowhere else (`evolink.test`) is reachable only through it.
/// With `credentials` it answers 407 to a `CONNECT` without them.
public final class TestProxy: Sendable {
    /// What the proxy was asked, in order.
    public struct Record: Sendable, Equatable {
        /// The request line, e.g. `CONNECT evolink.test:443 HTTP/1.1`.
        public var requestLine: String
        /// The whole head as it arrived, headers included.
        public var head: String
        /// The answer the proxy gave: 200, 407, 502 (no route) or 405 (not a `CONNECT`).
        public var status: Int
    }

    final class Recorder: Sendable {
        let records = Mutex<[Record]>([])
    }

    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)" }
    private let recorder: Recorder
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Every record so far.
    public var records: [Record] { recorder.records.withLock { $0 } }

    /// `routes` maps `host:port` as the client names it to a port on 127.0.0.1; `credentials`
    /// is `user:password`, expected as `Proxy-Authorization: Basic`.
    public static func start(routes: [String: Int], credentials: String? = nil) async throws -> TestProxy {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorder = Recorder()
        let expected = credentials.map { "Basic " + Data($0.utf8).base64EncodedString() }
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ClientSide(routes: routes, credentials: expected, recorder: recorder))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
            return TestProxy(port: port, recorder: recorder, group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(port: Int, recorder: Recorder, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.port = port
        self.recorder = recorder
        self.group = group
        self.channel = channel
    }

    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}
