import CatalogTestSupport
import ImageService
import Testing

/// `HTTPClientTransport` against a server that hangs up, lies about lengths, sends too much or
/// sends garbage: every case ends in a `TransportError` well within the request's deadline
/// (a hang would end as `.timedOut` and fail the test), and the pool stays usable.
struct HTTPClientTransportHostileTests {
    static let hangUps: [(String, [Action])] = [
        ("close before answering", [.close]),
        ("reset before answering", [.reset]),
        ("close inside the status line", [.send("HTTP/1.1 20"), .close]),
        ("close inside the headers", [.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-"), .close]),
        (
            "close inside a Content-Length body",
            [.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"), .close]
        ),
        (
            "reset inside a Content-Length body",
            [.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"), .reset]
        ),
        ("close inside a chunk", [.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nabc"), .close]),
        (
            "close before the last chunk",
            [.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"), .close]
        ),
    ]

    @Test(arguments: hangUps)
    func serverHangsUpMidResponse(name: String, actions: [Action]) async throws {
        try await withScriptedServer(script: { request in request.index == 0 ? actions : [.respond(body: "fine")] }) {
            transport, server throws in
            let (error, elapsed) = await transportFailure(transport, get(server.url()))
            #expect(error?.case == .responseLost, "\(name): \(String(describing: error))")
            #expect(elapsed < promptly)
            // The pool forgot the dead connection.
            #expect(try await transport.send(get(server.url())).text == "fine")
        }
    }

    /// A server that says keep-alive and then closes the idle connection: the next request goes
    /// out on a new connection and succeeds, or, when it crossed the close on its way out (the
    /// client had not read it yet), fails as a lost answer that the caller's retry repeats, and
    /// that repeat succeeds. The dead connection is never used twice.
    @Test func idleConnectionClosedByTheServer() async throws {
        try await withScriptedServer(script: { _ in [.respond(body: "answer"), .close] }) {
            transport, server throws in
            #expect(try await transport.send(get(server.url())).text == "answer")
            #expect(await server.waitUntil { $0.closedConnections == 1 })
            do {
                #expect(try await transport.send(get(server.url())).text == "answer")
            } catch TransportError.responseLost {
                #expect(try await transport.send(get(server.url())).text == "answer")
            }
            #expect(server.acceptedConnections == 2)
        }
    }

    @Test func contentLengthOverTheLimitIsRefusedBeforeTheBody() async throws {
        try await withScriptedServer(script: { request in
            request.index == 0
                ? [.send("HTTP/1.1 200 OK\r\nContent-Length: 1001\r\n\r\n"), .hang]
                : [.respond(body: String(repeating: "x", count: 1000))]
        }) { transport, server throws in
            let (error, elapsed) = await transportFailure(transport, get(server.url(), maxBytes: 1000))
            #expect(error == .responseTooLarge(limit: 1000))
            #expect(elapsed < promptly, "refused from the head, without waiting for the body")
            #expect(await server.waitUntil { $0.closedConnections == 1 }, "the connection is dropped")
            // Exactly the limit is fine.
            #expect(try await transport.send(get(server.url(), maxBytes: 1000)).body.count == 1000)
        }
    }

    /// A length no buffer could hold is refused from the head like any other too-large one.
    @Test func contentLengthOfIntMax() async throws {
        try await withScriptedServer(answering: [
            .send("HTTP/1.1 200 OK\r\nContent-Length: \(Int.max)\r\n\r\nabc"), .hang,
        ]) { transport, server in
            let (error, _) = await transportFailure(transport, get(server.url(), maxBytes: 1 << 30))
            #expect(error == .responseTooLarge(limit: 1 << 30))
        }
    }

    @Test func chunkedBodyGrowingPastTheLimit() async throws {
        let chunk = "100\r\n" + String(repeating: "c", count: 256) + "\r\n"
        try await withScriptedServer(answering: [
            .send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"),
            .send(String(repeating: chunk, count: 3)), .pause(.milliseconds(5)),
            .send(String(repeating: chunk, count: 100)), .hang,
        ]) { transport, server in
            let (error, elapsed) = await transportFailure(transport, get(server.url(), maxBytes: 1024))
            #expect(error == .responseTooLarge(limit: 1024))
            #expect(elapsed < promptly)
            #expect(await server.waitUntil { $0.closedConnections == 1 })
        }
    }

    @Test func bodyUntilCloseGrowingPastTheLimit() async throws {
        try await withScriptedServer(answering: [
            .send("HTTP/1.0 200 OK\r\n\r\n"), .send(String(repeating: "u", count: 2048)), .hang,
        ]) { transport, server in
            let (error, _) = await transportFailure(transport, get(server.url(), maxBytes: 1024))
            #expect(error == .responseTooLarge(limit: 1024))
        }
    }

    static let garbage: [(String, [UInt8])] = [
        ("not HTTP at all", Array("hello there\r\n\r\n".utf8)),
        ("another protocol's greeting", Array("SSH-2.0-OpenSSH_9.6\r\n".utf8)),
        ("binary", (0..<64).map { UInt8($0 * 4) }),
        ("a status that is not a number", Array("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n".utf8)),
        ("an unknown HTTP version", Array("HTTP/7.1 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)),
        ("a negative Content-Length", Array("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n".utf8)),
        ("a Content-Length that is not a number", Array("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n".utf8)),
        (
            "two different Content-Lengths",
            Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc".utf8)
        ),
        ("a header line without a colon", Array("HTTP/1.1 200 OK\r\nnonsense\r\nContent-Length: 0\r\n\r\n".utf8)),
        (
            "a chunk size that is not hex",
            Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n".utf8)
        ),
        (
            "a Content-Length too large for any integer",
            Array("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n".utf8)
        ),
        (
            "a chunk size too large for any integer",
            Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nabc\r\n".utf8)
        ),
        (
            "both chunked and Content-Length",
            Array(
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8)
        ),
        ("a NUL in a header", Array("HTTP/1.1 200 OK\r\nX-A: a\u{0}b\r\nContent-Length: 0\r\n\r\n".utf8)),
        (
            "a header larger than 80 KiB",
            Array(("HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "b", count: 100_000) + "\r\n\r\n").utf8)
        ),
    ]

    /// Whatever the bytes, the answer is `.responseLost` as soon as they are read: no crash, no
    /// hang until the deadline, and the connection is not used again.
    @Test(arguments: garbage)
    func garbageInsteadOfAResponse(name: String, bytes: [UInt8]) async throws {
        try await withScriptedServer(script: { request in
            request.index == 0 ? [.send(bytes), .hang] : [.respond(body: "fine")]
        }) { transport, server throws in
            let (error, elapsed) = await transportFailure(transport, get(server.url()))
            #expect(error?.case == .responseLost, "\(name): \(String(describing: error))")
            #expect(elapsed < promptly)
            #expect(await server.waitUntil { $0.closedConnections == 1 }, "\(name): the connection is dropped")
            #expect(try await transport.send(get(server.url())).text == "fine")
        }
    }
}
