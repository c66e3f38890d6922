import Foundation

/// How fast a run that is going stores its results, and what that leaves, for `status`: the
/// results recorded in the last minute against the jobs still on their way.
public enum RunPace {
    /// Jobs still to go: planned, or in flight (between their key and their stored result).
    public static func remaining(_ counts: [JobState: Int]) -> Int {
        counts.reduce(0) { total, entry in entry.key == .planned || entry.key.isInFlight ? total + entry.value : total }
    }

    public static func line(storedLastMinute: Int, remaining: Int) -> String {
        let pace = "pace: \(storedLastMinute == 0 ? "none" : String(storedLastMinute)) stored in the last minute"
        guard remaining > 0 else { return pace + "; nothing left to store" }
        guard storedLastMinute > 0 else { return pace + "; \(remaining) jobs to go" }
        let minutes = Double(remaining) / Double(storedLastMinute)
        return pace + "; \(remaining) jobs to go, \(duration(minutes: minutes)) at this pace"
    }

    static func duration(minutes: Double) -> String {
        guard minutes >= 1 else { return "under a minute" }
        let whole = Int(minutes.rounded())
        return "about " + (whole < 60 ? "\(whole) min" : "\(whole / 60) h \(whole % 60) min")
    }
}
