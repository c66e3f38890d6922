import CLibJPEG
import CLibPNG
import Foundation

/// PNG → JPEG for channels that want JPEG (Amazon): decoded with libpng's simplified API,
/// transparency composited onto white (Amazon shows transparent pixels as grey or black, and
/// asks for a pure white background on main images), encoded with libjpeg. Both libraries are
/// deterministic, so the same PNG always gives the same JPEG bytes.
enum JPEGConversion {
    /// Larger images are refused rather than decoded: 10,000 × 10,000 is Amazon's own maximum.
    static let maximumPixels = 100_000_000

    static func jpeg(fromPNG png: [UInt8], quality: Int) -> [UInt8]? {
        guard let (width, height, pixels) = flattenedRGB(png) else { return nil }
        return encode(rgb: pixels, width: width, height: height, quality: quality)
    }

    /// 8-bit RGB rows, alpha composited onto white by libpng.
    static func flattenedRGB(_ png: [UInt8]) -> (width: Int, height: Int, pixels: [UInt8])? {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let began = png.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard began != 0 else { return nil }
        image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR)
        let width = Int(image.width)
        let height = Int(image.height)
        guard width > 0, height > 0, width * height <= maximumPixels else {
            png_image_free(&image)
            return nil
        }
        var white = png_color(red: 255, green: 255, blue: 255)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, &white, $0.baseAddress, 0, nil) }
        guard finished != 0 else {
            png_image_free(&image)
            return nil
        }
        return (width, height, pixels)
    }

    static func encode(rgb pixels: [UInt8], width: Int, height: Int, quality: Int) -> [UInt8]? {
        guard width > 0, height > 0, pixels.count == width * height * 3 else { return nil }
        var size = 0
        let encoded = pixels.withUnsafeBufferPointer { buffer in
            cr_jpeg_encode_rgb(
                buffer.baseAddress, UInt32(width), UInt32(height), Int32(min(100, max(1, quality))), &size)
        }
        guard let encoded else { return nil }
        defer { free(encoded) }
        return Array(UnsafeBufferPointer(start: encoded, count: size))
    }
}
