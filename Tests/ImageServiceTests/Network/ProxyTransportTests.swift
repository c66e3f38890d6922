import CatalogTestSupport
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

    @Test func anHTTPOriginGoesThroughATunnel() async throws {
        try await withProxy { proxy, server in
            let settings = try NetworkSettings.environment(["HTTP_PROXY": proxy.url])
            try await withTransport(settings: settings) { transport throws in
                let request = HTTPRequest(
                    method: "GET", url: "http://evolink.test/v1/tasks/t-1",
                    headers: [("Authorization", "Bearer sk-never-to-the-proxy")], timeout: patient)
                #expect(try await transport.send(request).text == "hello from /v1/tasks/t-1")
                #expect(proxy.records.map(\.requestLine) == ["CONNECT evolink.test:80 HTTP/1.1"])
                #expect(proxy.records.allSatisfy { !$0.head.contains("sk-never-to-the-proxy") })
                #expect(server.requests.first?.header("Authorization") == "Bearer sk-never-to-the-proxy")
            }
        }
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
