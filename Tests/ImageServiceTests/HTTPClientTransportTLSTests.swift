import CatalogTestSupport
import Foundation
import ImageService
import Testing

/// `https` through AsyncHTTPClient. No certificate authority runs here, so these show
/// the failures: a handshake that fails sent no byte of the request, and says so, so a paid
/// POST is retried under its key rather than left with an unknown outcome.
struct HTTPClientTransportTLSTests {
    /// A plain HTTP server answers the ClientHello with text: the handshake fails at once.
    @Test func aHandshakeThatFailsIsAConnectionFailureNotALostResponse() async throws {
        let plainText = ScriptedHTTPServer.response(body: "not TLS")
        try await withScriptedServer(onConnect: [.send(plainText)], script: { _ in [] }) { transport, server in
            let url = server.url("/v1/images/generations").replacingOccurrences(of: "http://", with: "https://")
            let request = HTTPRequest(
                method: "POST", url: url, headers: [("Idempotency-Key", "cr-1")], body: Array("{}".utf8),
                timeout: patient)
            let (error, elapsed) = await transportFailure(transport, request)
            guard case .connectionFailed(let reason)? = error else {
                Issue.record("expected connectionFailed, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("TLS handshake"), "\(reason)")
            #expect(elapsed < promptly)
            #expect(server.requests.isEmpty, "no HTTP request reached the server")
        }
    }

    /// The server closes the connection during the handshake. AsyncHTTPClient reports the reset
    /// as it would one after the request went out, so the transport cannot claim nothing was sent:
    /// the failure is prompt, no request reached the server, and a paid request keeps its key
    /// (an unknown outcome is recovered under the same key, never resubmitted under a new one).
    @Test func aConnectionClosedDuringTheHandshakeSentNothing() async throws {
        try await withScriptedServer(onConnect: [.close], script: { _ in [] }) { transport, server in
            let url = server.url("/v1/tasks/x").replacingOccurrences(of: "http://", with: "https://")
            let (error, elapsed) = await transportFailure(transport, get(url))
            #expect(error?.case == .connectionFailed || error?.case == .responseLost, "\(String(describing: error))")
            #expect(elapsed < promptly)
            #expect(server.requests.isEmpty, "no HTTP request reached the server")
        }
    }
}
