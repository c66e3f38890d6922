import CatalogModel

/// Everything one export needs, as values: the CLI builds it from the spec, the store and the
/// command line, and tests build it by hand.
public struct ExportRequest: Sendable {
    /// The review state that makes an item exportable; every other state is left out.
    public static let approvedState = "approved"

    public var format: ExportFormat
    /// The manifest's items; only approved ones are exported, whatever order they come in.
    public var items: [Manifest.Item]
    /// The run's output folder, which `Manifest.Item.path` is relative to.
    public var outputFolder: String
    /// Where the export's files go; created when missing.
    public var destination: String
    /// Marketplace identifiers and categories by product id; products not listed use their
    /// product id and the non-apparel rules.
    public var products: [String: ExportProduct]
    public var merchantImageAttribute: MerchantImageAttribute
    /// libjpeg quality for PNG → JPEG conversion: 90 keeps product edges clean at about a
    /// third of the PNG's size.
    public var jpegQuality: Int
    /// The variant exported as Amazon's MAIN (axis → option id, `exports.amazon.main`); empty:
    /// no generated image is MAIN, they start at PT01, and the listing keeps its own main image.
    public var amazonMain: [String: String] = [:]
    /// Whether a MAIN image that fails the pixel rules is conformed (`MainImageConformer`).
    public var conformMain = false
    /// Merchant Center: the feed's own images first (`append`), or the generated ones only.
    public var merchantImages: MerchantImageMerge = .append
    /// Shopify: where the generated images go among the product's own.
    public var shopifyPosition: ShopifyImagePosition = .after
    /// Check only: every violation is found, nothing is written (`export --check`).
    public var checkOnly = false

    public init(
        format: ExportFormat, items: [Manifest.Item], outputFolder: String, destination: String,
        products: [String: ExportProduct] = [:], merchantImageAttribute: MerchantImageAttribute = .additionalImageLink,
        jpegQuality: Int = 90
    ) {
        self.format = format
        self.items = items
        self.outputFolder = outputFolder
        self.destination = destination
        self.products = products
        self.merchantImageAttribute = merchantImageAttribute
        self.jpegQuality = jpegQuality
    }

    /// What the export knows of `item`'s product: what the caller passed, else what the last
    /// run recorded of its listing.
    func product(_ item: Manifest.Item) -> ExportProduct {
        products[item.productID]
            ?? ExportProduct(handle: item.listing?.handle, isApparel: item.listing?.isApparel ?? false)
    }

    /// Whether `item` is the variant `amazonMain` names.
    func isAmazonMain(_ item: Manifest.Item) -> Bool { item.isVariant(amazonMain) }
}

/// How a Merchant Center supplemental feed's image list relates to the primary feed's: the
/// supplemental attribute replaces the primary's, so `append` repeats the product's own links
/// first and never drops a photo the listing has.
public enum MerchantImageMerge: String, Sendable, CaseIterable, Codable {
    case append
    case replace
}

/// Where a Shopify import puts the generated images: `after` the product's own (whose rows the
/// CSV repeats, so an overwriting import keeps them), or `first`, as the new main image.
public enum ShopifyImagePosition: String, Sendable, CaseIterable, Codable {
    case after
    case first
}
