import CatalogModel
import CatalogTestSupport
import FeedIngest
import Foundation
import Testing

struct FeedProfileTests {
    @Test func shopifyRowsFoldIntoOneProductPerHandleWithOrderedImages() throws {
        let (products, report) = try ingestFixture("shopify-product-template.csv")
        #expect(report.profile == .shopify)
        #expect(products.map(\.id) == ["example-shirt", "example-pants", "example-hat"])
        let shirt = try #require(products.first)
        #expect(shirt.title == "Example T-Shirt" && shirt.brand == "Acme" && shirt.productType == "Shirts")
        #expect(shirt.price == "25" && shirt.mpn == "SRT_COT_111")
        #expect(shirt.imageLink == "https://burst.shopifycdn.com/photos/tshirts.jpg?width=1500")
        #expect(
            shirt.additionalImageLinks == [
                "https://burst.shopifycdn.com/photos/blank-colored-t-shirts.jpg?width=1500",
                "https://burst.shopifycdn.com/photos/green-t-shirt.jpg?width=1500",
                "https://burst.shopifycdn.com/photos/cobalt-blue-t-shirt.jpg?width=1500",
                "https://burst.shopifycdn.com/photos/grey-t-shirt.jpg?width=1500",
                "https://burst.shopifycdn.com/photos/purple-t-shirt.jpg?width=1500",
            ])
        // Four images, including the image-only row, and no duplicates from variant images.
        #expect(products[1].additionalImageLinks.count == 3)
        #expect(products[2].additionalImageLinks.isEmpty)
    }

    @Test func shopifyPositionsOrderImagesAndHandlesWithoutImagesAreRejected() throws {
        let csv = """
            Handle,Title,Image Src,Image Position,Variant SKU
            a,First,https://x.test/a2.png,2,A
            a,,https://x.test/a1.png,1,
            b,No images,,,B
            c,Third,https://x.test/c.png,1,C

            """
        let (products, report) = try ingest(csv, options: FeedOptions(maxInvalidRows: 1))
        #expect(products.map(\.id) == ["a", "c"])
        #expect(
            products[0].imageLink == "https://x.test/a1.png"
                && products[0].additionalImageLinks == ["https://x.test/a2.png"])
        #expect(report.rejected == [RejectedRecord(line: 4, reason: "product `b` has no image link")])
    }

    @Test func metaTemplateWithBOMCommentRowAndCRLF() throws {
        let (products, report) = try ingestFixture("meta-catalog-template.csv")
        #expect(report.rejected.isEmpty)
        let product = try #require(products.first)
        #expect(products.count == 1)
        #expect(product.id == "1234567" && product.title == "Toy Cat" && product.brand == "Facebook")
        #expect(
            product.imageLink
                == "https://content.pancake.vn/2-24/2024/12/2/04fdaddf1a37e35bf7f347c175614a87aa986d85.webp")
        #expect(product.gtin == "8.80609E+12", "spreadsheet damage is kept as it is")
        #expect(product.attributes["product_tags[0]"] != nil)
    }

    @Test func metaFeedKeepsHTMLReferencesLiteralAndSplitsImageLists() throws {
        let (products, _) = try ingestFixture("meta-catalog-fsstorage-excerpt.csv")
        #expect(products.map(\.id) == ["10037", "10037-2", "10046", "344233"])
        #expect(products[3].title.contains("&#32353;"), "CSV has no entities")
        #expect(products.allSatisfy { !$0.imageLink.isEmpty })
        #expect(products.contains { $0.additionalImageLinks.count > 1 })
    }

    @Test func woocommerceNeedsTheSpecsMapping() throws {
        let options = FeedOptions(mapping: ["id": "SKU", "title": "Name", "image_link": "Images"], maxInvalidRows: 100)
        let (products, _) = try ingestFixture("woocommerce-sample-products.csv", options: options)
        let vneck = try #require(products.first { $0.id == "woo-vneck-tee" })
        #expect(vneck.title == "V-Neck T-Shirt")
    }

    @Test func gzipIsDetectedByItsMagicBytes() throws {
        let directory = try TemporaryDirectory()
        let plain = try directory.write(
            "id,title,image_link\n"
                + (1...2000).map { "P\($0),Product \($0),https://x.test/\($0).png" }.joined(separator: "\n"),
            to: "feed.csv")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", plain]
        try gzip.run()
        gzip.waitUntilExit()
        let compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: plain + ".gz")))
        for chunk in [1, 100, 1 << 16] {
            let (products, report) = try ingest(compressed, chunkSize: chunk)
            #expect(products.count == 2000 && products.last?.id == "P2000", "chunk \(chunk)")
            #expect(report.bytesRead == compressed.count)
        }
        let truncated = Array(compressed.prefix(compressed.count / 2))
        #expect(throws: FeedError.self) { try ingest(truncated) }
        var corrupted = compressed
        corrupted[compressed.count / 2] ^= 0xFF
        corrupted[compressed.count / 2 + 1] ^= 0xFF
        #expect(throws: FeedError.self) { try ingest(corrupted) }
    }

    @Test(arguments: [
        (FeedEncoding.windows1252, "Caf\u{E9} \u{201C}quoted\u{201D} \u{20AC}5"),
        (.iso88591, "Caf\u{E9} \u{93}quoted\u{94} \u{80}5"),
    ])
    func singleByteEncodingsAreTranscoded(encoding: FeedEncoding, expected: String) throws {
        let bytes =
            Array("id,title,image_link\nA,Caf".utf8) + [0xE9, 0x20, 0x93] + Array("quoted".utf8) + [0x94, 0x20, 0x80]
            + Array("5,https://x.test/a.png\n".utf8)
        let (products, _) = try ingest(bytes, options: FeedOptions(encoding: encoding), chunkSize: 3)
        #expect(products.first?.title == expected)
        // Undeclared, the same bytes are invalid UTF-8 with their line.
        #expect(throws: FeedError.syntax(feed: "feed", CSVSyntaxError(reason: .invalidUTF8, line: 2))) {
            try ingest(bytes)
        }
    }

    @Test func invalidImageLinksAreRejected() throws {
        let csv =
            "id,title,image_link\nA,a,https://candy dream.jpg\nB,b,https://\nC,c,ftp://x.test/c.png\nD,d,https://x.test/d.png\n"
        let (products, report) = try ingest(csv, options: FeedOptions(maxInvalidRows: 3))
        #expect(products.map(\.id) == ["D"])
        #expect(report.rejected.map(\.line) == [2, 3, 4])
    }
}
