import CatalogModel
import Foundation
import Synchronization

/// A clock that moves only when a test moves it: hours of polling, backoff and expiry in no
/// time, and the same instants on every run however loaded the machine is. Sleepers wake, in
/// deadline order, when `advance` passes their deadline; a test can wait until a number of them
/// are asleep (`sleepers(atLeast:)`) instead of sleeping itself.
public final class ManualClock: Clock {
    /// A moment on the clock, as the time since it started (`sinceOrigin`).
    public typealias Instant = AnyClock.Instant

    private struct Sleeper {
        var deadline: Instant
        var order: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(sinceOrigin: .zero)
        var sleepers: [Int: Sleeper] = [:]
        var nextOrder = 0
        /// Tests waiting for at least so many sleepers.
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

        /// Removes and returns the watchers whose count of sleepers is reached.
        mutating func satisfiedWatchers() -> [CheckedContinuation<Void, Never>] {
            let count = sleepers.count
            let satisfied = watchers.filter { $0.count <= count }.map(\.continuation)
            watchers.removeAll { $0.count <= count }
            return satisfied
        }
    }

    private let state = Mutex(State())
    /// The wall-clock date at the clock's start (its dates follow it, never the machine's).
    public let startDate: Date

    /// A clock at zero whose start is `startDate` (2026-01-01 00:00 UTC unless given).
    public init(startDate: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        self.startDate = startDate
    }

    public var now: Instant { state.withLock(\.now) }
    public var minimumResolution: Duration { .zero }

    /// This clock for the code under test, with dates that follow it.
    public var erased: AnyClock {
        let now = self.now
        return AnyClock(self, originDate: startDate.addingTimeInterval(now.sinceOrigin.seconds))
    }

    /// Returns at once for a deadline already reached; otherwise when `advance` reaches it, or
    /// throws `CancellationError` when the sleeping task is cancelled first.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let order = state.withLock { state in
            state.nextOrder += 1
            return state.nextOrder
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (immediate, watchers) = state.withLock {
                    state -> (Result<Void, any Error>?, [CheckedContinuation<Void, Never>]) in
                    // Checked under the lock that the cancellation handler takes: no cancellation is missed.
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if deadline <= state.now { return (.success(()), []) }
                    state.sleepers[order] = Sleeper(deadline: deadline, order: order, continuation: continuation)
                    return (nil, state.satisfiedWatchers())
                }
                if let immediate { continuation.resume(with: immediate) }
                for watcher in watchers { watcher.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: order) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Tasks asleep on the clock now.
    public var sleeperCount: Int { state.withLock(\.sleepers.count) }

    /// The earliest deadline anyone sleeps until.
    public var nextDeadline: Instant? { state.withLock { $0.sleepers.values.map(\.deadline).min() } }

    /// Returns once at least `count` tasks are asleep on the clock.
    public func sleepers(atLeast count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let reached = state.withLock { state in
                guard state.sleepers.count < count else { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if reached { continuation.resume() }
        }
    }

    /// Moves the clock to `instant` (never back) and wakes, in deadline order, every sleeper whose
    /// deadline it reaches; they are resumed (enqueued on their executors) before this returns.
    public func advance(to instant: Instant) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = max(state.now, instant)
            let now = state.now
            let due = state.sleepers.values.filter { $0.deadline <= now }
            for sleeper in due { state.sleepers[sleeper.order] = nil }
            return due.sorted { ($0.deadline, $0.order) < ($1.deadline, $1.order) }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    public func advance(by duration: Duration) {
        advance(to: now.advanced(by: duration))
    }

    /// Moves the clock to the earliest deadline anyone sleeps until and wakes its sleepers;
    /// `false` when nobody sleeps.
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        guard let next = nextDeadline else { return false }
        advance(to: next)
        return true
    }
}
