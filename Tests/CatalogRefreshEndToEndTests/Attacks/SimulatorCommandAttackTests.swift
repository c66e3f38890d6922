import CatalogTestSupport
import Foundation
import Testing

/// The standalone simulator as an attacker or an unlucky operator meets it.
@Suite("Simulator command attacks", .serialized)
struct SimulatorCommandAttackTests {
    let executable = RepositoryPaths.executable

    /// #20 item 15: `--host 0.0.0.0` bound every interface, serving an API that accepts any
    /// key to the network, where the review server refuses without `--allow-remote`.
    @Test(arguments: ["0.0.0.0", "::", "192.0.2.7"])
    func aHostOtherMachinesCanReachNeedsAllowRemote(host: String) async throws {
        let result = try await ProcessRunner.run(
            executable, ["simulator", "--host", host, "--port", "0"], timeout: .seconds(60))
        #expect(!result.timedOut, "the simulator started serving on \(host)")
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("--host \(host) lets other machines reach the simulator"))
        #expect(result.stderr.contains("--allow-remote"))
    }

    /// #20 item 15: loopback addresses other than 127.0.0.1 are loopback too (the check is
    /// not a list of three spellings).
    @Test func loopbackNamesAreNotRefused() async throws {
        let result = try await ProcessRunner.run(
            executable, ["simulator", "--host", "127.0.0.2", "--port", "70000"], timeout: .seconds(60))
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("--port must be between 0 and 65535"), "\(result.stderr)")
        #expect(!result.stderr.contains("lets other machines reach"))
    }
}
