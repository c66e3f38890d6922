import AssetStorage

/// Amazon's MAIN image rules, measured on pixels (Amazon Seller Central, "Product image
/// requirements"): a pure white background (RGB 255,255,255), the product filling at least 85%
/// of the frame, sRGB, no transparency, and 1,600 px on the long edge for zoom (a warning; the
/// 1,000 px minimum is `MarketplaceImageRules.amazon`'s and applies to every Amazon image).
public enum AmazonMainCheck {
    /// Share of the background that must be pure white: the rest allows for JPEG ringing along
    /// the product's edge, which a flood fill counts as background.
    public static let requiredWhiteShare = 0.98
    public static let minimumFill = 0.85
    public static let zoomLongEdge = 1_600

    /// What the rules are judged on, measured once per image (the review page caches it by
    /// sha256 in the store, so a manifest write does not decode every image again).
    public struct Facts: Sendable, Equatable, Codable {
        /// `nil` when the pixels could not be decoded.
        public var measurement: PixelMeasurement?
        /// `nil` for sRGB; otherwise what the file declares ("an ICC profile (Display P3)").
        public var colourSpace: String?
    }

    /// What the check found: `violations` keep the image out of the MAIN slot, `warnings` do
    /// not.
    public struct Result: Sendable, Equatable {
        public var violations: [ExportViolation]
        public var warnings: [ExportViolation]
        public var measurement: PixelMeasurement?

        public var passes: Bool { violations.isEmpty }
    }

    static func facts(of bytes: [UInt8]) -> Facts {
        let colourSpace = ColourSpaceSniffer.colourSpace(of: bytes)
        return Facts(
            measurement: DecodedImage.decode(bytes).map(PixelMeasurement.init),
            colourSpace: colourSpace.isSRGB ? nil : colourSpace.description)
    }

    /// Checks a file's bytes as the MAIN image of `item`.
    static func check(_ item: Manifest.Item, bytes: [UInt8]) -> Result {
        if ImageSniffer.sniff(bytes)?.format == .webp {
            let rules = MarketplaceImageRules.amazon
            let refused = ExportViolation.formatNotAccepted(
                item, format: "WEBP", marketplace: "Amazon", accepted: rules.acceptedFormatNames)
            return Result(violations: [refused], warnings: [], measurement: nil)
        }
        return evaluate(item, facts(of: bytes))
    }

    static func evaluate(_ item: Manifest.Item, _ facts: Facts) -> Result {
        guard let measured = facts.measurement else {
            // libjpeg cannot decode CMYK to RGB: say CMYK, not "not an image".
            let found: [ExportViolation] = facts.colourSpace.map { [.notSRGB(item, $0)] } ?? [.unreadableImage(item)]
            return Result(violations: found, warnings: [], measurement: nil)
        }
        var violations: [ExportViolation] = []
        if let colourSpace = facts.colourSpace { violations.append(.notSRGB(item, colourSpace)) }
        if measured.transparentShare > 0 { violations.append(.transparent(item, measured)) }
        if measured.backgroundWhiteShare < requiredWhiteShare { violations.append(.backgroundNotWhite(item, measured)) }
        if measured.productFill < minimumFill { violations.append(.productTooSmall(item, measured)) }
        var warnings: [ExportViolation] = []
        if max(measured.width, measured.height) < zoomLongEdge {
            warnings.append(.belowZoomSize(item, width: measured.width, height: measured.height))
        }
        return Result(violations: violations, warnings: warnings, measurement: measured)
    }
}
