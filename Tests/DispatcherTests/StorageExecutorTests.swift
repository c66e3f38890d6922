import CatalogModel
import CatalogTestSupport
import ImageService
import JobStore
import Testing

@testable import Dispatcher

/// The store work a dispatch does outside its group commits (the loop's skips, a settlement's
/// read of the job's state, returning unsent jobs on a stop) runs on the storage executor, as
/// commits do: a slow disk never blocks a thread of the pool that HTTP reads and deadlines need.
/// Before, those calls ran wherever the loop or the job's task was.
struct StorageExecutorTests {
    @Test func storeWorkOutsideTheGroupCommitsWaitsForTheStorageExecutor() async throws {
        let harness = try await DispatcherHarness()
        let gate = GateExecutor()
        gate.open()
        var configuration = DispatchConfiguration(concurrency: 1, requestsPerMinute: 60)
        configuration.commitWindow = .zero
        let dispatcher = Dispatcher(
            service: harness.client, store: harness.store, storage: harness.storage, configuration: configuration,
            clock: harness.time.anyClock, storageExecutor: gate)
        let context = dispatcher.context(dispatched: 3, onEvent: { _ in })
        let runID = try harness.store.beginRun(specName: "storage")
        let jobs = (0..<3).map(harness.smallRemoteJob)
        let records = try harness.store.register(jobs, runID: runID)
        _ = try harness.store.commit([.submitting(jobs[0].key, idempotencyKey: "cr-unsent", imageURLs: [])])

        #expect(try await waitsAtTheGate(gate) { try await context.returnUnsent([records[0]]) })
        #expect(try harness.store.job(jobs[0].key)?.state == .planned)
        #expect(
            try await waitsAtTheGate(gate) { try await context.recordSkips([.skipped(jobs[1].key, reason: "budget")]) })
        #expect(try harness.store.job(jobs[1].key)?.state == .skipped)
        let refused = ImageServiceError(kind: .permanent, code: "invalid_request", message: "refused")
        #expect(try await waitsAtTheGate(gate) { try await context.settle(refused, for: jobs[2]) })
        #expect(try harness.store.job(jobs[2].key)?.state == .failed)
        await harness.close()
    }

    /// Whether `operation` handed work to the closed `gate` before it finished (it cannot finish
    /// before the gate opens if it did); the gate is open again afterwards.
    private func waitsAtTheGate(
        _ gate: GateExecutor, _ operation: @escaping @Sendable () async throws -> Void
    ) async throws -> Bool {
        gate.close()
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await operation()
                return false
            }
            group.addTask {
                await gate.queued()
                return true
            }
            guard let queuedFirst = try await group.next() else { return false }
            gate.open()
            try await group.waitForAll()
            return queuedFirst
        }
    }
}
