import CatalogModel
import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import JobStore
import Testing

/// #20 items 6 and 7: state that survives. A store lost, emptied or copied beside a finished
/// output folder is never taken for a new one (nothing is paid again; `recover` rebuilds it from
/// the manifest), and a paid result whose link expired before its download is a failure with a
/// way out, not a job that stays `completed` for ever.
@Suite("State attacks", .serialized)
struct StateAttackTests {
    let executable = RepositoryPaths.executable
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path

    /// The quickstart run offline into `out`, with MUG-001's two images approved.
    func finishedFolder(_ directory: TemporaryDirectory, name: String = "out") async throws -> String {
        let output = directory.url(name).path
        let run = try await ProcessRunner.run(executable, ["run", spec, "--output", output])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let approve = try await ProcessRunner.run(
            executable, ["approve", spec, "--output", output, "--product", "MUG-001", "--note", "good"])
        #expect(approve.exitCode == 0, "\(approve.stderr)")
        return output
    }

    func removeStore(in output: String) {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: output + "/state.sqlite" + suffix)
        }
    }

    func stats(_ simulator: RunningSimulator) async throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(await simulator.state.statsJSON())) as? [String: Any])
    }

    func runOnline(
        _ output: String, _ simulator: RunningSimulator, _ extra: [String] = []
    ) async throws -> ProcessResult {
        try await ProcessRunner.run(
            executable,
            ["run", spec, "--output", output, "--api-base-url", simulator.baseURL, "--server-time-scale", "0.002"]
                + extra,
            environment: TestServer.environment)
    }

    /// #20 item 6: `state.sqlite` (and its WAL) deleted beside a finished folder. A run stops
    /// with exit 3 and the `recover` command, paying nothing; `recover` rebuilds jobs, outputs and
    /// decisions from the manifest; the next run plans 0 new jobs and pays nothing; `status` and
    /// `manifest` show the decisions; the stock `sqlite3` tool reads the rebuilt store.
    @Test func aDeletedStoreStopsTheRunAndRecoverBringsEverythingBack() async throws {
        let directory = try TemporaryDirectory()
        let output = try await finishedFolder(directory)
        removeStore(in: output)
        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        defer { Task { await simulator.stop() } }

        let refused = try await runOnline(output, simulator)
        #expect(refused.exitCode == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("state store state.sqlite is missing"), "\(refused.stderr)")
        #expect(refused.stderr.contains("catalog-refresh recover"), "\(refused.stderr)")
        #expect(try await stats(simulator)["submissions"] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: output + "/state.sqlite"), "the refusal made no store")

        let recover = try await ProcessRunner.run(executable, ["recover", spec, "--output", output])
        #expect(recover.exitCode == 0, "\(recover.stderr)")
        #expect(recover.stdout.contains("recovered 12 of 12 images (2 review decisions)"), "\(recover.stdout)")

        let rerun = try await runOnline(output, simulator)
        #expect(rerun.exitCode == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("0 new, 0 changed, 12 unchanged; 0 submitted"), "\(rerun.stdout)")
        let after = try await stats(simulator)
        #expect(after["submissions"] as? Int == 0 && after["uploads"] as? Int == 0, "\(after)")

        let status = try await ProcessRunner.run(executable, ["status", spec, "--output", output])
        #expect(status.stdout.contains("review: 2 approved, 0 rejected, 10 pending of 12 images"), "\(status.stdout)")
        let manifest = try await ProcessRunner.run(executable, ["manifest", spec, "--output", output])
        #expect(manifest.stdout.contains("12 images: 2 approved, 0 rejected, 10 pending"), "\(manifest.stdout)")

        let sqlite = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "sqlite3", output + "/state.sqlite",
                "PRAGMA integrity_check; SELECT COUNT(*) FROM outputs; "
                    + "SELECT COUNT(*) FROM reviews WHERE state = 'approved'",
            ])
        #expect(sqlite.exitCode == 0, "sqlite3 (installed by .ci/run): \(sqlite.stderr)")
        #expect(sqlite.stdout == "ok\n12\n2\n", "\(sqlite.stdout)")
    }

    /// #20 item 6: the store truncated to 0 bytes was taken for a new store: every job paid
    /// again. Now the run stops (exit 3); `recover` moves the empty file aside (never deletes).
    @Test func aTruncatedStoreStopsTheRunAndIsMovedAsideByRecover() async throws {
        let directory = try TemporaryDirectory()
        let output = try await finishedFolder(directory)
        removeStore(in: output)
        #expect(FileManager.default.createFile(atPath: output + "/state.sqlite", contents: Data()))
        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        defer { Task { await simulator.stop() } }

        let refused = try await runOnline(output, simulator)
        #expect(refused.exitCode == 3, "\(refused.stderr)")
        #expect(
            refused.stderr.contains("is empty (0 bytes)") && refused.stderr.contains("recover"), "\(refused.stderr)")
        #expect(try await stats(simulator)["submissions"] as? Int == 0)
        let approve = try await ProcessRunner.run(executable, ["approve", spec, "--output", output, "--all-pending"])
        #expect(approve.exitCode == 3, "approve must not write to it either: \(approve.stderr)")

        let recover = try await ProcessRunner.run(executable, ["recover", spec, "--output", output])
        #expect(recover.exitCode == 0, "\(recover.stderr)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: output).filter {
            $0.hasPrefix("state.sqlite.before-recover-")
        }
        #expect(aside.count == 1, "\(aside)")
        let rerun = try await runOnline(output, simulator)
        #expect(rerun.exitCode == 0 && rerun.stdout.contains("12 unchanged; 0 submitted"), "\(rerun.stdout)")
        #expect(try await stats(simulator)["submissions"] as? Int == 0)
    }

    /// #20 item 6: a store copied from another output folder (same spec) is not this folder's:
    /// its folder id is not the manifest's. A run stops; `recover` replaces it (moved aside).
    /// A healthy store is never replaced without `--force`.
    @Test func aStoreFromAnotherFolderIsRefusedAndAHealthyOneIsKeptWithoutForce() async throws {
        let directory = try TemporaryDirectory()
        let output = try await finishedFolder(directory)
        let other = directory.url("other").path
        let otherRun = try await ProcessRunner.run(executable, ["run", spec, "--output", other])
        #expect(otherRun.exitCode == 0, "\(otherRun.stderr)")

        let keep = try await ProcessRunner.run(executable, ["recover", spec, "--output", output])
        #expect(keep.exitCode == 3 && keep.stderr.contains("--force"), "\(keep.stderr)")

        removeStore(in: output)
        try FileManager.default.copyItem(atPath: other + "/state.sqlite", toPath: output + "/state.sqlite")
        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        defer { Task { await simulator.stop() } }
        let refused = try await runOnline(output, simulator, ["--force"])
        #expect(refused.exitCode == 3, "\(refused.stderr)")
        #expect(refused.stderr.contains("belongs to another output folder"), "\(refused.stderr)")
        #expect(try await stats(simulator)["submissions"] as? Int == 0)

        let recover = try await ProcessRunner.run(executable, ["recover", spec, "--output", output])
        #expect(recover.exitCode == 0, "\(recover.stderr)")
        #expect(recover.stdout.contains("(2 review decisions)"), "the decisions of this folder: \(recover.stdout)")
        let forced = try await ProcessRunner.run(executable, ["recover", spec, "--output", output, "--force"])
        #expect(forced.exitCode == 0, "\(forced.stderr)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: output).filter {
            $0.hasPrefix("state.sqlite.before-recover-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm")
        }
        #expect(!aside.isEmpty, "\(aside)")
        let rerun = try await runOnline(output, simulator)
        #expect(rerun.exitCode == 0 && rerun.stdout.contains("12 unchanged; 0 submitted"), "\(rerun.stdout)")
    }

    /// #20 item 6: one image changed on disk before `recover`: it is named and left out (exit
    /// 4), and the next run generates exactly that one again.
    @Test func aTamperedImageIsLeftOutByRecoverAndRegenerated() async throws {
        let directory = try TemporaryDirectory()
        let output = try await finishedFolder(directory)
        removeStore(in: output)
        let paths = try FileManager.default.subpathsOfDirectory(atPath: output + "/images").filter {
            $0.hasPrefix("LAMP-014/") && $0.hasSuffix(".png")
        }
        let tampered = output + "/images/" + (try #require(paths.sorted().first))
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: tampered)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: tampered))

        let recover = try await ProcessRunner.run(executable, ["recover", spec, "--output", output])
        #expect(recover.exitCode == 4, "\(recover.stderr)")
        #expect(recover.stdout.contains("recovered 11 of 12 images"), "\(recover.stdout)")
        #expect(recover.stderr.contains("LAMP-014") && recover.stderr.contains("does not match"), "\(recover.stderr)")
        #expect(recover.stderr.contains("the next run generates it again"), "\(recover.stderr)")

        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        defer { Task { await simulator.stop() } }
        let rerun = try await runOnline(output, simulator)
        #expect(rerun.exitCode == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("1 new, 0 changed, 11 unchanged; 1 submitted"), "\(rerun.stdout)")
        #expect(try await stats(simulator)["submissions"] as? Int == 1)
    }
}
