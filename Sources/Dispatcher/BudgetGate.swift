import CatalogModel
import Synchronization

/// Reserves each job's estimated cost before it is submitted and refuses any submission that
/// would cross the run's budget. A lock, not an actor, for the reason `RunTally` gives.
final class BudgetGate: Sendable {
    let limit: Money?
    private let reservedMoney = Mutex(Money.zero)

    init(limit: Money?) {
        self.limit = limit
    }

    var reserved: Money { reservedMoney.withLock { $0 } }

    /// `true` if `cost` fits and is now reserved.
    func reserve(_ cost: Money) -> Bool {
        reservedMoney.withLock { reserved in
            if let limit, reserved + cost > limit { return false }
            reserved = reserved + cost
            return true
        }
    }

    /// Returns a reservation for a job that was certainly not charged (refused, or never sent).
    func release(_ cost: Money) {
        reservedMoney.withLock { $0 = $0 - cost }
    }

    /// Replaces a submission's reserved estimate by what the API charged for it: a cheaper
    /// task leaves room for more jobs, a dearer one takes it (and may end the submissions).
    func settle(_ estimate: Money, charged: Money) {
        reservedMoney.withLock { $0 = $0 - estimate + charged }
    }

    /// Money already committed in an earlier run (a resumed job) counts without a check.
    func reserveUnconditionally(_ cost: Money) {
        reservedMoney.withLock { $0 = $0 + cost }
    }
}
