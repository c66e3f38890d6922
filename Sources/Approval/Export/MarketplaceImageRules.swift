import AssetStorage

/// A marketplace's basic technical image rules, checked before an image goes into its export,
/// because a channel that rejects an image does so hours later, in its own dashboard, where
/// nobody connects it back to this run. Megabytes are decimal (10 MB = 10,000,000 bytes), the
/// stricter reading of each limit.
public struct MarketplaceImageRules: Sendable, Equatable {
    public var marketplace: String
    /// The longest side must reach this (Amazon's zoom threshold).
    public var minimumLongEdge: Int?
    /// Both sides must reach this (Google's minimum).
    public var minimumSide: Int?
    /// No side may exceed this.
    public var maximumSide: Int?
    /// width × height may not exceed this.
    public var maximumPixels: Int?
    public var maximumFileBytes: Int
    public var acceptedFormats: Set<ImageInfo.Format>
    /// How the accepted formats are named in messages (the marketplace's full list, which
    /// includes formats this pipeline never produces).
    public var acceptedFormatNames: String

    /// Amazon Seller Central, "Technical image file requirements"
    /// (https://sellercentral.amazon.com/gp/help/external/G9FUUH87RBNXGKB7): JPEG, TIFF, PNG or
    /// non-animated GIF; 1,000 px or more on the longest side so zoom works; at most 10,000 px on
    /// the longest side; 10 MB per file (Amazon's image upload limit). The export converts PNG
    /// to JPEG, so the rules are checked on the JPEG it writes.
    public static let amazon = MarketplaceImageRules(
        marketplace: "Amazon", minimumLongEdge: 1_000, minimumSide: nil, maximumSide: 10_000, maximumPixels: nil,
        maximumFileBytes: 10_000_000, acceptedFormats: [.jpeg], acceptedFormatNames: "JPEG, PNG, GIF or TIFF")

    /// Shopify's product media limits (Shopify Help Center, "Product media types"): up to
    /// 5,000 × 5,000 px (25 megapixels) and 20 MB per image.
    public static let shopify = MarketplaceImageRules(
        marketplace: "Shopify", minimumLongEdge: nil, minimumSide: nil, maximumSide: 5_000, maximumPixels: 25_000_000,
        maximumFileBytes: 20_000_000, acceptedFormats: [.jpeg, .png, .webp],
        acceptedFormatNames: "JPEG, PNG, WebP, GIF, HEIC or TIFF")

    /// Google Merchant Center, image_link and additional_image_link
    /// (https://support.google.com/merchants/answer/6324350, /6324370): at least 100 × 100 px,
    /// 250 × 250 px for apparel; at most 64 megapixels and 16 MB; JPEG, WebP, PNG, GIF, BMP or
    /// TIFF.
    public static func googleMerchantCenter(apparel: Bool) -> MarketplaceImageRules {
        MarketplaceImageRules(
            marketplace: apparel ? "Google Merchant Center (apparel)" : "Google Merchant Center",
            minimumLongEdge: nil, minimumSide: apparel ? 250 : 100, maximumSide: nil, maximumPixels: 64_000_000,
            maximumFileBytes: 16_000_000, acceptedFormats: [.jpeg, .png, .webp],
            acceptedFormatNames: "JPEG, PNG, WebP, GIF, BMP or TIFF")
    }

    /// Every rule the image breaks, in a fixed order, so the summary is the same run to run.
    func violations(
        of item: Manifest.Item, format: ImageInfo.Format, width: Int, height: Int, bytes: Int
    ) -> [ExportViolation] {
        var found: [ExportViolation] = []
        let size = "\(width)×\(height) px"
        if !acceptedFormats.contains(format) {
            found.append(
                .formatNotAccepted(
                    item, format: format.rawValue.uppercased(), marketplace: marketplace,
                    accepted: acceptedFormatNames))
        }
        if let minimumLongEdge, max(width, height) < minimumLongEdge {
            found.append(
                .tooSmall(item, size: size, marketplace: marketplace, minimum: "\(minimumLongEdge) px on the long edge")
            )
        }
        if let minimumSide, min(width, height) < minimumSide {
            found.append(
                .tooSmall(item, size: size, marketplace: marketplace, minimum: "\(minimumSide)×\(minimumSide) px"))
        }
        if let maximumSide, max(width, height) > maximumSide {
            found.append(
                .tooLarge(item, size: size, marketplace: marketplace, maximum: "\(maximumSide) px on the long edge"))
        }
        if let maximumPixels, width * height > maximumPixels {
            found.append(
                .tooLarge(
                    item, size: size, marketplace: marketplace, maximum: "\(maximumPixels / 1_000_000) megapixels"))
        }
        if bytes > maximumFileBytes {
            found.append(.fileTooLarge(item, bytes: bytes, marketplace: marketplace, maximum: maximumFileBytes))
        }
        return found
    }
}
