import CatalogModel

/// Folds Shopify product-CSV rows into products: every row with the same `Handle` belongs to
/// one product (variants and image-only rows), and the product's images are ordered by
/// `Image Position`, with variant images after them.
///
/// Rows of one handle are consecutive in Shopify's exports, so a product is emitted when the
/// handle changes and memory holds one product at a time.
struct ShopifyProductFolder {
    private struct Columns {
        var handle: Int
        var title, body, vendor, type, tags, status, imageSrc, imagePosition, variantImage: Int?
        var variantPrice, variantSKU, variantBarcode, category: Int?
        var others: [(String, Int)]
    }

    /// An image row's link and what orders it.
    private struct Image {
        var position: Int
        var order: Int
        var link: String
    }

    private let columns: Columns
    /// The product being folded, when `isFolding`. Held in place rather than in an optional,
    /// so each row adds to it without copying the whole product out and back.
    private var product = Product(id: "")
    private var line = 0
    private var isFolding = false
    /// Emptied, not released, between products: no allocation per product once grown.
    private var images: [Image] = []
    private var variantImages: [String] = []
    private var links: [String] = []

    /// `nil` when the header is not a Shopify product CSV.
    init?(header: [String]) {
        let names = header.map { $0.trimmingSurroundingWhitespace() }
        func index(_ candidates: String...) -> Int? {
            candidates.lazy.compactMap { candidate in names.firstIndex { $0.caseInsensitiveEquals(candidate) } }.first
        }
        guard let handle = index("Handle"), index("Image Src") != nil || index("Variant SKU") != nil else { return nil }
        var columns = Columns(
            handle: handle, title: index("Title"), body: index("Body (HTML)"), vendor: index("Vendor"),
            type: index("Type"),
            tags: index("Tags"), status: index("Status"), imageSrc: index("Image Src"),
            imagePosition: index("Image Position"),
            variantImage: index("Variant Image"), variantPrice: index("Variant Price"),
            variantSKU: index("Variant SKU"),
            variantBarcode: index("Variant Barcode"),
            category: index("Google Shopping / Google Product Category", "Product Category"), others: [])
        let used = Set(
            [
                columns.handle, columns.title, columns.body, columns.vendor, columns.type, columns.imageSrc,
                columns.imagePosition, columns.variantImage, columns.variantPrice, columns.variantSKU,
                columns.variantBarcode, columns.category,
            ].compactMap { $0 })
        columns.others = names.enumerated().filter { !used.contains($0.offset) && !$0.element.isEmpty }
            .map { (ProductColumnMap.normalise($0.element), $0.offset) }
        self.columns = columns
    }

    /// The columns kept in `attributes`, by the name products carry them under.
    var attributeNames: [String] { columns.others.map(\.0) }

    /// Takes one row; when it starts a new handle, the previous product goes to `validator`
    /// (and on to `emit` if valid) before the row is folded.
    mutating func add(
        _ record: CSVRecord, into validator: inout ProductValidator, emit: (consuming Product) throws -> Void
    ) throws {
        // Most rows continue the product before them (variant and image rows): their handle is
        // compared as bytes, not made into a `String`.
        if !isFolding || !record.trimmed(columns.handle, equals: product.id) {
            try flush(into: &validator, emit: emit)
            start(record)
        }
        if let column = columns.imageSrc, !record.isEmpty(column) {
            let source = record.trimmed(column)
            if !source.isEmpty {
                let position = columns.imagePosition.flatMap { Int(record.trimmed($0)) } ?? Int.max
                images.append(Image(position: position, order: images.count, link: source))
            }
        }
        if let column = columns.variantImage, !record.isEmpty(column) {
            let variantImage = record.trimmed(column)
            if !variantImage.isEmpty { variantImages.append(variantImage) }
        }
    }

    /// The product's fields from its first row.
    private mutating func start(_ record: CSVRecord) {
        func value(_ index: Int?) -> String {
            guard let index, !record.isEmpty(index) else { return "" }
            return record.trimmed(index)
        }
        product = Product(id: value(columns.handle), sourceLine: record.line)
        product.title = value(columns.title)
        product.description = value(columns.body)
        product.brand = value(columns.vendor)
        product.productType = value(columns.type)
        product.googleProductCategory = value(columns.category)
        product.price = value(columns.variantPrice)
        product.mpn = value(columns.variantSKU)
        product.gtin = value(columns.variantBarcode)
        for (name, index) in columns.others where !record.isEmpty(index) {
            let text = value(index)
            if !text.isEmpty { product.attributes[name] = text }
        }
        line = record.line
        isFolding = true
    }

    /// Completes the product being folded (at a new handle, or at the end of the feed) and
    /// hands it to `validator`: images by position, then variant images, each link once.
    mutating func flush(into validator: inout ProductValidator, emit: (consuming Product) throws -> Void) throws {
        guard isFolding else { return }
        isFolding = false
        images.sort { ($0.position, $0.order) < ($1.position, $1.order) }
        links.removeAll(keepingCapacity: true)
        for image in images where !links.contains(image.link) { links.append(image.link) }
        for link in variantImages where !links.contains(link) { links.append(link) }
        images.removeAll(keepingCapacity: true)
        variantImages.removeAll(keepingCapacity: true)
        product.imageLink = links.first ?? ""
        product.additionalImageLinks = links.count > 1 ? Array(links[1...]) : []
        try validator.check(product, line: line, emit: emit)
        try validator.enforceBudget()
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
