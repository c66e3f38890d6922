import CatalogModel
import Foundation

/// One reading of a run's progress, taken from the store: what `status` shows for a run that is
/// going and what the live line of `run` redraws, so the two count the same jobs the same way
/// and give the same ETA (`RunPace`).
///
/// "In flight" is a task the API accepted and is running (`submitted`); "submitting" a job whose
/// key is committed and whose POST is sent or about to be (`submitting`); reserved money is the
/// estimate of those submissions that the API has not settled yet (`RunSpend`).
public struct RunProgressSnapshot: Sendable, Equatable {
    /// This run's jobs by state.
    public var counts: [JobState: Int]
    public var spend: RunSpend
    public var storedLastMinute: Int

    public init(counts: [JobState: Int], spend: RunSpend, storedLastMinute: Int) {
        self.counts = counts
        self.spend = spend
        self.storedLastMinute = storedLastMinute
    }

    public var total: Int { counts.values.reduce(0, +) }
    public var inFlight: Int { counts[.submitted] ?? 0 }
    public var submitting: Int { counts[.submitting] ?? 0 }
    /// Finished at the API, the result being downloaded.
    public var downloading: Int { counts[.completed] ?? 0 }
    public var stored: Int { counts[.stored] ?? 0 }
    public var failed: Int { counts[.failed] ?? 0 }
    public var done: Int { total - RunPace.remaining(counts) }

    /// `7/12 done · 4 in flight · 1 submitting · 7 stored · 0 failed · spend … · pace …`.
    public var line: String {
        var parts = ["\(done)/\(total) done", "\(inFlight) in flight", "\(submitting) submitting"]
        if downloading > 0 { parts.append("\(downloading) downloading") }
        parts += ["\(stored) stored", "\(failed) failed"]
        parts.append(
            spend.settledCount + spend.unsettledCount == 0
                ? "$0 spent" : "\(spend.charged) charged, \(spend.reserved) reserved")
        parts.append(RunPace.line(storedLastMinute: storedLastMinute, remaining: RunPace.remaining(counts)))
        return parts.joined(separator: " · ")
    }
}

extension JobStore {
    /// The progress of run `runID` as the store has it now.
    public func progress(runID: Int64, now: Date = Date()) throws -> RunProgressSnapshot {
        RunProgressSnapshot(
            counts: try stateCounts(runID: runID), spend: try spend(runID: runID),
            storedLastMinute: try outputsStored(since: now.addingTimeInterval(-60)))
    }
}
