import CatalogModel
import ImageService
import Synchronization

/// Runs code under test on a `ManualClock` and moves the clock only when that code can go no
/// further without it: every task it started runs on one `WatchedExecutor`, every HTTP request
/// it sends is counted (`watching(_:)`), and only when no job is queued or running and no
/// request is out does the clock jump to the earliest deadline anyone sleeps until. So a
/// dispatch against the simulator (given the same clock) covers minutes of schedule in
/// milliseconds, and every request, poll and expiry happens at the same simulated instant
/// however loaded the machine is.
public final class ClockDriver: Sendable {
    public let clock: ManualClock
    public let executor = WatchedExecutor()

    /// A code path that waits on nothing the driver can move: nobody sleeps on the clock, no
    /// request is out, and the condition never held.
    public struct Stalled: Error, CustomStringConvertible {
        public var at: ManualClock.Instant
        public var description: String { "nothing left to wait for at \(at.sinceOrigin) on the manual clock" }
    }

    /// A task the driver started, and whether its body has returned.
    public struct Started<Success: Sendable>: Sendable {
        public let task: Task<Success, any Error>
        fileprivate let finished: Flag

        public var isFinished: Bool { finished.isSet }
    }

    public init(clock: ManualClock = ManualClock()) {
        self.clock = clock
    }

    deinit {
        executor.stop()
    }

    /// The clock for the code under test.
    public var anyClock: AnyClock { clock.erased }

    /// `base`, with each request counted as work in progress until its answer is back.
    public func watching(_ base: any HTTPTransport) -> any HTTPTransport {
        WatchedTransport(base: base, executor: executor)
    }

    /// Starts `body` on the watched executor; the clock moves only in `advance(until:)` and `finish`.
    public func start<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Started<T> {
        let finished = Flag()
        let task = Task(executorPreference: executor) {
            defer { finished.set() }
            return try await body()
        }
        return Started(task: task, finished: finished)
    }

    /// Moves the clock from deadline to deadline, each time all the watched work is waiting on
    /// it, until `condition` holds at such a moment (it is checked before any move).
    public func advance(until condition: @Sendable () -> Bool) async throws {
        while true {
            await executor.idle()
            if condition() { return }
            guard clock.advanceToNextDeadline() else { throw Stalled(at: clock.now) }
        }
    }

    /// Drives the clock until `started` has finished; its result.
    public func finish<T: Sendable>(_ started: Started<T>) async throws -> T {
        try await advance(until: { started.isFinished })
        return try await started.task.value
    }

    /// Runs `body` to its end, driving the clock.
    public func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await finish(start(body))
    }
}

/// Set once a started body has returned.
private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// Counts each request as the watched executor's work until its answer is back.
private struct WatchedTransport: HTTPTransport {
    let base: any HTTPTransport
    let executor: WatchedExecutor

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        executor.beginWork()
        defer { executor.endWork() }
        return try await base.send(request)
    }

    func download(_ request: HTTPRequest, to path: String) async throws -> HTTPResponse {
        executor.beginWork()
        defer { executor.endWork() }
        return try await base.download(request, to: path)
    }
}
