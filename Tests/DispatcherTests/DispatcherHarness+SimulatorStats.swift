import EvoLinkSimulator
import Foundation
import ImageService
import Testing

extension DispatcherHarness {
    /// How long, on average, a finished task waited for the read that saw it, from the
    /// simulator's own count: what a slot stands idle after its task ends.
    func averageFinishToRead() async throws -> Double {
        try await simulatorAverage(of: "finish_to_read_seconds", over: "finishes_read")
    }

    /// How long, on average, a slot a read saw freed waited for the next submission, from the
    /// simulator's own count: what a slot stands idle after its task is seen done.
    func averageReadToNextSubmission() async throws -> Double {
        try await simulatorAverage(of: "read_to_next_submission_seconds", over: "slots_refilled")
    }

    private func simulatorAverage(of total: String, over count: String) async throws -> Double {
        let answer = try await transport.send(
            HTTPRequest(method: "GET", url: simulator.baseURL + "/_simulator/stats"))
        let stats = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any] ?? [:]
        let sum = try #require(stats[total] as? Double)
        let events = try #require(stats[count] as? Double)
        return sum / events
    }
}
