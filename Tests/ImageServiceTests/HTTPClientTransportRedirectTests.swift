import CatalogTestSupport
import ImageService
import Testing

/// Redirects: followed (AsyncHTTPClient's rules), at most five, and credentials never follow a
/// request to another origin.
struct HTTPClientTransportRedirectTests {
    static let authorization = ("Authorization", "Bearer sk-secret")

    func getWithCredentials(_ url: String) -> HTTPRequest {
        HTTPRequest(method: "GET", url: url, headers: [Self.authorization], timeout: patient)
    }

    @Test(arguments: [301, 302, 303, 307, 308])
    func getFollowsARelativeLocation(status: Int) async throws {
        try await withScriptedServer(script: { request in
            request.target == "/start"
                ? [.respond(status, headers: [("Location", "/final?x=1")], body: "moved")]
                : [.respond(body: "arrived at \(request.target)")]
        }) { transport, server in
            let response = try await transport.send(getWithCredentials(server.url("/start")))
            #expect(response.status == 200)
            #expect(response.text == "arrived at /final?x=1")
            #expect(server.requests.map(\.target) == ["/start", "/final?x=1"])
            #expect(server.requests.map(\.method) == ["GET", "GET"])
            // Same origin: the credentials carry over.
            #expect(server.requests.map { $0.header("Authorization") } == ["Bearer sk-secret", "Bearer sk-secret"])
        }
    }

    /// Relative references resolve against the URL that answered (RFC 3986): a sibling, a
    /// parent with dot segments, a new query, a network path to this host.
    @Test(arguments: [
        ("next", "/files/next"), ("../up?x=1", "/up?x=1"), ("./a/../b", "/files/b"), ("?page=2", "/files/start?page=2"),
    ])
    func getFollowsAReferenceRelativeToTheCurrentPath(location: String, arrivesAt: String) async throws {
        try await withScriptedServer(script: { request in
            request.index == 0
                ? [.respond(302, headers: [("Location", location)])]
                : [.respond(body: "arrived at \(request.target)")]
        }) { transport, server in
            let response = try await transport.send(getWithCredentials(server.url("/files/start")))
            #expect(response.text == "arrived at \(arrivesAt)")
            #expect(server.requests.map(\.target) == ["/files/start", arrivesAt])
        }
    }

    @Test func networkPathLocationKeepsTheScheme() async throws {
        try await withScriptedServer(script: { request in
            request.index == 0
                ? [.respond(302, headers: [("Location", "//127.0.0.1:\(request.localPort)/there")])]
                : [.respond(body: "there")]
        }) { transport, server throws in
            #expect(try await transport.send(getWithCredentials(server.url("/start"))).text == "there")
            #expect(server.requests.map(\.target) == ["/start", "/there"])
        }
    }

    @Test func absoluteLocationOnTheSameOriginKeepsCredentials() async throws {
        try await withScriptedServer(script: { request in
            request.index == 0
                ? [.respond(302, headers: [("Location", "http://127.0.0.1:\(request.localPort)/next")])]
                : [.respond(body: "here")]
        }) { transport, server throws in
            #expect(try await transport.send(getWithCredentials(server.url("/start"))).text == "here")
            #expect(server.requests.map { $0.header("Authorization") } == ["Bearer sk-secret", "Bearer sk-secret"])
        }
    }

    /// A → B → A: B is another origin (another port), so it never sees the key, and the key
    /// does not come back for the return to A either.
    @Test func redirectToAnotherOriginDropsCredentials() async throws {
        let other = try await ScriptedHTTPServer.start { request in
            [.respond(307, headers: [("Location", "http://127.0.0.1:\(request.refererPort)/back")])]
        }
        try await withScriptedServer(script: { request in
            request.target == "/start"
                ? [.respond(302, headers: [("Location", other.url("/elsewhere?port=\(request.localPort)"))])]
                : [.respond(body: "back home")]
        }) { transport, server in
            let response = try await transport.send(
                HTTPRequest(
                    method: "GET", url: server.url("/start"),
                    headers: [Self.authorization, ("authorization", "Basic second"), ("X-Trace", "t-1")],
                    timeout: patient))
            #expect(response.text == "back home")
            let away = try #require(other.requests.first)
            #expect(away.headerValues("Authorization").isEmpty)
            #expect(away.header("X-Trace") == "t-1", "other headers are kept")
            #expect(away.headerValues("Host") == ["127.0.0.1:\(other.port)"])
            #expect(server.requests.map(\.target) == ["/start", "/back"])
            #expect(server.requests.map { $0.headerValues("Authorization").count } == [2, 0])
        }
        await other.stop()
    }

    @Test func redirectLoopStopsAfterFiveRedirects() async throws {
        try await withScriptedServer(script: { request in
            [.respond(302, headers: [("Location", "/loop/\(request.index + 1)")])]
        }) { transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url("/loop/0")))
            #expect(error?.case == .responseLost)
            #expect(elapsed < promptly)
            #expect(server.requests.count == 6, "the request and five redirects")
        }
    }

    @Test func fiveRedirectsAreFollowed() async throws {
        try await withScriptedServer(script: { request in
            request.index < 5
                ? [.respond(301, headers: [("Location", "/hop/\(request.index + 1)")])]
                : [.respond(body: "after \(request.target)")]
        }) { transport, server throws in
            #expect(try await transport.send(get(server.url("/hop/0"))).text == "after /hop/5")
        }
    }

    /// A POST follows 307 and 308 with its body and its `Idempotency-Key` (so a redirected paid
    /// submit is still charged once), and becomes a GET after 303, as RFC 9110 says.
    @Test(arguments: [(307, "POST"), (308, "POST"), (303, "GET")])
    func postFollowsARedirectWithItsKey(status: Int, method: String) async throws {
        try await withScriptedServer(script: { request in
            request.target == "/submit"
                ? [.respond(status, headers: [("Location", "/elsewhere")])] : [.respond(body: "arrived")]
        }) { transport, server in
            let response = try await transport.send(
                HTTPRequest(
                    method: "POST", url: server.url("/submit"), headers: [("Idempotency-Key", "cr-7")],
                    body: Array("{}".utf8), timeout: patient))
            #expect(response.text == "arrived")
            let redirected = try #require(server.requests.last)
            #expect(redirected.target == "/elsewhere")
            #expect(redirected.method == method)
            #expect(redirected.header("Idempotency-Key") == "cr-7")
            #expect(redirected.body == (method == "POST" ? Array("{}".utf8) : []))
        }
    }

    /// A `Location` the transport does not follow (not http(s), empty, or none) leaves the
    /// redirect as the answer.
    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/passwd", "", nil] as [String?])
    func unfollowedLocationIsReturned(location: String?) async throws {
        let headers = location.map { [("Location", $0)] } ?? []
        try await withScriptedServer(answering: [.respond(302, headers: headers)]) { transport, server in
            let response = try await transport.send(get(server.url("/start")))
            #expect(response.status == 302)
            #expect(server.requests.count == 1)
        }
    }
}

extension ScriptedHTTPServer.Request {
    /// The port this request was sent to, from its `Host` header.
    var localPort: Int { header("Host").flatMap { $0.split(separator: ":").last }.flatMap { Int($0) } ?? 0 }

    /// The `port` query parameter: where a redirect came from.
    var refererPort: Int {
        target.split(separator: "port=").last.flatMap { Int($0) } ?? 0
    }
}
