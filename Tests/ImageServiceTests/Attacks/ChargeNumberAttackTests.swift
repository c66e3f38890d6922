import CatalogModel
import CatalogTestSupport
import ImageService
import Testing

@Suite("Charge number attacks")
struct ChargeNumberAttackTests {
    /// #20 item 4: a server that reports an absurd charge (past a billion dollars) proves
    /// nothing: the estimate stands, and reading the answer does not trap converting it.
    @Test(arguments: [
        #""usage":{"cost":{"usd":1e300}}"#, #""usage":{"credits_used":1e300}"#,
        #""usage":{"cost":{"credits":1e20}}"#, #""billing":{"charge_status":"charged","charged_credits":1e300}"#,
    ])
    func anAbsurdChargeIsUnprovenNotATrap(_ extra: String) async throws {
        let client = EvoLinkClient.make(
            configuration: .init(apiBaseURL: "https://api.test"), apiKey: nil,
            transport: ScriptedTransport(
                status: 200,
                json: #"{"id":"task-unified-1","status":"completed","results":["https://r.test/a.png"],"#
                    + extra + "}"))
        let snapshot = try await client.task(id: "task-unified-1")
        #expect(snapshot.charge == .unproven)
    }
}
