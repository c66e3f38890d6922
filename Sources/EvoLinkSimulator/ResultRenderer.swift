import CatalogModel

/// Draws the simulator's "generated" images: a diagonal gradient whose two colours come from a
/// hash of the prompt (so each product × variant looks different), with the first reference
/// image composited in the middle on a soft shadow (so the product is recognisable). A prompt
/// that asks for a white background (`WhiteBackgroundPrompt`) gets a marketplace main image
/// instead (`renderOnWhite`), spoiled by `flaws` when a fault drew them. The same request always
/// renders the same bytes.
enum ResultRenderer {
    static func render(
        width: Int, height: Int, prompt: String, reference: RasterImage?, fallbackSeed: String,
        flaws: WhiteBackgroundFlaws = .none
    ) -> [UInt8]? {
        if WhiteBackgroundPrompt.matches(prompt) {
            return renderOnWhite(
                width: width, height: height, reference: reference, fallbackSeed: fallbackSeed, flaws: flaws)
        }
        let digest = SHA256.hash(Array(prompt.utf8)).bytes
        let top = palette(digest[0], digest[1])
        let bottom = palette(digest[2], digest[3], darker: true)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        pixels.withUnsafeMutableBufferPointer { out in
            paintGradient(out, width: width, height: height, from: top, to: bottom)
            let side = min(width, height) * 3 / 5
            let centerX = width / 2
            let centerY = height / 2
            let product = reference.map(croppedToOpaque)
            // The shadow sits under the product's real bottom edge, not under its canvas.
            let productHeight =
                product.map { Int(Double($0.height) * Double(side) / Double(max($0.width, $0.height))) } ?? side
            paintShadow(
                out, width: width, height: height, centerX: centerX, centerY: centerY + productHeight / 2,
                radiusX: side / 2, radiusY: max(1, side / 14))
            if let product {
                composite(
                    product, into: out, width: width, height: height,
                    scale: Double(side) / Double(max(product.width, product.height)), centerX: centerX,
                    centerY: centerY)
            } else {
                let seed = SHA256.hash(Array(fallbackSeed.utf8)).bytes
                paintDisc(
                    out, width: width, height: height, centerX: centerX, centerY: centerY, radius: side / 2,
                    color: (seed[0], seed[1], seed[2]))
            }
        }
        return PNGCodec.encode(RasterImage(width: width, height: height, channels: 3, pixels: pixels))
    }

    typealias RGB = (UInt8, UInt8, UInt8)

    /// A saturated, pleasant colour from two hash bytes (hue and lightness), via HSL.
    private static func palette(_ hueByte: UInt8, _ lightByte: UInt8, darker: Bool = false) -> RGB {
        let hue = Double(hueByte) / 255 * 360
        let lightness = (darker ? 0.35 : 0.62) + Double(lightByte) / 255 * 0.15
        let saturation = 0.55
        let chroma = (1 - abs(2 * lightness - 1)) * saturation
        let x = chroma * (1 - abs((hue / 60).truncatingRemainder(dividingBy: 2) - 1))
        let m = lightness - chroma / 2
        let (r, g, b): (Double, Double, Double) =
            switch Int(hue / 60) % 6 {
            case 0: (chroma, x, 0)
            case 1: (x, chroma, 0)
            case 2: (0, chroma, x)
            case 3: (0, x, chroma)
            case 4: (x, 0, chroma)
            default: (chroma, 0, x)
            }
        return (UInt8((r + m) * 255), UInt8((g + m) * 255), UInt8((b + m) * 255))
    }

    private static func paintGradient(
        _ out: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int, from: RGB, to: RGB
    ) {
        let span = max(1, width + height - 2)
        for y in 0..<height {
            var index = y * width * 3
            for x in 0..<width {
                let t = (x + y) * 256 / span
                out[index] = UInt8((Int(from.0) * (256 - t) + Int(to.0) * t) >> 8)
                out[index + 1] = UInt8((Int(from.1) * (256 - t) + Int(to.1) * t) >> 8)
                out[index + 2] = UInt8((Int(from.2) * (256 - t) + Int(to.2) * t) >> 8)
                index += 3
            }
        }
    }

    private static func paintShadow(
        _ out: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int, centerX: Int, centerY: Int, radiusX: Int,
        radiusY: Int
    ) {
        guard radiusX > 0, radiusY > 0 else { return }
        for y in max(0, centerY - radiusY)..<min(height, centerY + radiusY) {
            for x in max(0, centerX - radiusX)..<min(width, centerX + radiusX) {
                let dx = Double(x - centerX) / Double(radiusX)
                let dy = Double(y - centerY) / Double(radiusY)
                let distance = dx * dx + dy * dy
                guard distance < 1 else { continue }
                let keep = 256 - Int((1 - distance) * 80)
                let index = (y * width + x) * 3
                for channel in 0..<3 { out[index + channel] = UInt8((Int(out[index + channel]) * keep) >> 8) }
            }
        }
    }

    static func paintDisc(
        _ out: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int, centerX: Int, centerY: Int, radius: Int,
        color: RGB
    ) {
        for y in max(0, centerY - radius)..<min(height, centerY + radius) {
            for x in max(0, centerX - radius)..<min(width, centerX + radius) {
                let dx = x - centerX
                let dy = y - centerY
                guard dx * dx + dy * dy <= radius * radius else { continue }
                let index = (y * width + x) * 3
                (out[index], out[index + 1], out[index + 2]) = color
            }
        }
    }

    /// The reference cut to the bounding box of its visible pixels, so a product drawn small on
    /// a large transparent canvas still fills the frame.
    static func croppedToOpaque(_ image: RasterImage) -> RasterImage {
        guard image.channels == 4 else { return image }
        return croppedToPixels(image) { source, index in source[index + 3] > 16 }
    }

    /// `image` cut to the bounding box of the pixels `keep` accepts (given the pixel buffer and
    /// the pixel's first byte), or whole when it accepts none.
    static func croppedToPixels(
        _ image: RasterImage, keeping keep: (UnsafeBufferPointer<UInt8>, Int) -> Bool
    ) -> RasterImage {
        var minX = image.width, minY = image.height, maxX = -1, maxY = -1
        image.pixels.withUnsafeBufferPointer { source in
            for y in 0..<image.height {
                for x in 0..<image.width where keep(source, (y * image.width + x) * image.channels) {
                    minX = min(minX, x)
                    maxX = max(maxX, x)
                    minY = min(minY, y)
                    maxY = max(maxY, y)
                }
            }
        }
        guard maxX >= minX, maxY >= minY else { return image }
        return cropped(image, minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// The pixels of `image` from (`minX`, `minY`) to (`maxX`, `maxY`), both corners included.
    static func cropped(_ image: RasterImage, minX: Int, minY: Int, maxX: Int, maxY: Int) -> RasterImage {
        let width = maxX - minX + 1
        let height = maxY - minY + 1
        let channels = image.channels
        var pixels = [UInt8]()
        pixels.reserveCapacity(width * height * channels)
        for y in minY...maxY {
            let start = (y * image.width + minX) * channels
            pixels.append(contentsOf: image.pixels[start..<start + width * channels])
        }
        return RasterImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Scales the reference by `scale` (nearest neighbour), centres it on (`centerX`, `centerY`)
    /// and blends it by alpha.
    static func composite(
        _ reference: RasterImage, into out: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int,
        scale: Double, centerX: Int, centerY: Int
    ) {
        let drawWidth = Int(Double(reference.width) * scale)
        let drawHeight = Int(Double(reference.height) * scale)
        let originX = centerX - drawWidth / 2
        let originY = centerY - drawHeight / 2
        reference.pixels.withUnsafeBufferPointer { source in
            for y in 0..<drawHeight where originY + y >= 0 && originY + y < height {
                let sourceY = min(reference.height - 1, Int(Double(y) / scale))
                for x in 0..<drawWidth where originX + x >= 0 && originX + x < width {
                    let sourceX = min(reference.width - 1, Int(Double(x) / scale))
                    let sourceIndex = (sourceY * reference.width + sourceX) * reference.channels
                    let alpha = reference.channels == 4 ? Int(source[sourceIndex + 3]) : 255
                    guard alpha > 0 else { continue }
                    let index = ((originY + y) * width + originX + x) * 3
                    for channel in 0..<3 {
                        out[index + channel] = UInt8(
                            (Int(source[sourceIndex + channel]) * alpha + Int(out[index + channel]) * (255 - alpha))
                                / 255)
                    }
                }
            }
        }
    }
}
