import Synchronization
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
    /// A clock that moves only when told to.
    final class StoppedClock: DispatchClock {
        private let instant = Mutex(Duration.zero)
        func now() -> Duration { instant.withLock { $0 } }
        func sleep(for duration: Duration) async throws { advance(by: duration) }
        func advance(by duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test func aWakeSpendsTheTurnsThatComeDueWithinTheBatchWindow() {
        let clock = StoppedClock()
        let limiter = RateLimiter(requestsPerMinute: 6000, burst: 8, clock: clock)  // a turn every 10 ms
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
