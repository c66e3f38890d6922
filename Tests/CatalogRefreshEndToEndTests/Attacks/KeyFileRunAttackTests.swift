import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import Testing

/// `run` with `api.key_file` naming a file that is not a key, or one others can read.
@Suite("Key file run attacks", .serialized)
struct KeyFileRunAttackTests {
    /// The quickstart's feed and variants, the key from `key.txt` beside the spec.
    func spec(in directory: TemporaryDirectory) throws -> String {
        let quickstart = try String(
            contentsOf: RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml"), encoding: .utf8)
        let feed = RepositoryPaths.fixture("feeds/quickstart.csv")
        let text =
            quickstart
            .replacingOccurrences(of: "../fixtures/feeds/quickstart.csv", with: feed)
            .replacingOccurrences(of: "base_url: https://api.evolink.ai", with: "key_file: key.txt")
        return try directory.write(text, to: "spec.yml")
    }

    func run(keyFile content: String, mode: Int) async throws -> (ProcessResult, submissions: Int, path: String) {
        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        let directory = try TemporaryDirectory()
        let spec = try spec(in: directory)
        let keyPath = try directory.write(content, to: "key.txt")
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: keyPath)
        let result = try await ProcessRunner.run(
            RepositoryPaths.executable,
            [
                "run", spec, "--only", "MUG-001", "--output", directory.url("out").path, "--api-base-url",
                simulator.baseURL, "--server-time-scale", "0.002",
            ],
            workingDirectory: directory.path,
            environment: ProcessInfo.processInfo.environment.filter { $0.key != "EVOLINK_API_KEY" })
        let submissions = await simulator.state.counters().submissions
        await simulator.stop()
        return (result, submissions, keyPath)
    }

    /// #20 item 11: `/etc/hostname`-like content and a two-line file: on main their first line
    /// reached the server as the bearer key; now exit 3, the file named, nothing sent.
    @Test(arguments: [("myhost\n", "cannot be an API key"), (FakeAPIKey.plain + "\nmore\n", "2 non-empty lines")])
    func aFileThatIsNotOneKeyStopsTheRunBeforeAnythingIsSent(content: String, problem: String) async throws {
        let (result, submissions, path) = try await run(keyFile: content, mode: 0o600)
        #expect(result.exitCode == 3, "\(result.stderr.suffix(800))")
        #expect(result.stderr.contains("cannot use \(path) as the API key file"), "\(result.stderr)")
        #expect(result.stderr.contains(problem), "\(result.stderr)")
        #expect(!result.stderr.contains("myhost") && !result.stderr.contains(FakeAPIKey.plain))
        #expect(submissions == 0)
    }

    /// #20 item 11: a key-like line in a file every user can read (a cloud hostname at 0644) is
    /// refused, exit 3, nothing sent; a file only the group can also read runs with a warning.
    @Test func aWorldReadableFileIsRefusedAndAGroupReadableOneWarned() async throws {
        let (refused, refusedSubmissions, refusedPath) = try await run(
            keyFile: "ip-172-31-22-107.ec2.internal\n", mode: 0o644)
        #expect(refused.exitCode == 3, "\(refused.stderr.suffix(800))")
        #expect(refused.stderr.contains("permissions 0644 let every user"), "\(refused.stderr)")
        #expect(refused.stderr.contains("run `chmod 600 \(refusedPath)`"))
        #expect(!refused.stderr.contains("ec2.internal"))
        #expect(refusedSubmissions == 0)

        let (warned, submissions, path) = try await run(keyFile: FakeAPIKey.plain + "\n", mode: 0o640)
        #expect(warned.exitCode == 0, "\(warned.stderr.suffix(800))")
        #expect(warned.stderr.contains("warning: permissions 0640 for the API key file \(path)"), "\(warned.stderr)")
        #expect(warned.stderr.contains("run `chmod 600 \(path)`"))
        #expect(submissions == 2)
    }
}
