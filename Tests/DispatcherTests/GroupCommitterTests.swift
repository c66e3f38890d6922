import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

@testable import Dispatcher

/// Steps that arrive together share one transaction, and each caller hears its own outcome.
struct GroupCommitterTests {
    func job(_ id: String) -> Job {
        Job(
            key: JobKey(productID: id, variantID: "background=white"), productTitle: id,
            variant: Variant(options: [VariantOption(axis: "background", id: "white", fields: [:])]),
            prompt: "a \(id) on white", references: [], settings: ImageSettings(), estimatedCost: Money(usd: 0.01))
    }

    @Test func concurrentStepsShareTransactionsAndFailAlone() async throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let jobs = (1...50).map { job("P\($0)") }
        try store.register(jobs, runID: try store.beginRun(specName: "group"))
        let committer = GroupCommitter(store: store, clock: .continuous, window: .milliseconds(20), executor: nil)
        let ghost = JobKey(productID: "ghost", variantID: "background=white")

        let outcomes = await withTaskGroup(of: (JobKey, Bool).self) { group in
            for key in jobs.map(\.key) + [ghost] {
                group.addTask {
                    do {
                        try await committer.commit(
                            .submitting(key, idempotencyKey: "cr-\(key.productID)", imageURLs: []))
                        return (key, true)
                    } catch {
                        return (key, false)
                    }
                }
            }
            return await group.reduce(into: [JobKey: Bool]()) { $0[$1.0] = $1.1 }
        }

        #expect(outcomes[ghost] == false)
        #expect(jobs.allSatisfy { outcomes[$0.key] == true })
        for job in jobs { #expect(try store.job(job.key)?.idempotencyKey == "cr-\(job.key.productID)") }
        let transactions = await committer.transactions
        #expect(transactions < 10, "51 steps took \(transactions) transactions")
    }

    @Test func aZeroWindowCommitsEachStepAlone() async throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let jobs = (1...3).map { job("Z\($0)") }
        try store.register(jobs, runID: try store.beginRun(specName: "alone"))
        let committer = GroupCommitter(store: store, clock: .continuous, window: .zero, executor: nil)
        for job in jobs {
            try await committer.commit(.submitting(job.key, idempotencyKey: "cr-\(job.key.productID)", imageURLs: []))
        }
        #expect(await committer.transactions == 3)
        #expect(try store.stateCounts() == [.submitting: 3])
    }
}
