/// Makes a failing Amazon MAIN image compliant where that can be done honestly
/// (`exports.amazon.conform_main`): the near-white background becomes pure white, and the
/// canvas is cropped or padded with white (never scaled: pixels are copied one to one) so the
/// product spans `targetFill` of the frame, centred, keeping the frame's aspect ratio.
///
/// What cannot be done honestly is refused: a background that is not near white (a scene) is
/// not cut out, and a small product is not upscaled, so a crop that takes the frame below
/// Amazon's 1,000 px fails the check that runs on the result.
enum MainImageConformer {
    /// Between the 85% Amazon asks for and the 90% beyond which a product looks cramped.
    static let targetFill = 0.88
    /// A background within this of white on every channel (#E6E6E6 and lighter) is "near white"
    /// and is snapped; anything darker is a colour the image was meant to have.
    static let nearWhiteFloor: UInt8 = 230
    /// Channels of a near-white background may differ this much (a faint tint, not a colour).
    static let nearWhiteTint = 16
    /// What conforming can fix. A colour profile is not among them: re-encoding without it
    /// shifts the colours instead of converting them, so such an image is held back.
    static let fixes: Set<ExportViolation.Rule> = [.backgroundNotWhite, .productTooSmall, .transparent]

    /// Whether a background of this colour may be snapped to white.
    static func isNearWhite(_ colour: [UInt8]) -> Bool {
        colour.allSatisfy { $0 >= nearWhiteFloor } && Int(colour.max() ?? 0) - Int(colour.min() ?? 0) <= nearWhiteTint
    }

    /// The frame, in the image's aspect ratio, in which a product spanning `fill` of it spans
    /// `targetFill`: what conforming gives, so the review page can say it before the export.
    static func canvasSize(width: Int, height: Int, fill: Double) -> (width: Int, height: Int) {
        let scale = fill / targetFill
        return (Int((Double(width) * scale).rounded()), Int((Double(height) * scale).rounded()))
    }

    /// What conforming would make of an image with these facts: the conformed size, or `nil`
    /// when it would refuse or the result would still fail (below Amazon's long-edge minimum).
    static func prediction(for result: AmazonMainCheck.Result) -> (width: Int, height: Int)? {
        guard !result.passes, result.violations.allSatisfy({ fixes.contains($0.rule) }),
            let measured = result.measurement, isNearWhite(measured.backgroundColour), measured.productFill > 0
        else { return nil }
        let size = canvasSize(width: measured.width, height: measured.height, fill: measured.productFill)
        guard max(size.width, size.height) >= (MarketplaceImageRules.amazon.minimumLongEdge ?? 0) else { return nil }
        return size
    }

    /// The conformed image, or `nil` when it cannot be conformed honestly (with the reason).
    static func conform(_ image: DecodedImage) -> Result<DecodedImage, Refusal> {
        let region = BackgroundRegion(image)
        guard isNearWhite(region.seed) else { return .failure(.backgroundNotNearWhite) }
        let width = image.width
        let height = image.height
        guard let box = region.productBox(width: width, height: height) else { return .failure(.noProduct) }
        let boxWidth = box.maxX - box.minX + 1
        let boxHeight = box.maxY - box.minY + 1
        let canvas = canvasSize(
            width: width, height: height,
            fill: max(Double(boxWidth) / Double(width), Double(boxHeight) / Double(height)))
        let canvasWidth = max(boxWidth, canvas.width)
        let canvasHeight = max(boxHeight, canvas.height)
        let offsetX = (canvasWidth - boxWidth) / 2
        let offsetY = (canvasHeight - boxHeight) / 2
        var rgb = [UInt8](repeating: 255, count: canvasWidth * canvasHeight * 3)
        image.rgb.withUnsafeBufferPointer { source in
            rgb.withUnsafeMutableBufferPointer { target in
                for y in 0..<boxHeight {
                    for x in 0..<boxWidth {
                        let from = (box.minY + y) * width + box.minX + x
                        // Background inside the box is snapped to white with the rest.
                        guard !region.contains(from) else { continue }
                        let to = ((offsetY + y) * canvasWidth + offsetX + x) * 3
                        target[to] = source[from * 3]
                        target[to + 1] = source[from * 3 + 1]
                        target[to + 2] = source[from * 3 + 2]
                    }
                }
            }
        }
        return .success(DecodedImage(width: canvasWidth, height: canvasHeight, rgb: rgb, transparentPixels: 0))
    }

    enum Refusal: Error, Equatable {
        case backgroundNotNearWhite
        case noProduct

        var reason: String {
            switch self {
            case .backgroundNotNearWhite:
                "its background is not near white, and cutting a product out of a scene is not a correction"
            case .noProduct: "no product was found against the background"
            }
        }
    }
}
