import AssetStorage
import CatalogTestSupport
import Foundation
import Testing

struct ImageSnifferTests {
    static let png: [UInt8] =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        + [0, 0, 4, 0, 0, 0, 2, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0]
    static let jpeg: [UInt8] =
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        + [0xFF, 0xC0, 0, 17, 8, 0x01, 0xE0, 0x02, 0x80, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
    static let webpLossless: [UInt8] =
        Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8L".utf8) + [0, 0, 0, 0, 0x2F]
        + [0xFF, 0xC3, 0x7F, 0x00] + [UInt8](repeating: 0, count: 10)

    @Test func readsFormatAndDimensions() {
        #expect(ImageSniffer.sniff(Self.png) == ImageInfo(format: .png, width: 1024, height: 512))
        #expect(ImageSniffer.sniff(Self.jpeg) == ImageInfo(format: .jpeg, width: 640, height: 480))
        #expect(ImageSniffer.sniff(Self.webpLossless)?.format == .webp)
    }

    @Test(arguments: [
        [UInt8](), Array("<html><body>expired</body></html>".utf8), Array(png.prefix(20)), Array(jpeg.prefix(12)),
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 40),
    ])
    func refusesAnythingElse(bytes: [UInt8]) {
        #expect(ImageSniffer.sniff(bytes) == nil)
    }
}

struct ImageVerifierTests {
    @Test func aWholePNGPassesAndEveryTruncationOrFlipFails() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.fixture("images/mug.png"))))
        #expect(ImageVerifier.verify(bytes) == ImageInfo(format: .png, width: 384, height: 384))
        for cut in [bytes.count - 1, bytes.count - 12, bytes.count / 2, 40] {
            #expect(ImageVerifier.verify(Array(bytes.prefix(cut))) == nil, "cut at \(cut)")
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x01
        #expect(ImageVerifier.verify(flipped) == nil)
        #expect(ImageVerifier.verify(bytes + [0]) == nil, "trailing bytes after IEND")
    }

    @Test func jpegsMustEndWithTheirEndMarker() {
        let jpeg = ImageSnifferTests.jpeg
        #expect(ImageVerifier.verify(jpeg) == nil)
        #expect(ImageVerifier.verify(jpeg + [0xFF, 0xD9])?.format == .jpeg)
    }
}
