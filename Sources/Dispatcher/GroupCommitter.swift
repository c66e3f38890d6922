import JobStore

/// Commits job transitions in groups: a transition waits up to `window` for others, then all of
/// them are committed in one SQLite transaction and every waiter resumes. The write-ahead rule
/// holds for each job (its caller acts only after `commit` returns, when the row is durable);
/// what a group saves is the fsync, the WAL frames and the locks per transition that dominated
/// the dispatcher's own CPU time. The window costs each step at most that much latency, which
/// is nothing against tasks that take seconds.
actor GroupCommitter {
    private let store: JobStore
    private let clock: any DispatchClock
    private let window: Duration
    /// Where the flush runs: the dispatch's own executor, so the store is used from one thread.
    private let executor: (any TaskExecutor)?
    private var waiting: [(transition: JobTransition, continuation: CheckedContinuation<Void, any Error>)] = []
    private var flushScheduled = false
    /// Transactions so far (tests check that steps do share them).
    private(set) var transactions = 0

    init(store: JobStore, clock: any DispatchClock, window: Duration, executor: (any TaskExecutor)?) {
        self.store = store
        self.clock = clock
        self.window = window
        self.executor = executor
    }

    /// Returns once `transition` is committed; throws what the store reported for it.
    func commit(_ transition: JobTransition) async throws {
        guard window > .zero else {
            transactions += 1
            try store.commit([transition])[0].get()
            return
        }
        try await withCheckedThrowingContinuation { continuation in
            waiting.append((transition, continuation))
            guard !flushScheduled else { return }
            flushScheduled = true
            let (clock, window) = (self.clock, self.window)
            // Not a child of any job's task: a dispatch stopping on a signal still records
            // what its jobs reached.
            Task(executorPreference: executor) {
                try? await clock.sleep(for: window)
                await self.flush()
            }
        }
    }

    private func flush() {
        let group = waiting
        waiting = []
        flushScheduled = false
        transactions += 1
        do {
            let results = try store.commit(group.map(\.transition))
            for (waiter, result) in zip(group, results) {
                waiter.continuation.resume(with: result.mapError { $0 })
            }
        } catch {
            for waiter in group { waiter.continuation.resume(throwing: error) }
        }
    }
}
