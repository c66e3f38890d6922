import CatalogModel
import Foundation
import Synchronization

/// Simulated time: real elapsed time divided by the time scale, plus any manual advance (tests
/// use `advance` to reach the 24 h and 72 h expiries in no time).
final class SimulatorClock: Sendable {
    private let start = ContinuousClock.now
    private let epoch: Double
    private let timeScale: Double
    private let offset = Mutex<Double>(0)

    init(timeScale: Double, epoch: Double = Date().timeIntervalSince1970) {
        self.timeScale = max(timeScale, 1e-6)
        self.epoch = epoch
    }

    /// Seconds since 1970 in simulated time.
    var now: Double {
        let elapsed = ContinuousClock.now - start
        let seconds = elapsed.seconds
        return epoch + seconds / timeScale + offset.withLock { $0 }
    }

    func advance(by seconds: Double) {
        offset.withLock { $0 += seconds }
    }

    /// Real seconds that correspond to `simulated` seconds.
    func realSeconds(_ simulated: Double) -> Double { simulated * timeScale }
}
