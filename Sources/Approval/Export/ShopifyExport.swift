import CatalogModel

/// A Shopify product CSV that adds images to existing products, matched by handle: the spec's
/// `exports.shopify.handle` field, else the product id (a Shopify feed's Handle). The generated
/// images go after the product's own (`exports.shopify.position: after`, the default) or first.
///
/// Shopify's importer needs `Handle` and `Title` to update a product (Shopify Help Center,
/// "Using CSV files to import and export products"); the image columns are `Image Src` (a URL
/// Shopify downloads), `Image Position` (1 is the main image) and `Image Alt Text` (at most
/// 512 characters). As in Shopify's own exports, the title is on the first row of a handle
/// and every further image is an image-only row with the handle. Columns that are left out
/// are not touched by an import; with "Overwrite products with matching handles" Shopify
/// replaces the product's images with these, without it products that exist are skipped.
/// Cells go through `ManifestCSV.quote`, so a title starting with `=`, `+`, `-` or `@` gets
/// a leading `'` (a spreadsheet must never run it); such a product's title should be checked
/// after an overwriting import.
enum ShopifyExport {
    static let header = ["Handle", "Title", "Image Src", "Image Position", "Image Alt Text"]
    static let altTextLimit = 512

    static func write(
        _ candidates: [ExportCandidate], request: ExportRequest, into files: inout ExportFiles
    ) throws(ExportError) -> WriterOutcome {
        var (passed, violations) = Export.screen(candidates, needsURLFor: "Shopify") { _ in .shopify }
        // Without the product's own images the CSV would replace them on an overwriting import.
        violations += passed.filter { $0.item.listing == nil }.map { .listingUnknown($0.item, marketplace: "Shopify") }
        passed.removeAll { $0.item.listing == nil }
        var lines = [header.map(ManifestCSV.quote).joined(separator: ",")]
        let products = Export.grouped(passed) { request.product($0.item).handle ?? $0.item.productID }
        for (handle, images) in products {
            // An import that overwrites a product replaces its images with the CSV's, so the
            // product's own images are listed too, in their order, before or after ours.
            let own = (images[0].item.listing?.ownImages ?? []).map { (url: $0, alt: "") }
            let generated = images.map { (url: $0.item.publicURL ?? "", alt: altText($0.item)) }
            let rows = request.shopifyPosition == .after ? own + generated : generated + own
            for (index, row) in rows.enumerated() {
                let fields = [
                    handle, index == 0 ? images[0].item.productTitle : "", FeedText.asciiURL(row.url),
                    String(index + 1), row.alt,
                ]
                lines.append(fields.map(ManifestCSV.quote).joined(separator: ","))
            }
        }
        try files.write(lines.joined(separator: "\r\n") + "\r\n", to: ExportFormat.shopify.fileNames[0])
        return WriterOutcome(exported: passed.count, violations: violations)
    }

    /// "Title (marble, winter)": the product and the variant's option ids, on one line, cut
    /// to Shopify's limit, so a screen reader tells the scenes of one product apart.
    static func altText(_ item: Manifest.Item) -> String {
        if let alt = item.listing?.altText, !alt.isEmpty {
            return String(FeedText.singleLine(alt).prefix(altTextLimit))
        }
        let options = item.variants.sorted { $0.key < $1.key }.map(\.value).joined(separator: ", ")
        let text = FeedText.singleLine(options.isEmpty ? item.productTitle : "\(item.productTitle) (\(options))")
        return String(text.prefix(altTextLimit))
    }
}
