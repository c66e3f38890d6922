import ImageService

/// Paces API requests to a rate: a token bucket of `burst` tokens refilled at
/// `requestsPerMinute`. Callers wait their turn instead of collecting 429s; when 429s come
/// anyway (the server's limit is lower than configured) the pace halves, and it recovers by 5%
/// per successful request back to the configured rate.
actor RateLimiter {
    private let baseInterval: Duration
    private var interval: Duration
    private let burst: Int
    private let clock: any DispatchClock
    /// The time at which the bucket would be full again (GCRA's theoretical arrival time).
    private var fullAt: Duration

    init(requestsPerMinute: Int, burst: Int, clock: any DispatchClock) {
        self.baseInterval = .seconds(60) / max(1, requestsPerMinute)
        self.interval = baseInterval
        self.burst = max(1, burst)
        self.clock = clock
        self.fullAt = clock.now()
    }

    /// A 429 arrived: halve the pace (at most 16× slower than configured).
    func penalize() {
        interval = min(interval * 2, baseInterval * 16)
    }

    /// A request went through: creep back toward the configured pace.
    func reward() {
        guard interval > baseInterval else { return }
        interval = max(baseInterval, interval * 0.95)
    }

    /// The current spacing between requests, for tests and progress output.
    var currentInterval: Duration { interval }

    /// Runs one API call at the limiter's pace, adapting the pace to its outcome.
    func paced<T: Sendable>(_ call: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        return try await observed(call)
    }

    /// Runs one API call whose turn was already taken (`tryAcquire`), adapting the pace to its
    /// outcome.
    func observed<T: Sendable>(_ call: @Sendable () async throws -> T) async throws -> T {
        do {
            let value = try await call()
            reward()
            return value
        } catch let error as ImageServiceError where error.httpStatus == 429 {
            penalize()
            throw error
        }
    }

    /// Waits until a request may be sent.
    func acquire() async throws {
        let now = clock.now()
        let start = max(now, fullAt)
        fullAt = start + interval
        let allowedAt = fullAt - interval * burst
        if allowedAt > now { try await clock.sleep(for: allowedAt - now) }
    }

    /// Takes a turn if one is free now (`nil`); otherwise takes nothing and says how long until
    /// one is. The dispatch loop uses this to choose what the next request is for.
    func tryAcquire() -> Duration? {
        let now = clock.now()
        let start = max(now, fullAt)
        let allowedAt = start + interval - interval * burst
        guard allowedAt <= now else { return allowedAt - now }
        fullAt = start + interval
        return nil
    }
}
