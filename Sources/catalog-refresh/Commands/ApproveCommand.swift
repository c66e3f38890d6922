import JobStore

/// `catalog-refresh approve`: see `ReviewDecisionCommand`.
typealias ApproveCommand = ReviewDecisionCommand<ApproveVerb>

enum ApproveVerb: ReviewVerb {
    static let state = ReviewState.approved
    static let name = "approve"
}
