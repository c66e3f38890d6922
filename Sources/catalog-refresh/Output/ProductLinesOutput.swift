import CatalogModel
import Foundation
import Synchronization

/// Products to standard output as JSON Lines, written on a thread of its own: reading a feed
/// into products keeps one core busy and writing their JSON nearly another, so on two cores
/// they overlap instead of taking turns. The queue between them holds a few batches at most, so
/// memory stays bounded by the batch, not the feed, and the lines keep the products' order.
final class ProductLinesOutput {
    /// About 200 KB of CSV a batch: a hand-over wakes the writer (a futex call, microseconds),
    /// which at a hundred products a batch was 2% of the reading thread's time.
    private static let batchSize = 512
    private var batch: [Product] = []
    private let handOff: BatchHandOff<Product>

    init() {
        batch.reserveCapacity(Self.batchSize)
        let writer = LinesWriter()
        handOff = BatchHandOff(
            capacity: 4, name: "catalog-refresh feed output", consume: writer.write, end: writer.flush)
    }

    func append(_ product: Product) {
        batch.append(product)
        if batch.count == Self.batchSize {
            // Writing lines never throws, so neither does handing them over.
            try? handOff.put(batch)
            batch = []
            batch.reserveCapacity(Self.batchSize)
        }
    }

    /// Hands over the last batch and waits until every line is written. Call it once, before
    /// anything is printed to standard error, so messages follow the lines they concern.
    func finish() {
        if !batch.isEmpty { try? handOff.put(batch) }
        batch = []
        try? handOff.finish()
    }
}

/// The writing thread's output, buffered; used only there (the lock is never contended).
private final class LinesWriter: Sendable {
    private let output = Mutex(BufferedOutput())

    func write(_ products: [Product]) {
        output.withLock { output in
            // By index: `for product in products` would copy each product out, a retain per field.
            for index in products.indices { output.append { ProductJSONLines.append(products[index], to: &$0) } }
        }
    }

    func flush() {
        output.withLock { $0.flush() }
    }
}
