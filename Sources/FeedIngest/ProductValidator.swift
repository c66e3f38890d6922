import CatalogModel

/// The rules every feed's products must pass, whatever their format, and the error budget
/// that decides when too many failures stop the feed.
struct ProductValidator {
    let feedName: String
    let maxInvalid: Int
    /// "row" for CSV, "item" for XML: how messages name a record.
    var recordNoun = "row"
    private(set) var report = FeedReport()
    private var seenIDs = Set<String>()

    init(feedName: String, maxInvalid: Int) {
        self.feedName = feedName
        self.maxInvalid = maxInvalid
    }

    /// Emits `product` if valid; records the rejection otherwise, throwing past the budget.
    mutating func check(_ product: Product, line: Int, item: Int? = nil, emit: (Product) throws -> Void) throws {
        if let reason = rejection(of: product) {
            reject(RejectedRecord(line: line, item: item, reason: reason))
            return
        }
        seenIDs.insert(product.id)
        report.productsRead += 1
        try emit(product)
    }

    mutating func reject(_ record: RejectedRecord) {
        report.rejected.append(record)
    }

    /// Throws once the rejections exceed the budget; called after each record.
    func enforceBudget() throws {
        if report.rejected.count > maxInvalid {
            throw FeedError.tooManyInvalidRows(feed: feedName, rejected: report.rejected, limit: maxInvalid)
        }
    }

    mutating func addBytes(_ count: Int) {
        report.bytesRead += count
    }

    mutating func setProfile(_ profile: FeedProfile) {
        report.profile = profile
    }

    private func rejection(of product: Product) -> String? {
        if product.id.isEmpty { return "the \(recordNoun) has no id" }
        if seenIDs.contains(product.id) { return "duplicate id `\(product.id)`" }
        if product.imageLink.isEmpty { return "product `\(product.id)` has no image link" }
        if let bad = ([product.imageLink] + product.additionalImageLinks).first(where: { !Self.isPlausibleLink($0) }) {
            return "product `\(product.id)` has an invalid image link `\(bad.prefix(120))`"
        }
        return nil
    }

    /// An http(s) URL with a host and no spaces, or a relative or absolute local path.
    /// Byte-level: this runs for every image of every product.
    static func isPlausibleLink(_ link: String) -> Bool {
        var utf8 = link.utf8
        if utf8.contains(where: { $0 <= 0x20 }) { return false }
        let http = Array("http://".utf8)
        let https = Array("https://".utf8)
        let schemeLength = utf8.starts(with: https) ? https.count : utf8.starts(with: http) ? http.count : 0
        if schemeLength > 0 {
            guard let hostStart = utf8.dropFirst(schemeLength).first else { return false }
            return hostStart != UInt8(ascii: "/")
        }
        // Any other scheme (ftp:, file:, javascript:) is refused; plain paths are fine.
        utf8 = link.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else { return true }
        return utf8[utf8.index(after: colon)...].first != UInt8(ascii: "/")
    }
}
