import CLibPNG

/// Pixels in memory, 8 bits per channel, row-major, no padding.
struct RasterImage: Sendable {
    var width: Int
    var height: Int
    /// 4 for RGBA, 3 for RGB.
    var channels: Int
    var pixels: [UInt8]
}

/// Reads and writes PNG through libpng's simplified API: real, valid files, no hand-rolled
/// encoder to get subtly wrong.
enum PNGCodec {
    /// Decodes any PNG libpng accepts into RGBA; `nil` for anything else.
    static func decodeRGBA(_ bytes: [UInt8]) -> RasterImage? {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let began = bytes.withUnsafeBytes { buffer in
            png_image_begin_read_from_memory(&image, buffer.baseAddress, buffer.count)
        }
        guard began != 0 else { return nil }
        image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        let width = Int(image.width)
        let height = Int(image.height)
        guard width > 0, height > 0, width * height <= 64_000_000 else {
            png_image_free(&image)
            return nil
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        let finished = pixels.withUnsafeMutableBytes { buffer in
            png_image_finish_read(&image, nil, buffer.baseAddress, 0, nil)
        }
        guard finished != 0 else {
            png_image_free(&image)
            return nil
        }
        return RasterImage(width: width, height: height, channels: 4, pixels: pixels)
    }

    /// Encodes an RGB or RGBA raster as PNG.
    static func encode(_ raster: RasterImage) -> [UInt8]? {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(raster.width)
        image.height = png_uint_32(raster.height)
        image.format = png_uint_32(
            raster.channels == 4 ? PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA : PNG_FORMAT_FLAG_COLOR)
        var size = 0
        let measured = raster.pixels.withUnsafeBytes { pixels in
            png_image_write_to_memory(&image, nil, &size, 0, pixels.baseAddress, 0, nil)
        }
        guard measured != 0, size > 0 else { return nil }
        var output = [UInt8](repeating: 0, count: size)
        let written = output.withUnsafeMutableBytes { out in
            raster.pixels.withUnsafeBytes { pixels in
                png_image_write_to_memory(&image, out.baseAddress, &size, 0, pixels.baseAddress, 0, nil)
            }
        }
        guard written != 0 else { return nil }
        return Array(output.prefix(size))
    }
}
