import Foundation
import Synchronization

/// A `TaskExecutor` of one thread that knows when the work it watches is all done: no job
/// queued or running, and no outside work (an HTTP request, `beginWork`…`endWork`) whose answer
/// will come back to it. `ClockDriver` runs code under test on it and moves its clock only then.
public final class WatchedExecutor: TaskExecutor {
    private struct State {
        var jobs: [UnownedJob] = []
        /// Jobs queued or running, plus outside work begun and not ended.
        var busy = 0
        var stopped = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let jobsWaiting = DispatchSemaphore(value: 0)

    public init() {
        let thread = Thread { [self] in runJobs() }
        thread.name = "watched executor"
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        state.withLock {
            $0.jobs.append(job)
            $0.busy += 1
        }
        jobsWaiting.signal()
    }

    /// Work outside the executor (a request on the network) that will resume a task on it.
    public func beginWork() {
        state.withLock { $0.busy += 1 }
    }

    public func endWork() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.busy -= 1
            guard state.busy == 0 else { return [] }
            defer { state.idleWaiters = [] }
            return state.idleWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once nothing is queued, running or outside.
    public func idle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                guard state.busy > 0 else { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Lets the thread end once the jobs queued are done.
    public func stop() {
        state.withLock { $0.stopped = true }
        jobsWaiting.signal()
    }

    private func runJobs() {
        while true {
            jobsWaiting.wait()
            let job = state.withLock { state -> UnownedJob? in
                state.jobs.isEmpty ? nil : state.jobs.removeFirst()
            }
            guard let job else {
                if state.withLock(\.stopped) { return }
                continue
            }
            job.runSynchronously(on: asUnownedTaskExecutor())
            endWork()
        }
    }
}
