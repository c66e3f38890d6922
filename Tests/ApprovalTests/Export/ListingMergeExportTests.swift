import Approval
import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

/// #21 item 3: exports merge with what the listing already has. A Merchant Center supplemental
/// attribute replaces the primary feed's list, so `append` repeats the product's own links
/// first; a Shopify import that overwrites a product replaces its images, so the CSV lists the
/// product's own before (or after) the generated ones, under the listing's handle.
@Suite("Exports merged with the listing")
struct ListingMergeExportTests {
    static let own = (1...3).map { "https://shop.example.com/mug-\($0).jpg" }

    static func fixture() throws -> (ExportFixture, [Manifest.Item]) {
        let fixture = try ExportFixture(
            images: ["marble", "winter"].map {
                ExportFixture.Image(productID: "MUG-1", title: "Mug", scene: $0, width: 1200, height: 1200)
            })
        let items = fixture.items.map {
            var item = $0
            item.listing = Listing(
                handle: "classic-mug", imageLink: "https://shop.example.com/mug-main.jpg",
                additionalImageLinks: own, lifestyleImageLinks: ["https://shop.example.com/kitchen.jpg"],
                altText: "Mug on \(item.variants["scene"] ?? "")")
            return item
        }
        return (fixture, items)
    }

    static func tsvLinks(_ destination: TemporaryDirectory) throws -> [String] {
        let tsv = try String(contentsOf: destination.url("merchant-center-supplemental.tsv"), encoding: .utf8)
        let row = try #require(tsv.split(separator: "\n").dropFirst().first)
        let cells = row.split(separator: "\t", omittingEmptySubsequences: false)
        #expect(cells.first == "MUG-1")
        return cells.last.map { $0.split(separator: ",").map(String.init) } ?? []
    }

    @Test func appendListsTheProductsOwnAdditionalImagesFirst() throws {
        let (fixture, items) = try Self.fixture()
        let destination = try TemporaryDirectory()
        let summary = try Export.run(fixture.request(.merchantCenter, into: destination.path, items: items))
        let generated = items.compactMap(\.publicURL).sorted()
        #expect(try Self.tsvLinks(destination) == Self.own + generated)
        #expect(summary.exportedCount == 2)
    }

    @Test func replaceListsOnlyTheGeneratedImages() throws {
        let (fixture, items) = try Self.fixture()
        let destination = try TemporaryDirectory()
        var request = fixture.request(.merchantCenter, into: destination.path, items: items)
        request.merchantImages = .replace
        _ = try Export.run(request)
        #expect(try Self.tsvLinks(destination) == items.compactMap(\.publicURL).sorted())
    }

    @Test func lifestyleAppendsToTheOwnLifestyleImages() throws {
        let (fixture, items) = try Self.fixture()
        let destination = try TemporaryDirectory()
        var request = fixture.request(.merchantCenter, into: destination.path, items: items)
        request.merchantImageAttribute = .lifestyleImageLink
        _ = try Export.run(request)
        let links = try Self.tsvLinks(destination)
        #expect(links.first == "https://shop.example.com/kitchen.jpg" && links.count == 3)
    }

    @Test func theOwnImagesCountTowardsGooglesTen() throws {
        var (fixture, items) = try Self.fixture()
        items = items.map {
            var item = $0
            item.listing?.additionalImageLinks = (1...9).map { "https://shop.example.com/\($0).jpg" }
            return item
        }
        let destination = try TemporaryDirectory()
        let summary = try Export.run(fixture.request(.merchantCenter, into: destination.path, items: items))
        #expect(try Self.tsvLinks(destination).count == 10)
        #expect(summary.exportedCount == 1)
        #expect(summary.violations.map(\.rule) == [.tooManyImages])
        #expect(summary.violations.first?.reason.contains("(9 of them the product's own)") == true)
    }

    static func shopifyRows(_ destination: TemporaryDirectory) throws -> [[String]] {
        let csv = try String(contentsOf: destination.url("shopify-images.csv"), encoding: .utf8)
        return csv.split(separator: "\r\n").dropFirst().map { line in
            // No cell here holds a comma or a quote.
            line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func shopifyUsesTheHandleAndPutsGeneratedImagesAfterTheOwn() throws {
        let (fixture, items) = try Self.fixture()
        let destination = try TemporaryDirectory()
        _ = try Export.run(fixture.request(.shopify, into: destination.path, items: items))
        let rows = try Self.shopifyRows(destination)
        #expect(rows.allSatisfy { $0[0] == "classic-mug" })
        #expect(rows.map { $0[3] } == ["1", "2", "3", "4", "5", "6"])
        #expect(
            rows.map { $0[2] } == ["https://shop.example.com/mug-main.jpg"] + Self.own
                + items.compactMap(\.publicURL).sorted())
        #expect(rows[0][1] == "Mug" && rows.dropFirst().allSatisfy { $0[1].isEmpty })
        #expect(rows[4][4] == "Mug on marble" && rows[5][4] == "Mug on winter")
    }

    @Test func shopifyFirstPutsTheGeneratedImagesInFront() throws {
        let (fixture, items) = try Self.fixture()
        let destination = try TemporaryDirectory()
        var request = fixture.request(.shopify, into: destination.path, items: items)
        request.shopifyPosition = .first
        _ = try Export.run(request)
        let rows = try Self.shopifyRows(destination)
        #expect(
            rows.map { $0[2] } == items.compactMap(\.publicURL).sorted() + ["https://shop.example.com/mug-main.jpg"]
                + Self.own)
    }
}
