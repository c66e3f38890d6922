import NIOCore
import NIOHTTP1
import NIOTLS

/// The last handler of a pooled HTTP/1.1 connection: sends one request at a time and collects
/// its whole response (up to a byte limit) into the promise it was given. It runs on the
/// connection's event loop only; the pool hands it an exchange and hears back when the
/// connection is free again or gone.
final class HTTPExchangeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    struct Exchange {
        var id: UInt64
        var promise: EventLoopPromise<HTTPResponse>
        var maxBytes: Int
        /// On a reused connection, a request that may be sent twice: if the connection dies
        /// before any of the answer arrives, the pool sends it again (`onResend`) instead of
        /// failing it.
        var mayResend = false
    }

    /// Called once the response ended and the connection may carry another request.
    var onReusable: ((any Channel) -> Void)?
    /// Called once, when the connection closes (the pool forgets it).
    var onClosed: ((any Channel) -> Void)?
    /// Called with an exchange's id when its connection died before answering and the
    /// exchange may be sent again; its promise is then the pool's to complete.
    var onResend: ((UInt64) -> Void)?

    /// A TLS connection whose handshake has not completed: a client sends no application data
    /// before it does, so a failure now left every byte of the request unsent, and is reported
    /// as a failure to connect (a paid POST may then be retried) rather than a lost answer.
    private(set) var awaitsTLSHandshake: Bool

    init(awaitsTLSHandshake: Bool) {
        self.awaitsTLSHandshake = awaitsTLSHandshake
    }

    private(set) var current: Exchange?
    private var head: HTTPResponseHead?
    /// The answer's body, gathered straight from the read buffers: one copy, its capacity
    /// reserved from `Content-Length` (a result image is tens of kilobytes; growing a buffer to
    /// that size, then copying it out, cost as much again).
    private var body: [UInt8] = []
    private var context: ChannelHandlerContext?
    /// A generated image of 1-3 MB fits; a larger body grows as it arrives. (A reservation
    /// takes address space, not memory, until bytes arrive to fill it.)
    private static let largestReservation = 4 << 20

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes `request` and answers `exchange.promise` when its response has ended.
    func start(_ exchange: Exchange, head requestHead: HTTPRequestHead, body requestBody: [UInt8]?) {
        guard let context, context.channel.isActive else {
            // Nothing was written: the caller may send it again, a paid POST included.
            exchange.promise.fail(TransportError.connectionFailed("the connection closed before the request was sent"))
            return
        }
        current = exchange
        head = nil
        body = []
        context.write(wrapOutboundOut(.head(requestHead)), promise: nil)
        if let requestBody, !requestBody.isEmpty {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: requestBody)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange = current else {
            // Nothing was asked: a server talking out of turn is not to be trusted with the next request.
            context.close(promise: nil)
            return
        }
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            if let length = responseHead.headers.first(name: "content-length").flatMap(Int.init) {
                guard length <= exchange.maxBytes else {
                    fail(TransportError.responseTooLarge(limit: exchange.maxBytes), context: context)
                    return
                }
                // Bounded: a hostile length must not reserve the whole limit before any byte came.
                body.reserveCapacity(min(length, Self.largestReservation))
            }
            head = responseHead
        case .body(let chunk):
            guard body.count + chunk.readableBytes <= exchange.maxBytes else {
                fail(TransportError.responseTooLarge(limit: exchange.maxBytes), context: context)
                return
            }
            body.append(contentsOf: chunk.readableBytesView)
        case .end:
            guard let responseHead = head else {
                fail(TransportError.responseLost("a response ended before its head"), context: context)
                return
            }
            current = nil
            let response = HTTPResponse(
                status: Int(responseHead.status.code), headers: responseHead.headers.map { ($0.name, $0.value) },
                body: body)
            body = []
            head = nil
            if responseHead.isKeepAlive {
                onReusable?(context.channel)
            } else {
                context.close(promise: nil)
            }
            exchange.promise.succeed(response)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent { awaitsTLSHandshake = false }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if awaitsTLSHandshake {
            fail(TransportError.connectionFailed("the TLS handshake failed: \(error)"), context: context)
            return
        }
        if resendIfUnanswered() {
            context.close(promise: nil)
            return
        }
        fail(TransportError.responseLost(String(describing: error)), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if awaitsTLSHandshake, let exchange = current {
            current = nil
            exchange.promise.fail(TransportError.connectionFailed("the connection closed during the TLS handshake"))
        } else if !resendIfUnanswered(), let exchange = current {
            current = nil
            exchange.promise.fail(TransportError.responseLost("the server closed the connection before answering"))
        }
        onClosed?(context.channel)
        onClosed = nil
        context.fireChannelInactive()
    }

    /// Hands the exchange back to the pool to send again, if it may be and nothing of its answer
    /// has arrived.
    private func resendIfUnanswered() -> Bool {
        guard let exchange = current, exchange.mayResend, head == nil, let onResend else { return false }
        current = nil
        onResend(exchange.id)
        return true
    }

    /// Ends the exchange in progress (if it is `id`, or any when `id` is nil) with `error` and
    /// closes the connection: its state is unknown.
    func abort(_ id: UInt64?, with error: any Error) {
        guard let context, let exchange = current, id == nil || exchange.id == id else { return }
        fail(error, context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        if let exchange = current {
            current = nil
            exchange.promise.fail(error)
        }
        context.close(promise: nil)
    }
}
