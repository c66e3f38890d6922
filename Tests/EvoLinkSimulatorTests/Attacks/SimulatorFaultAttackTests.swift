import Foundation
import Testing

@testable import EvoLinkSimulator

/// Faults the simulator injects must exercise the client, never bring the simulator down.
@Suite("Simulator fault attacks")
struct SimulatorFaultAttackTests {
    let host = "http://sim.test"
    let bearer = "Bearer sk-test"

    /// #20 item 8: with `stuck=1` every new task never finishes, and the creation answer and
    /// every later read used to convert its infinite finish time to an `Int` (a trap that took
    /// the whole simulator down on the first generation request).
    @Test func aStuckTaskIsAnsweredAndStaysProcessingWithAFiniteEstimate() async throws {
        var faults = SimulatorFaults()
        faults.stuckTask = 1
        let state = SimulatorState(configuration: SimulatorConfiguration(timeScale: 1, faults: faults))
        let body = Array(#"{"model":"gpt-image-2","prompt":"a mug","quality":"low"}"#.utf8)
        let created = await state.createGeneration(body: body, idempotencyKey: nil, authorization: bearer, host: host)
        #expect(created.status == 200)
        let id = try #require(try Self.json(created)["id"] as? String)
        for hours in [0.0, 0.01, 1, 48] {
            await state.advanceClock(bySeconds: hours * 3600)
            let read = try Self.json(await state.taskStatus(id: id, authorization: bearer, host: host))
            #expect(read["status"] as? String == "processing", "after \(hours) h")
            let estimate = try #require((read["task_info"] as? [String: Any])?["estimated_time"] as? Int)
            #expect(estimate >= 1, "a stuck task still says it is nearly done, after \(hours) h")
        }
        #expect(await state.counters().completed == 0)
    }

    static func json(_ response: SimulatorResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }
}
