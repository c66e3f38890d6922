import AssetStorage
import CLibJPEG
import CZlib
import CatalogTestSupport
import Foundation
import Testing

@testable import Approval

/// Hostile and edge inputs to the Amazon MAIN pixel check (#21 item 2): what the decoder lets
/// through, and what the flood-fill background measure takes for background.
@Suite("MAIN image compliance attacks", .offThePool)
struct MainImageComplianceAttackTests {
    static let white: (UInt8, UInt8, UInt8) = (255, 255, 255)

    static func check(_ bytes: [UInt8]) -> AmazonMainCheck.Result {
        AmazonMainCheck.check(MainImageComplianceTests.item(), bytes: bytes)
    }

    // MARK: decompression bombs

    /// `DecodedImage.decode` promises images over `JPEGConversion.maximumPixels` are never
    /// decoded, but it checks the size `ImageSniffer` reads, not the one libjpeg decodes. The
    /// sniffer gives every marker a length; libjpeg knows RST0–7 and TEM have none. A JPEG that
    /// starts `FFD8 FFD0 FF01` sends the sniffer 65,285 bytes ahead, into a comment holding a
    /// 16×16 frame header, while libjpeg reads the real frame header: 10,001×10,000 here (just
    /// over the limit; libjpeg allows 65,500×65,500, 12.7 GB of RGB). `ImageVerifier` stores it
    /// (it ends with FFD9), and the review page decodes every MAIN image on a manifest write.
    @Test func aJPEGFrameHiddenFromTheSnifferIsNotDecodedPastThePixelLimit() throws {
        let bytes = try Self.hiddenFrameJPEG(width: 10_001, height: 10_000)
        let sniffed = try #require(ImageSniffer.sniff(bytes))
        // The sniffer steps over parameterless markers as libjpeg does, so it sees the real frame.
        #expect(sniffed.width == 10_001 && sniffed.height == 10_000, "the sniffer must not see the decoy frame")
        let decoded = DecodedImage.decode(bytes)
        #expect(
            decoded == nil || (decoded?.width == sniffed.width && decoded?.height == sniffed.height),
            "decoded \(decoded?.width ?? 0)×\(decoded?.height ?? 0) px from a file declared 16×16")
        if let decoded {
            #expect(decoded.pixelCount <= JPEGConversion.maximumPixels)
        }
    }

    /// A real 8×8 baseline JPEG with its frame resized, preceded by parameterless markers and a
    /// comment that carries a decoy SOF0 where the sniffer lands.
    static func hiddenFrameJPEG(width: Int, height: Int) throws -> [UInt8] {
        let rgb = [UInt8](repeating: 255, count: 8 * 8 * 3)
        var real = try #require(JPEGConversion.encode(rgb: rgb, width: 8, height: 8, quality: 90))
        let sof = try #require((2..<(real.count - 1)).first { real[$0] == 0xFF && real[$0 + 1] == 0xC0 })
        real[sof + 5] = UInt8(height >> 8)
        real[sof + 6] = UInt8(height & 0xFF)
        real[sof + 7] = UInt8(width >> 8)
        real[sof + 8] = UInt8(width & 0xFF)
        // Sniffer: at 2 it reads marker D0 with "length" FF01 = 65,281, so it goes on at 65,285.
        let snifferLands = 2 + 2 + 0xFF01
        let commentStart = 6
        let commentLength = 65_535
        var comment = [UInt8](repeating: 0x20, count: commentLength - 2)
        let decoy: [UInt8] = [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03]
        comment.replaceSubrange(
            (snifferLands - (commentStart + 4))..<(snifferLands - (commentStart + 4) + decoy.count), with: decoy)
        return [0xFF, 0xD8, 0xFF, 0xD0, 0xFF, 0x01, 0xFF, 0xFE, UInt8(commentLength >> 8), UInt8(commentLength & 0xFF)]
            + comment + Array(real[2...])
    }

    // MARK: what the flood fill takes for background

    /// A light grey product (#EBEBEB: a silver appliance, a grey sweater) on pure white filling
    /// 90% is exactly what Amazon asks for. The flood fill's 24-level tolerance around the
    /// border's white reaches into the product (255 − 235 = 20), so the product is measured as
    /// non-white background and as absent: "background 43% pure white", "product fills 0.0%".
    @Test func aLightGreyProductOnPureWhiteIsNotTakenForBackground() throws {
        let png = TestPNG.productShot(
            width: 1600, height: 1600, background: Self.white, fill: 0.90, product: (235, 235, 235))
        let result = Self.check(png)
        #expect(result.violations.isEmpty, "\(result.violations.map(\.reason))")
        #expect(abs((result.measurement?.productFill ?? 0) - 0.90) < 0.01)
    }

    /// Worse with `conform_main`: a compliant 2,000 px image of a light grey product with a dark
    /// part spanning half the frame is "conformed": the grey body is snapped to white as if it
    /// were background and the canvas is cropped around the dark part, cutting the product. The
    /// image already passes Amazon's rules and should go out as it is.
    @Test func conformMainDoesNotPaintALightGreyProductWhite() throws {
        let size = 2000
        let bodyWidth = 1800
        let bodyHeight = 1260
        let partSize = 1000
        var raw: [UInt8] = []
        raw.reserveCapacity((size * 4 + 1) * size)
        let background: [UInt8] = [255, 255, 255, 255]
        let body: [UInt8] = [235, 235, 235, 255]
        let part: [UInt8] = [40, 60, 120, 255]
        func run(_ pixel: [UInt8], _ count: Int) -> [UInt8] {
            Array([[UInt8]](repeating: pixel, count: count).joined())
        }
        let bodyLeft = (size - bodyWidth) / 2
        let bodyTop = (size - bodyHeight) / 2
        let partLeft = (size - partSize) / 2
        let partTop = (size - 400) / 2
        let plain = [0] + run(background, size)
        let bodyRow =
            [0] + run(background, bodyLeft) + run(body, bodyWidth) + run(background, size - bodyLeft - bodyWidth)
        let partRow =
            [0] + run(background, bodyLeft) + run(body, partLeft - bodyLeft) + run(part, partSize)
            + run(body, bodyLeft + bodyWidth - partLeft - partSize) + run(background, size - bodyLeft - bodyWidth)
        for y in 0..<size {
            if (partTop..<(partTop + 400)).contains(y) {
                raw += partRow
            } else if (bodyTop..<(bodyTop + bodyHeight)).contains(y) {
                raw += bodyRow
            } else {
                raw += plain
            }
        }
        let png = TestPNG.png(width: size, height: size, rawRGBARows: raw)
        let fixture = try AmazonMainExportTests.fixture(main: png)
        let (summary, files, _) = try AmazonMainExportTests.run(fixture, conform: true)
        #expect(summary.violations.isEmpty, "\(summary.violations.map(\.message))")
        let jpeg = try #require(files["amazon-images/MUG.MAIN.jpg"])
        let image = try AmazonMainExportTests.decode(jpeg)
        #expect(image.width == size && image.height == size, "conformed to \(image.width)×\(image.height)")
        // A point on the grey body, left of the dark part, must still be grey.
        let x = bodyLeft + 50
        let y = size / 2
        guard x < image.width, y < image.height else { return }
        let grey = Int(image.pixels[(y * image.width + x) * 3])
        #expect(abs(grey - 235) <= 4, "the product's body at (\(x), \(y)) is \(grey)")
    }

    // MARK: messages that say something untrue

    /// A CMYK JPEG: the sniffer knows it is CMYK, libjpeg-turbo cannot convert CMYK to RGB, so
    /// the check returns only "the file is not a PNG, JPEG or WebP image" and drops the CMYK
    /// finding. The reviewer should see that it is CMYK (not sRGB).
    @Test func aCMYKJPEGIsReportedAsCMYK() throws {
        let jpeg = try Self.cmykJPEG(width: 64, height: 64)
        #expect(ColourSpaceSniffer.colourSpace(of: jpeg) == .cmyk)
        let result = Self.check(jpeg)
        #expect(result.violations.contains { $0.rule == .notSRGB }, "\(result.violations.map(\.reason))")
        #expect(!result.violations.contains { $0.reason.contains("not a PNG, JPEG or WebP") })
    }

    /// A WebP MAIN on the review page: "the file is not a PNG, JPEG or WebP image", of a WebP.
    @Test func aWebPMainIsNotCalledNotAWebP() throws {
        let result = Self.check(Self.webp(width: 1600, height: 1600))
        #expect(!result.violations.isEmpty)
        #expect(
            !result.violations.contains { $0.reason.contains("not a PNG, JPEG or WebP") },
            "\(result.violations.map(\.reason))")
    }

    static func webp(width: Int, height: Int) -> [UInt8] {
        func le32(_ value: Int) -> [UInt8] { [0, 8, 16, 24].map { UInt8((value >> $0) & 0xFF) } }
        let bits = (width - 1) | (height - 1) << 14
        let payload: [UInt8] = [0x2F] + le32(bits) + [UInt8](repeating: 0, count: 11)
        let chunk = Array("VP8L".utf8) + le32(payload.count) + payload
        let body = Array("WEBP".utf8) + chunk
        return Array("RIFF".utf8) + le32(body.count) + body
    }

    /// A four-component JPEG written with libjpeg.
    static func cmykJPEG(width: Int, height: Int) throws -> [UInt8] {
        let cinfo = UnsafeMutablePointer<jpeg_compress_struct>.allocate(capacity: 1)
        let jerr = UnsafeMutablePointer<jpeg_error_mgr>.allocate(capacity: 1)
        let buffer = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>.allocate(capacity: 1)
        let size = UnsafeMutablePointer<UInt>.allocate(capacity: 1)
        defer {
            cinfo.deallocate()
            jerr.deallocate()
            buffer.deallocate()
            size.deallocate()
        }
        cinfo.initialize(to: jpeg_compress_struct())
        jerr.initialize(to: jpeg_error_mgr())
        buffer.initialize(to: nil)
        size.initialize(to: 0)
        cinfo.pointee.err = jpeg_std_error(jerr)
        jpeg_CreateCompress(cinfo, JPEG_LIB_VERSION, MemoryLayout<jpeg_compress_struct>.size)
        jpeg_mem_dest(cinfo, buffer, size)
        cinfo.pointee.image_width = JDIMENSION(width)
        cinfo.pointee.image_height = JDIMENSION(height)
        cinfo.pointee.input_components = 4
        cinfo.pointee.in_color_space = JCS_CMYK
        jpeg_set_defaults(cinfo)
        jpeg_start_compress(cinfo, 1)
        var row = [UInt8](repeating: 0, count: width * 4)
        for x in 0..<width { row[x * 4 + 1] = 200 }
        while cinfo.pointee.next_scanline < cinfo.pointee.image_height {
            row.withUnsafeMutableBufferPointer { pointer in
                var line: JSAMPROW? = pointer.baseAddress
                _ = jpeg_write_scanlines(cinfo, &line, 1)
            }
        }
        jpeg_finish_compress(cinfo)
        jpeg_destroy_compress(cinfo)
        let out = try #require(buffer.pointee)
        defer { free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(size.pointee)))
    }

    // MARK: edge inputs that are handled (kept as regression tests)

    @Test(arguments: [(1, 1), (1, 7), (7, 1), (2, 2), (1, 1600)])
    func tinyAllWhiteImagesAreMeasuredWithoutCrashing(size: (Int, Int)) throws {
        let result = Self.check(TestPNG.encode(width: size.0, height: size.1, color: Self.white))
        let measured = try #require(result.measurement)
        #expect(measured.backgroundWhiteShare == 1)
        #expect(measured.productFill == 0)
        #expect(result.violations.map(\.rule) == [.productTooSmall])
    }

    @Test func aProductThatFillsTheFrameHasNoBackgroundToJudge() throws {
        let result = Self.check(TestPNG.encode(width: 1600, height: 1600, color: (40, 60, 120)))
        // The border's colour is the product's: it is "background", and not white.
        #expect(result.violations.map(\.rule).contains(.backgroundNotWhite))
    }

    /// 16-bit RGB and 8-bit greyscale PNGs decode to the same 8-bit values.
    @Test func sixteenBitAndGreyscalePNGsAreMeasured() throws {
        func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
        func png(_ width: Int, _ height: Int, depth: UInt8, colour: UInt8, row: (Int) -> [UInt8]) -> [UInt8] {
            var raw: [UInt8] = []
            for y in 0..<height { raw += [0] + row(y) }
            var size = compressBound(uLong(raw.count))
            var out = [UInt8](repeating: 0, count: Int(size))
            _ = compress2(&out, &size, raw, uLong(raw.count), 6)
            return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
                + TestPNG.chunk("IHDR", be32(width) + be32(height) + [depth, colour, 0, 0, 0])
                + TestPNG.chunk("IDAT", Array(out.prefix(Int(size)))) + TestPNG.chunk("IEND", [])
        }
        let n = 400
        let inside = { (x: Int, y: Int) in (20..<380).contains(x) && (100..<300).contains(y) }
        let rgb16 = png(n, n, depth: 16, colour: 2) { y in
            (0..<n).flatMap { x -> [UInt8] in
                inside(x, y) ? [0x28, 0, 0x3C, 0, 0x78, 0] : [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
            }
        }
        let grey = png(n, n, depth: 8, colour: 0) { y in (0..<n).map { x in inside(x, y) ? 40 : 255 } }
        for bytes in [rgb16, grey] {
            let measured = try #require(Self.check(bytes).measurement)
            #expect(measured.backgroundWhiteShare == 1)
            #expect(abs(measured.productFill - 0.9) < 0.001)
        }
    }

    /// An iCCP chunk whose zlib stream inflates to 64 MB of zeros is read no further than 4 MB.
    @Test func aZlibBombInICCPIsBounded() throws {
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        var size = compressBound(uLong(zeros.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        _ = compress2(&out, &size, zeros, uLong(zeros.count), 9)
        let bomb = Array("bomb".utf8) + [0, 0] + Array(out.prefix(Int(size)))
        let png = TestPNG.productShot(width: 64, height: 64, background: Self.white, fill: 0.9)
        let tagged = Array(png[..<33]) + TestPNG.chunk("iCCP", bomb) + Array(png[33...])
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(ColourSpaceSniffer.colourSpace(of: tagged) == .otherProfile(nil)) }
        #expect(elapsed < .seconds(2))
        // Truncated: not sRGB either, and no crash.
        let truncated = Array("t".utf8) + [0, 0] + Array(out.prefix(40))
        #expect(
            ColourSpaceSniffer.colourSpace(of: Array(png[..<33]) + TestPNG.chunk("iCCP", truncated) + Array(png[33...]))
                == .otherProfile(nil))
    }
}
