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

    /// What the check found: `violations` keep the image out of the MAIN slot, `warnings` do
    /// not. `measurement` is `nil` when the pixels could not be decoded.
    public struct Result: Sendable, Equatable {
        public var violations: [ExportViolation]
        public var warnings: [ExportViolation]
        public var measurement: PixelMeasurement?

        public var passes: Bool { violations.isEmpty }
    }

    /// Checks a file's bytes as the MAIN image of `item`.
    static func check(_ item: Manifest.Item, bytes: [UInt8]) -> Result {
        guard let image = DecodedImage.decode(bytes) else {
            return Result(violations: [.unreadableImage(item)], warnings: [], measurement: nil)
        }
        return check(item, image: image, colourSpace: ColourSpaceSniffer.colourSpace(of: bytes))
    }

    static func check(_ item: Manifest.Item, image: DecodedImage, colourSpace: ColourSpace) -> Result {
        let measured = PixelMeasurement(image)
        var violations: [ExportViolation] = []
        if !colourSpace.isSRGB { violations.append(.notSRGB(item, colourSpace)) }
        if measured.transparentShare > 0 { violations.append(.transparent(item, measured)) }
        if measured.backgroundWhiteShare < requiredWhiteShare { violations.append(.backgroundNotWhite(item, measured)) }
        if measured.productFill < minimumFill { violations.append(.productTooSmall(item, measured)) }
        var warnings: [ExportViolation] = []
        if max(image.width, image.height) < zoomLongEdge {
            warnings.append(.belowZoomSize(item, width: image.width, height: image.height))
        }
        return Result(violations: violations, warnings: warnings, measurement: measured)
    }
}
