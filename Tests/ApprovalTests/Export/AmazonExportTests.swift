import Approval
import AssetStorage
import CLibJPEG
import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

struct AmazonExportTests {
    /// Decodes with libjpeg: real JPEG, not just the right magic bytes.
    func decode(_ jpeg: [UInt8]) -> (width: Int, height: Int, pixels: [UInt8])? {
        var width: UInt32 = 0
        var height: UInt32 = 0
        guard
            let pixels = jpeg.withUnsafeBufferPointer({ cr_jpeg_decode_rgb($0.baseAddress, $0.count, &width, &height) })
        else { return nil }
        defer { free(pixels) }
        return (Int(width), Int(height), Array(UnsafeBufferPointer(start: pixels, count: Int(width * height * 3))))
    }

    /// #21: without `exports.amazon.main` no generated image takes the listing's MAIN slot.
    @Test func imagesAreNamedByAmazonsConventionAndReallyDecodeAsJPEG() throws {
        let fixture = try ExportFixture()
        let destination = try TemporaryDirectory()
        let summary = try Export.run(fixture.request(.amazon, into: destination.path))
        let files = try exportedFiles(in: destination.path).filter { $0.key.hasPrefix("amazon-images/") }
        #expect(
            files.keys.sorted() == [
                "amazon-images/N-3.PT01.jpg", "amazon-images/Q-1.PT01.jpg", "amazon-images/Q-1.PT02.jpg",
                "amazon-images/Q-1.PT03.jpg", "amazon-images/S-2.PT01.jpg", "amazon-images/U-4.PT01.jpg",
            ])
        #expect(summary.exportedCount == 6)
        for (name, bytes) in files {
            #expect(ImageSniffer.sniff(bytes)?.format == .jpeg, "\(name)")
            let decoded = try #require(decode(bytes), "\(name) decodes")
            #expect(max(decoded.width, decoded.height) >= 1000, "\(name)")
        }
        // Q-1's first scene (by variant id: marble < summer < winter) is the 1200 px first image.
        let main = try #require(decode(files["amazon-images/Q-1.PT01.jpg"] ?? []))
        #expect(main.width == 1200 && main.height == 1200)
        let corner = Array(main.pixels[(5 * 1200 + 5) * 3..<(5 * 1200 + 5) * 3 + 3])
        #expect(corner.allSatisfy { $0 >= 250 }, "transparent pixels are flattened onto white: \(corner)")
        let center = Array(main.pixels[(600 * 1200 + 600) * 3..<(600 * 1200 + 600) * 3 + 3])
        #expect(abs(Int(center[0]) - 40) <= 3 && abs(Int(center[1]) - 200) <= 3 && abs(Int(center[2]) - 90) <= 3)
        let lamp = try #require(decode(files["amazon-images/S-2.PT01.jpg"] ?? []))
        #expect(lamp.width == 1000 && lamp.height == 800)
    }

    @Test func theZipHoldsTheFolderWithSortedEntriesRightCRCsAndAFixedTimestamp() async throws {
        let fixture = try ExportFixture()
        let destination = try TemporaryDirectory()
        _ = try Export.run(fixture.request(.amazon, into: destination.path))
        let files = try exportedFiles(in: destination.path)
        let zip = try #require(ZipListing(files["amazon-images.zip"] ?? []))
        let folder = files.filter { $0.key.hasPrefix("amazon-images/") }
        #expect(zip.entries.map(\.name) == folder.keys.map { String($0.dropFirst("amazon-images/".count)) }.sorted())
        for entry in zip.entries {
            #expect(entry.data == folder["amazon-images/" + entry.name])
            #expect(entry.crc == CRC32.checksum(entry.data), "\(entry.name)")
            #expect(entry.modified == (0, 0x0021), "1980-01-01 00:00, whatever the clock says")
        }
        // Where the machine has them, two independent readers must accept the archive too.
        for tool in [["/usr/bin/unzip", "-tq"], ["/usr/bin/python3", "-m", "zipfile", "-t"]]
        where FileManager.default.isExecutableFile(atPath: tool[0]) {
            let result = try await ProcessRunner.run(
                URL(fileURLWithPath: tool[0]), Array(tool.dropFirst()) + [destination.url("amazon-images.zip").path])
            #expect(result.exitCode == 0, "\(tool[0]) rejects the zip: \(result.stdout)\(result.stderr)")
        }
    }

    @Test func imagesOfProductsNoLongerApprovedDoNotLingerInTheFolder() throws {
        let fixture = try ExportFixture()
        let destination = try TemporaryDirectory()
        _ = try Export.run(fixture.request(.amazon, into: destination.path))
        let fewer = fixture.items.map {
            var item = $0
            if item.productID == "U-4" { item.reviewState = "rejected" }
            return item
        }
        let summary = try Export.run(fixture.request(.amazon, into: destination.path, items: fewer))
        let files = try exportedFiles(in: destination.path)
        #expect(files["amazon-images/U-4.PT01.jpg"] == nil)
        #expect(summary.exportedCount == 5)
        #expect(ZipListing(files["amazon-images.zip"] ?? [])?.entries.count == 5)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: destination.path).sorted() == [
                "amazon-images", "amazon-images.zip",
            ])
    }

    /// Eight PT slots; a ninth image is a violation (there is no MAIN variant here).
    @Test func aProductGetsAtMostEightOtherImagesAndASkuMustBeAFileName() throws {
        let scenes = (1...10).map { String(format: "s%02d", $0) }
        let images = scenes.map {
            ExportFixture.Image(productID: "MANY", title: "Many", scene: $0, width: 1000, height: 1000)
        }
        let fixture = try ExportFixture(images: images)
        let destination = try TemporaryDirectory()
        var request = fixture.request(.amazon, into: destination.path)
        let summary = try Export.run(request)
        #expect(summary.exportedCount == 8)
        #expect(summary.violations.map(\.variantID) == ["scene=s09", "scene=s10"])
        #expect(summary.violations.allSatisfy { $0.rule == .tooManyImages })
        request.products = ["MANY": ExportProduct(sku: "../evil sku")]
        let renamed = try Export.run(request)
        #expect(renamed.exportedCount == 0 && renamed.violations.count == 10)
        #expect(renamed.violations.allSatisfy { $0.rule == .invalidIdentifier })
        #expect(renamed.headline.hasPrefix("no approved image passed the amazon checks — empty export written"))
    }
}
