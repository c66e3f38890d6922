import AssetStorage
import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import Foundation
import ImageService
import JobStore
import Testing

/// 500 jobs against a simulator that misbehaves at issue 5's rates: 10% 5xx, 5% 429, 2% dropped
/// connections, 3% failed tasks, 1% corrupted downloads. Like a nightly job, the run is
/// repeated until nothing is left in flight; then every job is stored or failed with a reason,
/// nothing was paid twice, every stored file is intact and matches its row, and no download
/// left a temporary file. On the
/// harness's manual clock: the API's real schedule and Retry-After pauses, in simulated time.
struct ChaosTests {
    @Test func fiveHundredJobsUnderChaos() async throws {
        var faults = SimulatorFaults()
        faults.serverError = 0.10
        faults.rateLimited = 0.05
        faults.dropConnection = 0.02
        faults.failedTask = 0.03
        faults.corruptResult = 0.01
        let harness = try await DispatcherHarness(simulator: SimulatorConfiguration(faults: faults))
        let jobs = (1...500).map(harness.smallRemoteJob)
        let dispatcher = harness.dispatcher(concurrency: 16, requestsPerMinute: 60_000)

        var pending = jobs
        var rounds = 0
        var failures: [RunReport.Failure] = []
        while !pending.isEmpty && rounds < 4 {
            rounds += 1
            let report = try await dispatcher.run(pending, runID: try harness.store.beginRun(specName: "chaos")) {
                event in
                if case .unfinished(let key, let reason) = event { print("unfinished \(key): \(reason)") }
            }
            failures += report.failed
            pending = jobs.filter { report.unfinished.contains($0.key) }
            if !pending.isEmpty { print("chaos round \(rounds): \(pending.count) jobs left in flight, resuming") }
        }
        #expect(pending.isEmpty, "\(pending.count) jobs still unfinished after \(rounds) runs")

        let counts = try harness.store.stateCounts()
        #expect((counts[.stored] ?? 0) + (counts[.failed] ?? 0) == 500, "\(counts)")
        #expect((counts[.stored] ?? 0) > 400)
        // Failures are the tasks the simulator failed on purpose, each with its code.
        let codes = Set(failures.map { String($0.reason.prefix { $0 != ":" }) })
        #expect(codes.isSubset(of: Set(faults.failureCodes)), "\(codes)")

        let counters = await harness.simulator.state.counters()
        #expect(counters.maxPaidPerKey == 1, "no idempotency key was paid twice")
        let items = try harness.store.storedItems(for: jobs.map(\.key))
        #expect(items.count == counts[.stored])
        for item in items {
            let bytes = try harness.storage.read(item.output.path)
            #expect(ImageVerifier.verify(bytes) != nil, "\(item.output.path) is not intact")
            #expect(SHA256.hash(bytes).hex == item.output.sha256)
        }
        // Downloads go to files as they arrive: neither a corrupt or dropped one nor a retry
        // leaves one behind.
        let files = FileManager.default.enumerator(atPath: harness.storage.root)?.allObjects as? [String] ?? []
        #expect(files.filter { $0.contains(".tmp-") }.isEmpty, "\(files.filter { $0.contains(".tmp-") })")
        #expect(files.filter { $0.hasSuffix(".png") }.count == items.count)
        await harness.close()
    }
}
