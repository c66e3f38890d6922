import CatalogModel
import Dispatcher
import EvoLinkSimulator
import Foundation
import JobStore
import Testing

/// What the API finally charges replaces the estimate: in the budget, so money a task did not
/// cost goes to the next jobs, and in the store, where a run's spend is kept.
struct SettlementTests {
    @Test func reportedChargesSettleTheBudgetAndTheStoredSpend() async throws {
        var simulator = SimulatorConfiguration(timeScale: 0.001)
        simulator.chargeShare = 0.5
        let harness = try await DispatcherHarness(simulator: simulator)
        let jobs = (1...6).map(harness.smallRemoteJob)
        let estimate = jobs[0].estimatedCost
        var configuration = DispatchConfiguration(concurrency: 1, requestsPerMinute: 6000, budget: estimate * 3)
        configuration.pollSchedule = PollSchedule.evoLink.scaled(by: 0.001)
        configuration = configuration.scaledRetries(by: 0.001)
        // Each job's estimate is reserved as it is prepared: one at a time, so settlements count.
        configuration.submissionsPreparedAhead = 1
        let dispatcher = Dispatcher(
            service: harness.client, store: harness.store, storage: harness.storage, configuration: configuration)
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
}
