import EvoLinkSimulator
import Foundation
import ImageService
import Testing

extension DispatcherHarness {
    /// How long, on average, a finished task waited for the read that saw it, from the
    /// simulator's own count: what a slot stands idle after its task ends.
    func averageFinishToRead() async throws -> Double {
        let answer = try await transport.send(
            HTTPRequest(method: "GET", url: simulator.baseURL + "/_simulator/stats"))
        let stats = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] ?? [:]
        let lag = try #require(stats["finish_to_read_seconds"] as? Double)
        let reads = try #require(stats["finishes_read"] as? Double)
        return lag / reads
    }
}
