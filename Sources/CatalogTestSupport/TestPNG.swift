import CZlib
import CatalogModel

/// Writes real RGBA PNG files of any size for export tests (the checked-in fixtures are
/// 384 px, below Amazon's 1,000 px): filter 0 rows, zlib-compressed, CRCs from `CRC32`.
public enum TestPNG {
    /// A solid `color` image whose top-left `transparentCorner` × `transparentCorner` pixels are
    /// fully transparent, so tests can see alpha flattened onto white.
    public static func encode(
        width: Int, height: Int, color: (UInt8, UInt8, UInt8), transparentCorner: Int = 0
    ) -> [UInt8] {
        // Whole rows are built once and repeated: per-pixel appends are slow in debug builds.
        let pixel = [color.0, color.1, color.2, 255]
        let solid = [0] + Array([[UInt8]](repeating: pixel, count: width).joined())
        var cornered = solid
        for x in 0..<min(transparentCorner, width) { cornered[1 + x * 4 + 3] = 0 }
        var raw: [UInt8] = []
        raw.reserveCapacity(solid.count * height)
        for y in 0..<height { raw += y < transparentCorner ? cornered : solid }
        return png(width: width, height: height, rawRGBARows: raw)
    }

    /// A product shot: a `product`-coloured rectangle centred on `background`, spanning `fill`
    /// of the width and 70% of that of the height (so width is the larger share), the way
    /// compliance tests need it. `transparentBackground` makes the background alpha 0.
    public static func productShot(
        width: Int, height: Int, background: (UInt8, UInt8, UInt8), fill: Double,
        product: (UInt8, UInt8, UInt8) = (40, 60, 120), transparentBackground: Bool = false
    ) -> [UInt8] {
        let boxWidth = Int((Double(width) * fill).rounded())
        let boxHeight = Int((Double(boxWidth) * 0.7).rounded())
        let left = (width - boxWidth) / 2
        let top = (height - boxHeight) / 2
        let backgroundPixel = [background.0, background.1, background.2, transparentBackground ? 0 : 255]
        let productPixel = [product.0, product.1, product.2, 255]
        let plain = [0] + Array([[UInt8]](repeating: backgroundPixel, count: width).joined())
        let crossing =
            [0] + Array([[UInt8]](repeating: backgroundPixel, count: left).joined())
            + Array([[UInt8]](repeating: productPixel, count: boxWidth).joined())
            + Array([[UInt8]](repeating: backgroundPixel, count: width - left - boxWidth).joined())
        var raw: [UInt8] = []
        raw.reserveCapacity(plain.count * height)
        for y in 0..<height { raw += (top..<(top + boxHeight)).contains(y) ? crossing : plain }
        return png(width: width, height: height, rawRGBARows: raw)
    }

    /// A PNG of filtered (filter byte 0) RGBA rows.
    public static func png(width: Int, height: Int, rawRGBARows raw: [UInt8]) -> [UInt8] {
        var compressedSize = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedSize))
        let status = compress2(&compressed, &compressedSize, raw, uLong(raw.count), 6)
        precondition(status == Z_OK, "zlib compress2 failed: \(status)")
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 6, 0, 0, 0]  // 8 bits, RGBA, deflate, no filter method, no interlace
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header)
            + chunk("IDAT", Array(compressed.prefix(Int(compressedSize)))) + chunk("IEND", [])
    }

    /// One chunk: length, type, data and its CRC-32.
    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(CRC32.checksum(typed))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
