import CatalogTestSupport
import Foundation
import ImageService
import Testing

/// The transport through a proxy on loopback that alone knows `evolink.test`: a request that
/// arrives went through it, one that bypasses it cannot resolve the name.
struct ProxyTransportTests {
    func withProxy(
        credentials: String? = nil, _ body: (TestProxy, ScriptedHTTPServer) async throws -> Void
    ) async throws {
        let server = try await ScriptedHTTPServer.start { request in [.respond(body: "hello from \(request.target)")] }
        let proxy = try await TestProxy.start(routes: ["evolink.test:80": server.port], credentials: credentials)
        do {
            try await body(proxy, server)
        } catch {
            await proxy.stop()
            await server.stop()
            throw error
        }
        await proxy.stop()
        await server.stop()
    }

    /// An http origin: the request goes to the proxy in absolute form, as curl sends it (a proxy
    /// that allows `CONNECT` only to port 443, squid's default, forwards these), and reaches the
    /// server in origin form with its headers. On main it was tunnelled with `CONNECT`.
    @Test func anHTTPOriginIsForwardedInAbsoluteForm() async throws {
        try await withProxy { proxy, server in
            let settings = try NetworkSettings.environment(["HTTP_PROXY": proxy.url])
            try await withTransport(settings: settings) { transport throws in
                let request = HTTPRequest(
                    method: "POST", url: "http://evolink.test/v1/tasks?x=1",
                    headers: [("Authorization", "Bearer sk-test"), ("Content-Type", "application/json")],
                    body: Array(#"{"a":1}"#.utf8), timeout: patient)
                #expect(try await transport.send(request).text == "hello from /v1/tasks?x=1")
                #expect(proxy.records.map(\.requestLine) == ["POST http://evolink.test/v1/tasks?x=1 HTTP/1.1"])
                let head = try #require(proxy.records.first?.head)
                #expect(head.contains("Host: evolink.test\r\n"), "\(head)")
                let arrived = try #require(server.requests.first)
                #expect(arrived.target == "/v1/tasks?x=1")
                #expect(arrived.header("Authorization") == "Bearer sk-test")
                #expect(String(decoding: arrived.raw, as: UTF8.self).hasSuffix(#"{"a":1}"#))
            }
        }
    }

    /// A forwarded request's redirect is followed (at most five, as AsyncHTTPClient's), its
    /// `Authorization` dropped when the origin changes; a download is written to its file.
    @Test func aForwardedRedirectIsFollowedAndADownloadWritten() async throws {
        let other = try await ScriptedHTTPServer.start { request in
            [.respond(body: "image at \(request.target), key \(request.header("Authorization") ?? "none")")]
        }
        let server = try await ScriptedHTTPServer.start { request in
            request.target == "/moved"
                ? [.respond(302, headers: [("Location", "http://results.test/r/1.png")])]
                : [.respond(307, headers: [("Location", "/moved")])]
        }
        let proxy = try await TestProxy.start(routes: ["evolink.test:80": server.port, "results.test:80": other.port])
        let settings = try NetworkSettings.environment(["HTTP_PROXY": proxy.url])
        let directory = try TemporaryDirectory()
        try await withTransport(settings: settings) { transport throws in
            let request = HTTPRequest(
                method: "GET", url: "http://evolink.test/start#top", headers: [("Authorization", "Bearer sk-test")],
                timeout: patient)
            let response = try await transport.download(request, to: directory.url("result").path)
            #expect(response.status == 200)
            let written = try String(contentsOfFile: directory.url("result").path, encoding: .utf8)
            #expect(written == "image at /r/1.png, key none")
            #expect(
                proxy.records.map(\.requestLine) == [
                    "GET http://evolink.test/start HTTP/1.1", "GET http://evolink.test/moved HTTP/1.1",
                    "GET http://results.test/r/1.png HTTP/1.1",
                ])
        }
        await proxy.stop()
        await server.stop()
        await other.stop()
    }

    /// Hostile answers through the forwarding proxy fail as they do directly: a body cut short,
    /// one over the limit, a redirect loop, and a server that never answers (by the deadline).
    @Test func hostileForwardedAnswersFailCleanly() async throws {
        let server = try await ScriptedHTTPServer.start { request in
            switch request.target {
            case "/truncated": [.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"), .close]
            case "/large": [.respond(body: String(repeating: "x", count: 5000))]
            case "/loop": [.respond(302, headers: [("Location", "/loop")])]
            default: [.hang]
            }
        }
        let proxy = try await TestProxy.start(routes: ["evolink.test:80": server.port])
        let settings = try NetworkSettings.environment(["HTTP_PROXY": proxy.url])
        try await withTransport(settings: settings) { transport throws in
            let truncated = await transportFailure(transport, get("http://evolink.test/truncated")).error
            #expect(truncated?.case == .responseLost, "\(String(describing: truncated))")
            let large = await transportFailure(transport, get("http://evolink.test/large", maxBytes: 1000)).error
            #expect(large?.case == .responseTooLarge, "\(String(describing: large))")
            let loop = await transportFailure(transport, get("http://evolink.test/loop")).error
            #expect(loop?.case == .responseLost, "\(String(describing: loop))")
            #expect(proxy.records.filter { $0.requestLine.contains("/loop") }.count == 6, "the first and five more")
            let silent = await transportFailure(transport, get("http://evolink.test/silent", timeout: .seconds(1)))
            #expect(silent.error?.case == .timedOut, "\(String(describing: silent.error))")
        }
        await proxy.stop()
        await server.stop()
    }

    @Test func credentialsGoToTheProxyOnly() async throws {
        try await withProxy(credentials: "egress:hunter2") { proxy, server in
            let settings = try NetworkSettings.environment([
                "HTTP_PROXY": "http://egress:hunter2@\(proxy.url.dropFirst(7))"
            ])
            try await withTransport(settings: settings) { transport throws in
                #expect(try await transport.send(get("http://evolink.test/x")).text == "hello from /x")
                let head = try #require(proxy.records.first?.head)
                #expect(head.lowercased().contains("proxy-authorization: basic "))
                #expect(head.contains("ZWdyZXNzOmh1bnRlcjI="), "egress:hunter2")
                #expect(server.requests.allSatisfy { $0.header("Proxy-Authorization") == nil })
            }
        }
    }

    @Test func aProxyThatWantsCredentialsSaysSo() async throws {
        try await withProxy(credentials: "egress:hunter2") { proxy, _ in
            let settings = try NetworkSettings.environment(["HTTP_PROXY": proxy.url])
            try await withTransport(settings: settings) { transport throws in
                let (error, _) = await transportFailure(transport, get("http://evolink.test/x"))
                guard case .connectionFailed(let reason)? = error else {
                    Issue.record("expected connectionFailed, got \(String(describing: error))")
                    return
                }
                #expect(reason.contains("407"), "\(reason)")
                #expect(proxy.records.map(\.status) == [407])
            }
        }
    }

    /// `NO_PROXY` names the host: the request goes straight out, where `evolink.test` does not
    /// resolve, and the proxy is never asked.
    @Test func noProxyBypassesTheProxy() async throws {
        try await withProxy { proxy, _ in
            let settings = try NetworkSettings.environment(["HTTP_PROXY": proxy.url, "NO_PROXY": "evolink.test"])
            try await withTransport(settings: settings) { transport throws in
                let (error, _) = await transportFailure(transport, get("http://evolink.test/x"))
                #expect(error?.case == .connectionFailed, "\(String(describing: error))")
                #expect(proxy.records.isEmpty)
            }
        }
    }

    /// Loopback is reached directly whatever the environment says.
    @Test func loopbackIsNeverProxied() async throws {
        try await withProxy { proxy, server in
            let settings = try NetworkSettings.environment(["HTTP_PROXY": proxy.url])
            try await withTransport(settings: settings) { transport throws in
                #expect(try await transport.send(get(server.url("/direct"))).text == "hello from /direct")
                #expect(proxy.records.isEmpty)
            }
        }
    }

    /// An https origin: tunnelled, and TLS checked against the CA bundle, not the proxy.
    @Test func anHTTPSOriginIsCheckedAgainstTheCABundle() async throws {
        try await withProxy { _, server in
            let front = try await TLSFront.start(forwardingTo: server.port)
            let proxy = try await TestProxy.start(routes: ["evolink.test:443": front.port])
            var settings = try NetworkSettings.environment(["HTTPS_PROXY": proxy.url])
            try await withTransport(settings: settings) { transport throws in
                let (error, _) = await transportFailure(transport, get("https://evolink.test/untrusted"))
                #expect(error?.case == .connectionFailed, "unknown authority: \(String(describing: error))")
            }
            settings.caBundle = TLSFront.authorityFile
            try await withTransport(settings: settings) { transport throws in
                #expect(try await transport.send(get("https://evolink.test/trusted")).text == "hello from /trusted")
            }
            #expect(proxy.records.map(\.requestLine) == Array(repeating: "CONNECT evolink.test:443 HTTP/1.1", count: 2))
            #expect(server.requests.map(\.target) == ["/trusted"])
            await proxy.stop()
            await front.stop()
        }
    }
}
