import CatalogModel
import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import Testing

/// Kills the real binary with SIGKILL at random moments of a 300-job run, ten times in a row,
/// resuming each time, against one simulator that outlives the crashes: at the end every job
/// is stored, nothing was paid twice, and every file matches its recorded hash.
struct CrashRecoveryTests {
    @Test func tenSigkillsThenAResumeLoseNothingAndPayOnce() async throws {
        var configuration = SimulatorConfiguration(timeScale: 0.002)
        configuration.externalReferences = TestServer.madeUpReference
        let simulator = try await RunningSimulator.start(configuration: configuration)
        let directory = try TemporaryDirectory()
        let rows = (1...300).map { "P\($0),Product \($0),https://refs.test/\($0).png" }
        let feed = try directory.write("id,title,image_link\n" + rows.joined(separator: "\n") + "\n", to: "feed.csv")
        let spec = try directory.write(
            """
            version: 1
            feed:
              source: \(feed)
            variants:
              background:
                - id: white
                  text: on white
            prompt: "{{title}} {{background.text}}"
            image:
              size: 1024x640
              quality: low
            limits:
              concurrency: 8
              requests_per_minute: 60000
            output:
              folder: out

            """, to: "crash.yml")
        let arguments = ["run", spec, "--api-base-url", simulator.baseURL, "--server-time-scale", "0.002"]
        var generator = SystemRandomNumberGenerator()
        for round in 1...10 {
            let process = try ProcessRunner.start(
                RepositoryPaths.executable, arguments, environment: TestServer.environment)
            try await Task.sleep(for: .milliseconds(Int64.random(in: 150...900, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            await ProcessRunner.waitForExit(process)
            #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus == 0, "round \(round)")
        }
        let final = try await ProcessRunner.run(
            RepositoryPaths.executable, arguments, environment: TestServer.environment)
        #expect(final.exitCode == 0, "\(final.stderr.suffix(2000))")

        struct Manifest: Decodable {
            struct Item: Decodable {
                var product_id: String
                var path: String
                var sha256: String
            }

            var items: [Item]
        }
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: directory.url("out/manifest.json")))
        #expect(manifest.items.count == 300)
        for item in manifest.items {
            let bytes = [UInt8](try Data(contentsOf: directory.url("out/\(item.path)")))
            #expect(SHA256.hash(bytes).hex == item.sha256, "\(item.path)")
        }
        // A kill between writing a temporary file and renaming it leaves the file; the next run sweeps it.
        let leftovers = FileManager.default.enumerator(atPath: directory.url("out").path)?.allObjects
            .compactMap { $0 as? String }.filter { $0.contains(".tmp-") }
        #expect(leftovers == [], "temporary files left behind")
        let counters = await simulator.state.counters()
        #expect(counters.maxPaidPerKey == 1, "no idempotency key was paid twice")
        #expect(counters.submissions == 300, "each job was paid for exactly once (\(counters.submissions))")
        await simulator.stop()
    }
}
