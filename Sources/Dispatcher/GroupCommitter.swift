import AssetStorage
import CatalogModel
import JobStore
import Synchronization

/// Commits job transitions in groups: a transition waits up to `window` for others, then all of
/// them are committed in one SQLite transaction and every waiter resumes. The write-ahead rule
/// holds for each job (its caller acts only after `commit` returns, when the row is durable);
/// what a group saves is the fsync, the WAL frames and the locks per transition that dominated
/// the dispatcher's own CPU time. The window costs each step at most that much latency, which
/// is nothing against tasks that take seconds. A group of `maxGroup` is committed at once: at
/// a high rate, waiting out the window would only cap the steps per window.
///
/// Results are grouped the same way: a step that records a stored result brings the result
/// staged, and the group's files are put in place durably (`AssetStorage.publish`, one wait on
/// the disk for all) before the rows that say so are committed.
///
/// A step that something idle waits for (a free slot waiting for the next job's key, or the
/// run's end waiting for its last results) is `urgent`: its group is committed as soon as the
/// storage thread can take it, with whatever steps have joined by then, not after the window.
/// The window saves fsyncs when steps keep coming; when nothing else can join it is only the
/// slot's (or the run's) idle time.
///
/// Every flush (and the window's timer that starts one) runs on `executor`, a thread of its
/// own (`ThreadExecutor.storage`), and resumes its waiters from there: the SQLite commit and the fsyncs
/// block that thread, never one of the cooperative pool's that the dispatch and HTTP run on.
final class GroupCommitter: Sendable {
    private struct Waiter {
        var transition: JobTransition
        var staged: StagedAsset?
        var continuation: CheckedContinuation<Void, any Error>
    }

    /// What waits, under a lock rather than in an actor: every step of every job commits here,
    /// and a call into an actor would cost two executor switches.
    private struct Queue {
        var waiting: [Waiter] = []
        var flushScheduled = false
        /// A flush that takes the group as soon as the storage thread runs it is on its way.
        var urgentFlushScheduled = false
        /// Counts flushes (one transaction each), so that a window's timer does not flush a
        /// later group early.
        var flushes = 0

        /// Takes the waiting group out for one flush.
        mutating func take() -> [Waiter] {
            flushes += 1
            flushScheduled = false
            urgentFlushScheduled = false
            defer { waiting = [] }
            return waiting
        }
    }

    private enum Next {
        case wait
        case flush([Waiter])
        case flushLater(after: Int)
        /// Take the group on the storage thread, whatever has joined it by then.
        case flushSoon
    }

    private let store: JobStore
    private let storage: any AssetStorage
    private let clock: AnyClock
    private let window: Duration
    private let maxGroup: Int
    /// Where flushes and the window's timer run: the storage thread, one at a time, in order.
    private let executor: any TaskExecutor
    private let queue = Mutex(Queue())

    init(
        store: JobStore, storage: any AssetStorage, clock: AnyClock, window: Duration, maxGroup: Int = 32,
        executor: any TaskExecutor = ThreadExecutor.storage
    ) {
        self.store = store
        self.storage = storage
        self.clock = clock
        self.window = window
        self.maxGroup = max(1, maxGroup)
        self.executor = executor
    }

    /// Transactions so far (tests check that steps do share them).
    var transactions: Int { queue.withLock(\.flushes) }

    /// Returns once `transition` is committed, and `staged` (the result it records) durably in
    /// place before it; throws what the storage or the store reported for them. `urgent`: the
    /// group does not wait out the window (something idle waits for this step).
    func commit(
        _ transition: JobTransition, publishing staged: StagedAsset? = nil, urgent: Bool = false
    ) async throws {
        try await withCheckedThrowingContinuation { continuation in
            let next = queue.withLock { queue -> Next in
                queue.waiting.append(Waiter(transition: transition, staged: staged, continuation: continuation))
                if window <= .zero || queue.waiting.count >= maxGroup { return .flush(queue.take()) }
                if urgent {
                    guard !queue.urgentFlushScheduled else { return .wait }
                    queue.urgentFlushScheduled = true
                    return .flushSoon
                }
                guard !queue.flushScheduled else { return .wait }
                queue.flushScheduled = true
                return .flushLater(after: queue.flushes)
            }
            // Not children of any job's task: a dispatch stopping on a signal still records what
            // its jobs reached.
            switch next {
            case .wait: break
            case .flush(let group): Task(executorPreference: executor) { self.commit(group) }
            case .flushSoon:
                Task(executorPreference: executor) {
                    let group = self.queue.withLock { queue in queue.waiting.isEmpty ? nil : queue.take() }
                    if let group { self.commit(group) }
                }
            case .flushLater(let flushes):
                let (clock, deadline) = (self.clock, self.clock.now.advanced(by: window))
                Task(executorPreference: executor) {
                    try? await clock.sleep(until: deadline)
                    let group = self.queue.withLock { queue in queue.flushes == flushes ? queue.take() : nil }
                    if let group { self.commit(group) }
                }
            }
        }
    }

    /// Publishes the group's results, commits its rows in one transaction and resumes every waiter.
    private func commit(_ waiters: [Waiter]) {
        let group = published(waiters)
        do {
            let results = try store.commit(group.map(\.transition))
            for (waiter, result) in zip(group, results) {
                waiter.continuation.resume(with: result.mapError { $0 })
            }
        } catch {
            for waiter in group { waiter.continuation.resume(throwing: error) }
        }
    }

    /// Puts the group's staged results in place and returns the waiters whose rows may now be
    /// committed; those whose result could not be stored hear why and are left out.
    private func published(_ group: [Waiter]) -> [Waiter] {
        let staged = group.compactMap(\.staged)
        guard !staged.isEmpty else { return group }
        let outcomes = Dictionary(
            zip(staged.map(\.temporaryPath), storage.publish(staged)), uniquingKeysWith: { first, _ in first })
        return group.filter { waiter in
            guard let staged = waiter.staged else { return true }
            switch outcomes[staged.temporaryPath] {
            case .success: return true
            case .failure(let error): waiter.continuation.resume(throwing: error)
            case nil:
                waiter.continuation.resume(
                    throwing: AssetStorageError(path: staged.asset.path, reason: "the storage did not put it in place"))
            }
            return false
        }
    }
}
