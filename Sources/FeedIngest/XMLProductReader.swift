import CatalogModel

/// Turns XML bytes into validated products: the item element is decided from the root (RSS
/// `item`, Atom `entry`, or the spec's element), each item is mapped by the profile, and bad
/// items count against the error budget with their line and position.
final class XMLProductReader {
    private let feedName: String
    private let options: FeedOptions
    private let parser: XMLItemParser
    private var validator: ProductValidator
    private var mapper: XMLProductMapper
    private var checkedNamespace = false

    var report: FeedReport {
        var report = validator.report
        report.attributeNames = Set(parser.names.names.compactMap(mapper.attributeName(for:))).sorted()
        return report
    }

    init(feedName: String, options: FeedOptions) {
        self.feedName = feedName
        self.options = options
        let generic = options.profile == .genericXML || (options.profile == .auto && options.itemElement != nil)
        var validator = ProductValidator(feedName: feedName, options: options)
        validator.recordNoun = "item"
        validator.setProfile(generic ? .genericXML : .googleMerchant)
        self.validator = validator
        self.mapper = XMLProductMapper(googleMerchant: !generic, mapping: options.mapping)
        self.parser = XMLItemParser(documentName: feedName) { root, namespace in
            try Self.resolveItem(
                root: root, namespace: namespace, generic: generic, options: options, feedName: feedName)
        }
    }

    func consume(_ bytes: UnsafeRawBufferPointer, emit: (consuming Product) throws -> Void) throws {
        validator.addBytes(bytes.count)
        try translatingErrors { try parser.consume(bytes) { try handle($0, emit: emit) } }
    }

    func finish(emit: (consuming Product) throws -> Void) throws {
        try translatingErrors { try parser.finish { try handle($0, emit: emit) } }
        try validator.enforceFinalBudget()
    }

    private func translatingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as XMLSyntaxError {
            throw FeedError.xml(feed: feedName, error)
        }
    }

    private static func resolveItem(
        root: String, namespace: String?, generic: Bool, options: FeedOptions, feedName: String
    ) throws -> XMLItemElement {
        if generic {
            guard let item = options.itemElement else {
                throw FeedError.unrecognised(
                    feed: feedName,
                    reason: "a generic XML feed needs feed.item_element (the element that repeats per product)")
            }
            return XMLItemElement(name: item)
        }
        guard options.profile == .auto || options.profile == .googleMerchant else {
            throw FeedError.unrecognised(
                feed: feedName, reason: "the spec says \(options.profile.rawValue) but the feed is XML")
        }
        switch (root, namespace) {
        case ("rss", nil): return XMLItemElement(name: "item", namespace: nil)
        // RSS 1.0 names its items `item`; Google's RSS 1.0 example names them `product`.
        case ("RDF", let uri?) where XMLNamespace.isRDF(uri):
            return XMLItemElement(names: ["item", "product"], namespace: XMLNamespace.rss1)
        case ("feed", XMLNamespace.atom): return XMLItemElement(name: "entry", namespace: XMLNamespace.atom)
        case ("feed", XMLNamespace.atom03): return XMLItemElement(name: "entry", namespace: XMLNamespace.atom03)
        default:
            throw FeedError.unrecognised(
                feed: feedName,
                reason: "not a Google Merchant feed: the root is <\(root)>\(namespace.map { " in \($0)" } ?? "") "
                    + "(expected RSS 2.0 <rss>, RSS 1.0 <rdf:RDF>, or Atom 1.0 or 0.3 <feed>); "
                    + "for other XML set feed.profile: generic-xml and feed.item_element"
            )
        }
    }

    private func handle(_ record: XMLRecord, emit: (consuming Product) throws -> Void) throws {
        if mapper.googleMerchant && !checkedNamespace {
            checkedNamespace = true
            try checkGoogleNamespace(record)
        }
        let product = mapper.product(from: record) { parser.names }
        try validator.check(product, line: record.line, item: record.index, emit: emit)
        try validator.enforceBudget()
    }

    /// A `g:` prefix bound to the wrong URI means no field is a Google attribute: say so plainly
    /// instead of rejecting every item for a missing id.
    private func checkGoogleNamespace(_ record: XMLRecord) throws {
        let names = parser.names
        let google = record.fields.contains { names[$0.name].namespace == XMLNamespace.googleBase }
        guard !google, let wrong = record.fields.lazy.map({ names[$0.name] }).first(where: { $0.prefix == "g" })
        else { return }
        throw FeedError.unrecognised(
            feed: feedName,
            reason:
                "line \(record.line): the `g:` prefix is bound to \(wrong.namespace ?? "no namespace"), not \(XMLNamespace.googleBase); "
                + "no element is a Google Merchant attribute (fix the feed's xmlns:g)")
    }
}
