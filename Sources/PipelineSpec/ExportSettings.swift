/// How `export` lays the approved images out for each marketplace (`exports:` in the spec).
/// Every setting has a default, so a spec without the section exports the way a merchant
/// adding images (never replacing them) would expect.
public struct ExportSettings: Sendable, Equatable {
    public var amazon: AmazonExportSettings
    public var merchantCenter: MerchantCenterExportSettings
    public var shopify: ShopifyExportSettings
    /// The channels the section names (`amazon`, `merchant_center`, `shopify`), or `nil` when the
    /// spec has no `exports:` section: the review page shows compliance for these channels
    /// (for all three when `nil`).
    public var declaredChannels: Set<String>? = nil

    public init(
        amazon: AmazonExportSettings = .init(), merchantCenter: MerchantCenterExportSettings = .init(),
        shopify: ShopifyExportSettings = .init()
    ) {
        self.amazon = amazon
        self.merchantCenter = merchantCenter
        self.shopify = shopify
    }
}

/// `exports.amazon`: which generated image, if any, replaces the listing's MAIN image.
public struct AmazonExportSettings: Sendable, Equatable {
    /// Axis id → option id, e.g. `["background": "white"]`: the variant exported as `SKU.MAIN`.
    /// Empty means no MAIN: Amazon's main image has strict rules (pure white background), so a
    /// generated image only takes that slot when the spec says which variant meets them;
    /// otherwise generated images start at `PT01`.
    public var main: [String: String]
    /// Whether `export` may adjust a failing MAIN image to Amazon's rules (a near-white
    /// background snapped to pure white, the canvas cropped or padded, never upscaled, so the
    /// product fills 85–90%) instead of reporting it as a violation.
    public var conformMain: Bool

    public init(main: [String: String] = [:], conformMain: Bool = false) {
        self.main = main
        self.conformMain = conformMain
    }
}

/// `exports.merchant_center`: how generated images join a Google Merchant Center feed.
public struct MerchantCenterExportSettings: Sendable, Equatable {
    /// Whether generated images add to the feed's own or take their place.
    public enum Images: String, Sendable, Equatable, CaseIterable {
        /// The feed's own `additional_image_link`s first, then the approved generated ones, at
        /// most 10 in all: a merchant's existing images are never lost by default.
        case append
        /// Only the generated images.
        case replace
    }

    /// The feed attribute the generated images are written to.
    public enum Attribute: String, Sendable, Equatable, CaseIterable {
        case additionalImageLink = "additional_image_link"
        /// Merchant Center's attribute for in-context photos, which lifestyle shots are.
        case lifestyleImageLink = "lifestyle_image_link"
    }

    public var images: Images
    public var attribute: Attribute

    public init(images: Images = .append, attribute: Attribute = .additionalImageLink) {
        self.images = images
        self.attribute = attribute
    }
}

/// `exports.shopify`: how generated images are attached to Shopify products.
public struct ShopifyExportSettings: Sendable, Equatable {
    /// Where the generated images go among the product's images.
    public enum Position: String, Sendable, Equatable, CaseIterable {
        /// After the product's existing images, which stay as they are.
        case after
        /// First: a generated image replaces the product's main image.
        case first
    }

    /// A product field name as templates name them (`attributes.handle`, `id`, `mpn`…), whose
    /// value is the Shopify handle; `nil` uses the default rule (the Handle of a Shopify feed,
    /// else the product id with a warning), since only Shopify feeds carry handles.
    public var handle: String?
    public var position: Position
    /// The image alt text, rendered per product × variant with the prompt's field names;
    /// `nil` uses the default alt text.
    public var alt: PromptTemplate?

    public init(handle: String? = nil, position: Position = .after, alt: PromptTemplate? = nil) {
        self.handle = handle
        self.position = position
        self.alt = alt
    }
}
