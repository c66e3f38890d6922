import Foundation

/// The review page (`review.html`): reference and result side by side for every item, with the
/// image's compliance for each channel the spec exports to (so a reviewer does not approve an
/// off-white MAIN image), filters by state and variant, keyboard shortcuts, single and bulk
/// decisions with notes.
///
/// One self-contained file (inline CSS and JS, images by relative path), so the output folder
/// can be opened or moved as it is. Opened from disk it records decisions in the browser and
/// offers them as `decisions.json` for `catalog-refresh approve --from`; served by
/// `catalog-refresh review` with the session token in its URL it records them in the store at
/// once. `served` marks the page the review server sends, so the page can tell an approver who
/// opened the server's URL without its token (a cookie from an earlier load still lets the page
/// in) that nothing they decide would be saved, rather than falling back to disk mode. Every
/// piece of product text is HTML-escaped by Mustache's `{{ }}` and only ever put into the page
/// by the script as text, never as markup.
///
/// A catalogue larger than `ReviewPageLayout.embeddedLimit` is paged (`ReviewPageWriter`): the
/// page holds the first pending items and loads the rest from `review-data/`.
public enum ReviewPage {
    /// The page with every item of `manifest` on it.
    public static func render(_ manifest: Manifest, served: Bool = false) throws -> String {
        let parts = try ReviewPageParts()
        var counts: [String: Int] = [:]
        for item in manifest.items { counts[item.reviewState, default: 0] += 1 }
        let summary = ReviewPageSummary(
            name: manifest.spec.name, count: manifest.items.count,
            products: Set(manifest.items.map(\.productID)).count,
            variants: Array(Set(manifest.items.map(\.variantID))).sorted(), counts: counts)
        var html = parts.head(summary, served: served)
        for item in manifest.items { html += parts.card(ReviewCard(item)) }
        return html + parts.tail(paging: nil)
    }

    /// The published `review.html` as the review server sends it: the same bytes with the body
    /// marked `data-server="review"` (what `render(_:served:)` writes), so the server and the
    /// folder show one page and its `review-data/` files.
    public static func served(_ page: [UInt8]) -> [UInt8] {
        let opening = Array("<body data-spec=\"".utf8)
        guard let start = page.firstRange(of: opening),
            let end = page[start.upperBound...].firstIndex(of: UInt8(ascii: ">"))
        else { return page }
        // Mustache escaped the name: it holds no `>` or `"`.
        let marker = Array(" data-server=\"review\"".utf8)
        if page[start.upperBound..<end].firstRange(of: marker) != nil { return page }
        return Array(page[..<end]) + marker + Array(page[end...])
    }
}
