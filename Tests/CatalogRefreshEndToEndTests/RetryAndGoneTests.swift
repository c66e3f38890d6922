import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import Testing

/// `retry --failed` reruns exactly the failed jobs; products that leave the feed are reported,
/// and their images kept.
struct RetryAndGoneTests {
    @Test func retryFailedThenReportProductsGone() async throws {
        var faults = SimulatorFaults()
        faults.failedTask = 1
        faults.failureCodes = ["generation_timeout"]
        let failing = try await RunningSimulator.start(
            configuration: SimulatorConfiguration(timeScale: 0.002, faults: faults))
        let healthy = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path
        let executable = RepositoryPaths.executable
        let common = ["--output", output, "--server-time-scale", "0.002"]

        let first = try await ProcessRunner.run(
            executable, ["run", spec, "--api-base-url", failing.baseURL] + common, environment: TestServer.environment)
        #expect(first.exitCode == 4, "\(first.stderr.suffix(500))")
        #expect(first.stdout.contains("12 failed"))
        let retry = try await ProcessRunner.run(
            executable,
            ["retry", spec, "--failed", "--reason", "generation_timeout", "--api-base-url", healthy.baseURL] + common,
            environment: TestServer.environment)
        #expect(retry.exitCode == 0, "\(retry.stderr.suffix(500))")
        #expect(retry.stdout.contains("12 submitted, 12 stored, 0 failed"))
        #expect(await healthy.state.counters().submissions == 12)
        let nothing = try await ProcessRunner.run(executable, ["retry", spec, "--failed"] + common)
        #expect(nothing.stdout.contains("no failed jobs"))

        let feed = try String(contentsOfFile: RepositoryPaths.fixture("feeds/quickstart.csv"), encoding: .utf8)
        let shorter = feed.split(separator: "\n").filter { !$0.hasPrefix("POT-007") }.joined(separator: "\n") + "\n"
        let feedCopy = try directory.feedBesideFixtureImages(shorter, named: "quickstart.csv")
        let gone = try await ProcessRunner.run(
            executable, ["run", spec, "--feed", feedCopy, "--api-base-url", healthy.baseURL] + common,
            environment: TestServer.environment)
        #expect(gone.exitCode == 0)
        #expect(
            gone.stderr.contains(
                "1 products with stored images are no longer in the feed (their images are kept): POT-007"))
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url("out/report.json"))) as? [String: Any]
        )
        #expect(report["products_gone"] as? [String] == ["POT-007"])
        #expect(FileManager.default.fileExists(atPath: directory.url("out/images/POT-007/marble-kitchen.png").path))
        await failing.stop()
        await healthy.stop()
    }
}
