import CatalogModel
import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import JobStore
import Testing

/// #20 item 7: paid results whose links expired before they were downloaded.
@Suite("Result expiry attacks", .serialized)
struct ResultExpiryAttackTests {
    let executable = RepositoryPaths.executable
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    /// The built binary runs on real time (its own process: the test's manual clock cannot
    /// reach it). Its schedule is scaled 25 times less than the simulator's clock (tasks of
    /// 20–40 ms, read after 150 ms, given up after 90 s), so a machine that stalls the run (or
    /// the in-process simulator) for tens of seconds does not leave a task unread: at ten times
    /// (given up after 36 s) a clean-clone CI run beside the whole suite left 3 of 12 tasks
    /// `submitted`. The 24 h of the result links pass by `advanceClock`, not by waiting.
    func run(
        _ command: String, _ output: String, _ simulator: RunningSimulator, _ extra: [String] = []
    ) async throws
        -> ProcessResult
    {
        try await ProcessRunner.run(
            executable,
            [command, spec, "--output", output, "--api-base-url", simulator.baseURL, "--server-time-scale", "0.05"]
                + extra,
            environment: TestServer.environment)
    }

    /// #20 item 7: a run stopped after its tasks completed but before their results were
    /// downloaded (here every download comes back truncated, so all 12 stay `completed`), then
    /// 24 h pass on the simulator's clock. On main every rerun exited 6 "rerun to resume it (no
    /// new charge)" for ever and `retry --failed` found nothing. Now the rerun reads each task
    /// again, finds its link dead (403), and fails the job `result_expired` with its charge on
    /// record (exit 4); a plain run holds them back naming the retry command; `retry --failed
    /// --reason result_expired` pays for them again, saying so.
    @Test func resultsThatExpiredBeforeTheirDownloadFailAndRetryRegeneratesThem() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        var faults = SimulatorFaults()
        faults.corruptResult = 1
        let simulator = try await RunningSimulator.start(
            configuration: SimulatorConfiguration(timeScale: 0.002, faults: faults))
        defer { Task { await simulator.stop() } }

        let first = try await run("run", output, simulator)
        #expect(first.exitCode == 6, "\(first.stderr)")
        let database = output + "/state.sqlite"
        let afterFirst = try JobStore(path: database).stateCounts()
        // The lines that are not the expected download failures say why a task was left.
        let unexpected = first.stderr.split(separator: "\n").filter { !$0.contains("corrupt_result") }.suffix(40)
        #expect(afterFirst == [.completed: 12], "\(afterFirst); stderr: \(unexpected.joined(separator: "\n"))")

        await simulator.state.advanceClock(bySeconds: 24 * 3600 + 60)
        let rerun = try await run("run", output, simulator)
        #expect(rerun.exitCode == 4, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("result_expired"), "\(rerun.stderr)")
        let store = try JobStore(path: database)
        #expect(try store.failureReasons().first { $0.0 == "result_expired" }?.1 == 12)
        // Paid: the charges stand, settled, on the run that submitted them.
        let spend = try store.spend(runID: 1)
        #expect(spend.settledCount == 12 && spend.charged > .zero, "\(spend)")

        let plain = try await run("run", output, simulator)
        #expect(plain.exitCode == 4, "\(plain.stderr)")
        #expect(plain.stdout.contains("0 submitted") && plain.stdout.contains("12 held back (result expired)"))
        #expect(plain.stderr.contains("--failed --reason result_expired` submits them again"), "\(plain.stderr)")
        let submitted = try #require(
            try JSONSerialization.jsonObject(with: Data(await simulator.state.statsJSON())) as? [String: Any])
        #expect(submitted["submissions"] as? Int == 12, "nothing paid again without retry: \(submitted)")

        let healthy = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        defer { Task { await healthy.stop() } }
        let retry = try await run("retry", output, healthy, ["--failed", "--reason", "result_expired"])
        #expect(retry.exitCode == 0, "\(retry.stderr)")
        #expect(retry.stderr.contains("will be paid for again"), "\(retry.stderr)")
        #expect(try JobStore(path: database).stateCounts() == [.stored: 12])
    }
}
