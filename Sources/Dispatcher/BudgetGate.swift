import CatalogModel

/// Reserves each job's estimated cost before it is submitted and refuses any submission that
/// would cross the run's budget.
actor BudgetGate {
    let limit: Money?
    private(set) var reserved: Money = .zero

    init(limit: Money?) {
        self.limit = limit
    }

    /// `true` if `cost` fits and is now reserved.
    func reserve(_ cost: Money) -> Bool {
        if let limit, reserved + cost > limit { return false }
        reserved = reserved + cost
        return true
    }

    /// Returns a reservation for a job that was certainly not charged (refused, or never sent).
    func release(_ cost: Money) {
        reserved = reserved - cost
    }

    /// Money already committed in an earlier run (a resumed job) counts without a check.
    func reserveUnconditionally(_ cost: Money) {
        reserved = reserved + cost
    }
}
