import CatalogModel
import CatalogTestSupport
import FeedIngest
import Foundation
import Testing

/// Every product the readers make from the example feeds and a generated Shopify export, whole
/// (source line and attributes included), against baselines recorded before the reader was
/// tuned for speed: a faster reader must make the same products, chunk boundaries anywhere.
@Suite(.offThePool)
struct FeedProductsGoldenTests {
    /// Every example feed, the malformed ones included (their error is the baseline).
    static let fixtures: [String] = {
        let names = try? FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.fixture("feeds"))
        return (names ?? []).filter { $0.hasSuffix(".csv") || $0.hasSuffix(".tsv") || $0.hasSuffix(".xml") }.sorted()
    }()

    /// The products as sorted-key JSON, one a line, then the report's rejections.
    static func describe(_ bytes: [UInt8], chunkSize: Int) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let (products, report) = try ingest(
                bytes, options: FeedOptions(maxInvalidRows: 100_000), chunkSize: chunkSize)
            var lines = try products.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            lines.append("products: \(report.productsRead), rejected: \(report.rejectedCount)")
            lines += report.rejected.map { "rejected: \($0.line) \($0.item.map(String.init) ?? "-") \($0.reason)" }
            lines.append("attributes: \((report.attributeNames ?? []).joined(separator: "|"))")
            return lines.joined(separator: "\n") + "\n"
        } catch {
            return "error: \(error)\n"
        }
    }

    static func check(_ bytes: [UInt8], golden name: String) {
        let whole = describe(bytes, chunkSize: 1 << 16)
        #expect(Golden.mismatch(whole, named: name) == nil, "\(Golden.mismatch(whole, named: name) ?? "")")
        #expect(describe(bytes, chunkSize: 7) == whole, "\(name): 7-byte chunks differ from whole reads")
    }

    @Test(arguments: fixtures)
    func fixtureFeedMakesTheRecordedProducts(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.fixture("feeds/\(name)"))))
        Self.check(bytes, golden: "products/\(name).txt")
    }

    @Test func generatedShopifyExportMakesTheRecordedProducts() {
        Self.check(Array(VariedShopifyCSV.make(products: 400).utf8), golden: "products/varied-shopify.csv.txt")
    }
}
