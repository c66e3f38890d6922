/// What a MAIN-image check measures on an image's pixels, as numbers a person can read back:
/// how white the background is, how much of the frame the product spans, how much of it is
/// transparent.
///
/// The background is found from the image border, as a person would see it: the pixels
/// 4-connected to the border whose colour is within `backgroundTolerance` of the border's
/// median colour (per channel). Everything else is product, shadow included. This is what
/// makes off-white (#F5F5F5) measurable as off-white rather than as part of the product, and a
/// scene (a forest) measurable as a background that is not white.
public struct PixelMeasurement: Sendable, Equatable, Codable {
    public var width: Int
    public var height: Int
    /// Share of background pixels that are pure white (each channel ≥ `whiteFloor`), 0…1; 0
    /// when there is no background at all.
    public var backgroundWhiteShare: Double
    /// The product's bounding box as a share of the frame's width or height, whichever share
    /// is larger, 0…1.
    public var productFill: Double
    /// Share of pixels with alpha below 255, 0…1.
    public var transparentShare: Double
    /// The border's median colour, which says what the background is when it is not white.
    public var backgroundColour: [UInt8]

    /// JPEG noise: a quality-90 round trip leaves flat white within 1–2 levels of 255, so a
    /// channel at 252 or above is white; #F5F5F5 (245) is not.
    public static let whiteFloor: UInt8 = 252
    /// How far (per channel) a pixel may be from the border's median colour and still be
    /// background: JPEG noise on a flat background stays within 2–3 levels, and a light-grey or
    /// silver product (#EBEBEB on white, 20 levels off) must stay product, never be measured
    /// as background (or painted white by `conform_main`).
    public static let backgroundTolerance = 6

    enum CodingKeys: String, CodingKey {
        case width, height, backgroundWhiteShare = "background_white_share", productFill = "product_fill"
        case transparentShare = "transparent_share", backgroundColour = "background_colour"
    }

    /// "#F5F5F5".
    public var backgroundHex: String {
        "#" + backgroundColour.map { String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined()
    }

    init(
        width: Int, height: Int, backgroundWhiteShare: Double, productFill: Double, transparentShare: Double,
        backgroundColour: [UInt8]
    ) {
        self.width = width
        self.height = height
        self.backgroundWhiteShare = backgroundWhiteShare
        self.productFill = productFill
        self.transparentShare = transparentShare
        self.backgroundColour = backgroundColour
    }

    init(_ image: DecodedImage) {
        let region = BackgroundRegion(image)
        var white = 0
        var background = 0
        region.withMask { mask in
            image.rgb.withUnsafeBufferPointer { rgb in
                for pixel in 0..<mask.count where mask[pixel] {
                    background += 1
                    let base = pixel * 3
                    if rgb[base] >= Self.whiteFloor && rgb[base + 1] >= Self.whiteFloor
                        && rgb[base + 2] >= Self.whiteFloor
                    {
                        white += 1
                    }
                }
            }
        }
        let box = region.productBox(width: image.width, height: image.height)
        let fill =
            box.map {
                max(
                    Double($0.maxX - $0.minX + 1) / Double(image.width),
                    Double($0.maxY - $0.minY + 1) / Double(image.height))
            } ?? 0
        self.init(
            width: image.width, height: image.height,
            backgroundWhiteShare: background == 0 ? 0 : Double(white) / Double(background), productFill: fill,
            transparentShare: Double(image.transparentPixels) / Double(max(1, image.pixelCount)),
            backgroundColour: region.seed)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
