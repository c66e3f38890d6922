import Foundation
import Synchronization

/// One thread of its own for the dispatch's blocking disk work: SQLite commits and the fsyncs
/// that put results in place (`GroupCommitter`). The dispatch itself runs on the default
/// executor; were a commit to block one of the cooperative pool's few threads (two on a
/// two-core machine) while a slow disk catches up, HTTP reads and deadlines would wait behind
/// it. Jobs run one at a time, in the order they came, so the store is written from one thread.
public final class StorageExecutor: TaskExecutor {
    /// The process's storage thread, started on first use and kept for the process's life.
    public static let shared = StorageExecutor(name: "catalog-refresh storage")

    private let jobs = Mutex<[UnownedJob]>([])
    private let jobsWaiting = DispatchSemaphore(value: 0)

    private init(name: String) {
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
