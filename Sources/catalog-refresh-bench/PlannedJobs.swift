import CatalogModel
import FeedIngest
import Foundation
import PipelineSpec
import Planner

/// Every job the planner makes for a spec and its local feed, handed out in batches.
///
/// The one place the nightly benchmark touches the planner's API. It reads the feed as `plan`
/// and `run` do (the spec's feed options, links resolved against the feed's folder) and asks an
/// empty index, so every job comes out as new; the planner hands each batch on as it is
/// classified (`Planner.onBatch`) and keeps none, so memory is bounded by the batch.
enum PlannedJobs {
    /// Calls `body` with the jobs in feed order, at most about `batchSize` at a time; returns
    /// the products read.
    @discardableResult
    static func forEach(
        in spec: PipelineSpec, batchSize: Int = 10_000, _ body: ([Job]) throws -> Void
    ) throws -> Int {
        let source = spec.feed.source
        let linkBase = URL(fileURLWithPath: source).deletingLastPathComponent().path
        // The options `FeedLoader.options(for:)` gives `plan` and `run` (it lives in the CLI).
        let feed = spec.feed
        let options = FeedOptions(
            profile: FeedProfile(rawValue: feed.profile) ?? .auto, delimiter: feed.delimiter?.utf8.first,
            encoding: FeedEncoding(rawValue: feed.encoding) ?? .utf8, mapping: feed.mapping,
            itemElement: feed.itemElement, maxInvalidRows: feed.maxInvalidRows,
            maxInvalidPercent: feed.maxInvalidPercent)
        var planner = Planner(
            spec: spec, index: InMemoryFingerprintIndex(), linkBaseDirectory: linkBase, keeps: nil)
        planner.batchSize = batchSize
        var products = 0
        try withoutActuallyEscaping(body) { body in
            planner.onBatch = { batch in try body(batch.map(\.job)) }
            try FeedFile.read(atPath: source, options: options) { product in
                products += 1
                try planner.add(product)
            }
            _ = try planner.finish()
            planner.onBatch = nil
        }
        return products
    }
}
