import NIOCore
import NIOPosix
import NIOSSL

/// TLS in front of a plain-HTTP server on loopback (the simulator), with the test authority's
/// certificate for `evolink.test` (`fixtures/tls`): an `https` API origin for tests, trusted only
/// by a client given `fixtures/tls/ca.pem`.
public final class TLSFront: Sendable {
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// The authority that signed the front's certificate: what `SSL_CERT_FILE` must name.
    public static var authorityFile: String { RepositoryPaths.fixture("tls/ca.pem") }

    public static func start(forwardingTo target: Int) async throws -> TLSFront {
        let certificates = try NIOSSLCertificate.fromPEMFile(RepositoryPaths.fixture("tls/evolink-test.pem"))
        let key = try NIOSSLPrivateKey(file: RepositoryPaths.fixture("tls/evolink-test.key"), format: .pem)
        let context = try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: certificates.map { .certificate($0) }, privateKey: .privateKey(key)))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                        try channel.pipeline.syncOperations.addHandler(Forwarder(target: target))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
            return TLSFront(port: port, group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.port = port
        self.group = group
        self.channel = channel
    }

    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// Decrypted bytes to the target and its answers back, through `TestProxy.ServerSide`.
    final class Forwarder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        private let target: Int
        private var peer: (any Channel)?
        private var pending: [ByteBuffer] = []

        init(target: Int) {
            self.target = target
        }

        func channelActive(context: ChannelHandlerContext) {
            TestProxy.ServerSide.connect(to: target, relayingTo: context.channel, on: context.eventLoop)
                .assumeIsolated()
                .whenComplete { result in
                    switch result {
                    case .success(let peer):
                        self.peer = peer
                        for buffer in self.pending { peer.write(buffer, promise: nil) }
                        peer.flush()
                        self.pending = []
                    case .failure:
                        context.close(promise: nil)
                    }
                }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            if let peer { peer.writeAndFlush(buffer, promise: nil) } else { pending.append(buffer) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            peer?.close(promise: nil)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
