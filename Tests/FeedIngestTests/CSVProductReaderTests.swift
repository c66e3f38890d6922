import CatalogModel
import CatalogTestSupport
import FeedIngest
import Foundation
import Testing

func readProducts(
    _ text: String, options: FeedOptions = FeedOptions(), chunkSize: Int = 1 << 16
) throws -> ([Product], FeedReport) {
    var reader = CSVProductReader(feedName: "feed.csv", options: options)
    var products: [Product] = []
    try forEachChunk(of: Array(text.utf8), size: chunkSize) { try reader.consume($0) { products.append($0) } }
    try reader.finish { products.append($0) }
    return (products, reader.report)
}

struct CSVProductReaderTests {
    @Test(arguments: [3, 1 << 16])
    func mapsGoogleNamedColumnsAndKeepsTheRestAsAttributes(chunkSize: Int) throws {
        let (products, report) = try readProducts(
            """
            ID, Title ,Image Link,additional_image_link,Brand,Fabric
            A-1,Mug,https://x.test/a.png,"https://x.test/b.png, https://x.test/c.png",Kiln,stoneware

            """, chunkSize: chunkSize)
        let product = try #require(products.first)
        #expect(product.id == "A-1")
        #expect(product.title == "Mug")
        #expect(product.imageLink == "https://x.test/a.png")
        #expect(product.additionalImageLinks == ["https://x.test/b.png", "https://x.test/c.png"])
        #expect(product.brand == "Kiln")
        #expect(product.attributes == ["fabric": "stoneware"])
        #expect(product.sourceLine == 2)
        #expect(report.productsRead == 1)
    }

    @Test func detectsTabAndSemicolonDelimiters() throws {
        let (tab, _) = try readProducts("id\ttitle\timage_link\nA\tMug, red\thttps://x.test/a.png\n")
        #expect(tab.first?.title == "Mug, red")
        let (semicolon, _) = try readProducts("id;title;image_link\nA;Mug, red;https://x.test/a.png\n")
        #expect(semicolon.first?.title == "Mug, red")
    }

    @Test func theSpecsMappingNamesTheColumns() throws {
        let (products, _) = try readProducts(
            "SKU,Name,Images\nW-1,Vneck,https://x.test/v.png\n",
            options: FeedOptions(mapping: ["id": "SKU", "title": "Name", "image_link": "Images"]))
        #expect(products.first?.id == "W-1")
        #expect(products.first?.title == "Vneck")
    }

    @Test func aMappingToAMissingColumnSaysWhichColumnsExist() {
        #expect(
            throws: FeedError.missingColumn(
                feed: "feed.csv", line: 1, field: "id", column: "SKU", available: ["id", "title"])
        ) {
            try readProducts("id,title\n1,x\n", options: FeedOptions(mapping: ["id": "SKU"]))
        }
    }

    @Test func aFeedWithoutAnIDColumnIsRefused() {
        #expect(
            throws: FeedError.missingColumn(
                feed: "feed.csv", line: 1, field: "id", column: "id", available: ["sku", "title"])
        ) {
            try readProducts("sku,title\n1,x\n")
        }
    }

    @Test func badRowsAreFatalByDefault() {
        let feed = "id,title,image_link\n1,a,https://x.test/1.png\n,b,https://x.test/2.png\n"
        #expect(
            throws: FeedError.tooManyInvalidRows(
                feed: "feed.csv", rejected: [RejectedRecord(line: 3, reason: "the row has no id")], limit: 0)
        ) {
            try readProducts(feed)
        }
    }

    @Test func badRowsWithinTheBudgetAreReportedAndSkipped() throws {
        let feed = """
            id,title,image_link
            1,a,https://x.test/1.png
            ,b,https://x.test/2.png
            1,dup,https://x.test/3.png
            4,no image,
            5,e,https://x.test/5.png

            """
        let (products, report) = try readProducts(feed, options: FeedOptions(maxInvalidRows: 3))
        #expect(products.map(\.id) == ["1", "5"])
        #expect(
            report.rejected == [
                RejectedRecord(line: 3, reason: "the row has no id"),
                RejectedRecord(line: 4, reason: "duplicate id `1`"),
                RejectedRecord(line: 5, reason: "product `4` has no image link"),
            ])
        #expect(throws: FeedError.self) { try readProducts(feed, options: FeedOptions(maxInvalidRows: 2)) }
    }

    @Test func aPercentageBudgetIsCheckedOverTheWholeFeed() throws {
        let feed =
            "id,title,image_link\n" + (1...9).map { "\($0),t,https://x.test/\($0).png" }.joined(separator: "\n")
            + "\n,bad,\n"
        let (products, report) = try readProducts(feed, options: FeedOptions(maxInvalidPercent: 10))
        #expect(products.count == 9 && report.rejected.count == 1)
        let error = #expect(throws: FeedError.self) {
            try readProducts(feed, options: FeedOptions(maxInvalidPercent: 5))
        }
        #expect(
            error?.description.hasSuffix(
                "1 of 10 records were rejected, more than the 5% the spec allows (feed.max_invalid_percent)") == true)
    }

    @Test func anEmptyFeedIsAnError() {
        #expect(throws: FeedError.empty(feed: "feed.csv")) { try readProducts("") }
        #expect(throws: FeedError.empty(feed: "feed.csv")) { try readProducts("\n\n") }
    }

    @Test func aHeaderWithoutLineEndStillParses() throws {
        let (products, _) = try readProducts("id,title,image_link")
        #expect(products.isEmpty)
    }

    @Test func malformedCSVNamesTheFeedAndLine() {
        #expect(throws: FeedError.syntax(feed: "feed.csv", CSVSyntaxError(reason: .unterminatedQuote, line: 2))) {
            try readProducts("id,title,image_link\n1,\"open,https://x.test/1.png\n")
        }
    }

    @Test func errorMessagesAreOneLineAndSayWhatToDo() {
        let error = FeedError.tooManyInvalidRows(
            feed: "feeds/x.csv",
            rejected: [RejectedRecord(line: 4, reason: "the row has no id"), RejectedRecord(line: 9, reason: "x")],
            limit: 1)
        #expect(
            error.description
                == "feeds/x.csv:4: the row has no id (and 1 more rejected records); the spec allows 1 invalid records (feed.max_invalid_rows)"
        )
    }

    /// A feed rejected row by row under a percentage budget keeps the first rejections whole
    /// and counts the rest, so memory does not grow with the feed.
    @Test func rejectionsBeyondTheKeptOnesAreCountedNotKept() throws {
        var text = "id,title,image_link\n"
        for index in 0..<3_000 { text += index % 2 == 0 ? "\(index),t,https://x.test/\(index).png\n" : ",t,\n" }
        let (products, report) = try ingest(text, options: FeedOptions(maxInvalidPercent: 60))
        #expect(products.count == 1_500)
        #expect(report.rejectedCount == 1_500 && report.rejected.count == FeedReport.keptRejections)
        #expect(report.rejected.first?.line == 3)
        #expect(report.rejectionsByKind == ["the row has no id": 1_500])
        #expect(throws: FeedError.self) { try ingest(text, options: FeedOptions(maxInvalidPercent: 40)) }
        do {
            _ = try ingest(text, options: FeedOptions(maxInvalidPercent: 40))
        } catch let error as FeedError {
            #expect(error.description.contains("1500 of 3000 records were rejected"))
        }
    }

    @Test func feedFileReportsMissingFilesAndDirectories() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: FeedError.cannotOpen(feed: "nope.csv", reason: "no such file")) {
            try FeedFile.read(
                atPath: directory.url("nope.csv").path, displayName: "nope.csv", options: FeedOptions()
            ) { _ in }
        }
        #expect(throws: FeedError.cannotOpen(feed: "dir", reason: "it is a directory")) {
            try FeedFile.read(atPath: directory.path, displayName: "dir", options: FeedOptions()) { _ in }
        }
    }

    @Test func theQuickstartFeedReadsSixProducts() throws {
        var products: [Product] = []
        let report = try FeedFile.read(
            atPath: RepositoryPaths.fixture("feeds/quickstart.csv"), options: FeedOptions()
        ) {
            products.append($0)
        }
        #expect(products.map(\.id) == ["MUG-001", "LAMP-014", "SNKR-220", "BAG-310", "WTCH-042", "POT-007"])
        #expect(products[0].title == "Stoneware Coffee Mug, 12 oz")
        #expect(products[0].imageLink == "../images/mug.png")
        #expect(products[0].attributes == [:])
        #expect(products[0].color == "red")
        #expect(report.rejected.isEmpty)
    }
}
