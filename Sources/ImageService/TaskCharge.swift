import CatalogModel

/// What a finished task's answer says it cost: the settlement of the estimate reserved before
/// its submission.
public enum TaskCharge: Sendable, Equatable {
    case charged(Money)
    /// The answer speaks of billing but proves neither a charge nor a refund (a refund still
    /// pending, say): the estimate should stand.
    case unproven

    /// The charge, when the answer proves one.
    public var amount: Money? {
        guard case .charged(let money) = self else { return nil }
        return money
    }
}
