import Approval
import AssetStorage
import CLibJPEG
import CatalogTestSupport
import Foundation
import Testing

/// #21 items 2 and 3: the spec's MAIN variant is the only image exported as SKU.MAIN, only
/// when its pixels pass; `conform_main` fixes off-white and small products; `--check` writes
/// nothing.
@Suite("Amazon MAIN export", .offThePool)
struct AmazonMainExportTests {
    static let white: (UInt8, UInt8, UInt8) = (255, 255, 255)

    static func fixture(main: [UInt8], scene: [UInt8]? = nil) throws -> ExportFixture {
        var images = [
            ExportFixture.Image(
                productID: "MUG", title: "Mug", scene: "white", width: 2000, height: 2000, png: main,
                axis: "background")
        ]
        if let scene {
            images.append(
                ExportFixture.Image(
                    productID: "MUG", title: "Mug", scene: "forest", width: 2000, height: 2000, png: scene,
                    axis: "background"))
        }
        return try ExportFixture(images: images)
    }

    static func run(
        _ fixture: ExportFixture, conform: Bool = false, check: Bool = false
    ) throws -> (ExportSummary, [String: [UInt8]], TemporaryDirectory) {
        let destination = try TemporaryDirectory()
        var request = fixture.request(.amazon, into: destination.path)
        request.amazonMain = ["background": "white"]
        request.conformMain = conform
        request.checkOnly = check
        let summary = try Export.run(request)
        let files = try exportedFiles(in: destination.path).filter { $0.key.hasPrefix("amazon-images/") }
        return (summary, files, destination)
    }

    static func decode(_ jpeg: [UInt8]) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        var width: UInt32 = 0
        var height: UInt32 = 0
        let pixels = try #require(
            jpeg.withUnsafeBufferPointer { cr_jpeg_decode_rgb($0.baseAddress, $0.count, &width, &height) })
        defer { free(pixels) }
        return (Int(width), Int(height), Array(UnsafeBufferPointer(start: pixels, count: Int(width * height * 3))))
    }

    @Test func theMainVariantIsMainAndTheSceneIsPT01() throws {
        let main = TestPNG.productShot(width: 1200, height: 1200, background: Self.white, fill: 0.9)
        let scene = TestPNG.productShot(width: 1200, height: 1200, background: (30, 120, 40), fill: 0.5)
        let (summary, files, _) = try Self.run(Self.fixture(main: main, scene: scene))
        #expect(files.keys.sorted() == ["amazon-images/MUG.MAIN.jpg", "amazon-images/MUG.PT01.jpg"])
        #expect(summary.violations.isEmpty)
    }

    @Test func anOffWhiteMainIsLeftOutWithTheMeasuredValueAndTheSceneStillGoes() throws {
        let main = TestPNG.productShot(width: 1200, height: 1200, background: (0xF5, 0xF5, 0xF5), fill: 0.9)
        let scene = TestPNG.productShot(width: 1200, height: 1200, background: (30, 120, 40), fill: 0.5)
        let (summary, files, _) = try Self.run(Self.fixture(main: main, scene: scene))
        #expect(files.keys.sorted() == ["amazon-images/MUG.PT01.jpg"])
        #expect(summary.violations.map(\.rule) == [.backgroundNotWhite])
        #expect(summary.violations.first?.message.contains("MUG [background=white]") == true)
        #expect(summary.violations.first?.message.contains("background 0.0% pure white (it is #F5F5F5") == true)
    }

    @Test func conformMainSnapsOffWhiteToWhite() throws {
        let main = TestPNG.productShot(width: 1200, height: 1200, background: (0xF5, 0xF5, 0xF5), fill: 0.9)
        let (summary, files, _) = try Self.run(Self.fixture(main: main), conform: true)
        #expect(summary.violations.isEmpty, "\(summary.violations.map(\.message))")
        let image = try Self.decode(try #require(files["amazon-images/MUG.MAIN.jpg"]))
        // 90% already fills 85–90%: the canvas keeps its size, the background is white.
        #expect(abs(image.width - Int(1200 * 0.9 / 0.88)) <= 1)
        #expect(Array(image.pixels[0..<3]) == [255, 255, 255])
        let centre = ((image.height / 2) * image.width + image.width / 2) * 3
        #expect(abs(Int(image.pixels[centre]) - 40) <= 3 && abs(Int(image.pixels[centre + 2]) - 120) <= 3)
    }

    @Test func conformMainCropsASmallProductToEightyEightPercentWithoutUpscaling() throws {
        let main = TestPNG.productShot(width: 2000, height: 2000, background: Self.white, fill: 0.5)
        let (summary, files, _) = try Self.run(Self.fixture(main: main), conform: true)
        #expect(summary.violations.isEmpty, "\(summary.violations.map(\.message))")
        let image = try Self.decode(try #require(files["amazon-images/MUG.MAIN.jpg"]))
        // The 1000 px product, unscaled, in a 1136 px canvas (1000 / 0.88), centred.
        #expect(image.width == 1136 && image.height == 1136)
        var columns: [Int] = []
        let row = image.height / 2
        for x in 0..<image.width where image.pixels[(row * image.width + x) * 3] < 128 { columns.append(x) }
        #expect(columns.count >= 998 && columns.count <= 1002, "the product keeps its 1000 px: \(columns.count)")
        #expect(abs((columns.first ?? 0) - (image.width - (columns.last ?? 0) - 1)) <= 2, "centred")
        let corner = Array(image.pixels[0..<3])
        #expect(corner == [255, 255, 255])
    }

    @Test func conformMainNeverUpscalesSoATooSmallResultStaysOut() throws {
        let main = TestPNG.productShot(width: 1024, height: 1024, background: Self.white, fill: 0.5)
        let (summary, files, _) = try Self.run(Self.fixture(main: main), conform: true)
        #expect(files.isEmpty)
        #expect(summary.violations.map(\.rule) == [.tooSmall])
        #expect(summary.violations.first?.remedy.hasPrefix("conform_main made it 582×582 px") == true)
    }

    @Test func conformMainDoesNotCutAProductOutOfAScene() throws {
        let main = TestPNG.productShot(width: 1200, height: 1200, background: (30, 120, 40), fill: 0.9)
        let (summary, _, _) = try Self.run(Self.fixture(main: main), conform: true)
        #expect(summary.violations.map(\.rule) == [.backgroundNotWhite])
        #expect(
            summary.violations.first?.remedy.hasPrefix("conform_main cannot fix it: its background is not near white")
                == true)
    }

    @Test func checkOnlyReportsEveryViolationAndWritesNothing() throws {
        let main = TestPNG.productShot(width: 1200, height: 1200, background: (0xF5, 0xF5, 0xF5), fill: 0.5)
        let scene = TestPNG.productShot(width: 1200, height: 1200, background: (30, 120, 40), fill: 0.5)
        let (summary, files, destination) = try Self.run(Self.fixture(main: main, scene: scene), check: true)
        #expect(files.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.path).isEmpty)
        #expect(summary.violations.map(\.rule) == [.backgroundNotWhite, .productTooSmall])
        #expect(summary.exportedCount == 1)
        #expect(summary.headline.hasPrefix("check only, nothing written: 1 of 2 approved images would go out"))
    }
}
