import AssetStorage
import CatalogModel
import Foundation

/// Writes `review.html` of a catalogue of any size, item by item in catalogue order, in the
/// memory of at most `ReviewPageLayout.embeddedLimit` items.
///
/// A catalogue that fits is the whole page, in catalogue order, as `ReviewPage.render` writes it
/// (a reload after a decision keeps every card where it was). A larger one is paged: the page
/// holds the first `embeddedLimit` pending items (the work left, first), and the script loads the
/// other pending items, then the decided ones, from `review-data/<digest>/` as the approver
/// scrolls. The files go to a staging folder first and are renamed into place (named by their
/// digest, so an unchanged catalogue gives the same page byte for byte) before the page that
/// names them, and folders of earlier pages are removed after it.
final class ReviewPageWriter {
    static let dataFolderName = "review-data"

    let folder: String
    let name: String
    let layout: ReviewPageLayout
    private var embedded: [Manifest.Item] = []
    private var paged = false
    private var staging: String?
    private var pending: ReviewDataSeries?
    private var decided: ReviewDataSeries?
    private(set) var total = 0
    private(set) var counts: [String: Int] = [:]
    private var products = 0
    private var lastProduct: String?
    private var variants: Set<String> = []
    /// Where the data files were published (`review-data/<digest>`), once they are.
    private(set) var dataFolder: String?

    init(folder: String, name: String, layout: ReviewPageLayout) {
        self.folder = folder
        self.name = name
        self.layout = layout
    }

    /// Items the page itself holds so far (at most `embeddedLimit`).
    var embeddedCount: Int { embedded.count }
    /// Files of items the page loads.
    var dataPages: Int { (pending?.pages ?? 0) + (decided?.pages ?? 0) }

    func add(_ item: Manifest.Item) throws {
        total += 1
        counts[item.reviewState, default: 0] += 1
        if item.productID != lastProduct {
            products += 1
            lastProduct = item.productID
        }
        variants.insert(item.variantID)
        guard paged else {
            embedded.append(item)
            if embedded.count > layout.embeddedLimit {
                paged = true
                let held = embedded
                embedded.removeAll(keepingCapacity: true)
                for item in held { try route(item) }
            }
            return
        }
        try route(item)
    }

    private func route(_ item: Manifest.Item) throws {
        let isPending = item.reviewState == "pending"
        if isPending && embedded.count < layout.embeddedLimit {
            embedded.append(item)
        } else {
            try series(pending: isPending).add(ReviewCard(item))
        }
    }

    private func series(pending isPending: Bool) throws -> ReviewDataSeries {
        if let existing = isPending ? pending : decided { return existing }
        let staging = try stagingFolder()
        let made = ReviewDataSeries(
            folder: staging, prefix: isPending ? "pending" : "decided", pageSize: layout.pageSize)
        if isPending { pending = made } else { decided = made }
        return made
    }

    private func stagingFolder() throws -> String {
        if let staging { return staging }
        let path = URL(fileURLWithPath: folder).appendingPathComponent(Self.dataFolderName)
            .appendingPathComponent(".staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        staging = path
        return path
    }

    /// Puts the data files and then `review.html` in place; `products` overrides the count of
    /// products told apart by consecutive ids (for items not in catalogue order).
    func commit(products: Int? = nil) throws {
        let paging = try publishData()
        let summary = ReviewPageSummary(
            name: name, count: total, products: products ?? self.products, variants: variants.sorted(),
            counts: counts)
        let parts = try ReviewPageParts()
        let page = try BufferedFileOutput(
            path: URL(fileURLWithPath: folder).appendingPathComponent("review.html").path, atomic: true)
        try page.write(parts.head(summary, served: false))
        for item in embedded { try page.write(parts.card(ReviewCard(item))) }
        try page.write(parts.tail(paging: paging))
        try page.publish()
        removeEarlierData(keeping: paging.map { URL(fileURLWithPath: $0.folder).lastPathComponent })
    }

    private func publishData() throws -> ReviewPaging? {
        guard paged, let staging else { return nil }
        let digests = [try pending?.finish() ?? "", try decided?.finish() ?? ""]
        let name = SHA256.hash(Array(digests.joined(separator: ",").utf8)).hex.prefix(16)
        let root = URL(fileURLWithPath: folder).appendingPathComponent(Self.dataFolderName)
        let destination = root.appendingPathComponent(String(name)).path
        try AtomicFile.syncFolder(at: staging)
        if FileManager.default.fileExists(atPath: destination) {
            // The same files, from an earlier write of the same items.
            try? FileManager.default.removeItem(atPath: staging)
        } else {
            try FileManager.default.moveItem(atPath: staging, toPath: destination)
        }
        self.staging = nil
        try AtomicFile.syncFolder(at: root.path)
        try AtomicFile.syncFolder(at: folder)
        dataFolder = "\(Self.dataFolderName)/\(name)"
        return ReviewPaging(
            folder: "\(Self.dataFolderName)/\(name)", pendingPages: pending?.pages ?? 0,
            decidedPages: decided?.pages ?? 0, total: total)
    }

    /// After the page is in place: the data of pages no longer published (all of it when the
    /// page holds every item).
    private func removeEarlierData(keeping current: String?) {
        let root = URL(fileURLWithPath: folder).appendingPathComponent(Self.dataFolderName)
        guard let current else {
            try? FileManager.default.removeItem(at: root)
            return
        }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [] where entry != current {
            try? FileManager.default.removeItem(at: root.appendingPathComponent(entry))
        }
    }

    /// Removes whatever this write left unpublished.
    func discard() {
        pending?.discard()
        decided?.discard()
        if let staging { try? FileManager.default.removeItem(atPath: staging) }
        staging = nil
    }
}
