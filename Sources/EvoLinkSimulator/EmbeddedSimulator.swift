import CatalogModel
import Logging
import LoopbackServer
import Synchronization

/// A simulator serving on 127.0.0.1 (or another host) on a port of its own: what a run uses
/// when no API key is set, what tests and benchmarks talk to, and what
/// `catalog-refresh simulator` runs in the foreground.
public struct RunningSimulator: Sendable {
    /// e.g. `http://127.0.0.1:53124`.
    public var baseURL: String { application.baseURL }
    public var port: Int { application.port }
    public let state: SimulatorState
    private let application: ServingApplication

    /// Starts serving on `host:port` (port 0 picks a free one) and returns once it listens.
    public static func start(
        configuration: SimulatorConfiguration = SimulatorConfiguration(), host: String = "127.0.0.1", port: Int = 0,
        logger: Logger = Logger(label: "evolink-simulator", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> RunningSimulator {
        let state = SimulatorState(configuration: configuration)
        let application = try await ServingApplication.start(
            router: buildSimulatorRouter(state: state), host: host, port: port, serverName: "evolink-simulator",
            logger: logger, executor: nextExecutor())
        return RunningSimulator(state: state, application: application)
    }

    /// The threads simulators serve on, taken in turn. A simulator stands in for a server on
    /// another machine: it answers on threads of its own, so a process whose concurrency pool is
    /// busy (a run's client, a test suite running hundreds of tests on two cores) never leaves
    /// it silent, as a remote server would never be.
    private static let executors = [
        ThreadExecutor(name: "evolink-simulator 1"), ThreadExecutor(name: "evolink-simulator 2"),
    ]
    private static let turn = Atomic<Int>(0)

    private static func nextExecutor() -> ThreadExecutor {
        executors[turn.wrappingAdd(1, ordering: .relaxed).oldValue % executors.count]
    }

    /// A fresh key for a simulator that accepts only it (`SimulatorConfiguration.requiredAPIKey`):
    /// `sim-` and 128 random bits in hex, so each embedded simulator is a server of its own.
    public static func newAPIKey() -> String {
        var random = SystemRandomNumberGenerator()
        let bits = [random.next() as UInt64, random.next() as UInt64]
        return "sim-" + bits.map { String($0, radix: 16).leftPadded(to: 16) }.joined()
    }

    /// Stops serving and waits until the listener is closed.
    public func stop() async {
        await application.stop()
    }

    /// Serves until the surrounding task is cancelled (the standalone command).
    public func wait() async {
        await application.wait()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
