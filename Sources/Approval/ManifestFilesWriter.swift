import AssetStorage
import Foundation

/// Writes the three manifest files from items given one at a time, in the memory of one item
/// (and of the review page's embedded cards, `ReviewPageLayout.embeddedLimit` at most): each
/// file goes through a buffer to its temporary name, and `commit` puts them in place in the
/// order readers expect (`manifest.json`, `manifest.csv`, the review page's data, `review.html`),
/// each atomically and durably.
final class ManifestFilesWriter {
    private let json: BufferedFileOutput
    private let csv: BufferedFileOutput
    private let review: ReviewPageWriter
    private let layout: ManifestJSONLayout
    private var count = 0

    /// `header`'s items are not written: `add` gives them.
    init(folder: String, header: Manifest, layout pageLayout: ReviewPageLayout) throws {
        let base = URL(fileURLWithPath: folder)
        layout = try ManifestJSONLayout(header: header)
        json = try BufferedFileOutput(path: base.appendingPathComponent("manifest.json").path, atomic: true)
        csv = try BufferedFileOutput(path: base.appendingPathComponent("manifest.csv").path, atomic: true)
        review = ReviewPageWriter(folder: folder, name: header.spec.name, layout: pageLayout)
        try json.write(layout.prefix)
        try csv.write(ManifestCSV.headerLine)
    }

    func add(_ item: Manifest.Item) throws {
        try layout.write(item, first: count == 0, to: json)
        try csv.write(ManifestCSV.row(item))
        try review.add(item)
        count += 1
    }

    /// Puts the files in place; `products` as for `ReviewPageWriter.commit`.
    @discardableResult
    func commit(products: Int? = nil) throws -> ManifestPublication {
        try layout.close(count: count, to: json)
        try json.publish()
        try csv.publish()
        try review.commit(products: products)
        var publication = ManifestPublication(
            items: review.total, pending: review.counts["pending"] ?? 0, approved: review.counts["approved"] ?? 0,
            rejected: review.counts["rejected"] ?? 0, written: true, embeddedOnPage: review.embeddedCount,
            dataPages: review.dataPages)
        publication.dataFolder = review.dataFolder
        return publication
    }

    func discard() {
        json.discard()
        csv.discard()
        review.discard()
    }
}
