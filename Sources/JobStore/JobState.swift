/// Where a job is in its life. Each transition is committed before the action it enables, so
/// after a crash the state says exactly what may have happened:
///
/// planned → submitting (idempotency key saved; a POST may be in flight) → submitted (task id
/// saved) → completed (result URLs saved) → stored (file renamed into place, row committed);
/// or failed / cancelled / skipped (budget).
public enum JobState: String, Sendable, Codable, CaseIterable {
    case planned, submitting, submitted, completed, stored, failed, cancelled, skipped

    /// States a new run continues from instead of starting over, because money may have been
    /// spent: resubmitting with the same key, polling, or downloading.
    public var isInFlight: Bool { self == .submitting || self == .submitted || self == .completed }
}
