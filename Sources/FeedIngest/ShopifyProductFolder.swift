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

    private struct Pending {
        var product: Product
        var images: [(position: Int, order: Int, link: String)] = []
        var variantImages: [String] = []
        var line: Int
    }

    private let columns: Columns
    private var pending: Pending?

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

    /// Takes one row; returns the previous product when this row starts a new handle.
    mutating func add(_ record: CSVRecord) -> (Product, line: Int)? {
        func value(_ index: Int?) -> String {
            guard let index else { return "" }
            return record.trimmed(index)
        }
        let handle = value(columns.handle)
        var finished: (Product, Int)?
        if pending?.product.id != handle {
            finished = flush()
            var product = Product(id: handle, sourceLine: record.line)
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
            pending = Pending(product: product, line: record.line)
        }
        let source = value(columns.imageSrc)
        if !source.isEmpty, let order = pending?.images.count {
            let position = Int(value(columns.imagePosition)) ?? Int.max
            pending?.images.append((position, order, source))
        }
        let variantImage = value(columns.variantImage)
        if !variantImage.isEmpty { pending?.variantImages.append(variantImage) }
        return finished
    }

    /// The product still being folded, at the end of the feed.
    mutating func flush() -> (Product, line: Int)? {
        guard var current = pending else { return nil }
        pending = nil
        var links: [String] = []
        for image in current.images.sorted(by: { ($0.position, $0.order) < ($1.position, $1.order) })
        where !links.contains(image.link) {
            links.append(image.link)
        }
        for link in current.variantImages where !links.contains(link) { links.append(link) }
        current.product.imageLink = links.first ?? ""
        current.product.additionalImageLinks = Array(links.dropFirst())
        return (current.product, current.line)
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
