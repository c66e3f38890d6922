import CatalogModel
import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import JobStore
import Testing

/// What a targeted run (`--only`) and `retry` pick, and that a run which could not write its
/// manifest is never called finished.
struct RunSelectionTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    func run(
        _ arguments: [String], in directory: TemporaryDirectory, environment: [String: String]? = nil
    ) async throws -> ProcessResult {
        try await ProcessRunner.run(
            RepositoryPaths.executable, arguments, workingDirectory: directory.path, environment: environment)
    }

    /// On main this stored MUG-001's images, then failed on a foreign key writing the manifest
    /// (exit 1, no manifest) and `status` called the run finished.
    @Test func onlyOnAFreshFolderWritesTheManifestOfWhatItStored() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let result = try await run(["run", spec, "--output", output, "--only", "MUG-001"], in: directory)
        #expect(result.exitCode == 0, "\(result.stderr.suffix(800))")
        #expect(result.stdout.contains("2 submitted, 2 stored, 0 failed"), "\(result.stdout)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url("out/manifest.json")))
                as? [String: Any])
        let items = try #require(manifest["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["product_id"] as? String } == ["MUG-001", "MUG-001"])
        let status = try await run(["status", spec, "--output", output], in: directory)
        #expect(status.stdout.contains("last run #1: finished"), "\(status.stdout)")
    }

    /// A run whose manifest cannot be written fails, and `status` says so.
    @Test func aRunThatCannotWriteItsManifestIsNotCalledFinished() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        try FileManager.default.createDirectory(
            atPath: directory.url("out/manifest.json/blocked").path, withIntermediateDirectories: true)
        let result = try await run(["run", spec, "--output", output, "--only", "MUG-001"], in: directory)
        #expect(result.exitCode == 1, "\(result.stderr.suffix(800))")
        let status = try await run(["status", spec, "--output", output], in: directory)
        #expect(status.stdout.contains("last run #1: failed"), "\(status.stdout)")
        #expect(!status.stdout.contains("finished,"), "\(status.stdout)")
    }

    /// On main an id the feed does not have ran nothing and exited 0.
    @Test func onlyWithIdsTheFeedLacksExits3NamingThem() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let result = try await run(
            ["run", spec, "--output", output, "--only", "MUG-001", "MUG-01", "NOPE"], in: directory)
        #expect(result.exitCode == 3, "\(result.stderr.suffix(800))")
        #expect(result.stderr.contains("--only names 2 products that"), "\(result.stderr)")
        #expect(result.stderr.contains("`MUG-01`, `NOPE`"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.url("out/images").path))
    }

    /// `retry --reason R` resubmits exactly the jobs that failed for R; on main it resubmitted
    /// every job of their products, whatever their reason, and an unknown reason exited 0.
    @Test func retryReasonTakesExactlyTheJobsThatFailedForIt() async throws {
        var faults = SimulatorFaults()
        faults.failedTask = 1
        faults.failureCodes = ["generation_timeout", "service_error"]
        let failing = try await RunningSimulator.start(
            configuration: SimulatorConfiguration(timeScale: 0.002, faults: faults))
        let healthy = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let common = ["--output", output, "--server-time-scale", "0.002"]
        let first = try await run(
            ["run", spec, "--api-base-url", failing.baseURL] + common, in: directory,
            environment: TestServer.environment)
        #expect(first.exitCode == 4, "\(first.stderr.suffix(500))")
        let failures = try JobStore(path: directory.url("out/state.sqlite").path).failedJobs()
        #expect(failures.count == 12)
        let timedOut = Set(failures.filter { $0.code == "generation_timeout" }.map(\.key))

        let typo = try await run(
            ["retry", spec, "--failed", "--reason", "generation_timout", "--api-base-url", healthy.baseURL] + common,
            in: directory, environment: TestServer.environment)
        #expect(typo.exitCode == 64, "\(typo.stderr.suffix(500))")
        #expect(typo.stderr.contains("no failed job has reason `generation_timout`"), "\(typo.stderr)")
        #expect(typo.stderr.contains("The failed jobs' reasons: "), "\(typo.stderr)")
        #expect(await healthy.state.counters().submissions == 0)

        let retry = try await run(
            ["retry", spec, "--failed", "--reason", "generation_timeout", "--api-base-url", healthy.baseURL] + common,
            in: directory, environment: TestServer.environment)
        #expect(!timedOut.isEmpty, "both codes are drawn at random for 12 jobs")
        if timedOut.isEmpty {
            #expect(retry.exitCode == 64)
        } else {
            #expect(retry.exitCode == 0, "\(retry.stderr.suffix(500))")
            #expect(await healthy.state.counters().submissions == timedOut.count)
        }
        let after = try JobStore(path: directory.url("out/state.sqlite").path).failedJobs()
        #expect(after.allSatisfy { $0.code == "service_error" })
        #expect(Set(after.map(\.key)) == Set(failures.map(\.key)).subtracting(timedOut))
        await failing.stop()
        await healthy.stop()
    }
}
