import CatalogModel

/// What an export needs to know about a product that the manifest does not carry: the
/// identifiers the marketplace matches on, when they differ from the feed's product id, and
/// whether Google's stricter apparel image minimum applies.
public struct ExportProduct: Sendable, Equatable {
    /// Shopify's URL handle; `nil` means the product id is the handle, which is what a
    /// Shopify product CSV feed gives (its `Handle` column becomes the product id).
    public var handle: String?
    /// The seller SKU Amazon's image file names start with; `nil` means the product id.
    public var sku: String?
    /// Google asks for at least 250 × 250 px for apparel instead of 100 × 100 px.
    public var isApparel: Bool

    public init(handle: String? = nil, sku: String? = nil, isApparel: Bool = false) {
        self.handle = handle
        self.sku = sku
        self.isApparel = isApparel
    }

    /// Derives what it can from a feed record, so the CLI can pass the feed it already read:
    /// apparel is Google's category 166, "Apparel & Accessories", by id or by path.
    public init(_ product: Product) {
        self.init(isApparel: Listing.isApparel(googleProductCategory: product.googleProductCategory))
    }
}
