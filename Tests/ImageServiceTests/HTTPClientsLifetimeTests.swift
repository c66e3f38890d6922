import CatalogTestSupport
import ImageService
import Testing

/// What happens to the clients when their owner leaves without `shutdown()`, as one that throws
/// between making them and closing them does.
struct HTTPClientsLifetimeTests {
    /// Without the clients' own shutdown on release, AsyncHTTPClient stops a debug build here
    /// ("Client not shut down before the deinit"), taking every test beside it down too.
    @Test func clientsDroppedWithoutShutdownCloseTheirConnections() async throws {
        let server = try await ScriptedHTTPServer.start(answering: [.respond(200, body: "ok")])
        try await withTaskExecutorPreference(testExecutor) {
            try await Self.sendOnceAndDrop(server.url())
        }
        let closed = await server.waitUntil(timeout: patient) { $0.closedConnections == 1 }
        #expect(closed, "the kept-alive connection is closed once the clients are gone")
        #expect(server.acceptedConnections == 1)
        await server.stop()
    }

    /// Keeps a connection alive in a pool that is then released, unclosed.
    private static func sendOnceAndDrop(_ url: String) async throws {
        let transport = HTTPClientTransport(clients: try HTTPClients(settings: NetworkSettings()))
        #expect(try await transport.send(get(url)).text == "ok")
    }
}
