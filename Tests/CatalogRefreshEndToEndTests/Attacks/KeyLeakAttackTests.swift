import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import Testing

/// The real binary against a simulator that quotes the bearer key back (`quote_key=1`): in a
/// 400 error body, in failed tasks' `error.message` (as sent, upper-cased, percent-encoded, as
/// base64 `user:key`) and in result URLs' user information. The key must be in no byte of
/// anything the run writes.
@Suite("Key leak attacks", .serialized)
struct KeyLeakAttackTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path
    static let key = TestServer.apiKey

    /// The forms of the key to look for, as lower-cased bytes, and base64 runs as they are.
    static let foldedForms: [[UInt8]] = [
        key, key.replacingOccurrences(of: "-", with: "%2d"), key.utf8.map { String(format: "%%%02x", $0) }.joined(),
    ].map { Array($0.lowercased().utf8) }
    static let base64Forms: [[UInt8]] = ["user:\(key)", key].map {
        Array(Data($0.utf8).base64EncodedString().utf8.dropFirst(8).dropLast(4))
    }

    static func leaks(_ bytes: [UInt8]) -> Bool {
        let folded = bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        return foldedForms.contains { folded.contains($0) } || base64Forms.contains { bytes.contains($0) }
    }

    /// Every file under `folder` whose bytes hold the key in any form.
    static func leakingFiles(under folder: String) throws -> [String] {
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder)
        return try files.filter { path in
            var isDirectory: ObjCBool = false
            let full = folder + "/" + path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue
            else { return false }
            return leaks([UInt8](try Data(contentsOf: URL(fileURLWithPath: full))))
        }
    }

    /// #20 item 1 (the acceptance test): on main the failed tasks' messages put the key on
    /// stderr (text and JSON), in report.json and in jobs.failure_reason, and the result URLs
    /// kept it in state.sqlite.
    @Test func aServerQuotingTheKeyBackLeavesItNowhere() async throws {
        var faults = SimulatorFaults()
        faults.quoteKey = 1
        let simulator = try await RunningSimulator.start(
            configuration: SimulatorConfiguration(timeScale: 0.002, faults: faults))
        let directory = try TemporaryDirectory()
        for format in ["text", "json"] {
            let output = directory.url("out-\(format)").path
            let common = [
                "--output", output, "--api-base-url", simulator.baseURL, "--server-time-scale", "0.002",
            ]
            let run = try await ProcessRunner.run(
                RepositoryPaths.executable, ["run", spec, "--log-format", format] + common,
                workingDirectory: directory.path, environment: TestServer.environment)
            // Four 400s and four failed tasks are failures; four results are stored.
            #expect(run.exitCode == 4, "\(run.stderr.suffix(800))")
            #expect(run.stdout.contains("4 stored, 8 failed"), "\(run.stdout)")
            #expect(run.stderr.contains("sk-…(redacted)"), "the quotes reached the log, redacted")
            let status = try await ProcessRunner.run(
                RepositoryPaths.executable, ["status", spec, "--output", output], workingDirectory: directory.path,
                environment: TestServer.environment)
            for (name, text) in [
                ("run stdout", run.stdout), ("run stderr", run.stderr), ("status stdout", status.stdout),
                ("status stderr", status.stderr),
            ] {
                #expect(!Self.leaks(Array(text.utf8)), "\(format): the key is in \(name)")
            }
            for name in ["report.json", "manifest.json", "manifest.csv", "state.sqlite"] {
                #expect(FileManager.default.fileExists(atPath: output + "/" + name), "\(name)")
            }
            #expect(try Self.leakingFiles(under: output) == [], "\(format)")
            #expect(try !Self.leakingFiles(under: directory.path).contains { $0.hasPrefix("out-") })
        }
        await simulator.stop()
    }
}
