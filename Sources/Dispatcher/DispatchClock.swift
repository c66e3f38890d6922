import ImageService

/// Time for the dispatcher: polling, backoff and rate limiting all read it, so tests can run
/// hours of schedule in milliseconds.
public protocol DispatchClock: Sendable {
    /// Time elapsed since an arbitrary fixed start.
    func now() -> Duration
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct ContinuousDispatchClock: DispatchClock {
    private let start = ContinuousClock.now
    /// Where timers are kept, when the dispatch runs on an event loop (see `Dispatcher.run`).
    var timers: EventLoopTaskExecutor?

    public init() {}

    public func now() -> Duration { ContinuousClock.now - start }

    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return }
        if let timers {
            try await timers.sleep(for: duration)
        } else {
            try await Task.sleep(for: duration)
        }
    }
}

extension DispatchClock where Self == ContinuousDispatchClock {
    public static var continuous: ContinuousDispatchClock { ContinuousDispatchClock() }
}
