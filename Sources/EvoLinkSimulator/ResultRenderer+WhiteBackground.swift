import CatalogModel

/// How a white-background render goes wrong, when the `off_white` or `small_product` fault drew
/// it for the task: the two ways a real generator most often misses a marketplace main image,
/// so the compliance path can be run end to end offline. A scene has no white to spoil and no
/// fill to miss, so these only ever change white-background renders.
struct WhiteBackgroundFlaws: Sendable, Hashable {
    /// The background is #F5F5F5 (245, 245, 245) instead of pure white.
    var offWhite = false
    /// The product spans 50% of the frame instead of 88%.
    var smallProduct = false

    static let none = WhiteBackgroundFlaws()
}

extension ResultRenderer {
    /// What the product's bounding box spans: 88% of the frame, comfortably above the 85% a
    /// marketplace main image needs, with a margin a flood fill can find the background in.
    static let productShare = 0.88
    /// What it spans under the `small_product` fault: clearly below 85%.
    static let smallProductShare = 0.50
    static let pureWhiteLevel: UInt8 = 255
    /// The background under the `off_white` fault: light enough to pass for white by eye, 7
    /// levels below the 252 a compliance check accepts as white.
    static let offWhiteLevel: UInt8 = 245
    /// A pixel with every channel at or above this (seen over white) is treated as the
    /// reference's own white margin and cropped, so the product's box starts at its real edge.
    /// Compliance checks take only pixels within 6 levels of white as background, so this
    /// floor is conservative: it never leaves a near-white margin that would count as product.
    static let nearWhiteFloor: UInt8 = 231

    /// A marketplace main image: the background exactly white (or the `off_white` grey) wherever
    /// there is no product, without the scene's gradient or shadow (a grey shadow would be
    /// measured as a background that is not white, or would widen the product's box), and the
    /// product centred, scaled so its bounding box spans `productShare` of the frame along the
    /// dimension that limits it: the share of width or height, whichever is larger, as a
    /// compliance check measures fill. The reference is first cut to its content, so its own
    /// transparent or white margins do not shrink the product.
    static func renderOnWhite(
        width: Int, height: Int, reference: RasterImage?, fallbackSeed: String, flaws: WhiteBackgroundFlaws
    ) -> [UInt8]? {
        let background = flaws.offWhite ? offWhiteLevel : pureWhiteLevel
        let share = flaws.smallProduct ? smallProductShare : productShare
        var pixels = [UInt8](repeating: background, count: width * height * 3)
        pixels.withUnsafeMutableBufferPointer { out in
            if let reference {
                let product = croppedToContent(reference)
                let scale =
                    share * min(Double(width) / Double(product.width), Double(height) / Double(product.height))
                composite(
                    product, into: out, width: width, height: height, scale: scale, centerX: width / 2,
                    centerY: height / 2)
            } else {
                let seed = SHA256.hash(Array(fallbackSeed.utf8)).bytes
                paintDisc(
                    out, width: width, height: height, centerX: width / 2, centerY: height / 2,
                    radius: Int(Double(min(width, height)) * share) / 2,
                    color: visibleOnWhite((seed[0], seed[1], seed[2])))
            }
        }
        return PNGCodec.encode(RasterImage(width: width, height: height, channels: 3, pixels: pixels))
    }

    /// The reference cut to the bounding box of the pixels that would stand out on white: not
    /// (nearly) transparent and, blended over white, not near white. A product photographed on
    /// white, or drawn small on a large canvas, then still fills the frame, and the box's edges
    /// are pixels a flood fill from the border stops at. A reference with nothing that stands
    /// out (a white product on white) is returned whole.
    static func croppedToContent(_ image: RasterImage) -> RasterImage {
        let channels = image.channels
        guard channels == 3 || channels == 4 else { return image }
        return croppedToPixels(image) { source, index in
            let alpha = channels == 4 ? Int(source[index + 3]) : 255
            guard alpha > 16 else { return false }
            return (0..<3).contains { channel in
                (Int(source[index + channel]) * alpha + 255 * (255 - alpha)) / 255 < Int(nearWhiteFloor)
            }
        }
    }

    /// The fallback disc's colour, darkened when the hash drew one so pale that the disc would
    /// vanish into the white around it.
    static func visibleOnWhite(_ color: RGB) -> RGB {
        guard min(color.0, color.1, color.2) >= nearWhiteFloor else { return color }
        return (color.0 / 2, color.1 / 2, color.2 / 2)
    }
}
