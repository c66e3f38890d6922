import CatalogTestSupport
import EvoLinkSimulator
import Foundation
import Testing

/// A run on a machine whose only way out is an egress proxy. The API's name (`evolink.test`)
/// resolves nowhere but in the test proxy, so a run that succeeds went through it.
@Suite(.serialized)
struct ProxyEndToEndTests {
    let executable = RepositoryPaths.executable
    let spec = RepositoryPaths.pipelines.appendingPathComponent("quickstart.yml").path
    static let timeScale = "0.002"

    /// `HTTPS_PROXY` with credentials and a company authority in `SSL_CERT_FILE`: the API is
    /// reached through a `CONNECT` tunnel and TLS checked against that authority; the proxy
    /// never sees the API key, and no log line shows the proxy's password.
    @Test func httpsOriginThroughTheProxyTrustingTheCompanyAuthority() async throws {
        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        let front = try await TLSFront.start(forwardingTo: simulator.port)
        // The simulator names its results at the host it was asked by, over http: a result host
        // that is reached through the proxy too.
        let proxy = try await TestProxy.start(
            routes: ["evolink.test:443": front.port, "evolink.test:80": simulator.port],
            credentials: "egress:pr0xy-secret")
        let directory = try TemporaryDirectory()
        var environment = TestServer.environment
        environment["HTTPS_PROXY"] = "http://egress:pr0xy-secret@127.0.0.1:\(proxy.port)"
        environment["HTTP_PROXY"] = environment["HTTPS_PROXY"]
        environment["SSL_CERT_FILE"] = TLSFront.authorityFile
        let run = try await ProcessRunner.run(
            executable,
            [
                "run", spec, "--output", directory.url("out").path, "--api-base-url", "https://evolink.test",
                "--server-time-scale", Self.timeScale,
            ],
            environment: environment)
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout.contains("12 submitted, 12 stored, 0 failed"), "\(run.stdout)")
        // The https API through a tunnel; the results, at an http host, forwarded in absolute form.
        let passed = proxy.records.filter { $0.status == 200 }.map(\.requestLine)
        #expect(Set(passed.filter { $0.hasPrefix("CONNECT") }) == ["CONNECT evolink.test:443 HTTP/1.1"], "\(passed)")
        let forwarded = passed.filter { !$0.hasPrefix("CONNECT") }
        #expect(forwarded.count >= 12, "one per result: \(passed)")
        #expect(forwarded.allSatisfy { $0.hasPrefix("GET http://evolink.test/") }, "\(forwarded)")
        #expect(proxy.records.allSatisfy { !$0.head.contains(TestServer.apiKey) }, "the key went to the proxy")
        #expect(run.stderr.contains("through the proxy http://127.0.0.1:\(proxy.port) (with credentials)"))
        #expect(!(run.stdout + run.stderr).contains("pr0xy-secret"), "the proxy's password was printed")
        await proxy.stop()
        await front.stop()
        await simulator.stop()
    }

    /// The same company authority missing: the TLS handshake fails, nothing is submitted, and the
    /// run says what failed.
    @Test func httpsOriginWithoutTheCompanyAuthorityFailsTheHandshake() async throws {
        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        let front = try await TLSFront.start(forwardingTo: simulator.port)
        let proxy = try await TestProxy.start(routes: ["evolink.test:443": front.port])
        let directory = try TemporaryDirectory()
        var environment = TestServer.environment
        environment["HTTPS_PROXY"] = proxy.url
        environment["SSL_CERT_FILE"] = nil
        let run = try await ProcessRunner.run(
            executable,
            [
                "run", spec, "--output", directory.url("out").path, "--api-base-url", "https://evolink.test",
                "--server-time-scale", Self.timeScale,
            ],
            environment: environment)
        #expect(run.exitCode != 0, "\(run.stdout)")
        #expect(run.stderr.contains("TLS"), "\(run.stderr)")
        #expect(await simulator.state.counters().submissions == 0)
        await proxy.stop()
        await front.stop()
        await simulator.stop()
    }

    /// The spec's `api.proxy` for an http origin: every request forwarded in absolute form (as
    /// curl sends http URLs to a proxy; on main they were tunnelled with `CONNECT`, which a proxy
    /// that allows it only to port 443 refuses), and the environment's proxy, a dead one, is not
    /// used.
    @Test func httpOriginThroughTheSpecsProxy() async throws {
        let simulator = try await RunningSimulator.start(configuration: SimulatorConfiguration(timeScale: 0.002))
        let proxy = try await TestProxy.start(routes: ["evolink.test:80": simulator.port])
        let directory = try TemporaryDirectory()
        let proxied = try directory.write(
            try String(contentsOfFile: spec, encoding: .utf8)
                .replacingOccurrences(of: "../out/quickstart", with: directory.url("out").path)
                .replacingOccurrences(
                    of: "../fixtures", with: RepositoryPaths.root.appendingPathComponent("fixtures").path
                )
                .replacingOccurrences(
                    of: "base_url: https://api.evolink.ai",
                    with: "base_url: http://evolink.test\n  proxy: http://127.0.0.1:\(proxy.port)"),
            to: "proxied.yml")
        var environment = TestServer.environment
        environment["HTTP_PROXY"] = "http://127.0.0.1:9"
        let run = try await ProcessRunner.run(
            executable, ["run", proxied, "--server-time-scale", Self.timeScale], environment: environment)
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout.contains("12 submitted, 12 stored, 0 failed"), "\(run.stdout)")
        let lines = proxy.records.filter { $0.status == 200 }.map(\.requestLine)
        #expect(lines.contains { $0.hasPrefix("POST http://evolink.test/v1/images/generations ") }, "\(lines)")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.contains(" http://evolink.test/") }, "\(lines)")
        await proxy.stop()
        await simulator.stop()
    }

    /// Without a key the run uses the embedded simulator on 127.0.0.1, which a proxy never
    /// handles: a proxy in the environment (here one that is not there) changes nothing.
    @Test func theEmbeddedSimulatorIsNeverProxied() async throws {
        let directory = try TemporaryDirectory()
        var environment = ProcessInfo.processInfo.environment
        environment["EVOLINK_API_KEY"] = nil
        environment["HTTP_PROXY"] = "http://127.0.0.1:9"
        environment["HTTPS_PROXY"] = "http://127.0.0.1:9"
        let run = try await ProcessRunner.run(
            executable, ["run", spec, "--output", directory.url("out").path], environment: environment)
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout.contains("12 stored"), "\(run.stdout)")
    }

    /// A proxy setting that cannot be used stops the command before anything is read or paid,
    /// with exit 3 and a message that names the variable, never the password.
    @Test(arguments: [
        "socks5://user:hunter2@127.0.0.1:1080", "https://user:hunter2@proxy:3128", "http://user:hunter2@proxy:99999",
        "ftp://user:hunter2@proxy",
    ])
    func anUnusableProxyIsAnInputError(value: String) async throws {
        let directory = try TemporaryDirectory()
        var environment = TestServer.environment
        environment["HTTPS_PROXY"] = value
        let run = try await ProcessRunner.run(
            executable, ["run", spec, "--output", directory.url("out").path, "--api-base-url", "https://evolink.test"],
            environment: environment)
        #expect(run.exitCode == 3, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("HTTPS_PROXY"), "\(run.stderr)")
        #expect(!run.stderr.contains("hunter2"), "\(run.stderr)")
        #expect(!run.stdout.contains("submitted"), "nothing was dispatched")
    }
}
