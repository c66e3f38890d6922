import Testing

@testable import Dispatcher

struct RateLimiterTests {
    @Test func fourTwentyNinesSlowThePaceAndSuccessesRestoreIt() async {
        let limiter = RateLimiter(requestsPerMinute: 600, burst: 1, clock: .continuous)
        #expect(await limiter.currentInterval == .milliseconds(100))
        await limiter.penalize()
        await limiter.penalize()
        #expect(await limiter.currentInterval == .milliseconds(400))
        for _ in 0..<10 { await limiter.penalize() }
        #expect(await limiter.currentInterval == .milliseconds(1600), "never more than 16× slower")
        for _ in 0..<200 { await limiter.reward() }
        #expect(await limiter.currentInterval == .milliseconds(100), "back to the configured pace, not faster")
    }
}
