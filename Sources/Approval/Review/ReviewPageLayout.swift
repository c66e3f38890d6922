/// How a large catalogue's review page is cut: at most `embeddedLimit` cards in `review.html`
/// (a page of 5,000 opens in about 2 s, `ReviewPagePerformanceTests`), the rest in files of
/// `pageSize` items under `review-data/` that the page loads as the approver scrolls.
public struct ReviewPageLayout: Sendable, Equatable {
    public var embeddedLimit: Int
    public var pageSize: Int

    public init(embeddedLimit: Int = 2000, pageSize: Int = 1000) {
        self.embeddedLimit = max(1, embeddedLimit)
        self.pageSize = max(1, pageSize)
    }
}
