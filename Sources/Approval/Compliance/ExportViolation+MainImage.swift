import AssetStorage
import Foundation

/// The violations of Amazon's MAIN image rules, each with the measured value, so a reviewer
/// sees how far off an image is ("background 0.0% pure white") and not only that it failed.
extension ExportViolation {
    static let conformRemedy =
        "generate it on a pure white background with the product filling the frame, or set "
        + "exports.amazon.conform_main: true"

    static func backgroundNotWhite(_ item: Manifest.Item, _ measured: PixelMeasurement) -> Self {
        .init(
            item: item, rule: .backgroundNotWhite,
            reason: "background \(percent(measured.backgroundWhiteShare)) pure white (it is \(measured.backgroundHex); "
                + "Amazon's MAIN needs \(percent(AmazonMainCheck.requiredWhiteShare)) of it at RGB 255,255,255, "
                + "within \(255 - Int(PixelMeasurement.whiteFloor)) levels of JPEG noise)",
            remedy: conformRemedy)
    }

    static func productTooSmall(_ item: Manifest.Item, _ measured: PixelMeasurement) -> Self {
        .init(
            item: item, rule: .productTooSmall,
            reason: "product fills \(percent(measured.productFill)) of the frame, below Amazon's "
                + "\(percent(AmazonMainCheck.minimumFill)) for MAIN",
            remedy: conformRemedy)
    }

    static func transparent(_ item: Manifest.Item, _ measured: PixelMeasurement) -> Self {
        .init(
            item: item, rule: .transparent,
            reason: "\(percent(measured.transparentShare)) of the pixels are transparent; Amazon's MAIN must be opaque",
            remedy: "generate it with an opaque background, or set exports.amazon.conform_main: true to flatten it "
                + "onto white")
    }

    static func notSRGB(_ item: Manifest.Item, _ colourSpace: String) -> Self {
        .init(
            item: item, rule: .notSRGB, reason: "the file is in \(colourSpace); Amazon's MAIN must be sRGB",
            remedy: "convert it to sRGB, or regenerate it")
    }

    static func belowZoomSize(_ item: Manifest.Item, width: Int, height: Int) -> Self {
        .init(
            item: item, rule: .belowZoomSize,
            reason: "\(width)×\(height) px: Amazon's zoom needs \(AmazonMainCheck.zoomLongEdge) px on the long edge",
            remedy: "generate it larger (image.size in the spec) for zoom on the listing")
    }

    /// "96.2%".
    static func percent(_ share: Double) -> String {
        String(format: "%.1f%%", share * 100)
    }
}
