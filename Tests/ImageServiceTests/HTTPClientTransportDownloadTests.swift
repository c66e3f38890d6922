import CatalogTestSupport
import Foundation
import ImageService
import Testing

/// `HTTPClientTransport.download(_:to:)`: a result's body goes to its file as it arrives (the
/// transport never holds a whole result), and whatever goes wrong leaves no file behind.
struct HTTPClientTransportDownloadTests {
    @Test func theBodyIsOnDiskBeforeAllOfItHasArrived() async throws {
        let gate = ScriptedHTTPServer.Gate()
        let first = [UInt8](repeating: 0xA1, count: 96 * 1024)
        let second = [UInt8](repeating: 0xB2, count: 32 * 1024)
        let head = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: \(first.count + second.count)\r\n\r\n"
        try await withScriptedServer(answering: [.send(Array(head.utf8) + first), .wait(gate), .send(second)]) {
            transport, server in
            let folder = try TemporaryDirectory()
            let path = folder.url("result").path
            let download = Task(executorPreference: testExecutor) {
                try await transport.download(get(server.url(), maxBytes: 1 << 20), to: path)
            }
            // The server holds back the rest until the first part is in the file.
            #expect(await pollUntil { fileSize(path) == first.count })
            gate.open()
            let response = try await download.value
            #expect(response.status == 200 && response.body.isEmpty)
            #expect(response.header("content-type") == "image/png")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(first + second))
        }
    }

    static let failures: [(String, [Action], maxBytes: Int, TransportError.Case)] = [
        (
            "close inside the body",
            [.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"), .close], 1 << 20, .responseLost
        ),
        (
            "reset inside a chunked body",
            [.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"), .reset], 1 << 20,
            .responseLost
        ),
        (
            "a declared length over the limit",
            [.send("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"), .hang], 1024, .responseTooLarge
        ),
        (
            "a body growing past the limit",
            [.send("HTTP/1.0 200 OK\r\n\r\n"), .send(String(repeating: "u", count: 2048)), .hang], 1024,
            .responseTooLarge
        ),
    ]

    @Test(arguments: failures)
    func aFailedDownloadLeavesNoFile(
        name: String, actions: [Action], maxBytes: Int, expected: TransportError.Case
    )
        async throws
    {
        try await withScriptedServer(answering: actions) { transport, server in
            let folder = try TemporaryDirectory()
            let path = folder.url("result").path
            let error = await #expect(throws: TransportError.self, "\(name)") {
                try await transport.download(get(server.url(), maxBytes: maxBytes), to: path)
            }
            #expect(error?.case == expected, "\(name): \(String(describing: error))")
            #expect(!FileManager.default.fileExists(atPath: path), "\(name)")
        }
    }

    @Test func aBodyThatStallsPastTheDeadlineLeavesNoFile() async throws {
        try await withScriptedServer(answering: [
            .send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart of it"), .hang,
        ]) { transport, server in
            let folder = try TemporaryDirectory()
            let path = folder.url("result").path
            let error = await #expect(throws: TransportError.self) {
                try await transport.download(get(server.url(), timeout: .milliseconds(300)), to: path)
            }
            #expect(error?.case == .timedOut)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    /// An error page is read like any answer, for its message: no file.
    @Test func anAnswerOtherThan2xxKeepsItsBodyAndWritesNoFile() async throws {
        try await withScriptedServer(answering: [.respond(404, body: "gone")]) { transport, server in
            let folder = try TemporaryDirectory()
            let path = folder.url("result").path
            let response = try await transport.download(get(server.url()), to: path)
            #expect(response.status == 404 && response.text == "gone")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    /// A disk that refuses the file (here: its folder is missing) is its own error, never taken
    /// for the network's; and a file already at the path is never written over.
    @Test func aFileThatCannotBeWrittenIsSaidSo() async throws {
        try await withScriptedServer(answering: [.respond(body: "image")]) { transport, server in
            let folder = try TemporaryDirectory()
            let missing = await #expect(throws: TransportError.self) {
                try await transport.download(get(server.url()), to: folder.url("no/such/folder/result").path)
            }
            #expect(missing?.case == .cannotWriteBody)
            let existing = try folder.write("mine", to: "existing")
            let taken = await #expect(throws: TransportError.self) {
                try await transport.download(get(server.url()), to: existing)
            }
            #expect(taken?.case == .cannotWriteBody)
            #expect(try String(contentsOfFile: existing, encoding: .utf8) == "mine")
        }
    }
}

private func fileSize(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
}
