import CatalogModel

/// What one run's submissions cost: the API's charges where it settled them, the estimates
/// reserved before each POST where it has not (a task still running, an answer lost, or an API
/// that reports no charge).
public struct RunSpend: Sendable, Equatable {
    public var settledCount = 0
    public var charged = Money.zero
    public var unsettledCount = 0
    public var reserved = Money.zero

    public init(settledCount: Int = 0, charged: Money = .zero, unsettledCount: Int = 0, reserved: Money = .zero) {
        self.settledCount = settledCount
        self.charged = charged
        self.unsettledCount = unsettledCount
        self.reserved = reserved
    }

    /// The most the run may have spent: charges plus what is still only reserved.
    public var total: Money { charged + reserved }

    /// How `status` words it: the API's charges and the estimates still only reserved kept
    /// apart, since only the first are money known to be spent.
    public func line(runID: Int64) -> String {
        guard settledCount + unsettledCount > 0 else { return "spend: nothing submitted in run #\(runID)" }
        var parts: [String] = []
        if settledCount > 0 { parts.append("\(charged) charged for \(Self.count(settledCount)) the API settled") }
        if unsettledCount > 0 {
            parts.append("\(reserved) reserved (estimated) for \(Self.count(unsettledCount)) not settled")
        }
        return "spend: \(total) in run #\(runID): " + parts.joined(separator: ", ")
    }

    private static func count(_ submissions: Int) -> String {
        submissions == 1 ? "1 submission" : "\(submissions) submissions"
    }
}
