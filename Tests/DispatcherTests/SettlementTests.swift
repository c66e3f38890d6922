import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import Foundation
import ImageService
import JobStore
import Testing

/// What the API finally charges replaces the estimate: in the budget, so money a task did not
/// cost goes to the next jobs, and in the store, where a run's spend is kept.
struct SettlementTests {
    @Test func reportedChargesSettleTheBudgetAndTheStoredSpend() async throws {
        var simulator = SimulatorConfiguration()
        simulator.chargeShare = 0.5
        let harness = try await DispatcherHarness(simulator: simulator)
        let jobs = (1...6).map(harness.smallRemoteJob)
        let estimate = jobs[0].estimatedCost
        let dispatcher = Self.oneAtATime(harness, budget: estimate * 3, service: harness.client)
        let run = try harness.store.beginRun(specName: "test")
        let report = try await dispatcher.run(jobs, runID: run)

        // By the estimate alone three jobs fit; each settled at half leaves room for more.
        #expect(report.stored > 3, "\(report.stored) stored, \(report.skippedForBudget.count) skipped")
        #expect(report.stored + report.skippedForBudget.count == 6)
        let spend = try harness.store.spend(runID: run)
        #expect(spend.settledCount == report.stored && spend.unsettledCount == 0)
        let stats = try #require(
            try JSONSerialization.jsonObject(with: Data(await harness.simulator.state.statsJSON())) as? [String: Any])
        let creditsCharged = try #require(stats["credits_charged"] as? Double)
        // What the simulator charged, in dollars (68 credits each), to a micro-dollar per task.
        #expect(abs(spend.charged.micros - Money(usd: creditsCharged / 68).micros) <= Int64(report.stored))
        #expect(spend.charged * 2 <= estimate * report.stored)
        #expect(spend.total <= estimate * 3)
        await harness.close()
    }

    /// A failed task whose answer proves no refund keeps its estimate, in the budget and in the
    /// store; one whose answer says nothing is taken as refunded (EvoLink returns a failed
    /// task's reservation), which lets the budget admit the third job.
    @Test(arguments: [true, false])
    func aFailedTaskIsRefundedUnlessItsBillingSaysOtherwise(refundPending: Bool) async throws {
        var simulator = SimulatorConfiguration()
        simulator.faults.failedTask = 1
        let harness = try await DispatcherHarness(simulator: simulator)
        let jobs = (1...3).map(harness.smallRemoteJob)
        let estimate = jobs[0].estimatedCost
        let service = EvoLinkClient.make(
            configuration: DispatcherHarness.endpoint(harness.simulator), apiKey: APIKey(TestServer.apiKey),
            transport: refundPending ? PendingRefundTransport(base: harness.network) : harness.network)
        let run = try harness.store.beginRun(specName: "test")
        let report = try await Self.oneAtATime(harness, budget: estimate * 2, service: service).run(jobs, runID: run)
        let spend = try harness.store.spend(runID: run)
        if refundPending {
            #expect(report.submissions == 2 && report.skippedForBudget.count == 1)
            #expect(spend == RunSpend(unsettledCount: 2, reserved: estimate * 2))
        } else {
            #expect(report.submissions == 3 && report.skippedForBudget.isEmpty)
            #expect(spend == RunSpend(settledCount: 3))
        }
        #expect(report.failed.count == report.submissions)
        await harness.close()
    }

    /// Concurrency 1, and each job's estimate reserved as it is prepared, one at a time: the
    /// settlements of earlier tasks count for the later jobs.
    static func oneAtATime(
        _ harness: DispatcherHarness, budget: Money, service: EvoLinkClient
    ) -> DrivenDispatcher {
        harness.dispatcher(budget: budget, concurrency: 1, service: service) { $0.submissionsPreparedAhead = 1 }
    }
}

/// Adds to every failed task's answer a `billing` block whose refund is still pending.
struct PendingRefundTransport: HTTPTransport {
    let base: any HTTPTransport

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var response = try await base.send(request)
        let text = String(decoding: response.body, as: UTF8.self)
        guard text.contains(#""status":"failed""#), text.hasSuffix("}") else { return response }
        response.body = Array(
            (text.dropLast() + #","billing":{"charge_status":"reserved","refund_status":"pending"}}"#).utf8)
        return response
    }
}
