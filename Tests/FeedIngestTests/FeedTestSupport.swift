import CatalogModel
import CatalogTestSupport
import FeedIngest
import Foundation

/// Reads `bytes` through the front door in chunks of `chunkSize`.
func ingest(
    _ bytes: [UInt8], options: FeedOptions = FeedOptions(), chunkSize: Int = 1 << 16
) throws -> ([Product], FeedReport) {
    let reader = FeedReader(feedName: "feed", options: options)
    var products: [Product] = []
    try forEachChunk(of: bytes, size: chunkSize) { try reader.consume($0) { products.append($0) } }
    try reader.finish { products.append($0) }
    return (products, reader.report)
}

func ingest(
    _ text: String, options: FeedOptions = FeedOptions(), chunkSize: Int = 1 << 16
) throws -> ([Product], FeedReport) {
    try ingest(Array(text.utf8), options: options, chunkSize: chunkSize)
}

func ingestFixture(_ name: String, options: FeedOptions = FeedOptions()) throws -> ([Product], FeedReport) {
    var products: [Product] = []
    let report = try FeedFile.read(
        atPath: RepositoryPaths.fixture("feeds/\(name)"), displayName: name, options: options
    ) {
        products.append($0)
    }
    return (products, report)
}
