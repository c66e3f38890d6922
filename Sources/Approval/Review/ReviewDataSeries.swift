import AssetStorage
import CatalogModel
import Foundation

/// One series of `review-data/` files (`pending-0001.js`, `pending-0002.js`, …): each a script
/// that hands its cards to the page, `catalogRefreshReviewPage([{…}, …]);`. A script rather than
/// JSON because a page opened from disk (`file://`) may load a `<script src>` beside it, while
/// Chromium refuses it `fetch`; served by `catalog-refresh review`, the same files come from the
/// server. Product text is in JSON strings, put into the page by the script as text only.
final class ReviewDataSeries {
    let folder: String
    let prefix: String
    let pageSize: Int
    private(set) var pages = 0
    private var file: BufferedFileOutput?
    private var inPage = 0
    private var digest = SHA256()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(folder: String, prefix: String, pageSize: Int) {
        self.folder = folder
        self.prefix = prefix
        self.pageSize = pageSize
    }

    static func fileName(prefix: String, page: Int) -> String {
        let number = String(page)
        return prefix + "-" + String(repeating: "0", count: max(0, 4 - number.count)) + number + ".js"
    }

    func add(_ card: ReviewCard) throws {
        if file == nil || inPage == pageSize {
            try finishPage()
            pages += 1
            let path = URL(fileURLWithPath: folder).appendingPathComponent(Self.fileName(prefix: prefix, page: pages))
            file = try BufferedFileOutput(path: path.path, atomic: false, capacity: 1 << 16)
            try write("catalogRefreshReviewPage([\n")
            inPage = 0
        }
        let json = try encoder.encode(card)
        try write(inPage == 0 ? "" : ",\n")
        try write(Array(json))
        inPage += 1
    }

    /// Closes the last file (fsynced); returns the digest of every byte written, which names
    /// the folder the files are published in.
    func finish() throws -> String {
        try finishPage()
        return digest.finalize().hex
    }

    private func finishPage() throws {
        guard let file else { return }
        try write("\n]);\n")
        try file.close()
        self.file = nil
    }

    private func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    private func write(_ bytes: [UInt8]) throws {
        digest.update(bytes)
        try file?.write(bytes)
    }

    func discard() {
        file?.discard()
        file = nil
    }
}
