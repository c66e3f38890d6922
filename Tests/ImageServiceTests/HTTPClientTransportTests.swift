import CatalogTestSupport
import ImageService
import Testing

/// `HTTPClientTransport` against a well-behaved (if terse) server on 127.0.0.1: how a response
/// is framed, what the request looks like on the wire, when a connection is reused.
struct HTTPClientTransportTests {
    @Test func contentLengthResponse() async throws {
        try await withScriptedServer(answering: [
            .respond(200, headers: [("Content-Type", "text/plain"), ("X-Trace", "abc")], body: "hello")
        ]) { transport, server in
            let response = try await transport.send(get(server.url("/v1/tasks/t-1?verbose=1#ignored")))
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response.header("x-trace") == "abc")
            #expect(response.header("content-length") == "5")

            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.target == "/v1/tasks/t-1?verbose=1")
            #expect(request.headerValues("Host") == ["127.0.0.1:\(server.port)"])
            #expect(request.rawText.hasPrefix("GET /v1/tasks/t-1?verbose=1 HTTP/1.1\r\n"))
            #expect(request.body.isEmpty)
        }
    }

    @Test func chunkedResponseWithExtensionsAndTrailers() async throws {
        try await withScriptedServer(answering: [
            .send(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 1\r\n\r\n")
        ]) { transport, server in
            let response = try await transport.send(get(server.url()))
            #expect(response.status == 200)
            #expect(response.text == "hello world")
            // The connection stays open for the next request.
            #expect(try await transport.send(get(server.url())).text == "hello world")
            #expect(server.acceptedConnections == 1)
        }
    }

    /// Neither `Content-Length` nor chunks: the body is whatever arrives before the server closes.
    @Test(arguments: ["HTTP/1.0", "HTTP/1.1"])
    func bodyUntilClose(version: String) async throws {
        try await withScriptedServer(answering: [
            .send("\(version) 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst part, "), .pause(.milliseconds(20)),
            .send("second part"), .close,
        ]) { transport, server in
            let first = try await transport.send(get(server.url()))
            #expect(first.status == 200)
            #expect(first.text == "first part, second part")
            // That connection is gone; the next request opens another.
            #expect(try await transport.send(get(server.url())).text == "first part, second part")
            #expect(server.acceptedConnections == 2)
        }
    }

    /// A chunked response written and flushed one byte at a time.
    @Test func responseTrickledByteByByte() async throws {
        let bytes = Array(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n".utf8)
        try await withScriptedServer(answering: [.trickle(bytes, every: .milliseconds(1))]) { transport, server in
            let response = try await transport.send(get(server.url()))
            #expect(response.text == "abcde")
            #expect(response.header("x-a") == "b")
        }
    }

    @Test func binaryBodyArrivesExactly() async throws {
        let body = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        try await withScriptedServer(answering: [.send(head + body)]) { transport, server throws in
            #expect(try await transport.send(get(server.url())).body == body)
        }
    }

    /// Requests one after another share kept-alive connections. (How many: AsyncHTTPClient hands
    /// a connection back after the answer's end, and on a loaded machine the next request may
    /// come first and open another; never one per request.)
    @Test func keepAliveReusesConnections() async throws {
        try await withScriptedServer(script: { request in [.respond(body: "answer \(request.index)")] }) {
            transport, server throws in
            for index in 0..<10 {
                #expect(try await transport.send(get(server.url("/\(index)"))).text == "answer \(index)")
            }
            #expect(server.acceptedConnections < 5, "\(server.acceptedConnections) connections for 10 requests")
            #expect(server.requests.map(\.target) == (0..<10).map { "/\($0)" })
        }
    }

    /// `Connection: close` (or an HTTP/1.0 answer without keep-alive) ends the connection even
    /// when the server leaves it open: the client closes it and opens a new one next time.
    @Test(arguments: [
        ScriptedHTTPServer.response(headers: [("Connection", "close")], body: "bye"),
        Array("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nbye".utf8),
    ])
    func connectionCloseMeansANewConnection(answer: [UInt8]) async throws {
        try await withScriptedServer(answering: [.send(answer)]) { transport, server throws in
            #expect(try await transport.send(get(server.url())).text == "bye")
            #expect(await server.waitUntil { $0.closedConnections == 1 }, "the client closes the connection")
            #expect(try await transport.send(get(server.url())).text == "bye")
            #expect(server.acceptedConnections == 2)
            #expect(server.requests.map(\.connection) == [1, 2])
        }
    }

    @Test func postSendsItsBodyWithTheRightHeaders() async throws {
        let body = Array(#"{"prompt":"a mug","n":1}"#.utf8)
        try await withScriptedServer(answering: [.respond(201, body: "{}")]) { transport, server in
            let response = try await transport.send(
                HTTPRequest(
                    method: "POST", url: server.url("/v1/images/generations"),
                    headers: [
                        ("Authorization", "Bearer sk-secret"), ("Content-Type", "application/json"),
                        // A wrong length from the caller is replaced by the body's.
                        ("content-length", "999"), ("Idempotency-Key", "cr-1"),
                    ],
                    body: body, timeout: patient))
            #expect(response.status == 201)

            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.target == "/v1/images/generations")
            #expect(request.headerValues("Content-Length") == [String(body.count)])
            #expect(request.headerValues("Transfer-Encoding").isEmpty)
            #expect(request.headerValues("Authorization") == ["Bearer sk-secret"])
            #expect(request.headerValues("Host") == ["127.0.0.1:\(server.port)"])
            #expect(request.header("Idempotency-Key") == "cr-1")
            #expect(request.body == body)
            #expect(Array(request.raw.suffix(body.count)) == body)
        }
    }

    /// A reference image's worth of upload and a result's worth of download, byte-exact.
    @Test func largeBodiesBothWays() async throws {
        let upload = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
        let download = Array(upload.reversed())
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: \(download.count)\r\n\r\n".utf8)
        try await withScriptedServer(answering: [.send(head + download)]) { transport, server in
            let response = try await transport.send(
                HTTPRequest(
                    method: "POST", url: server.url("/files"), body: upload, timeout: patient,
                    maxResponseBytes: download.count))
            #expect(response.body == download)
            #expect(server.requests.first?.body == upload)
            #expect(server.requests.first?.header("Content-Length") == String(upload.count))
        }
    }

    @Test func emptyPostBodySaysContentLengthZero() async throws {
        try await withScriptedServer(answering: [.respond(body: "ok")]) { transport, server in
            let response = try await transport.send(
                HTTPRequest(method: "POST", url: server.url("/x"), body: [], timeout: patient))
            #expect(response.text == "ok")
            let request = try #require(server.requests.first)
            #expect(request.headerValues("Content-Length") == ["0"])
            #expect(request.body.isEmpty)
        }
    }

    /// Answers that have no body whatever their headers say; the connection is reused after each.
    @Test func answersWithoutBodies() async throws {
        try await withScriptedServer(script: { request in
            switch request.index {
            case 0: [.send("HTTP/1.1 204 No Content\r\n\r\n")]
            case 1: [.send("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n")]
            case 2: [.send("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n")]  // for HEAD
            default: [.respond(body: "last")]
            }
        }) { transport, server in
            #expect(try await transport.send(get(server.url())).status == 204)
            let notModified = try await transport.send(get(server.url()))
            #expect(notModified.status == 304 && notModified.body.isEmpty)
            let head = try await transport.send(HTTPRequest(method: "HEAD", url: server.url(), timeout: patient))
            #expect(head.status == 200 && head.body.isEmpty)
            #expect(try await transport.send(get(server.url())).text == "last")
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test func informationalAnswerBeforeTheRealOne() async throws {
        try await withScriptedServer(answering: [
            .send("HTTP/1.1 100 Continue\r\n\r\n"), .pause(.milliseconds(5)), .respond(body: "real"),
        ]) { transport, server in
            let response = try await transport.send(get(server.url()))
            #expect(response.status == 200)
            #expect(response.text == "real")
        }
    }
}
