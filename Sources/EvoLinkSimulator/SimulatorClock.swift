import CatalogModel
import Foundation
import Synchronization

/// Simulated time: the configured clock's time, or real elapsed time divided by the time scale,
/// plus any manual advance (tests use `advance` to reach the 24 h and 72 h expiries in no time).
/// Given the clock a dispatcher runs on, one test clock drives the client's schedule and the
/// simulated tasks' lifetimes alike.
final class SimulatorClock: Sendable {
    private let source: AnyClock
    /// Seconds since 1970 at the source's origin.
    private let epoch: Double
    private let timeScale: Double
    private let offset = Mutex<Double>(0)

    /// Runs on `source` as it is (its origin date is the simulated epoch) or, without one, on
    /// real time divided by `timeScale`.
    init(timeScale: Double, source: AnyClock? = nil) {
        self.source = source ?? .continuous
        self.timeScale = source == nil ? max(timeScale, 1e-6) : 1
        self.epoch = self.source.originDate.timeIntervalSince1970
    }

    /// Seconds since 1970 in simulated time.
    var now: Double {
        epoch + source.now.sinceOrigin.seconds / timeScale + offset.withLock { $0 }
    }

    /// The source's own instant (unscaled): what the rate limit's minute is measured on.
    var sourceInstant: AnyClock.Instant { source.now }

    func advance(by seconds: Double) {
        offset.withLock { $0 += seconds }
    }

    /// Waits `simulated` seconds of simulated time.
    func sleep(simulatedSeconds simulated: Double) async throws {
        try await source.sleep(for: .seconds(simulated * timeScale))
    }
}
