/// Paces API requests to a rate: a token bucket of `burst` tokens refilled at
/// `requestsPerMinute`. Callers wait their turn instead of collecting 429s.
actor RateLimiter {
    private let interval: Duration
    private let burst: Int
    private let clock: any DispatchClock
    /// The time at which the bucket would be full again (GCRA's theoretical arrival time).
    private var fullAt: Duration

    init(requestsPerMinute: Int, burst: Int, clock: any DispatchClock) {
        self.interval = .seconds(60) / max(1, requestsPerMinute)
        self.burst = max(1, burst)
        self.clock = clock
        self.fullAt = clock.now()
    }

    /// Waits until a request may be sent.
    func acquire() async throws {
        let now = clock.now()
        let start = max(now, fullAt)
        fullAt = start + interval
        let allowedAt = fullAt - interval * burst
        if allowedAt > now { try await clock.sleep(for: allowedAt - now) }
    }
}
