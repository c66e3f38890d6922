import CatalogModel
import Foundation

/// A Google Merchant Center supplemental feed that adds images to items the primary feed
/// already has, matched by `id`, in both text (TSV) and XML (RSS 2.0) form.
///
/// Per Google's additional_image_link page (https://support.google.com/merchants/answer/6324370):
/// up to 10 images per item; in text feeds one cell of comma-separated URLs with commas inside
/// a URL encoded as `%2C`; in XML one element per URL. `lifestyle_image_link` is written the
/// same way and held to the same 10. Item ids are at most 50 characters (product data
/// specification, answer 7052112).
enum MerchantCenterExport {
    static let namespace = "http://base.google.com/ns/1.0"
    static let imagesPerItem = 10
    static let idLimit = 50

    static func write(
        _ candidates: [ExportCandidate], request: ExportRequest, into files: inout ExportFiles
    ) throws(ExportError) -> WriterOutcome {
        var (passed, violations) = Export.screen(candidates, needsURLFor: "Google Merchant Center") {
            .googleMerchantCenter(apparel: request.product($0.item).isApparel)
        }
        // A packshot on white is not a lifestyle image (Google: the product in use, in context):
        // the spec's Amazon MAIN variant stays out of lifestyle_image_link, and says so.
        var warnings: [ExportViolation] = []
        if request.merchantImageAttribute == .lifestyleImageLink {
            warnings = passed.filter { request.isAmazonMain($0.item) }.map { .notLifestyle($0.item) }
            passed.removeAll { request.isAmazonMain($0.item) }
        }
        var items: [(id: String, urls: [String])] = []
        var exported = 0
        for (id, images) in Export.grouped(passed, by: { FeedText.singleLine($0.item.productID) }) {
            if let problem = idProblem(id) {
                violations += images.map {
                    .invalidIdentifier(
                        $0.item, identifier: "the Merchant Center id", why: problem,
                        remedy: "give the product an id Google accepts in the feed, then run and review again")
                }
                continue
            }
            // The supplemental attribute replaces the primary feed's list: `append` repeats the
            // product's own links first, so none of its photos is dropped.
            if request.merchantImages == .append, images[0].item.listing == nil {
                violations += images.map { .listingUnknown($0.item, marketplace: "Google Merchant Center") }
                continue
            }
            // Google reads at most ten; a feed with more has the rest ignored anyway.
            let own = Array(
                (request.merchantImages == .append ? ownLinks(of: images[0].item, request: request) : [])
                    .prefix(imagesPerItem))
            let room = max(0, imagesPerItem - own.count)
            for extra in images.dropFirst(room) {
                violations.append(
                    .tooManyImages(
                        extra.item, marketplace: "Google Merchant Center", limit: imagesPerItem,
                        what: request.merchantImageAttribute.rawValue
                            + (own.isEmpty ? "" : " (\(own.count) of them the product's own)")))
            }
            let urls = (own + images.prefix(room).map { $0.item.publicURL ?? "" }).map {
                FeedText.asciiURL($0, encodingCommas: true)
            }
            exported += min(room, images.count)
            items.append((id, urls))
        }
        let attribute = request.merchantImageAttribute.rawValue
        try files.write(tsv(items, attribute: attribute), to: ExportFormat.merchantCenter.fileNames[0])
        try files.write(xml(items, attribute: attribute), to: ExportFormat.merchantCenter.fileNames[1])
        return WriterOutcome(exported: exported, violations: violations, warnings: warnings)
    }

    /// The product's own links for the attribute being written, as the last run read them.
    static func ownLinks(of item: Manifest.Item, request: ExportRequest) -> [String] {
        guard let listing = item.listing else { return [] }
        switch request.merchantImageAttribute {
        case .additionalImageLink: return Listing.webLinks(listing.additionalImageLinks)
        case .lifestyleImageLink: return Listing.webLinks(listing.lifestyleImageLinks)
        }
    }

    static func idProblem(_ id: String) -> String? {
        if id.trimmingSurroundingWhitespace().isEmpty { return "is empty" }
        if id.count > idLimit { return "is \(id.count) characters, above Google's limit of \(idLimit)" }
        // The TSV cannot defuse it the way our CSVs do: a `'` prefix would change the id, and
        // the supplemental feed would then match no item of the primary feed.
        if SpreadsheetFormula.looksLikeFormula(id) {
            return "starts like a spreadsheet formula (`\(id.prefix(12))…`), which would run when the TSV is opened"
        }
        return nil
    }

    static func tsv(_ items: [(id: String, urls: [String])], attribute: String) -> String {
        var lines = ["id\t\(attribute)"]
        for item in items {
            lines.append(FeedText.tsvCell(item.id) + "\t" + FeedText.tsvCell(item.urls.joined(separator: ",")))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func xml(_ items: [(id: String, urls: [String])], attribute: String) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<rss version=\"2.0\" xmlns:g=\"\(namespace)\">",
            "<channel>",
            "  <title>catalog-refresh supplemental feed</title>",
        ]
        if let link = items.first?.urls.first.flatMap(origin) {
            lines.append("  <link>\(FeedText.xmlEscaped(link))</link>")
        }
        lines.append("  <description>Approved images as \(attribute), by item id</description>")
        for item in items {
            lines.append("  <item>")
            lines.append("    <g:id>\(FeedText.xmlEscaped(item.id))</g:id>")
            for url in item.urls {
                lines.append("    <g:\(attribute)>\(FeedText.xmlEscaped(url))</g:\(attribute)>")
            }
            lines.append("  </item>")
        }
        lines += ["</channel>", "</rss>"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `https://cdn.example.com` from an image URL: RSS requires a channel link and the
    /// images' host is the closest thing to a site this export knows.
    static func origin(_ url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return host.isEmpty ? nil : String(url[..<schemeEnd.upperBound]) + host
    }
}
