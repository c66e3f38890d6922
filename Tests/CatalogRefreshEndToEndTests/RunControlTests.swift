import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import JobStore
import Testing

/// What a nightly job needs around `run`: targeted reruns, `report.json`, `status`, and a clean
/// stop on SIGINT that the next run resumes without paying twice.
@Suite(.serialized)
struct RunControlTests {
    let executable = RepositoryPaths.executable
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    @Test func onlyForceReportAndStatus() async throws {
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        #expect(try await ProcessRunner.run(executable, ["run", spec, "--output", output]).exitCode == 0)
        let rerun = try await ProcessRunner.run(
            executable, ["run", spec, "--output", output, "--only", "MUG-001", "--force"])
        #expect(rerun.exitCode == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("2 submitted, 2 stored, 0 failed"))
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url("out/manifest.json")))
                as? [String: Any])
        #expect((manifest["items"] as? [Any])?.count == 12, "a targeted rerun still lists every item")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url("out/report.json"))) as? [String: Any]
        )
        #expect(report["submissions"] as? Int == 2 && report["interrupted"] as? Bool == false)
        #expect((report["task_seconds"] as? [String: Any])?["p95"] != nil)
        // `status` reads the store the run left (it needs the spec's output folder).
        let specCopy = try directory.write(
            try String(contentsOfFile: spec, encoding: .utf8)
                .replacingOccurrences(of: "../out/quickstart", with: output)
                .replacingOccurrences(
                    of: "../fixtures", with: RepositoryPaths.root.appendingPathComponent("fixtures").path),
            to: "quickstart.yml")
        let status = try await ProcessRunner.run(executable, ["status", specCopy])
        #expect(status.exitCode == 0)
        #expect(status.stdout.contains("quickstart: 12 jobs: stored 12"))
        #expect(status.stdout.contains("last run #2: finished"))
        // The simulator reports each completed task's charge: the run's spend is settled, and
        // is what the run reserved for its two forced jobs (it charges the whole reservation).
        let spent = try #require(report["committed_spend_usd"] as? Double)
        #expect(spent > 0)
        let spend = try #require(report["spend"] as? [String: Any])
        #expect(spend["settled_submissions"] as? Int == 2 && spend["unsettled_submissions"] as? Int == 0)
        #expect((spend["charged_usd"] as? Double).map { abs($0 - spent) < 1e-9 } == true, "\(spend)")
        let money = "$\(String(format: "%.4f", spent))"
        #expect(
            status.stdout.contains("spend: \(money) in run #2: \(money) charged for 2 submissions the API settled"),
            "\(status.stdout)")
        // Whether a run is going is asked of the run lock. A new run holds it while it plans,
        // before it writes its row.
        var lock: RunLock? = try RunLock.acquire(folder: output)
        let me = ProcessInfo.processInfo.processIdentifier
        let starting = try await ProcessRunner.run(executable, ["status", specCopy]).stdout
        #expect(starting.contains("last run #2: finished"), "\(starting)")
        #expect(starting.contains("a run is starting (pid \(me), since "), "\(starting)")
        _ = try JobStore(path: directory.url("out/state.sqlite").path).beginRun(specName: "quickstart")
        let going = try await ProcessRunner.run(executable, ["status", specCopy]).stdout
        #expect(going.contains("last run #3: running now (pid \(me), since "), "\(going)")
        #expect(going.contains("stored in the last minute; nothing left to store"), "\(going)")
        // Killed: its row stays `running`, and no process holds the lock.
        lock = nil
        let crashed = try await ProcessRunner.run(executable, ["status", specCopy]).stdout
        #expect(crashed.contains("last run #3: did not finish"), "\(crashed)")
        #expect(crashed.contains("resumes it") && !crashed.contains("a run is starting"), "\(crashed)")
        #expect(!crashed.contains("pace:") && !starting.contains("pace:"), "a pace only for a run that is going")
        withExtendedLifetime(lock) {}
    }

    @Test func jsonLogsHaveOneObjectPerJobEvent() async throws {
        let directory = try TemporaryDirectory()
        let result = try await ProcessRunner.run(
            executable, ["run", spec, "--output", directory.url("out").path, "--log-format", "json"])
        #expect(result.exitCode == 0)
        // Every line, not only those that look like JSON.
        let events = try result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(events.filter { $0["event"] as? String == "submitted" }.count == 12)
        let stored = events.filter { $0["event"] as? String == "stored" }
        #expect(stored.count == 12)
        #expect(stored.allSatisfy { ($0["path"] as? String)?.hasPrefix("images/") == true && $0["time"] != nil })
    }

    @Test func sigintStopsCleanlyAndTheNextRunResumesWithoutPayingTwice() async throws {
        // Slow tasks (seconds, not milliseconds) so the signal lands mid-run.
        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.25))
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let arguments = ["run", spec, "--output", output, "--api-base-url", simulator.baseURL]
        let process = try ProcessRunner.start(executable, arguments, environment: TestServer.environment)
        // Stopped once it has paid for something (a fixed pause lost the race on a loaded machine,
        // where starting up took longer than the pause).
        await pollUntil { await simulator.state.counters().submissions > 0 }
        process.interrupt()
        await ProcessRunner.waitForExit(process)
        #expect(process.terminationStatus == 130)
        let first = await simulator.state.counters()
        #expect(
            first.submissions > 0 && first.submissions < 12, "the stop came mid-run (\(first.submissions) submitted)")

        let resumed = try await ProcessRunner.run(executable, arguments, environment: TestServer.environment)
        #expect(resumed.exitCode == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("12 stored") || resumed.stdout.contains(" stored, 0 failed"))
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.url("out/manifest.json")))
                as? [String: Any])
        #expect((manifest["items"] as? [Any])?.count == 12)
        let counters = await simulator.state.counters()
        #expect(counters.submissions == 12, "each job was paid for once")
        #expect(counters.maxPaidPerKey == 1)
        await simulator.stop()
    }

    @Test func aSecondRunOfTheSameFolderRefusesAndARunAfterACrashSweepsItsTemporaryFiles() async throws {
        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.25))
        let directory = try TemporaryDirectory()
        let output = directory.url("out").path
        let arguments = ["run", spec, "--output", output, "--api-base-url", simulator.baseURL]
        let first = try ProcessRunner.start(executable, arguments, environment: TestServer.environment)
        // The lock file names its holder once the lock is taken.
        let lockFile = directory.url("out/.run.lock").path
        await pollUntil { !((try? String(contentsOfFile: lockFile, encoding: .utf8))?.isEmpty ?? true) }
        let second = try await ProcessRunner.run(executable, arguments, environment: TestServer.environment)
        #expect(second.exitCode == 75, "\(second.stderr)")
        #expect(second.stderr.contains("another catalog-refresh run is working in"), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(first.processIdentifier)"), "\(second.stderr)")

        // Killed mid-run: the kernel drops its lock, and a temporary file it was writing stays.
        try await Task.sleep(for: .milliseconds(1000))
        kill(first.processIdentifier, SIGKILL)
        await ProcessRunner.waitForExit(first)
        let abandoned = try directory.write(
            "half an image", to: "out/images/MUG-001/x.png.tmp-\(first.processIdentifier)-42")
        let resumed = try await ProcessRunner.run(executable, arguments, environment: TestServer.environment)
        #expect(resumed.exitCode == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("removed 1 temporary files the last run (running) left behind"))
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        let counters = await simulator.state.counters()
        #expect(counters.submissions == 12 && counters.maxPaidPerKey == 1, "the refused run submitted nothing")
        await simulator.stop()
    }
}
