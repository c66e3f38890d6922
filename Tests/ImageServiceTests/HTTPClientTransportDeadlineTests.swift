import CatalogTestSupport
import ImageService
import Testing

/// Deadlines, cancellation and refused connections: a request ends on time whatever stage it
/// is in (queued, connecting, waiting for an answer, half-way through one).
struct HTTPClientTransportDeadlineTests {
    @Test func serverThatNeverAnswersTimesOut() async throws {
        try await withScriptedServer(answering: [.hang]) { transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url(), timeout: .milliseconds(300)))
            #expect(error == .timedOut)
            #expect(elapsed >= .milliseconds(250) && elapsed < promptly)
            #expect(await server.waitUntil { $0.closedConnections == 1 }, "a late exchange closes its connection")
        }
    }

    /// The deadline is for the whole exchange, not between bytes. The answer would take 24 s:
    /// far past the deadline even when a loaded machine runs the deadline's timer late.
    @Test func answerThatTricklesPastTheDeadlineTimesOut() async throws {
        let answer = ScriptedHTTPServer.response(body: String(repeating: "s", count: 200))
        try await withScriptedServer(answering: [.trickle(answer, every: .milliseconds(100))]) { transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url(), timeout: .milliseconds(300)))
            #expect(error == .timedOut)
            #expect(elapsed < promptly)
        }
    }

    /// AsyncHTTPClient's own deadline ends with the response head: a body that stalls after a
    /// prompt head, or trickles, still ends at the request's deadline.
    @Test(arguments: [
        ("stalls", [Action.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"), .hang]),
        (
            "trickles",
            [
                .send("HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n"),
                .trickle(Array(String(repeating: "s", count: 300).utf8), every: .milliseconds(100)),
            ]
        ),
    ])
    func aBodyAfterAPromptHeadEndsAtTheDeadline(name: String, actions: [Action]) async throws {
        try await withScriptedServer(answering: actions) { transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url(), timeout: .milliseconds(500)))
            #expect(error == .timedOut, "\(name)")
            #expect(elapsed < promptly)
        }
    }

    /// The deadline is the whole request's: four redirects that each answer within it (8 s of
    /// 9 s), but not all four together (32 s), end in `.timedOut`. The 23 s between the deadline
    /// and the last hop hold on a loaded machine, where the deadline's timer and the cancelling
    /// of the redirect chain wait for the concurrency pool (2 s, then 11 s, were once not enough
    /// while the whole suite ran on two cores).
    @Test func theDeadlineCoversEveryRedirectTogether() async throws {
        try await withScriptedServer(script: { request in
            let hop = Int(request.target.dropFirst()) ?? 0
            return hop < 4
                ? [.pause(.seconds(8)), .respond(302, headers: [("Location", "/\(hop + 1)")])]
                : [.respond(body: "arrived")]
        }) { transport, server in
            let (error, elapsed) = await transportFailure(
                transport, get(server.url("/0"), timeout: .seconds(9)))
            #expect(error == .timedOut)
            #expect(elapsed < promptly)
            #expect(server.requests.count < 5, "the last hop was never asked")
        }
    }

    @Test func cancellingARequestInFlight() async throws {
        try await withScriptedServer(script: { request in request.index == 0 ? [.hang] : [.respond(body: "next")] }) {
            transport, server throws in
            let task = sending(get(server.url()), with: transport)
            #expect(await server.waitUntil { $0.requests.count == 1 })
            #expect(await cancel(task) < promptly)
            #expect(await server.waitUntil { $0.closedConnections == 1 }, "the connection's state is unknown: closed")
            #expect(try await transport.send(get(server.url())).text == "next")
        }
    }

    @Test func deadlineWhileConnecting() async throws {
        // A connect timeout far above the deadline, yet short: shutting the client down waits
        // out the connection attempt.
        try await withScriptedServer(connectTimeout: .seconds(5), stalled: true, answering: [.respond()]) {
            transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url(), timeout: .milliseconds(300)))
            // Never sent, so `connectionFailed` when AsyncHTTPClient says the request waited for
            // its connection; `timedOut` when the deadline found it elsewhere.
            #expect(error?.case == .connectionFailed || error == .timedOut, "\(String(describing: error))")
            #expect(elapsed < promptly, "the request's deadline, not the connect timeout")
        }
    }

    @Test func connectTimeout() async throws {
        try await withScriptedServer(connectTimeout: .milliseconds(300), stalled: true, answering: [.respond()]) {
            transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url()))
            #expect(error?.case == .connectionFailed)
            #expect(elapsed < promptly)
        }
    }

    @Test func closedPortFailsToConnect() async throws {
        let server = try await ScriptedHTTPServer.start(answering: [])
        await server.stop()
        try await withTransport(maxConnectionsPerOrigin: 1) { transport in
            // Several at once, so some wait in the queue for a connection that never comes.
            let results = await withTaskGroup(of: TransportError?.self) { group in
                for _ in 0..<3 {
                    group.addTask { await transportFailure(transport, get(server.url())).error }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.map { $0?.case } == [.connectionFailed, .connectionFailed, .connectionFailed])
        }
    }

    @Test(arguments: [
        "", "example.com/v1", "127.0.0.1:8080/v1", "ftp://example.com/file", "file:///etc/passwd",
        "http://user:pass@example.com/", "http://token@example.com/", "http://example.com/a b",
        "http://example.com/\r\nX-Injected: 1", "http://example.com:0/", "http://example.com:65536/",
        "http://example.com:abc/", "http://example.com:/", "http://:8080/", "http:///path", "http://",
        "http://[::1", "http://[::1]x/", "http:/example.com", "http://example.com:+80/", "http://::1/",
    ])
    func invalidURL(url: String) async throws {
        try await withTransport { transport in
            let (error, _) = await transportFailure(transport, get(url))
            #expect(error == .invalidURL(url))
        }
    }
}
