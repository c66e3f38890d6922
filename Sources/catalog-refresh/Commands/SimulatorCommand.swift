import ArgumentParser
import EvoLinkSimulator
import Logging

struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Serve the EvoLink simulator in the foreground (for --api-base-url, curl or a benchmark).")

    @Option(help: "The address to listen on (loopback unless --allow-remote).")
    var host = "127.0.0.1"

    @Flag(help: "Allow --host to be an address other machines can reach.")
    var allowRemote = false

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("time-scale"), help: "Real seconds per simulated second (1 = the API's real pace).")
    var timeScale = 1.0

    @Option(name: .customLong("rate-limit"), help: "Requests per minute before 429s (default: none).")
    var rateLimit: Int?

    @Option(name: .customLong("max-concurrent"), help: "Tasks running at once before 429s.")
    var maxConcurrent = 64

    @Option(help: "The account balance in credits (68 credits = 1 USD).")
    var credits = 100_000.0

    @Option(
        name: .customLong("api-key"),
        help: ArgumentHelp(
            "Accept only this bearer key (default: any non-empty `Authorization: Bearer <key>`; none gets 401).",
            valueName: "key"))
    var apiKey: String?

    @Option(
        help: ArgumentHelp(
            "Faults to inject: none, chaos, or name=rate,… (5xx, 429, drop, slow, stuck, failed, corrupt, html, "
                + "quote_key, off_white, small_product).",
            valueName: "faults"))
    var faults = "none"

    func validate() throws {
        try ListenAddress.check(
            host, allowRemote: allowRemote,
            exposing: apiKey == nil ? "the simulator, which accepts any bearer key" : "the simulator")
        if let apiKey, apiKey.isEmpty || apiKey.contains(where: \.isWhitespace) {
            throw ValidationError("--api-key must be a non-empty key without spaces")
        }
        guard timeScale > 0 else { throw ValidationError("--time-scale must be greater than 0") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        do {
            _ = try SimulatorFaults.parse(faults)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let configuration = SimulatorConfiguration(
            timeScale: timeScale, requestsPerMinute: rateLimit, maxConcurrentTasks: maxConcurrent, credits: credits,
            requiredAPIKey: apiKey, faults: try SimulatorFaults.parse(faults))
        let simulator = try await RunningSimulator.start(configuration: configuration, host: host, port: port)
        Console.out(
            "EvoLink simulator listening on \(simulator.baseURL) (time scale \(timeScale), faults \(faults)); "
                + (apiKey == nil ? "any bearer key is accepted" : "only the --api-key key is accepted")
                + "; Ctrl-C stops it")
        await simulator.wait()
    }
}
