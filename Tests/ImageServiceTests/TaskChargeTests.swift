import CatalogModel
import CatalogTestSupport
import ImageService
import Testing

/// The final charge of a task, from the fields EvoLink's clients read (`usage.credits_used`,
/// `usage.cost`, `billing`): taken when it is proven, ignored when it is not, and never a reason
/// to refuse an answer whose documented part is sound.
struct TaskChargeTests {
    func snapshot(_ extra: String) async throws -> TaskSnapshot {
        let client = EvoLinkClient.make(
            configuration: .init(apiBaseURL: "https://api.test"), apiKey: nil,
            transport: ScriptedTransport(
                status: 200,
                json: #"{"id":"task-unified-1","status":"completed","results":["https://r.test/a.png"]"#
                    + (extra.isEmpty ? "" : ",") + extra + "}"))
        return try await client.task(id: "task-unified-1")
    }

    @Test(
        arguments: [
            (#""usage":{"credits_reserved":1.7,"credits_used":0.68}"#, Money(usd: 0.01)),
            (#""usage":{"cost":{"credits":1.36}}"#, Money(usd: 0.02)),
            (#""usage":{"cost":{"usd":0.027}}"#, Money(usd: 0.027)),
            // `credits_used` is the first word; `cost` and `billing` only stand in for it.
            (
                #""usage":{"credits_used":0.68,"cost":{"usd":9}},"billing":{"charge_status":"charged","charged_credits":68}"#,
                Money(usd: 0.01)
            ),
            (#""billing":{"charge_status":"charged","charged_credits":3.4}"#, Money(usd: 0.05)),
            (#""billing":{"charge_status":"released","refund_status":"completed","charged_credits":0}"#, Money.zero),
        ])
    func aReportedChargeIsReadInDollars(_ extra: String, _ expected: Money) async throws {
        let snapshot = try await snapshot(extra)
        #expect(snapshot.charge == .charged(expected))
    }

    @Test(
        arguments: [
            "", #""usage":{"credits_reserved":1.7}"#, #""usage":{"credits_used":"0.68"}"#,
            #""usage":{"credits_used":-1}"#, #""usage":{"cost":"0.01"}"#, #""usage":{"cost":{"usd":null}}"#,
            #""billing":[1,2]"#, #""billing":"charged""#, #""billing":null"#,
        ])
    func anAbsentOrOddlyTypedChargeIsNoCharge(_ extra: String) async throws {
        let snapshot = try await snapshot(extra)
        #expect(snapshot.charge == nil)
    }

    /// A `billing` block that proves neither a charge nor a refund: the estimate must stand,
    /// even for a failed task (whose reservation is otherwise taken as returned).
    @Test(
        arguments: [
            #""billing":{"charge_status":"reserved","charged_credits":3.4}"#,
            #""billing":{"charge_status":"released","refund_status":"pending"}"#,
            #""billing":{"charge_status":"charged","charged_credits":"3.4"}"#,
            #""billing":{"charge_status":"unknown"}"#, #""billing":{}"#,
        ])
    func billingThatProvesNothingIsUnproven(_ extra: String) async throws {
        let snapshot = try await snapshot(extra)
        #expect(snapshot.charge == .unproven)
    }
}
