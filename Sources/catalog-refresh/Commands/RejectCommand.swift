import JobStore

/// `catalog-refresh reject`: see `ReviewDecisionCommand`.
typealias RejectCommand = ReviewDecisionCommand<RejectVerb>

enum RejectVerb: ReviewVerb {
    static let state = ReviewState.rejected
    static let name = "reject"
}
