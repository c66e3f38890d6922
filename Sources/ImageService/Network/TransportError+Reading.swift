import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

extension TransportError {
    /// What AsyncHTTPClient (or NIO below it) reported, as the client's classification needs it.
    /// `connectionFailed` only where no byte of the request can have been sent (connecting, the
    /// proxy's tunnel, the TLS handshake): a paid request is then retried under its key; any
    /// other failure may have reached the server and is `responseLost`.
    static func reading(_ error: any Error) -> any Error {
        switch error {
        case is CancellationError, is TransportError:
            return error
        case let error as HTTPClientError:
            return reading(error)
        case is NIOConnectionError, is SocketAddressError:
            return TransportError.connectionFailed("\(error)")
        case let error as IOError where Self.refusedBeforeSending.contains(error.errnoCode):
            return TransportError.connectionFailed("\(error)")
        case ChannelError.connectTimeout:
            return TransportError.connectionFailed("no connection within the connect timeout")
        case let error as NIOSSLError:
            switch error {
            case .handshakeFailed, .unableToValidateCertificate, .noCertificateToValidate, .cannotMatchULabel:
                return TransportError.connectionFailed("the TLS handshake failed: \(error)")
            default:
                return TransportError.responseLost("TLS: \(error)")
            }
        default:
            return TransportError.responseLost("\(error)")
        }
    }

    /// Errors a connection attempt ends with: nothing was sent on it.
    private static let refusedBeforeSending: Set<Int32> = [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL]

    private static func reading(_ error: HTTPClientError) -> any Error {
        switch error {
        case .cancelled:
            CancellationError()
        case .deadlineExceeded, .readTimeout, .writeTimeout:
            TransportError.timedOut
        case .connectTimeout:
            TransportError.connectionFailed("no connection within the connect timeout")
        case .getConnectionFromPoolTimeout:
            // The request's deadline passed while it waited for a connection: it was never sent.
            TransportError.connectionFailed("no connection before the request's deadline")
        case .tlsHandshakeTimeout:
            TransportError.connectionFailed("the TLS handshake did not finish in time")
        case .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
            TransportError.connectionFailed("the proxy did not open a tunnel in time")
        case .proxyAuthenticationRequired:
            TransportError.connectionFailed(
                "the proxy asks for credentials (HTTP 407): give them in the proxy URL, http://user:password@host:port")
        case .invalidProxyResponse:
            TransportError.connectionFailed("the proxy refused to open a tunnel (CONNECT) to the server")
        case .alreadyShutdown:
            TransportError.connectionFailed("the HTTP client was shut down")
        case .invalidURL, .emptyHost, .emptyScheme:
            TransportError.invalidURL("\(error)")
        case .redirectLimitReached, .redirectCycleDetected:
            TransportError.responseLost("more than 5 redirects, or a redirect loop")
        case .remoteConnectionClosed:
            TransportError.responseLost("the server closed the connection")
        default:
            TransportError.responseLost("\(error)")
        }
    }
}
