/// How often and how long to retry, as a value the dispatcher applies around one call.
/// The client itself never loops.
public struct RetryStrategy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Exponential backoff with full jitter (a random delay in [0, min(max, base·2ⁿ)]).
    public static func exponentialJitter(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30)
    ) -> RetryStrategy {
        RetryStrategy(maxAttempts: maxAttempts, baseDelay: baseDelay, maxDelay: maxDelay)
    }

    /// The delay before attempt `attempt + 1` (attempt counts from 1); a server's
    /// `Retry-After` wins when it is longer.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        let exponent = min(attempt - 1, 20)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        let jittered = ceiling * Double.random(in: 0...1)
        if let retryAfter, retryAfter > jittered { return retryAfter }
        return jittered
    }

    /// Runs `operation` until it succeeds, fails with a non-retryable error, or attempts run out.
    public func run<T>(
        isolation: isolated (any Actor)? = #isolation,
        sleep: (Duration) async throws -> Void, _ operation: () async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch let error as ImageServiceError where error.isRetryable && attempt < maxAttempts {
                try await sleep(delay(afterAttempt: attempt, retryAfter: error.retryAfter))
                attempt += 1
            }
        }
    }
}
