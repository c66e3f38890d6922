import CatalogTestSupport
import ImageService
import Testing

/// Deadlines, cancellation and refused connections: a request ends on time whatever stage it
/// is in (queued, connecting, waiting for an answer, half-way through one).
struct PooledHTTPTransportDeadlineTests {
    @Test func serverThatNeverAnswersTimesOut() async throws {
        try await withScriptedServer(answering: [.hang]) { transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url(), timeout: .milliseconds(300)))
            #expect(error == .timedOut)
            #expect(elapsed >= .milliseconds(250) && elapsed < promptly)
            #expect(await server.waitUntil { $0.closedConnections == 1 }, "a late exchange closes its connection")
        }
    }

    /// The deadline is for the whole exchange, not between bytes.
    @Test func answerThatTricklesPastTheDeadlineTimesOut() async throws {
        let answer = ScriptedHTTPServer.response(body: String(repeating: "s", count: 200))
        try await withScriptedServer(answering: [.trickle(answer, every: .milliseconds(20))]) { transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url(), timeout: .milliseconds(300)))
            #expect(error == .timedOut)
            #expect(elapsed < promptly)
        }
    }

    /// The deadline is the whole request's: four redirects that each answer well within it,
    /// but not all four together, end in `.timedOut` (each hop used to get the full timeout).
    @Test func theDeadlineCoversEveryRedirectTogether() async throws {
        try await withScriptedServer(script: { request in
            let hop = Int(request.target.dropFirst()) ?? 0
            return hop < 4
                ? [.pause(.milliseconds(400)), .respond(302, headers: [("Location", "/\(hop + 1)")])]
                : [.respond(body: "arrived")]
        }) { transport, server in
            let (error, elapsed) = await transportFailure(
                transport, get(server.url("/0"), timeout: .milliseconds(1000)))
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

    /// A request queued behind a busy connection leaves the queue when cancelled; the busy one
    /// is untouched and its connection serves the next request.
    @Test func cancellingAQueuedRequest() async throws {
        let gate = ScriptedHTTPServer.Gate()
        try await withScriptedServer(
            maxConnectionsPerOrigin: 1,
            script: { request in
                request.index == 0 ? [.wait(gate), .respond(body: "first")] : [.respond(body: "later")]
            }
        ) { transport, server throws in
            let tasks = await startInOrder(
                [get(server.url("/busy")), get(server.url("/queued"))],
                on: transport)
            #expect(await server.waitUntil { $0.requests.count == 1 })
            #expect(await cancel(tasks[1]) < promptly)
            gate.open()
            #expect(try await value(of: tasks[0]).text == "first")
            #expect(try await transport.send(get(server.url())).text == "later")
            #expect(server.requests.map(\.target) == ["/busy", "/"], "the cancelled request was never sent")
            #expect(server.acceptedConnections == 1)
        }
    }

    /// Cancelled before it starts: the request must not go on to completion regardless.
    @Test func requestFromAnAlreadyCancelledTask() async throws {
        try await withScriptedServer(answering: [.pause(.milliseconds(200)), .respond(body: "too late")]) {
            transport, server in
            let task = Task(executorPreference: transport.preferredTaskExecutor) {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await transport.send(get(server.url()))
            }
            #expect(await failure(of: task) is CancellationError)
        }
    }

    @Test func cancellingARequestWhileItConnects() async throws {
        try await withScriptedServer(connectTimeout: patient, stalled: true, answering: [.respond()]) {
            transport, server in
            let tasks = await startInOrder([get(server.url())], on: transport)
            #expect(await cancel(tasks[0]) < promptly)
        }
    }

    @Test func deadlineWhileConnecting() async throws {
        try await withScriptedServer(connectTimeout: patient, stalled: true, answering: [.respond()]) {
            transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url(), timeout: .milliseconds(300)))
            #expect(error == .timedOut)
            #expect(elapsed < promptly, "the request's deadline, not the connect timeout")
        }
    }

    /// The connect outlives the request it was for: once it succeeds, the connection serves the
    /// request waiting for that origin instead of holding its slot for nobody.
    @Test func connectionOpenedAfterItsRequestEndedServesTheNext() async throws {
        try await withScriptedServer(
            maxConnectionsPerOrigin: 1, connectTimeout: patient, stalled: true,
            script: { request in [.respond(body: "answer to \(request.target)")] }
        ) { transport, server throws in
            let (error, _) = await transportFailure(transport, get(server.url("/gave-up"), timeout: .milliseconds(100)))
            #expect(error == .timedOut)
            let next = await startInOrder([get(server.url("/next"))], on: transport)
            await server.startAccepting()
            // The kernel retries the pending connect about a second after it began.
            #expect(try await value(of: next[0], within: .seconds(30)).text == "answer to /next")
            #expect(server.requests.map(\.target) == ["/next"], "the abandoned request was never sent")
            #expect(server.acceptedConnections == 2, "the server's own backlog filler, and one from the client")
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

    @Test func shutdownFailsARequestStillConnecting() async throws {
        try await withScriptedServer(connectTimeout: patient, stalled: true, answering: [.respond()]) {
            transport, server in
            let tasks = await startInOrder([get(server.url())], on: transport)
            let start = ContinuousClock.now
            await transport.shutdown()
            #expect((await failure(of: tasks[0]) as? TransportError)?.case == .connectionFailed)
            #expect(start.duration(to: .now) < promptly)
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

    /// A task running on the transport's own thread may shut it down: the thread stops, and
    /// the task (and any other preferring that thread) goes on elsewhere.
    @Test func shutdownAwaitedOnTheTransportsOwnThreadReturns() async throws {
        let transport = PooledHTTPTransport()
        let executor = try #require(transport.preferredTaskExecutor)
        let onItsThread = Task(executorPreference: executor) { () async throws in
            await transport.shutdown()
            // Suspends again after the loop stopped: it must still resume.
            try await Task.sleep(for: .milliseconds(1))
            return true
        }
        #expect(await outcome(of: onItsThread, within: promptly) != nil, "the task never resumed")
    }

    /// Shutdown fails the queued request at once and ends the one in flight; a later request
    /// fails at once too (it is not handed to the stopped thread), and a second shutdown returns.
    @Test func shutdownFailsWaitingRequests() async throws {
        try await withScriptedServer(maxConnectionsPerOrigin: 1, answering: [.hang]) { transport, server in
            let tasks = await startInOrder([get(server.url("/running")), get(server.url("/queued"))], on: transport)
            #expect(await server.waitUntil { $0.requests.count == 1 })
            let start = ContinuousClock.now
            await transport.shutdown()
            #expect((await failure(of: tasks[1]) as? TransportError)?.case == .connectionFailed)
            #expect(await failure(of: tasks[0]) != nil)
            #expect(start.duration(to: .now) < promptly)
            let (after, elapsed) = await transportFailure(transport, get(server.url("/after")))
            #expect(after?.case == .connectionFailed)
            #expect(elapsed < promptly)
            let again = Task(executorPreference: testExecutor) { () async throws in await transport.shutdown() }
            #expect(await outcome(of: again, within: promptly) != nil)
            #expect(server.requests.map(\.target) == ["/running"])
        }
    }
}
