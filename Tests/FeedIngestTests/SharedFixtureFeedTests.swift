import CatalogModel
import CatalogTestSupport
import FeedIngest
import Foundation
import Testing

/// The whole real feeds in `../shared/fixtures/feeds/` (not redistributable, so not copied in
/// full). CI lays `shared/` beside the clone; elsewhere these tests say they did not run.
struct SharedFixtureFeedTests {
    static let folder = RepositoryPaths.sharedFixtures?.appendingPathComponent("feeds")

    func read(_ name: String, maxInvalid: Int) throws -> ([Product], FeedReport)? {
        guard let folder = Self.folder else {
            print("SharedFixtureFeedTests: ../shared/fixtures/feeds is absent; \(name) was not checked")
            return nil
        }
        var products: [Product] = []
        let report = try FeedFile.read(
            atPath: folder.appendingPathComponent(name).path, displayName: name,
            options: FeedOptions(maxInvalidRows: maxInvalid)
        ) { products.append($0) }
        return (products, report)
    }

    @Test func importPCRSS() throws {
        guard let (products, report) = try read("gmc-rss-importpc.xml", maxInvalid: 1) else { return }
        #expect(products.count == 1254)
        #expect(report.rejected == [RejectedRecord(line: 2, item: 1008, reason: "duplicate id `BC-FU-LI3560`")])
        #expect(
            products.reduce(0) { $0 + $1.additionalImageLinks.count } == 4302 - 4,
            "item 1008's four are dropped with it")
        #expect(products.filter { $0.additionalImageLinks.isEmpty }.count == 205)
    }

    @Test func bigCommerceAtom() throws {
        guard let (products, report) = try read("gmc-atom-bigcommerce.xml", maxInvalid: 4) else { return }
        #expect(products.count == 953)
        #expect(Set(report.rejected.compactMap(\.item)) == [43, 283, 637, 762])
    }

    @Test func lakeErieTSV() throws {
        guard let (products, _) = try read("gmc-tsv-lakeerie.tsv", maxInvalid: 0) else { return }
        #expect(products.count == 160)
        #expect(Set(products.map(\.itemGroupID)).count == 23)
    }

    @Test func stateTrooperShopifyExport() throws {
        guard let (products, report) = try read("shopify-export-statetrooper.csv", maxInvalid: 1) else { return }
        #expect(products.count == 7)
        #expect(report.rejected.count == 1 && report.rejected[0].reason.hasSuffix("has no image link"))
        let wax = try #require(products.first { $0.id == "mustache-wax" })
        #expect(wax.additionalImageLinks.count == 25)
    }

    @Test func fsStorageMeta() throws {
        guard let (products, _) = try read("meta-catalog-fsstorage.csv", maxInvalid: 0) else { return }
        #expect(products.count == 271)
        #expect(products.reduce(0) { $0 + $1.additionalImageLinks.count } == 1221)
    }

    @Test func theWrongNamespaceAndMalformedFeedsAreRefused() throws {
        guard let folder = Self.folder else { return }
        for (name, expected) in [
            ("gmc-rss-wrong-namespace.xml", "bound to http://google.com"),
            ("gmc-rss-airfeel-malformed.xml", ":13:92: not well-formed XML"),
        ] {
            let error = #expect(throws: FeedError.self) {
                try FeedFile.read(
                    atPath: folder.appendingPathComponent(name).path, displayName: name, options: FeedOptions()
                ) { _ in }
            }
            #expect(error?.description.contains(expected) == true, "\(name): \(String(describing: error))")
        }
    }
}
