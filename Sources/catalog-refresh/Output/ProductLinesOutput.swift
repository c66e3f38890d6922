import CatalogModel
import Dispatch
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
    private let queue = ProductBatchQueue(capacity: 4)

    init() {
        batch.reserveCapacity(Self.batchSize)
        let queue = queue
        let thread = Thread { queue.writeAll() }
        thread.name = "catalog-refresh feed output"
        thread.start()
    }

    func append(_ product: Product) {
        batch.append(product)
        if batch.count == Self.batchSize {
            queue.put(batch)
            batch = []
            batch.reserveCapacity(Self.batchSize)
        }
    }

    /// Hands over the last batch and waits until every line is written. Call it once, before
    /// anything is printed to standard error, so messages follow the lines they concern.
    func finish() {
        if !batch.isEmpty { queue.put(batch) }
        batch = []
        queue.close()
    }
}

/// The hand-over between the reading thread and the writing one: `put` waits while `capacity`
/// batches are queued, `close` waits until the writer has written them all.
private final class ProductBatchQueue: Sendable {
    private struct State {
        var batches: [[Product]] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let queued = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore
    private let written = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        room = DispatchSemaphore(value: capacity)
    }

    func put(_ batch: [Product]) {
        room.wait()
        state.withLock { $0.batches.append(batch) }
        queued.signal()
    }

    func close() {
        state.withLock { $0.closed = true }
        queued.signal()
        written.wait()
    }

    /// The writer thread's loop: one wake-up per batch, and one more for `close`, which finds
    /// the queue empty once every batch before it is written.
    func writeAll() {
        let output = BufferedOutput()
        while true {
            queued.wait()
            let next = state.withLock { $0.batches.isEmpty ? nil : $0.batches.removeFirst() }
            guard let next else { break }
            room.signal()
            // By index: `for product in next` would copy each product out, a retain per field.
            for index in next.indices { output.append { ProductJSONLines.append(next[index], to: &$0) } }
        }
        output.flush()
        written.signal()
    }
}
