/// How often to ask about a running task: often at first (most low-quality images finish in
/// seconds), then less (each read of an unfinished task costs the gateway a provider call),
/// and how long to wait locally before leaving the task to a later run. The task itself keeps
/// running at the API; its id is saved, so giving up waiting loses nothing.
public struct PollSchedule: Sendable {
    public var early: Duration
    public var late: Duration
    public var earlyPhase: Duration
    public var maxWait: Duration

    public init(early: Duration, late: Duration, earlyPhase: Duration, maxWait: Duration) {
        self.early = early
        self.late = late
        self.earlyPhase = earlyPhase
        self.maxWait = maxWait
    }

    /// EvoLink's own guidance: every 3 s for the first 20 s, then every 8 s; wait up to 30 min.
    public static let evoLink = PollSchedule(
        early: .seconds(3), late: .seconds(8), earlyPhase: .seconds(20), maxWait: .seconds(1800))

    /// The same shape compressed by `factor` (a simulator running at `timeScale`), never below 5 ms.
    public func scaled(by factor: Double) -> PollSchedule {
        func scale(_ duration: Duration) -> Duration { max(.milliseconds(5), duration * factor) }
        return PollSchedule(
            early: scale(early), late: scale(late), earlyPhase: scale(earlyPhase), maxWait: scale(maxWait))
    }

    func interval(afterWaiting waited: Duration) -> Duration { waited < earlyPhase ? early : late }
}
