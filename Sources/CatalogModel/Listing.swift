/// What a marketplace listing already has and how the exports address it, taken from the feed
/// when the job is planned and kept in the store, so exports merge with a product's own images
/// (never replacing them by accident) and still need no feed.
public struct Listing: Sendable, Hashable, Codable {
    /// The Shopify handle the spec's `exports.shopify.handle` names; `nil` when the spec names
    /// none (the product id is used, which is the Handle of a Shopify feed).
    public var handle: String?
    /// The product's own main image (`image_link`), as the feed wrote it.
    public var imageLink: String
    /// The product's own `additional_image_link`s, in feed order.
    public var additionalImageLinks: [String]
    /// The product's own `lifestyle_image_link`s, in feed order.
    public var lifestyleImageLinks: [String]
    /// The spec's `exports.shopify.alt` rendered for this product × variant.
    public var altText: String?
    /// Google asks for at least 250 × 250 px for apparel.
    public var isApparel: Bool

    public init(
        handle: String? = nil, imageLink: String = "", additionalImageLinks: [String] = [],
        lifestyleImageLinks: [String] = [], altText: String? = nil, isApparel: Bool = false
    ) {
        self.handle = handle
        self.imageLink = imageLink
        self.additionalImageLinks = additionalImageLinks
        self.lifestyleImageLinks = lifestyleImageLinks
        self.altText = altText
        self.isApparel = isApparel
    }

    /// The product's own images in the order its listing shows them: main, then additional.
    /// Only web links: a local path in a feed is a file sent as a reference, not an image the
    /// marketplace listing can show (or an export can name).
    public var ownImages: [String] { Self.webLinks([imageLink] + additionalImageLinks) }

    /// The `http(s)` links of `links`, in order.
    public static func webLinks(_ links: [String]) -> [String] {
        links.filter { $0.hasPrefix("https://") || $0.hasPrefix("http://") }
    }

    /// Apparel is Google's category 166, "Apparel & Accessories", by id or by path.
    public static func isApparel(googleProductCategory: String) -> Bool {
        let category = googleProductCategory.trimmingSurroundingWhitespace()
        return category == "166" || category.hasPrefix("166 ")
            || category.lowercased().hasPrefix("apparel & accessories")
    }

    enum CodingKeys: String, CodingKey {
        case handle, imageLink = "image_link", additionalImageLinks = "additional_image_links"
        case lifestyleImageLinks = "lifestyle_image_links", altText = "alt_text", isApparel = "apparel"
    }
}
