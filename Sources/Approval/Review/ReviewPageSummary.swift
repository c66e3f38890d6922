/// What the page's header says of the whole catalogue, loaded or not: its name, how many images
/// of how many products, the variants to filter by, and how many are in each review state.
struct ReviewPageSummary {
    var name: String
    var count: Int
    var products: Int
    var variants: [String]
    var counts: [String: Int]
}

/// Where a paged page finds the items it does not hold: `pendingPages` files of pending items,
/// then `decidedPages` of decided ones, in `folder` (relative to the page).
struct ReviewPaging {
    var folder: String
    var pendingPages: Int
    var decidedPages: Int
    var total: Int
}
