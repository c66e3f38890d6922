/// What `status` says about the last run: a run row reads `running` from its start until it
/// records its end, so whether it is still going is asked of the run lock, which only a live
/// process holds. The lock is taken before the row is written and dropped after the manifest
/// and report, so its holder is matched to the row by time: a holder that took the lock after
/// the row began is a newer run, still planning.
public enum RunActivity {
    public static func lines(lastRun: RunRecord?, lock: RunLockProbe) -> [String] {
        guard let run = lastRun else {
            switch lock {
            case .free: return []
            case .held(let holder): return [starting(holder)]
            case .unknown(let reason): return ["whether a run is starting is unknown (\(reason))"]
            }
        }
        let title = "last run #\(run.id): "
        let isRunning = run.status == "running"
        let started = "started \(run.startedAt)"
        let ended = "\(run.status), \(started)" + (run.finishedAt.map { ", finished \($0)" } ?? "")
        let didNotFinish =
            "did not finish (its process ended without recording an end: killed or crashed), \(started); "
            + "`catalog-refresh run` on this spec resumes it without paying twice"
        switch lock {
        case .free:
            return [title + (isRunning ? didNotFinish : ended)]
        case .unknown(let reason):
            return [title + ended + (isRunning ? " (whether its process is alive is unknown: \(reason))" : "")]
        case .held(let holder):
            let holdsThisRun = holds(run, holder)
            guard holdsThisRun else { return [title + (isRunning ? didNotFinish : ended), starting(holder)] }
            return [
                title
                    + (isRunning
                        ? "running now (\(holder.text)), \(started)"
                        : "\(ended); still writing its manifest and report (\(holder.text))")
            ]
        }
    }

    /// Whether the last run is going now: its row says running, and the lock's holder is it.
    public static func isGoing(_ lastRun: RunRecord?, lock: RunLockProbe) -> Bool {
        guard let run = lastRun, run.status == "running", case .held(let holder) = lock else { return false }
        return holds(run, holder)
    }

    /// The holder took the lock before the row began: the same run (a stamp without a time is
    /// taken for the running row's).
    private static func holds(_ run: RunRecord, _ holder: RunLockHolder) -> Bool {
        holder.since.map { $0 <= run.startedAt } ?? (run.status == "running")
    }

    private static func starting(_ holder: RunLockHolder) -> String {
        "a run is starting (\(holder.text)): it holds the output folder, is planning, and resumes anything unfinished"
    }
}
