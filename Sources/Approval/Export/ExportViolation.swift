/// One approved image that was kept out of an export, with the reason and what to do about it,
/// so a marketplace team never uploads a file the channel will reject and never loses track
/// of one that was silently dropped.
public struct ExportViolation: Sendable, Equatable, Codable {
    /// Which rule was broken; stable, for scripts that count or filter violations.
    public enum Rule: String, Sendable, Codable {
        case unsafePath = "unsafe_path"
        case fileMissing = "file_missing"
        case fileChanged = "file_changed"
        case unreadableImage = "unreadable_image"
        case missingPublicURL = "missing_public_url"
        case formatNotAccepted = "format_not_accepted"
        case tooSmall = "too_small"
        case tooLarge = "too_large"
        case fileTooLarge = "file_too_large"
        case tooManyImages = "too_many_images"
        case invalidIdentifier = "invalid_identifier"
        case conversionFailed = "conversion_failed"
        case backgroundNotWhite = "background_not_white"
        case productTooSmall = "product_too_small"
        case transparent = "transparent"
        case notSRGB = "not_srgb"
        case belowZoomSize = "below_zoom_size"
        case notLifestyle = "not_lifestyle"
        case listingUnknown = "listing_unknown"
    }

    public var productID: String
    public var variantID: String
    public var path: String
    public var rule: Rule
    /// What is wrong, with the numbers.
    public var reason: String
    /// What the user should do so the image is exported next time.
    public var remedy: String

    public init(item: Manifest.Item, rule: Rule, reason: String, remedy: String) {
        self.productID = item.productID
        self.variantID = item.variantID
        self.path = item.path
        self.rule = rule
        self.reason = reason
        self.remedy = remedy
    }

    /// `Q-1 [background=marble] images/Q-1/marble.png: reason; remedy`, on one line whatever
    /// the product id holds, so each violation is one log line.
    public var message: String {
        FeedText.singleLine("\(productID) [\(variantID)] \(path): \(reason); \(remedy)")
    }
}

extension ExportViolation {
    static func unsafePath(_ item: Manifest.Item) -> Self {
        .init(
            item: item, rule: .unsafePath, reason: "the path leaves the output folder",
            remedy: "regenerate the manifest with `catalog-refresh manifest`")
    }

    static func fileMissing(_ item: Manifest.Item, reason: String) -> Self {
        .init(
            item: item, rule: .fileMissing, reason: "the image file cannot be read (\(reason))",
            remedy: "restore the output folder or re-run `catalog-refresh run` to store the image again")
    }

    static func fileChanged(_ item: Manifest.Item) -> Self {
        .init(
            item: item, rule: .fileChanged, reason: "the image file no longer matches the manifest's sha256",
            remedy: "regenerate the manifest with `catalog-refresh manifest` and review the image again")
    }

    static func unreadableImage(_ item: Manifest.Item) -> Self {
        .init(
            item: item, rule: .unreadableImage, reason: "the file is not a PNG, JPEG or WebP image",
            remedy: "re-run the job with `catalog-refresh retry` or reject the image")
    }

    static func missingPublicURL(_ item: Manifest.Item, marketplace: String) -> Self {
        .init(
            item: item, rule: .missingPublicURL, reason: "\(marketplace) fetches images by URL and this one has none",
            remedy: "set output.public_base_url in the spec to where the output folder is served, then export again")
    }

    static func formatNotAccepted(
        _ item: Manifest.Item, format: String, marketplace: String, accepted: String
    )
        -> Self
    {
        .init(
            item: item, rule: .formatNotAccepted, reason: "\(marketplace) does not accept \(format) images",
            remedy: "generate this image as \(accepted)")
    }

    static func tooSmall(_ item: Manifest.Item, size: String, marketplace: String, minimum: String) -> Self {
        .init(
            item: item, rule: .tooSmall, reason: "\(size) is below \(marketplace)'s minimum of \(minimum)",
            remedy: "generate it at a larger size (image.size in the spec) and review it again")
    }

    static func tooLarge(_ item: Manifest.Item, size: String, marketplace: String, maximum: String) -> Self {
        .init(
            item: item, rule: .tooLarge, reason: "\(size) is above \(marketplace)'s maximum of \(maximum)",
            remedy: "generate it at a smaller size (image.size in the spec) and review it again")
    }

    static func fileTooLarge(_ item: Manifest.Item, bytes: Int, marketplace: String, maximum: Int) -> Self {
        .init(
            item: item, rule: .fileTooLarge,
            reason: "the file is \(bytes) bytes, above \(marketplace)'s limit of \(maximum) bytes",
            remedy: "generate it at a smaller size or as JPEG (image.format in the spec)")
    }

    static func tooManyImages(_ item: Manifest.Item, marketplace: String, limit: Int, what: String) -> Self {
        .init(
            item: item, rule: .tooManyImages,
            reason: "\(marketplace) takes at most \(limit) \(what) per product and this one is past that",
            remedy: "reject or reset the product's extra images, keeping the best \(limit)")
    }

    static func invalidIdentifier(_ item: Manifest.Item, identifier: String, why: String, remedy: String) -> Self {
        .init(item: item, rule: .invalidIdentifier, reason: "\(identifier) \(why)", remedy: remedy)
    }

    static func conversionFailed(_ item: Manifest.Item) -> Self {
        .init(
            item: item, rule: .conversionFailed, reason: "the image could not be converted to JPEG",
            remedy: "re-run the job with `catalog-refresh retry` or reject the image")
    }

    static func notLifestyle(_ item: Manifest.Item) -> Self {
        .init(
            item: item, rule: .notLifestyle,
            reason: "left out of lifestyle_image_link: it is the spec's Amazon MAIN packshot, not the product in use",
            remedy:
                "export it as additional_image_link (--merchant-attribute additional_image_link) if Google should show it"
        )
    }

    static func listingUnknown(_ item: Manifest.Item, marketplace: String) -> Self {
        .init(
            item: item, rule: .listingUnknown,
            reason: "the product's own images are not known (no run has recorded its listing since this version), "
                + "and \(marketplace) would replace them with this export's",
            remedy: "run `catalog-refresh run` once (it regenerates nothing that is current) and export again")
    }
}
