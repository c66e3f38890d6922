import Foundation
import Synchronization

/// Batches handed from the thread that makes them to a thread of its own that consumes them,
/// in order: reading a feed keeps one core busy, and what follows (writing JSON, comparing jobs
/// with the store) nearly another, so on two cores they overlap instead of taking turns. At most
/// `capacity` batches wait, so memory is bounded by the batch, not the feed.
///
/// Once `consume` throws, it is not called again: the next `put` (or `finish`) throws that
/// error, so the producer stops at once instead of making what nobody will consume.
public final class BatchHandOff<Element: Sendable>: Sendable {
    private struct State {
        var batches: [[Element]] = []
        var closed = false
        var failure: (any Error)?
    }

    /// What the consuming thread runs, until it takes them: held here, not by the thread's
    /// closure, so they are released before `finish` returns (see `init`).
    private struct Work {
        var consume: @Sendable (consuming [Element]) throws -> Void
        var end: @Sendable () -> Void
    }

    private let state = Mutex(State())
    private let work: Mutex<Work?>
    private let queued = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore
    private let consumed = DispatchSemaphore(value: 0)

    /// Starts the consuming thread, `name` as its name. `consume` runs there, batch by batch, and
    /// `end` once after the last (even when `consume` failed); nothing else runs on it. Each
    /// batch is handed over, not shared: `consume` may take its elements apart without copies.
    ///
    /// Both closures, and what they capture, are released before `finish` returns. A `Thread`
    /// keeps its closure until the thread has ended, after `finish`: a plan's comparing thread
    /// then still held the store when `plan` exited, and SQLite's `-wal` and `-shm` files were
    /// left in the output folder.
    public init(
        capacity: Int, name: String, consume: @escaping @Sendable (consuming [Element]) throws -> Void,
        end: @escaping @Sendable () -> Void = {}
    ) {
        room = DispatchSemaphore(value: max(1, capacity))
        work = Mutex(Work(consume: consume, end: end))
        let thread = Thread { [self] in
            runWork()
            consumed.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Queues `batch`, waiting while `capacity` batches are queued; throws what `consume` threw.
    /// Only before `finish`: no thread is left to consume what comes after.
    public func put(_ batch: [Element]) throws {
        let (closed, failure) = state.withLock { ($0.closed, $0.failure) }
        precondition(!closed, "BatchHandOff.put after finish")
        if let failure { throw failure }
        room.wait()
        state.withLock { $0.batches.append(batch) }
        queued.signal()
    }

    /// How many batches wait for the consuming thread: how far it is behind the producer.
    public var waitingCount: Int {
        state.withLock { $0.batches.count }
    }

    /// Waits until every queued batch is consumed (and `end` has run); throws what `consume`
    /// threw. Call it also when the producer stops early on an error of its own: until then the
    /// consuming thread waits for more. A second call returns (or throws) as the first did.
    public func finish() throws {
        let isFirst = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        if isFirst { queued.signal() }
        consumed.wait()
        consumed.signal()
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// Takes the closures out of `work`; they are released as this returns, before `finish` can.
    private func runWork() {
        guard let work = work.withLock({ $0.take() }) else { return }
        consumeAll(work.consume)
        work.end()
    }

    /// One wake-up per batch, and one more for `finish`, which finds the queue empty once every
    /// batch before it is consumed.
    private func consumeAll(_ consume: (consuming [Element]) throws -> Void) {
        while true {
            queued.wait()
            let next = state.withLock { $0.batches.isEmpty ? nil : $0.batches.removeFirst() }
            guard let next else { return }
            room.signal()
            guard state.withLock({ $0.failure == nil }) else { continue }
            do {
                try consume(next)
            } catch {
                state.withLock { $0.failure = error }
            }
        }
    }
}
