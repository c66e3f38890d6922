import CatalogModel
import CatalogTestSupport
import Dispatcher
import EvoLinkSimulator
import Foundation
import JobStore
import Testing

@Suite("Reference size attacks")
struct ReferenceSizeAttackTests {
    /// #20 item 10: a 3 GB local reference (sparse, so it costs no disk) was read whole before
    /// its 50 MB check (3.2 GB of memory). Its size is now checked on the opened file first: the
    /// job fails with `reference_too_large` naming the size, and nothing is submitted.
    @Test func aThreeGigabyteReferenceIsRefusedByItsSize() async throws {
        let harness = try await DispatcherHarness()
        let path = harness.directory.url("huge.png").path
        let descriptor = open(path, O_CREAT | O_WRONLY, 0o644)
        #expect(descriptor >= 0)
        #expect(ftruncate(descriptor, 3_000_000_000) == 0)
        close(descriptor)
        let peakBefore = Self.peakMemoryKilobytes()
        let report = try await harness.dispatcher().run(
            [harness.job("P0", reference: path)], runID: try harness.store.beginRun(specName: "test"))
        let reason = try #require(report.failed.first?.reason)
        #expect(reason.hasPrefix("reference_too_large"), "\(reason)")
        #expect(reason.contains("is 3000000000 bytes, over the 50 MB the API accepts"), "\(reason)")
        #expect(await harness.simulator.state.counters().submissions == 0)
        // Reading it whole first (with the right message after) would raise the process's peak
        // by 3 GB; other tests running beside this one stay far below 1 GB.
        let grown = Self.peakMemoryKilobytes() - peakBefore
        #expect(grown < 1_000_000, "the peak grew by \(grown) KB while refusing the reference")
        await harness.close()
    }

    /// The process's peak resident memory so far (Linux reports it in kilobytes).
    static func peakMemoryKilobytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss
    }
}
