import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import Testing

/// Server text with terminal control sequences and line breaks, written to the log of a real run.
@Suite("Log injection attacks", .serialized)
struct LogInjectionAttackTests {
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path
    static let hostile = "evil\u{1B}[2J\u{1B}]0;owned\u{07}\r\nstored FAKE-1 → images/fake.png\u{7F}\u{9B}31m"

    func run(format: String) async throws -> ProcessResult {
        var faults = SimulatorFaults()
        faults.failedTask = 1
        faults.failureCodes = [Self.hostile]
        let simulator = try await RunningSimulator.start(
            configuration: SimulatorConfiguration(timeScale: 0.002, faults: faults))
        let directory = try TemporaryDirectory()
        let result = try await ProcessRunner.run(
            RepositoryPaths.executable,
            [
                "run", spec, "--only", "MUG-001", "--log-format", format, "--output", directory.url("out").path,
                "--api-base-url", simulator.baseURL, "--server-time-scale", "0.002",
            ], workingDirectory: directory.path, environment: TestServer.environment)
        await simulator.stop()
        return result
    }

    /// #20 item 16: a failed task whose code and message carry ESC sequences, CR, LF, DEL and a
    /// C1 CSI: on main they reached the text log raw (clearing the terminal, forging a `stored`
    /// line).
    @Test func controlCharactersFromAServerAreEscapedInTheTextLog() async throws {
        let result = try await run(format: "text")
        #expect(result.exitCode == 4, "\(result.stderr.suffix(800))")
        let bytes = Array(result.stderr.utf8)
        #expect(!bytes.contains(0x1B) && !bytes.contains(0x07) && !bytes.contains(0x0D) && !bytes.contains(0x7F))
        #expect(!result.stderr.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
        #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("stored FAKE") }, "\(result.stderr)")
        #expect(result.stderr.contains(#"evil\e[2J\e]0;owned\x07\r\nstored FAKE-1"#), "\(result.stderr)")
        let failures = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: failed MUG-001") }
        #expect(failures.count == 2, "\(result.stderr)")
    }

    /// #20 item 16: in JSON mode every line is still one JSON object, the text intact once decoded.
    @Test func controlCharactersFromAServerStayInsideJSONStrings() async throws {
        let result = try await run(format: "json")
        #expect(result.exitCode == 4, "\(result.stderr.suffix(800))")
        #expect(!Array(result.stderr.utf8).contains(0x1B))
        #expect(!result.stderr.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
        var failed = 0
        for line in result.stderr.split(separator: "\n") {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            if object["event"] as? String == "failed" {
                failed += 1
                #expect((object["reason"] as? String)?.contains(Self.hostile) == true, "\(line)")
            }
        }
        #expect(failed == 2)
    }

    /// #20 item 16: a spec value written with YAML's `\e` escape reached the terminal raw in
    /// `validate`'s diagnostic; it is shown escaped, and the caret still points at the value.
    @Test func diagnosticsQuoteControlCharactersEscaped() async throws {
        let directory = try TemporaryDirectory()
        let specFile = try directory.write(
            """
            version: 1
            feed:
              source: feed.csv
              profile: "evil\\e[2J\\r\\nstored FAKE"
            variants:
              background:
                - id: a
                  text: b
            prompt: "{{title}}"
            output:
              folder: out

            """, to: "spec.yml")
        let result = try await ProcessRunner.run(RepositoryPaths.executable, ["validate", specFile])
        let output = result.stdout + result.stderr
        #expect(result.exitCode == 3, "\(output)")
        #expect(!Array(output.utf8).contains(0x1B) && !Array(output.utf8).contains(0x0D), "\(output)")
        #expect(output.contains(#"unknown profile `evil\e[2J\r\nstored FAKE`"#), "\(output)")
        #expect(output.contains("      profile: \"evil\\e[2J") && output.contains("\n               ^"), "\(output)")
    }

    /// #20 item 16 on standard output: `plan`'s sample prompts quote feed titles, which reached
    /// the terminal raw; they are shown escaped, the prompt's own lines kept.
    @Test func planQuotesFeedTextEscaped() async throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write(
            "id,title,image_link\nA,Mug\u{1B}[2J\u{7}evil,https://x.test/a.png\n", to: "feed.csv")
        let specFile = try directory.write(
            """
            version: 1
            feed:
              source: feed.csv
            variants:
              background:
                - id: a
                  text: b
            prompt: "{{title}} {{background.text}}"
            output:
              folder: out

            """, to: "spec.yml")
        let result = try await ProcessRunner.run(
            RepositoryPaths.executable, ["plan", specFile], workingDirectory: directory.path)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!Array(result.stdout.utf8).contains(0x1B) && !Array(result.stdout.utf8).contains(0x07))
        #expect(result.stdout.contains(#"    Mug\e[2J\x07evil b"#), "\(result.stdout)")
    }
}
