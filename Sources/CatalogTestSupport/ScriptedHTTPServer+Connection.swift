import NIOCore
import Synchronization

#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ScriptedHTTPServer {
    /// One accepted connection: reads requests and plays their scripts, one request at a time.
    final class ConnectionHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let shared: Shared
        private var connection = 0
        private var received: [UInt8] = []
        /// Playing a script: requests that arrive meanwhile wait in `received`.
        private var isBusy = false
        /// Closed, reset or hung: nothing more is read or said.
        private var isDone = false

        init(_ shared: Shared) {
            self.shared = shared
        }

        func channelActive(context: ChannelHandlerContext) {
            connection = shared.state.withLock { state in
                state.accepted += 1
                return state.accepted
            }
            isBusy = true
            play(shared.onConnect[...], context: context)
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            isDone = true
            shared.state.withLock { $0.closed += 1 }
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            received.append(contentsOf: buffer.readableBytesView)
            answerNext(context: context)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }

        private func answerNext(context: ChannelHandlerContext) {
            guard !isBusy, !isDone, let parsed = RequestParser.parse(received) else { return }
            received.removeFirst(parsed.length)
            let request = shared.state.withLock { state in
                let request = Request(
                    connection: connection, index: state.requests.count, raw: parsed.raw, method: parsed.method,
                    target: parsed.target, headers: parsed.headers, body: parsed.body)
                state.requests.append(request)
                return request
            }
            isBusy = true
            play(shared.script(request)[...], context: context)
        }

        private func play(_ actions: ArraySlice<Action>, context: ChannelHandlerContext) {
            guard !isDone else { return }
            guard let action = actions.first else {
                isBusy = false
                answerNext(context: context)
                return
            }
            let rest = actions.dropFirst()
            let loop = context.eventLoop.assumeIsolated()
            switch action {
            case .send(let bytes):
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)))
                    .assumeIsolated().whenComplete { _ in self.play(rest, context: context) }
            case .trickle(let bytes, let interval):
                guard let first = bytes.first else { return play(rest, context: context) }
                let remaining = Array(bytes.dropFirst())
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: [first])), promise: nil)
                let next: ArraySlice<Action> = remaining.isEmpty ? rest : [.trickle(remaining, every: interval)] + rest
                loop.scheduleTask(in: Self.timeAmount(interval)) { self.play(next, context: context) }
            case .pause(let duration):
                loop.scheduleTask(in: Self.timeAmount(duration)) { self.play(rest, context: context) }
            case .wait(let gate):
                let resume = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                gate.whenOpen {
                    resume.eventLoop.execute {
                        let (handler, context) = resume.value
                        handler.play(rest, context: context)
                    }
                }
            case .close:
                isDone = true
                context.close(promise: nil)
            case .reset:
                isDone = true
                let socket = context.channel as? any SocketOptionProvider
                if let socket {
                    socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).assumeIsolated().whenComplete { _ in
                        context.close(promise: nil)
                    }
                } else {
                    context.close(promise: nil)
                }
            case .hang:
                isDone = true
            }
        }

        private static func timeAmount(_ duration: Duration) -> TimeAmount {
            let (seconds, attoseconds) = duration.components
            return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        }
    }
}
