import Foundation
import Synchronization

/// A thread of its own that runs tasks preferring it, one job at a time in the order they came:
/// for work that must not wait on the cooperative pool's few threads (two on a two-core
/// machine), or block them. The dispatch's disk work runs on one (`ThreadExecutor.storage`):
/// were a commit to block a pool thread while a slow disk catches up, HTTP reads and deadlines
/// would wait behind it; and the store is then written from one thread.
public final class ThreadExecutor: TaskExecutor {
    /// The process's storage thread (SQLite commits, fsyncs), started on first use and kept for
    /// the process's life.
    public static let storage = ThreadExecutor(name: "catalog-refresh storage")

    private let jobs = Mutex<[UnownedJob]>([])
    private let jobsWaiting = DispatchSemaphore(value: 0)

    /// Starts the thread; it lives as long as the process.
    public init(name: String) {
        let thread = Thread { [self] in runJobs() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        jobsWaiting.signal()
    }

    private func runJobs() -> Never {
        while true {
            jobsWaiting.wait()
            let job = jobs.withLock { $0.removeFirst() }
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
