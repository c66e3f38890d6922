import CatalogModel

/// The rules every feed's products must pass, whatever their format, and the error budget
/// that decides when too many failures stop the feed.
struct ProductValidator {
    let feedName: String
    let maxInvalid: Int
    /// "row" for CSV, "item" for XML: how messages name a record.
    var recordNoun = "row"
    private(set) var report = FeedReport()
    private let seenIDs = ProductIDIndex()

    let maxInvalidPercent: Double?

    init(feedName: String, options: FeedOptions) {
        self.feedName = feedName
        self.maxInvalid = options.maxInvalidRows
        self.maxInvalidPercent = options.maxInvalidPercent
    }

    /// Emits `product` if valid; records the rejection otherwise, throwing past the budget.
    mutating func check(
        _ product: consuming Product, line: Int, item: Int? = nil, emit: (consuming Product) throws -> Void
    ) throws {
        let idHash = IDHashSet.hash(product.id)
        if let reason = rejection(of: product, idHash: idHash) {
            reject(RejectedRecord(line: line, item: item, reason: reason))
            return
        }
        // `rejection` has just looked the hash up: a valid product's id is new.
        seenIDs.add(hash: idHash)
        report.productsRead += 1
        try emit(product)
    }

    mutating func reject(_ record: RejectedRecord) {
        report.rejectedCount += 1
        report.rejectionsByKind[record.kind, default: 0] += 1
        if report.rejected.count < FeedReport.keptRejections { report.rejected.append(record) }
    }

    /// Throws once the rejections exceed the budget; called after each record.
    func enforceBudget() throws {
        if maxInvalidPercent == nil && report.rejectedCount > maxInvalid {
            throw FeedError.tooManyInvalidRows(feed: feedName, rejected: report.rejected, limit: maxInvalid)
        }
    }

    /// The percentage budget, once every record has been seen.
    func enforceFinalBudget() throws {
        guard let percent = maxInvalidPercent, report.rejectedCount > 0 else { return }
        let total = report.rejectedCount + report.productsRead
        let share = Double(report.rejectedCount) * 100 / Double(total)
        if share > percent {
            throw FeedError.tooManyInvalidShare(
                feed: feedName, rejected: report.rejected, count: report.rejectedCount, total: total,
                percent: percent)
        }
    }

    mutating func addBytes(_ count: Int) {
        report.bytesRead += count
    }

    mutating func setProfile(_ profile: FeedProfile) {
        report.profile = profile
    }

    mutating func setAttributeNames(_ names: [String]) {
        report.attributeNames = Set(names).sorted()
    }

    private func rejection(of product: Product, idHash: UInt64) -> String? {
        if product.id.isEmpty { return "the \(recordNoun) has no id" }
        // Checked before anything else prints the id: it would print raw.
        if product.id.containsControlCharacter {
            return "id `\(product.id.escapingControlCharacters)` has a control character, which no id may have"
        }
        if seenIDs.contains(hash: idHash) { return "duplicate id `\(product.id)`" }
        if product.imageLink.isEmpty { return "product `\(product.id)` has no image link" }
        guard Self.isPlausibleLink(product.imageLink) else { return Self.invalidLink(product.imageLink, of: product) }
        // By index: `first(where:)` copied each link out of the array, a retain and a release.
        let links = product.additionalImageLinks
        for index in links.indices where !Self.isPlausibleLink(links[index]) {
            return Self.invalidLink(links[index], of: product)
        }
        return nil
    }

    private static func invalidLink(_ link: String, of product: Product) -> String {
        "product `\(product.id)` has an invalid image link `\(link.prefix(120))`"
    }

    /// Whether any byte is a space or a C0 control (at most 0x20), eight bytes at a time: a
    /// word has a byte below 0x21 exactly when subtracting 0x21 from each byte borrows into a
    /// byte whose top bit was clear. A byte at a time, links took 2% of a plan's CPU.
    static func hasSpaceOrControlByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var offset = 0
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080 != 0 { return true }
            offset += 8
        }
        while offset < raw.count {
            if raw[offset] <= 0x20 { return true }
            offset += 1
        }
        return false
    }

    /// An http(s) URL with a host and no spaces, or a relative or absolute local path.
    /// Byte-level: this runs for every image of every product.
    static func isPlausibleLink(_ link: String) -> Bool {
        link.withUTF8Bytes { utf8 in
            if Self.hasSpaceOrControlByte(utf8) { return false }
            let schemeLength = utf8.hasBytePrefix("https://") ? 8 : utf8.hasBytePrefix("http://") ? 7 : 0
            if schemeLength > 0 {
                // A host, not a path, after the scheme.
                return utf8.count > schemeLength && utf8[schemeLength] != UInt8(ascii: "/")
            }
            // Any other scheme (ftp:, file:, javascript:) is refused; plain paths are fine.
            guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else { return true }
            return colon + 1 >= utf8.count || utf8[colon + 1] != UInt8(ascii: "/")
        }
    }
}
