import CatalogModel

/// The rules every feed's products must pass, whatever their format, and the error budget
/// that decides when too many failures stop the feed.
struct ProductValidator {
    let feedName: String
    let maxInvalid: Int
    /// "row" for CSV, "item" for XML: how messages name a record.
    var recordNoun = "row"
    private(set) var report = FeedReport()
    /// 64-bit hashes of the ids seen, not the ids: memory per product stays at a few bytes, so a
    /// feed of millions does not grow the process. Two distinct ids collide with probability
    /// about n²/2⁶⁵ (10⁻⁷ for 2.5 million products).
    private var seenIDs = Set<Int>()

    let maxInvalidPercent: Double?

    init(feedName: String, options: FeedOptions) {
        self.feedName = feedName
        self.maxInvalid = options.maxInvalidRows
        self.maxInvalidPercent = options.maxInvalidPercent
    }

    /// Emits `product` if valid; records the rejection otherwise, throwing past the budget.
    mutating func check(_ product: Product, line: Int, item: Int? = nil, emit: (Product) throws -> Void) throws {
        if let reason = rejection(of: product) {
            reject(RejectedRecord(line: line, item: item, reason: reason))
            return
        }
        seenIDs.insert(product.id.hashValue)
        report.productsRead += 1
        try emit(product)
    }

    mutating func reject(_ record: RejectedRecord) {
        report.rejected.append(record)
    }

    /// Throws once the rejections exceed the budget; called after each record.
    func enforceBudget() throws {
        if maxInvalidPercent == nil && report.rejected.count > maxInvalid {
            throw FeedError.tooManyInvalidRows(feed: feedName, rejected: report.rejected, limit: maxInvalid)
        }
    }

    /// The percentage budget, once every record has been seen.
    func enforceFinalBudget() throws {
        guard let percent = maxInvalidPercent, !report.rejected.isEmpty else { return }
        let total = report.rejected.count + report.productsRead
        let share = Double(report.rejected.count) * 100 / Double(total)
        if share > percent {
            throw FeedError.tooManyInvalidShare(
                feed: feedName, rejected: report.rejected, total: total, percent: percent)
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
        if seenIDs.contains(product.id.hashValue) { return "duplicate id `\(product.id)`" }
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
