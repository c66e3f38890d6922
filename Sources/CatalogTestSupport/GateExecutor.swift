import Foundation
import Synchronization

/// A `TaskExecutor` of one thread that runs nothing until the test opens it: a test learns that
/// work was handed to it (`queued()` returns) before any of that work has run, so it can tell
/// work done on this executor from work done wherever the caller was.
public final class GateExecutor: TaskExecutor {
    private struct State {
        var jobs: [UnownedJob] = []
        var isOpen = false
        var queuedWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    public init() {
        let thread = Thread { [self] in runJobs() }
        thread.name = "gate executor"
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let waiters = state.withLock { state in
            state.jobs.append(job)
            defer { state.queuedWaiters = [] }
            return state.queuedWaiters
        }
        for waiter in waiters { waiter.resume() }
        wake.signal()
    }

    /// Returns once a job is waiting at the gate, or the gate is opened.
    public func queued() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                guard state.jobs.isEmpty, !state.isOpen else { return true }
                state.queuedWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Runs what waits and whatever comes until `close()`; wakes every `queued()` waiter.
    public func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.queuedWaiters = [] }
            return state.queuedWaiters
        }
        for waiter in waiters { waiter.resume() }
        wake.signal()
    }

    public func close() {
        state.withLock { $0.isOpen = false }
    }

    private func runJobs() -> Never {
        while true {
            wake.wait()
            while let job = state.withLock({ $0.isOpen && !$0.jobs.isEmpty ? $0.jobs.removeFirst() : nil }) {
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
    }
}
