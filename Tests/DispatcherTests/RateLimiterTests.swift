import CatalogModel
import CatalogTestSupport
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

extension RateLimiterTests {
    @Test func aWakeSpendsTheTurnsThatComeDueWithinTheBatchWindow() {
        let clock = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 6000, burst: 8, clock: clock.erased)  // a turn every 10 ms
        for _ in 0..<8 { #expect(limiter.tryAcquire() == nil, "a full bucket goes out at once") }
        #expect(limiter.tryAcquire() == .milliseconds(10))
        #expect(limiter.wait(forTurnsWithin: .zero) == .milliseconds(10), "no window: wake for the next turn")
        #expect(limiter.wait(forTurnsWithin: .milliseconds(30)) == .milliseconds(40), "that turn and three more")
        #expect(limiter.wait(forTurnsWithin: .seconds(1)) == .milliseconds(80), "never more than the bucket holds")
        clock.advance(by: .milliseconds(40))
        for _ in 0..<4 { #expect(limiter.tryAcquire() == nil, "the turns waited for are there") }
        #expect(limiter.tryAcquire() == .milliseconds(10), "and no more: the rate is unchanged")
    }
}

extension RateLimiterTests {
    /// A caller past the bucket sleeps on the clock until its turn, and not a moment longer.
    @Test func aCallerPastTheBucketSleepsUntilItsTurn() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 600, burst: 2, clock: clock.erased)  // a turn every 100 ms
        try await limiter.acquire()
        try await limiter.acquire()
        let third = Task { try await limiter.acquire() }
        await clock.sleepers(atLeast: 1)
        #expect(clock.nextDeadline == clock.now.advanced(by: .milliseconds(100)))
        clock.advance(by: .milliseconds(99))
        #expect(clock.sleeperCount == 1, "not before its turn")
        clock.advance(by: .milliseconds(1))
        try await third.value
        #expect(clock.sleeperCount == 0)
    }
}

extension RateLimiterTests {
    /// Tasks that all take the same time free their slots together: the bucket holds the wave's
    /// reads and next submissions, within 1% of the rate and never under the configured floor.
    @Test func theBucketHoldsAWaveOfSlotsWithinOnePercentOfTheRate() {
        func bucket(concurrency: Int, perMinute: Int) -> Int {
            DispatchConfiguration(concurrency: concurrency, requestsPerMinute: perMinute).bucketSize
        }
        #expect(bucket(concurrency: 20, perMinute: 6000) == 40, "a wave of 20 slots: 20 reads, 20 submissions")
        #expect(bucket(concurrency: 64, perMinute: 1200) == 12, "1% of 1200 a minute")
        #expect(bucket(concurrency: 4, perMinute: 60) == 8, "the floor")
        let clock = ManualClock()
        let limiter = RateLimiter(
            requestsPerMinute: 6000, burst: bucket(concurrency: 20, perMinute: 6000), clock: clock.erased)
        for _ in 0..<40 { #expect(limiter.tryAcquire() == nil, "the wave goes out at once") }
        #expect(limiter.tryAcquire() == .milliseconds(10), "and the rate is unchanged")
    }
}

extension RateLimiterTests {
    /// A 429 slows the pace without handing back turns already taken: the server that refused a
    /// request meets no burst. Doubling the interval alone halved the bucket's debt, and a bucket
    /// of 40 let 20 requests straight through after the 429.
    @Test func aFourTwentyNineGivesNoTakenTurnsBack() {
        let clock = ManualClock()
        let limiter = RateLimiter(requestsPerMinute: 6000, burst: 40, clock: clock.erased)  // a turn every 10 ms
        for _ in 0..<40 { #expect(limiter.tryAcquire() == nil) }
        limiter.penalize()
        #expect(limiter.tryAcquire() == .milliseconds(20), "the next turn at the slower pace, none given back")
        clock.advance(by: .milliseconds(20))
        #expect(limiter.tryAcquire() == nil)
        #expect(limiter.tryAcquire() == .milliseconds(20))
    }
}
