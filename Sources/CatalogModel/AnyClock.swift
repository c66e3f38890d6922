import Foundation

/// Any `Clock` that counts in `Duration`, behind one concrete type: what the dispatcher and the
/// simulator are given, so that production runs on `ContinuousClock` and tests on a manual clock
/// without making every type that reads the time generic. Its instants count from the moment the
/// clock was wrapped; `date(at:)` maps one to wall-clock time through the date of that moment, so
/// the expiries that the API states as dates (uploads, results) are compared on the same clock
/// that the schedules run on, never on a separate `Date()`.
public struct AnyClock: Clock {
    /// A moment on the wrapped clock, as the time since the moment it was wrapped.
    public struct Instant: InstantProtocol {
        public var sinceOrigin: Duration

        public init(sinceOrigin: Duration) {
            self.sinceOrigin = sinceOrigin
        }

        public func advanced(by duration: Duration) -> Instant { Instant(sinceOrigin: sinceOrigin + duration) }
        public func duration(to other: Instant) -> Duration { other.sinceOrigin - sinceOrigin }
        public static func < (left: Instant, right: Instant) -> Bool { left.sinceOrigin < right.sinceOrigin }
    }

    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (_ sinceOrigin: Duration, _ tolerance: Duration?) async throws -> Void
    public let minimumResolution: Duration
    /// The wall-clock date of the moment the clock was wrapped (its `Instant` zero).
    public let originDate: Date

    /// Wraps `clock` from now on; `originDate` is the wall-clock date of this moment (a test
    /// clock gives its own, so that dates follow it).
    public init<C: Clock>(_ clock: C, originDate: Date = Date()) where C.Duration == Duration {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleeper = { sinceOrigin, tolerance in
            try await clock.sleep(until: start.advanced(by: sinceOrigin), tolerance: tolerance)
        }
        minimumResolution = clock.minimumResolution
        self.originDate = originDate
    }

    /// Real time (`ContinuousClock`), from now on.
    public static var continuous: AnyClock { AnyClock(ContinuousClock()) }

    public var now: Instant { Instant(sinceOrigin: elapsed()) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await sleeper(deadline.sinceOrigin, tolerance)
    }

    /// The wall-clock date of `instant`.
    public func date(at instant: Instant) -> Date {
        originDate.addingTimeInterval(instant.sinceOrigin.seconds)
    }

    /// The wall-clock date now, on this clock.
    public var date: Date { date(at: now) }
}
