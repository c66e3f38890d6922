import Testing

@testable import Dispatcher

struct RateLimiterTests {
    @Test func fourTwentyNinesSlowThePaceAndSuccessesRestoreIt() {
        let limiter = RateLimiter(requestsPerMinute: 600, burst: 1, clock: .continuous)
        #expect(limiter.currentInterval == .milliseconds(100))
        limiter.penalize()
        limiter.penalize()
        #expect(limiter.currentInterval == .milliseconds(400))
        for _ in 0..<10 { limiter.penalize() }
        #expect(limiter.currentInterval == .milliseconds(1600), "never more than 16× slower")
        for _ in 0..<200 { limiter.reward() }
        #expect(limiter.currentInterval == .milliseconds(100), "back to the configured pace, not faster")
    }
}
