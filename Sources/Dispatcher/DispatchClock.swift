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

    public init() {}

    public func now() -> Duration { ContinuousClock.now - start }

    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return }
        try await Task.sleep(for: duration)
    }
}

extension DispatchClock where Self == ContinuousDispatchClock {
    public static var continuous: ContinuousDispatchClock { ContinuousDispatchClock() }
}
