/// How often to ask about a running task: often at first (most low-quality images finish in
/// seconds), then less (each read of an unfinished task costs the gateway a provider call),
/// when to warn that a task is taking unusually long, and how long to wait locally before
/// leaving the task to a later run. The task itself keeps running at the API; its id is saved,
/// so giving up waiting loses nothing.
public struct PollSchedule: Sendable {
    public var early: Duration
    public var late: Duration
    public var earlyPhase: Duration
    public var maxWait: Duration
    /// A task still running after this long gets one warning (and is still polled).
    public var longWait: Duration

    public init(
        early: Duration, late: Duration, earlyPhase: Duration, maxWait: Duration, longWait: Duration = .seconds(300)
    ) {
        self.early = early
        self.late = late
        self.earlyPhase = earlyPhase
        self.maxWait = maxWait
        self.longWait = longWait
    }

    /// EvoLink's own guidance: every 3 s for the first 20 s, then every 8 s; warn after 5 min
    /// (where EvoLink's scripts give up); wait up to 30 min.
    public static let evoLink = PollSchedule(
        early: .seconds(3), late: .seconds(8), earlyPhase: .seconds(20), maxWait: .seconds(1800),
        longWait: .seconds(300))

    /// The same shape compressed by `factor` (a simulator running at `timeScale`), never below 5 ms.
    public func scaled(by factor: Double) -> PollSchedule {
        func scale(_ duration: Duration) -> Duration { max(.milliseconds(5), duration * factor) }
        return PollSchedule(
            early: scale(early), late: scale(late), earlyPhase: scale(earlyPhase), maxWait: scale(maxWait),
            longWait: scale(longWait))
    }

    /// The pause before the next read of a task that has been running for `waited`.
    public func interval(afterWaiting waited: Duration) -> Duration { waited < earlyPhase ? early : late }

    /// Reads this schedule makes of a task that takes `latency`, the one that sees it finished
    /// included; and when that read happens.
    public func reads(forTaskTaking latency: Duration) -> (count: Int, detectedAfter: Duration) {
        var waited = Duration.zero
        var count = 0
        repeat {
            waited += interval(afterWaiting: waited)
            count += 1
        } while waited < latency
        return (count, waited)
    }
}
