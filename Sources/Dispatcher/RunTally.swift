import Synchronization

/// Collects outcomes from the dispatch loop and the requests and downloads it starts. A lock,
/// not an actor: every step records here, and each call into an actor from the dispatch's
/// tasks costs two executor switches (two trips through the event loop's queue).
final class RunTally: Sendable {
    private let state: Mutex<RunReport>

    init(dispatched: Int) {
        var report = RunReport()
        report.dispatched = dispatched
        state = Mutex(report)
    }

    var report: RunReport { state.withLock { $0 } }

    /// Asked before every planned job: one flag, not a copy of the whole report.
    var balanceExhausted: Bool { state.withLock(\.balanceExhausted) }

    func record(_ change: (inout RunReport) -> Void) {
        state.withLock { change(&$0) }
    }
}
