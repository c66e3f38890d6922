/// Collects outcomes from the dispatch loop and the requests and downloads it starts.
actor RunTally {
    private(set) var report = RunReport()

    init(dispatched: Int) {
        report.dispatched = dispatched
    }

    func record(_ change: (inout RunReport) -> Void) {
        change(&report)
    }
}
