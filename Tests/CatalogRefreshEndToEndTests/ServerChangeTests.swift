import CatalogModel
import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import JobStore
import Testing

/// A run talks to one server: what another server holds (uploaded references, tasks) is never
/// used as its own.
@Suite(.serialized)
struct ServerChangeTests {
    let executable = RepositoryPaths.executable
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    @Test func aRunAgainstASecondSimulatorUploadsTheReferencesAgainAndSendsOnlyItsOwnURLs() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let offline = try await ProcessRunner.run(executable, ["run", spec, "--output", output])
        #expect(offline.exitCode == 0, "\(offline.stderr)")

        let second = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        let online = try await ProcessRunner.run(
            executable,
            [
                "run", spec, "--output", output, "--force", "--api-base-url", second.baseURL, "--server-time-scale",
                "0.002",
            ],
            environment: TestServer.environment)
        #expect(online.exitCode == 0, "\(online.stderr)")
        #expect(online.stdout.contains("12 submitted, 12 stored, 0 failed"), "\(online.stdout)")
        // What its `/_simulator/stats` says.
        let stats = try #require(
            try JSONSerialization.jsonObject(with: Data(await second.state.statsJSON())) as? [String: Any])
        #expect(stats["uploads"] as? Int == 6, "the six products' references, uploaded to the second server: \(stats)")
        let store = try JobStore(path: directory.url("out/state.sqlite").path)
        let keys = try store.manifestKeys()
        #expect(keys.count == 12)
        for key in keys {
            let record = try #require(try store.job(key))
            let urls = try #require(record.submittedImageURLs)
            #expect(!urls.isEmpty && urls.allSatisfy { $0.hasPrefix(second.baseURL + "/files/") }, "\(key): \(urls)")
            #expect(record.submissionServer?.apiOrigin == second.baseURL)
        }
        await second.stop()
    }

    /// Ctrl-C during an offline run leaves tasks at an embedded simulator that dies with it: the
    /// next run (another embedded simulator) fails them as lost at once, and `retry` submits
    /// them again, saying they may have been charged.
    @Test func tasksLeftAtADeadEmbeddedSimulatorAreLostThenRetried() async throws {
        let directory = try TemporaryDirectory()
        let slow = try directory.write(
            try String(contentsOfFile: spec, encoding: .utf8)
                .replacingOccurrences(of: "quality: low", with: "quality: high")
                .replacingOccurrences(of: "resolution: 1K", with: "resolution: 4K")
                .replacingOccurrences(of: "budget_usd: 2", with: "budget_usd: 20")
                .replacingOccurrences(of: "../out/quickstart", with: directory.url("out").path)
                .replacingOccurrences(
                    of: "../fixtures", with: RepositoryPaths.root.appendingPathComponent("fixtures").path),
            to: "slow.yml")
        // Its standard error is shown if it never gets a task in flight (once, in a full run beside a
        // release build, it exited 1 before any).
        let stderrFile = directory.url("first-run.stderr").path
        let process = try ProcessRunner.start(executable, ["run", slow], stderrFile: stderrFile)
        let firstRun = { (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? "" }
        let database = directory.url("out/state.sqlite").path
        let inFlight = await pollUntil {
            guard FileManager.default.fileExists(atPath: database), let store = try? JobStore(path: database) else {
                return false
            }
            return ((try? store.stateCounts()[.submitted]) ?? 0) > 0
        }
        #expect(inFlight, "\(firstRun())")
        process.interrupt()
        await ProcessRunner.waitForExit(process)
        #expect(process.terminationStatus == 130, "\(firstRun())")
        let left = try JobStore(path: database).stateCounts()
        // A task that finished before the interrupt, its result not yet downloaded, is lost too:
        // its link at the dead simulator refuses the connection.
        let lost = (left[.submitted] ?? 0) + (left[.submitting] ?? 0) + (left[.completed] ?? 0)
        #expect(lost > 0, "\(left)")

        let rerun = try await ProcessRunner.run(executable, ["run", slow])
        #expect(rerun.exitCode == 4, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("task_lost"), "\(rerun.stderr)")
        #expect(try JobStore(path: database).failureReasons().first { $0.0 == "task_lost" }?.1 == lost)

        // A plain run leaves them failed (each may have been charged) and says how to send them.
        let plain = try await ProcessRunner.run(executable, ["run", slow])
        #expect(plain.exitCode == 4, "\(plain.stderr)")
        #expect(plain.stdout.contains("0 submitted") && plain.stdout.contains("\(lost) held back (task lost)"))
        #expect(plain.stderr.contains("--failed --reason task_lost` submits them again"), "\(plain.stderr)")

        let retry = try await ProcessRunner.run(executable, ["retry", slow, "--failed", "--reason", "task_lost"])
        #expect(retry.exitCode == 0, "\(retry.stderr)")
        #expect(retry.stderr.contains("may have been charged"), "\(retry.stderr)")
        #expect(try JobStore(path: database).stateCounts() == [.stored: 12])
    }
}
