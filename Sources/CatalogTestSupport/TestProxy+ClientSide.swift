import NIOCore
import NIOPosix
import Synchronization

extension TestProxy {
    /// The client's connection: a request head, then (after a `CONNECT`) bytes both ways.
    final class ClientSide: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private enum Phase {
            case head(ByteBuffer)
            case connecting(pending: [ByteBuffer])
            case tunnelling(any Channel)
            case done
        }

        private let routes: [String: Int]
        private let credentials: String?
        private let recorder: Recorder
        private var phase = Phase.head(ByteBuffer())
        /// The head to send the server of a request in absolute form, rewritten.
        private var forwarding: ByteBuffer?

        init(routes: [String: Int], credentials: String?, recorder: Recorder) {
            self.routes = routes
            self.credentials = credentials
            self.recorder = recorder
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var incoming = unwrapInboundIn(data)
            switch phase {
            case .head(var buffer):
                buffer.writeBuffer(&incoming)
                let bytes = Array(buffer.readableBytesView)
                guard let end = Self.headEnd(in: bytes) else {
                    phase = .head(buffer)
                    return
                }
                buffer.moveReaderIndex(forwardBy: end)
                open(String(decoding: bytes[..<end], as: UTF8.self), rest: buffer, context: context)
            case .connecting(var pending):
                pending.append(incoming)
                phase = .connecting(pending: pending)
            case .tunnelling(let peer):
                peer.writeAndFlush(incoming, promise: nil)
            case .done:
                break
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            if case .tunnelling(let peer) = phase { peer.close(promise: nil) }
            phase = .done
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }

        private func open(_ head: String, rest: ByteBuffer, context: ChannelHandlerContext) {
            let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
            let requestLine = String(lines.first ?? "")
            let parts = requestLine.split(separator: " ")
            let authorization = lines.dropFirst().first { $0.lowercased().hasPrefix("proxy-authorization:") }
                .map { $0.drop { $0 != ":" }.dropFirst().trimmingPrefix(" ") }.map(String.init)
            let status: Int
            var target: Int?
            // `CONNECT host:port`, or a request in absolute form (`GET http://host/path`), which
            // is forwarded with its request line in origin form and without the proxy's header.
            let absolute = parts.count == 3 && parts[0] != "CONNECT" ? Self.absoluteTarget(String(parts[1])) : nil
            let authority = parts.count == 3 && parts[0] == "CONNECT" ? String(parts[1]) : absolute?.authority
            if parts.count != 3 || authority == nil {
                status = 405
            } else if let credentials, authorization != credentials {
                status = 407
            } else if let authority, let port = routes[authority.lowercased()] {
                (status, target) = (200, port)
            } else {
                status = 502
            }
            if let absolute, target != nil {
                let kept = lines.dropFirst().filter { !$0.lowercased().hasPrefix("proxy-authorization:") }
                let line = "\(parts[0]) \(absolute.path) \(parts[2])"
                forwarding = ByteBuffer(string: ([line] + kept.map(String.init)).joined(separator: "\r\n"))
            }
            recorder.records.withLock {
                $0.append(Record(requestLine: requestLine, head: head, status: status))
            }
            guard let target else {
                let reason = [405: "Method Not Allowed", 407: "Proxy Authentication Required", 502: "Bad Gateway"]
                let extra = status == 407 ? "Proxy-Authenticate: Basic realm=\"test\"\r\n" : ""
                let answer = "HTTP/1.1 \(status) \(reason[status] ?? "")\r\n\(extra)Content-Length: 0\r\n\r\n"
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer)), promise: nil)
                phase = .done
                return
            }
            phase = .connecting(pending: rest.readableBytes > 0 ? [rest] : [])
            ServerSide.connect(to: target, relayingTo: context.channel, on: context.eventLoop)
                .assumeIsolated()
                .whenComplete { result in self.connected(result, context: context) }
        }

        private func connected(_ result: Result<any Channel, any Error>, context: ChannelHandlerContext) {
            guard case .connecting(let pending) = phase else {
                if case .success(let peer) = result { peer.close(promise: nil) }
                return
            }
            switch result {
            case .success(let peer):
                phase = .tunnelling(peer)
                if let forwarding {
                    peer.write(forwarding, promise: nil)
                } else {
                    let established = "HTTP/1.1 200 Connection established\r\n\r\n"
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: established)), promise: nil)
                }
                for buffer in pending { peer.write(buffer, promise: nil) }
                peer.flush()
            case .failure:
                let answer = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer)), promise: nil)
                context.close(promise: nil)
                phase = .done
            }
        }

        /// `http://host[:port]/path` as `host:port` (port 80 by default) and `/path`.
        private static func absoluteTarget(_ target: String) -> (authority: String, path: String)? {
            guard target.hasPrefix("http://") else { return nil }
            let rest = target.dropFirst(7)
            let hostPort = rest.prefix { $0 != "/" && $0 != "?" }
            let path = rest.dropFirst(hostPort.count)
            guard !hostPort.isEmpty else { return nil }
            let authority = hostPort.contains(":") ? String(hostPort) : "\(hostPort):80"
            return (authority, path.isEmpty ? "/" : (path.hasPrefix("?") ? "/" + path : String(path)))
        }

        private static func headEnd(in bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4)
            where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index + 4
            }
            return nil
        }
    }

    /// The connection to the routed server: what it says goes back to the client.
    final class ServerSide: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        private let client: any Channel

        init(client: any Channel) {
            self.client = client
        }

        /// A connection to `port` on 127.0.0.1 whose answers go to `client`.
        static func connect(
            to port: Int, relayingTo client: any Channel, on loop: any EventLoop
        ) -> EventLoopFuture<any Channel> {
            ClientBootstrap(group: loop)
                .channelInitializer { peer in
                    peer.eventLoop.makeCompletedFuture {
                        try peer.pipeline.syncOperations.addHandler(ServerSide(client: client))
                    }
                }
                .connect(host: "127.0.0.1", port: port)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            client.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            client.close(promise: nil)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
