import AssetStorage
import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

@testable import Approval

/// The #21 exports under edge inputs: several images of the MAIN variant, a listing the store
/// does not have, own links over Google's ten, and compliance text on the review page.
@Suite("Export compliance attacks", .offThePool)
struct ExportComplianceAttackTests {
    static let white: (UInt8, UInt8, UInt8) = (255, 255, 255)

    /// `main: { background: white }` on a spec with a second axis (angle) names two images of
    /// each product. The export makes the first (by variant id) MAIN and nothing else: when that
    /// one fails the pixel rules and the other passes, the product gets no MAIN at all and the
    /// passing packshot goes out as PT01. A passing image of the MAIN variant should be MAIN.
    @Test func aPassingImageOfTheMainVariantIsMainWhenAnEarlierOneFails() throws {
        let offWhite = TestPNG.productShot(width: 2000, height: 2000, background: (0xF5, 0xF5, 0xF5), fill: 0.9)
        let pure = TestPNG.productShot(width: 2000, height: 2000, background: Self.white, fill: 0.9)
        let fixture = try ExportFixture(images: [
            ExportFixture.Image(
                productID: "MUG", title: "Mug", scene: "front", width: 2000, height: 2000, png: offWhite, axis: "angle"),
            ExportFixture.Image(
                productID: "MUG", title: "Mug", scene: "side", width: 2000, height: 2000, png: pure, axis: "angle"),
        ])
        let items = fixture.items.map {
            var item = $0
            item.variants["background"] = "white"
            return item
        }
        let destination = try TemporaryDirectory()
        var request = fixture.request(.amazon, into: destination.path, items: items)
        request.amazonMain = ["background": "white"]
        let summary = try Export.run(request)
        let files = try exportedFiles(in: destination.path).keys.filter { $0.hasPrefix("amazon-images/") }.sorted()
        #expect(files.contains("amazon-images/MUG.MAIN.jpg"), "\(files); \(summary.violations.map(\.message))")
    }

    /// Google takes at most 10 links per attribute, and the export says it caps at 10; a
    /// product whose feed already has 12 own additional links gets all 12 written (and its
    /// generated image held back as "too many").
    @Test func theSupplementalFeedNeverListsMoreThanTenLinks() throws {
        let fixture = try ExportFixture(images: [
            ExportFixture.Image(productID: "MUG-1", title: "Mug", scene: "marble", width: 1200, height: 1200)
        ])
        let items = fixture.items.map {
            var item = $0
            item.listing = Listing(additionalImageLinks: (1...12).map { "https://shop.example.com/\($0).jpg" })
            return item
        }
        let destination = try TemporaryDirectory()
        _ = try Export.run(fixture.request(.merchantCenter, into: destination.path, items: items))
        let tsv = try String(contentsOf: destination.url("merchant-center-supplemental.tsv"), encoding: .utf8)
        let row = try #require(tsv.split(separator: "\n").dropFirst().first)
        let links = row.split(separator: "\t").last?.split(separator: ",") ?? []
        #expect(links.count <= 10, "\(links.count) links")
        let xml = try String(contentsOf: destination.url("merchant-center-supplemental.xml"), encoding: .utf8)
        #expect(xml.components(separatedBy: "<g:additional_image_link>").count - 1 <= 10)
    }

    /// The supplemental attribute replaces the primary feed's list. An item whose listing the
    /// store does not have (a store from before migration 9 exported before its next run, or a
    /// listing row that no longer decodes: `listings(for:)` drops it with `try?`) is written
    /// with the generated links only under `images: append`, so every own photo of the product
    /// is dropped, silently. The export should at least say so for that product.
    @Test func appendWithoutAKnownListingIsNotSilent() throws {
        let fixture = try ExportFixture(images: [
            ExportFixture.Image(productID: "MUG-1", title: "Mug", scene: "marble", width: 1200, height: 1200)
        ])
        let unknown = fixture.items.map {
            var item = $0
            item.listing = nil
            return item
        }
        let destination = try TemporaryDirectory()
        var request = fixture.request(.merchantCenter, into: destination.path, items: unknown)
        request.merchantImages = .append
        let summary = try Export.run(request)
        // Held back (exit 4) rather than replace photos nobody knows: a run records the listing.
        #expect(summary.exportedCount == 0)
        #expect(summary.violations.map(\.rule) == [.listingUnknown], "\(summary.violations.map(\.message))")
        request.format = .shopify
        #expect(try Export.run(request).violations.map(\.rule) == [.listingUnknown])
        request.format = .merchantCenter
        request.merchantImages = .replace
        #expect(try Export.run(request).exportedCount == 1, "replace needs no listing")
    }

    /// Compliance text reaches the page from image files (an ICC profile's description is
    /// printable ASCII the API chose) and must be escaped like product text.
    @Test func complianceTextIsEscapedOnTheReviewPage() throws {
        let fixture = try ExportFixture(images: [
            ExportFixture.Image(productID: "<i>X\"'", title: "Mug", scene: "marble", width: 1200, height: 1200)
        ])
        var item = try #require(fixture.items.first)
        item.compliance = [
            ChannelCompliance(
                channel: "amazon_main", label: "Amazon <b>MAIN</b>",
                violations: [
                    "the file is in an ICC profile (<img src=x onerror=alert(1)>); Amazon's MAIN must be sRGB"
                ],
                warnings: ["\"><script>alert(2)</script>"])
        ]
        let manifest = Manifest(
            schemaVersion: Manifest.schemaVersion, spec: .init(name: "x", file: "x.yml"), run: nil, items: [item],
            folderID: nil)
        let html = try ReviewPage.render(manifest)
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("<script>alert(2)"))
        #expect(!html.contains("<b>MAIN</b>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    /// `conform_main` is for the background and the fill. A MAIN that fails only for its colour
    /// space (a Display P3 profile) is "conformed" anyway: decoded, re-encoded without the
    /// profile (P3 numbers now read as sRGB: the colours shift) and checked again, which then
    /// passes, so it goes out as MAIN with the violation gone. The remedy the violation gives
    /// is "convert it to sRGB, or regenerate it"; conform does neither, so it should be held.
    @Test func conformMainDoesNotLaunderANonSRGBProfile() throws {
        let png = TestPNG.productShot(width: 2000, height: 2000, background: Self.white, fill: 0.9)
        let p3 = MainImageComplianceTests.compressed(MainImageComplianceTests.profile(description: "Display P3"))
        let tagged =
            Array(png[..<33]) + TestPNG.chunk("iCCP", Array("ICC Profile".utf8) + [0, 0] + p3) + Array(png[33...])
        let fixture = try AmazonMainExportTests.fixture(main: tagged)
        let (plain, _, _) = try AmazonMainExportTests.run(fixture)
        #expect(plain.violations.map(\.rule) == [.notSRGB])
        let (conformed, files, _) = try AmazonMainExportTests.run(fixture, conform: true)
        #expect(conformed.violations.map(\.rule) == [.notSRGB], "\(conformed.violations.map(\.message))")
        #expect(!files.keys.contains("amazon-images/MUG.MAIN.jpg"), "exported as MAIN with its profile stripped")
    }

    /// A MAIN image that passes with Amazon's zoom warning: the headline counts warnings only
    /// when something was held back, so a clean export with a warning says nothing of it.
    @Test func theHeadlineCountsWarningsWhenNothingIsHeld() throws {
        let main = TestPNG.productShot(width: 1200, height: 1200, background: Self.white, fill: 0.9)
        let fixture = try AmazonMainExportTests.fixture(main: main)
        let (summary, files, _) = try AmazonMainExportTests.run(fixture)
        #expect(files.keys.contains("amazon-images/MUG.MAIN.jpg"))
        #expect(summary.violations.isEmpty && summary.warnings.map(\.rule) == [.belowZoomSize])
        #expect(summary.headline.contains("1 warning"), "\(summary.headline)")
    }
}
