import JobStore

/// How `status` words a run's spend: the API's charges and the estimates still only reserved
/// kept apart, since only the first are money known to be spent.
enum SpendLine {
    static func text(_ spend: RunSpend, runID: Int64) -> String {
        guard spend.settledCount + spend.unsettledCount > 0 else { return "spend: nothing submitted in run #\(runID)" }
        var parts: [String] = []
        if spend.settledCount > 0 {
            parts.append("\(spend.charged) charged for \(count(spend.settledCount)) the API settled")
        }
        if spend.unsettledCount > 0 {
            parts.append("\(spend.reserved) reserved (estimated) for \(count(spend.unsettledCount)) not settled")
        }
        return "spend: \(spend.total) in run #\(runID): " + parts.joined(separator: ", ")
    }

    private static func count(_ submissions: Int) -> String {
        submissions == 1 ? "1 submission" : "\(submissions) submissions"
    }
}
