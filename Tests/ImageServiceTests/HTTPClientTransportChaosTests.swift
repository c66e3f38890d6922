import CatalogModel
import CatalogTestSupport
import ImageService
import Testing

/// Many requests at once against a server that misbehaves at random (reproducibly, by seed):
/// every request ends on time, each answer belongs to the request that got it, and afterwards
/// the pool has every connection slot back.
struct HTTPClientTransportChaosTests {
    static func behaviour(for request: ScriptedHTTPServer.Request, seed: UInt64) -> [Action] {
        let answer = "answer to \(request.target)"
        guard !request.target.hasPrefix("/after/") else { return [.respond(body: answer)] }
        var random = SeededRandom(seed: seed &* 1000 &+ UInt64(request.index))
        switch Int.random(in: 0..<16, using: &random) {
        case 0: return [.close]
        case 1: return [.reset]
        case 2: return [.send("nonsense\r\n\r\n"), .hang]
        case 3: return [.send("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"), .hang]
        case 4: return [.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\ncut"), .close]
        case 5: return [.hang]
        case 6: return [.respond(headers: [("Connection", "close")], body: answer)]
        case 7: return [.send("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n\(answer)"), .close]
        case 8:
            let chunked =
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\(String(answer.utf8.count, radix: 16))\r\n"
            return [.send(chunked), .pause(.milliseconds(2)), .send("\(answer)\r\n0\r\n\r\n")]
        case 9: return [.pause(.milliseconds(3)), .respond(body: answer)]
        default: return [.respond(body: answer)]
        }
    }

    /// Eight clients over four connections, ten requests each, one after another: so a request
    /// waits behind at most one other on its connection, and its deadline is about the server's
    /// behaviour, not about how busy the machine running the tests is.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomMisbehaviour(seed: UInt64) async throws {
        try await withScriptedServer(
            maxConnectionsPerOrigin: 4, script: { request in Self.behaviour(for: request, seed: seed) }
        ) { transport, server in
            let outcomes = await withTaskGroup(of: [String].self) { group in
                for client in 0..<8 {
                    group.addTask {
                        var outcomes: [String] = []
                        for index in 0..<10 {
                            let target = "/chaos/\(client)/\(index)"
                            let request = get(server.url(target), timeout: .milliseconds(500), maxBytes: 1000)
                            switch await outcome(of: sending(request, with: transport), within: .seconds(30)) {
                            case .success(let response):
                                outcomes.append(
                                    response.text == "answer to \(target)" ? "ok" : "wrong: \(response.text)")
                            case .failure(let error as TransportError): outcomes.append("\(error.case)")
                            case .failure(let error): outcomes.append("unexpected \(error)")
                            case nil: outcomes.append("still running")
                            }
                        }
                        return outcomes
                    }
                }
                return await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(outcomes.count == 80)
            #expect(outcomes.contains("ok"), "seed \(seed): \(outcomes)")
            let unexpected = outcomes.filter { !["ok", "responseLost", "responseTooLarge", "timedOut"].contains($0) }
            #expect(unexpected.isEmpty, "seed \(seed)")

            // Every slot is free again: four at once, each at once.
            let after = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        let request = get(server.url("/after/\(index)"))
                        return try await value(of: sending(request, with: transport)).text
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(after == Set((0..<4).map { "answer to /after/\($0)" }))
        }
    }
}
