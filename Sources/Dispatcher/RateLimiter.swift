import CatalogModel
import ImageService
import Synchronization

/// Paces API requests to a rate: a token bucket of `burst` tokens refilled at
/// `requestsPerMinute`. Callers wait their turn instead of collecting 429s; when 429s come
/// anyway (the server's limit is lower than configured) the pace halves, and it recovers by 5%
/// per successful request back to the configured rate. A lock, not an actor: every request
/// passes here, and an actor would add two executor switches to each (`RunTally` says more).
final class RateLimiter: Sendable {
    private struct Pace {
        var interval: Duration
        /// The time at which the bucket would be full again (GCRA's theoretical arrival time).
        var fullAt: AnyClock.Instant
        /// The last instant a turn was taken from a full bucket (`hadRoom`).
        var lastFull: AnyClock.Instant
    }

    private let baseInterval: Duration
    private let burst: Int
    private let clock: AnyClock
    private let pace: Mutex<Pace>

    init(requestsPerMinute: Int, burst: Int, clock: AnyClock) {
        let baseInterval = Duration.seconds(60) / max(1, requestsPerMinute)
        self.baseInterval = baseInterval
        self.burst = max(1, burst)
        self.clock = clock
        self.pace = Mutex(Pace(interval: baseInterval, fullAt: clock.now, lastFull: clock.now))
    }

    /// A 429 arrived: halve the pace (at most 16× slower than configured). The turns already
    /// taken stay taken: the bucket's debt is kept as a time (`fullAt`), so it is stretched by the
    /// same factor; doubling the interval alone gave half the taken turns back at once, and a
    /// server that had just refused a request met a burst of half the bucket.
    func penalize() {
        let now = clock.now
        pace.withLock { pace in
            let slower = min(pace.interval * 2, baseInterval * 16)
            if pace.fullAt > now {
                pace.fullAt = now.advanced(by: now.duration(to: pace.fullAt) * (slower / pace.interval))
            }
            pace.interval = slower
        }
    }

    /// A request went through: creep back toward the configured pace.
    func reward() {
        pace.withLock { pace in
            guard pace.interval > baseInterval else { return }
            pace.interval = max(baseInterval, pace.interval * 0.95)
        }
    }

    /// The current spacing between requests, for tests and progress output.
    var currentInterval: Duration { pace.withLock(\.interval) }

    /// Runs one API call at the limiter's pace, adapting the pace to its outcome.
    func paced<T: Sendable>(_ call: () async throws -> T) async throws -> T {
        try await acquire()
        return try await observed(call)
    }

    /// Runs one API call whose turn was already taken (`tryAcquire`), adapting the pace to its
    /// outcome.
    func observed<T: Sendable>(_ call: () async throws -> T) async throws -> T {
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
        let now = clock.now
        let allowedAt = pace.withLock { pace -> AnyClock.Instant in
            if pace.fullAt <= now { pace.lastFull = now }
            let start = max(now, pace.fullAt)
            pace.fullAt = start.advanced(by: pace.interval)
            return pace.fullAt.advanced(by: .zero - pace.interval * burst)
        }
        if allowedAt > now { try await clock.sleep(until: allowedAt) }
    }

    /// How long until as many turns are free as come due within `window` from the next one
    /// (at least one, at most the bucket's size): waking then spends them together.
    func wait(forTurnsWithin window: Duration) -> Duration {
        let now = clock.now
        return pace.withLock { pace in
            let turns = min(burst, 1 + Int((window / pace.interval).rounded(.down)))
            let allowedAt = max(now, pace.fullAt).advanced(by: pace.interval * (turns - burst))
            return max(.zero, now.duration(to: allowedAt))
        }
    }

    /// Whether the bucket has been full, turns going unspent, within `window`: the rate limit has
    /// room. A run held back by the rate keeps it short of full; one held back by concurrency
    /// lets it fill between bursts of submissions, which drain it only for a moment.
    func hadRoom(within window: Duration) -> Bool {
        let now = clock.now
        return pace.withLock { $0.fullAt <= now || $0.lastFull.duration(to: now) <= window }
    }

    /// Takes a turn if one is free now (`nil`); otherwise takes nothing and says how long until
    /// one is. The dispatch loop uses this to choose what the next request is for.
    func tryAcquire() -> Duration? {
        let now = clock.now
        return pace.withLock { pace in
            let start = max(now, pace.fullAt)
            let allowedAt = start.advanced(by: pace.interval - pace.interval * burst)
            guard allowedAt <= now else { return now.duration(to: allowedAt) }
            if pace.fullAt <= now { pace.lastFull = now }
            pace.fullAt = start.advanced(by: pace.interval)
            return nil
        }
    }
}
