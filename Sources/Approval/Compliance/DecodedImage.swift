import AssetStorage
import CLibJPEG
import CLibPNG
import Foundation

/// An image's pixels as the marketplace will show them: 8-bit RGB, transparency composited onto
/// white (what the Amazon export's JPEG conversion does), with how much of it was transparent
/// kept aside, because a MAIN image must be opaque whatever it looks like flattened.
struct DecodedImage: Sendable {
    var width: Int
    var height: Int
    /// Tightly packed RGB rows.
    var rgb: [UInt8]
    /// Pixels whose alpha was below 255 before compositing.
    var transparentPixels: Int

    var pixelCount: Int { width * height }

    /// Decodes a PNG or JPEG; `nil` for anything else, for what libpng or libjpeg refuse, and for
    /// images over `JPEGConversion.maximumPixels` (never decoded, so a hostile header cannot
    /// make the export allocate gigabytes).
    static func decode(_ bytes: [UInt8]) -> DecodedImage? {
        guard let info = ImageSniffer.sniff(bytes), info.width > 0, info.height > 0,
            info.width * info.height <= JPEGConversion.maximumPixels
        else { return nil }
        let image: DecodedImage?
        switch info.format {
        case .png: image = decodePNG(bytes)
        case .jpeg: image = decodeJPEG(bytes)
        case .webp: image = nil
        }
        // A file whose decoder reads another size than its header shows is not judged: what
        // was measured would not be what the marketplace shows.
        guard let image, image.width == info.width, image.height == info.height else { return nil }
        return image
    }

    private static func decodePNG(_ png: [UInt8]) -> DecodedImage? {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let began = png.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard began != 0 else { return nil }
        image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        let width = Int(image.width)
        let height = Int(image.height)
        guard width > 0, height > 0, width * height <= JPEGConversion.maximumPixels else {
            png_image_free(&image)
            return nil
        }
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        let finished = rgba.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard finished != 0 else {
            png_image_free(&image)
            return nil
        }
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        var transparent = 0
        rgba.withUnsafeBufferPointer { source in
            rgb.withUnsafeMutableBufferPointer { target in
                for pixel in 0..<(width * height) {
                    let alpha = Int(source[pixel * 4 + 3])
                    if alpha == 255 {
                        target[pixel * 3] = source[pixel * 4]
                        target[pixel * 3 + 1] = source[pixel * 4 + 1]
                        target[pixel * 3 + 2] = source[pixel * 4 + 2]
                        continue
                    }
                    transparent += 1
                    for channel in 0..<3 {
                        // Straight (non-premultiplied) alpha over white, rounded.
                        let value = Int(source[pixel * 4 + channel])
                        target[pixel * 3 + channel] = UInt8((value * alpha + 255 * (255 - alpha) + 127) / 255)
                    }
                }
            }
        }
        return DecodedImage(width: width, height: height, rgb: rgb, transparentPixels: transparent)
    }

    private static func decodeJPEG(_ jpeg: [UInt8]) -> DecodedImage? {
        var width: UInt32 = 0
        var height: UInt32 = 0
        let limit = UInt64(JPEGConversion.maximumPixels)
        let decoded = jpeg.withUnsafeBufferPointer {
            cr_jpeg_decode_rgb_bounded($0.baseAddress, $0.count, limit, &width, &height)
        }
        guard let decoded else { return nil }
        defer { free(decoded) }
        let count = Int(width) * Int(height) * 3
        return DecodedImage(
            width: Int(width), height: Int(height), rgb: Array(UnsafeBufferPointer(start: decoded, count: count)),
            transparentPixels: 0)
    }
}
