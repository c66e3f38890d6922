import CatalogTestSupport
import Foundation
import Testing

/// A feed server that stalls or trickles, met by `feed` and `plan`.
@Suite("Feed deadline attacks", .serialized)
struct FeedDeadlineAttackTests {
    let executable = RepositoryPaths.executable

    static let head = "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n"
    static let firstRows = "id,title,image_link\nA,Mug,https://x.test/a.png\n"

    /// #20 item 14: a server that sends its headers and a row, then nothing, held `feed`
    /// forever; the idle timeout stops it with exit 3 and says which setting to raise.
    @Test func aServerThatGoesSilentIsStoppedByTheIdleTimeout() async throws {
        let server = try await ScriptedHTTPServer.start(answering: [.send(Self.head + Self.firstRows), .hang])
        let result = try await ProcessRunner.run(
            executable, ["feed", server.url("/feed.csv"), "--idle-timeout", "1"], timeout: .seconds(120))
        await server.stop()
        #expect(!result.timedOut, "feed still waiting on a silent server")
        #expect(result.exitCode == 3, "\(result.stderr)")
        #expect(result.stderr.contains("the server sent nothing for 1 s"), "\(result.stderr)")
        #expect(result.stderr.contains("feed.timeouts.idle"), "\(result.stderr)")
    }

    /// #20 item 14: one byte every 50 ms never trips an idle timeout; the spec's total
    /// deadline stops `plan` (which reads the feed as `run` does) with exit 3.
    @Test func aTricklingServerIsStoppedByTheTotalDeadline() async throws {
        let rows = Self.firstRows + String(repeating: "B,Bowl,https://x.test/b.png\n", count: 3000)
        let server = try await ScriptedHTTPServer.start(answering: [
            .send(Self.head), .trickle(Array(rows.utf8), every: .milliseconds(50)),
        ])
        let directory = try TemporaryDirectory()
        let spec = try directory.write(
            """
            version: 1
            feed:
              source: \(server.url("/feed.csv"))
              timeouts: {idle: 30, total: 2}
            variants:
              background:
                - id: teal
                  text: on a teal backdrop
            prompt: "{{title}} {{background.text}}"
            output:
              folder: out

            """, to: "spec.yml")
        let result = try await ProcessRunner.run(
            executable, ["plan", spec], workingDirectory: directory.path, timeout: .seconds(120))
        await server.stop()
        #expect(!result.timedOut, "plan still reading a trickling feed")
        #expect(result.exitCode == 3, "\(result.stderr)")
        #expect(result.stderr.contains("took longer than 2 s"), "\(result.stderr)")
        #expect(result.stderr.contains("feed.timeouts.total"), "\(result.stderr)")
    }

    /// #20 item 14: the command-line options are checked like the spec's values.
    @Test(arguments: [
        ("--total-timeout", "0", "between 1 and 86400"), ("--idle-timeout", "3601", "between 1 and 3600"),
        ("--connect-timeout", "601", "between 1 and 600"),
    ])
    func aTimeoutOutOfRangeIsAUsageError(option: String, value: String, range: String) async throws {
        let result = try await ProcessRunner.run(executable, ["feed", "http://127.0.0.1:9/feed.csv", option, value])
        #expect(result.exitCode == 64, "\(result.stderr)")
        #expect(result.stderr.contains("\(option) must be \(range) seconds"), "\(result.stderr)")
    }
}
