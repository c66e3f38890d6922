import CatalogTestSupport
import ImageService
import Testing

/// The connection pool under load: at most `maxConnectionsPerOrigin` connections, every queued
/// request served in its turn, and a connection that dies never takes a queued request with it.
struct PooledHTTPTransportPoolTests {
    @Test func moreRequestsThanConnectionsAllComplete() async throws {
        try await withScriptedServer(
            maxConnectionsPerOrigin: 3,
            script: { request in [.pause(.milliseconds(10)), .respond(body: "answer to \(request.target)")] }
        ) { transport, server in
            let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<24 {
                    group.addTask {
                        (index, try await transport.send(get(server.url("/item/\(index)"))).text)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(answers.count == 24)
            for (index, text) in answers { #expect(text == "answer to /item/\(index)") }
            #expect(server.acceptedConnections <= 3)
            #expect(server.requests.count == 24)
        }
    }

    @Test func queuedRequestsAreServedInOrderOnOneConnection() async throws {
        try await withScriptedServer(
            maxConnectionsPerOrigin: 1, script: { request in [.respond(body: "answer to \(request.target)")] }
        ) { transport, server throws in
            let tasks = await startInOrder((0..<5).map { get(server.url("/\($0)")) }, on: transport)
            for (index, task) in tasks.enumerated() { #expect(try await value(of: task).text == "answer to /\(index)") }
            #expect(server.requests.map(\.target) == ["/0", "/1", "/2", "/3", "/4"])
            #expect(server.acceptedConnections == 1)
        }
    }

    /// The first answer's body runs until the server closes, so its connection cannot carry the
    /// request queued behind it: that request gets a new connection instead of failing unsent.
    @Test func requestQueuedBehindABodyUntilCloseGetsANewConnection() async throws {
        try await withScriptedServer(
            maxConnectionsPerOrigin: 1,
            script: { request in
                request.index == 0
                    ? [.send("HTTP/1.1 200 OK\r\n\r\nuntil close"), .close] : [.respond(body: "second")]
            }
        ) { transport, server throws in
            let tasks = await startInOrder([get(server.url("/1")), get(server.url("/2"))], on: transport)
            #expect(try await value(of: tasks[0]).text == "until close")
            #expect(try await value(of: tasks[1]).text == "second")
            #expect(server.requests.map(\.connection) == [1, 2])
        }
    }

    /// Requests queued behind connections that go wrong in every way still get their turn.
    @Test func queuedRequestsSurviveFailingConnections() async throws {
        try await withScriptedServer(
            maxConnectionsPerOrigin: 1,
            script: { request in
                switch request.index {
                case 0: [.reset]
                case 1: [.send("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"), .hang]
                case 2: [.send("garbage\r\n\r\n"), .hang]
                case 3: [.respond(headers: [("Connection", "close")], body: "closing")]
                default: [.respond(body: "fine \(request.index)")]
                }
            }
        ) { transport, server in
            let tasks = await startInOrder(
                (0..<6).map { get(server.url("/\($0)"), maxBytes: 1000) }, on: transport)
            var outcomes: [String] = []
            for task in tasks {
                do {
                    outcomes.append(try await value(of: task).text)
                } catch let error as TransportError {
                    outcomes.append("\(error.case)")
                }
            }
            #expect(outcomes == ["responseLost", "responseTooLarge", "responseLost", "closing", "fine 4", "fine 5"])
            #expect(server.requests.map(\.connection) == [1, 2, 3, 4, 5, 5])
        }
    }

    /// A request's deadline counts while it waits for a connection.
    @Test func queuedRequestTimesOut() async throws {
        let gate = ScriptedHTTPServer.Gate()
        try await withScriptedServer(maxConnectionsPerOrigin: 1, answering: [.wait(gate), .respond(body: "slow")]) {
            transport, server throws in
            let tasks = await startInOrder(
                [
                    get(server.url("/slow")),
                    get(server.url("/queued"), timeout: .milliseconds(200)),
                ],
                on: transport)
            let start = ContinuousClock.now
            #expect(await failure(of: tasks[1]) as? TransportError == .timedOut)
            #expect(start.duration(to: .now) < promptly)
            gate.open()
            #expect(try await value(of: tasks[0]).text == "slow")
            #expect(server.requests.map(\.target) == ["/slow"])
        }
    }

    /// Each origin has its own connections: one origin's full pool does not hold up another's.
    @Test func originsArePooledSeparately() async throws {
        let gate = ScriptedHTTPServer.Gate()
        let other = try await ScriptedHTTPServer.start(answering: [.respond(body: "other")])
        try await withScriptedServer(maxConnectionsPerOrigin: 1, answering: [.wait(gate), .respond(body: "busy")]) {
            transport, server throws in
            let busy = await startInOrder([get(server.url())], on: transport)
            #expect(try await transport.send(get(other.url())).text == "other")
            gate.open()
            #expect(try await value(of: busy[0]).text == "busy")
        }
        await other.stop()
    }
}
