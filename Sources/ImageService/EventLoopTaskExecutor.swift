import NIOCore
import Synchronization

/// Runs Swift tasks on one NIO event loop, the one the HTTP transport's connections answer on:
/// a request then starts and resumes on the thread that does its I/O, with no hop to the
/// concurrency pool and back (each hop wakes a sleeping thread; across a run those wake-ups
/// cost more CPU than the requests themselves). Its `sleep` keeps timers on that loop too,
/// where `Task.sleep` would wake a timer thread and then hop back.
public final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop
    /// Set just before the loop stops: from then on jobs run on the global concurrent executor,
    /// because a stopped loop drops what it is handed, and a task that prefers this executor
    /// (the one awaiting the loop's shutdown, say) would never resume.
    private let stopping = Atomic<Bool>(false)

    public init(_ loop: any EventLoop) {
        self.loop = loop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        guard !stopping.load(ordering: .acquiring) else {
            globalConcurrentExecutor.enqueue(job)
            return
        }
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Sends every later job to the global concurrent executor; call before stopping the loop.
    func stopUsingLoop() {
        stopping.store(true, ordering: .releasing)
    }

    /// `Task.sleep(for:)` with the timer on this loop; throws `CancellationError` when the
    /// task is cancelled.
    public func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return }
        let scheduled = loop.scheduleTask(in: TimeAmount(duration)) {}
        do {
            try await withTaskCancellationHandler {
                try await scheduled.futureResult.get()
            } onCancel: {
                scheduled.cancel()
            }
        } catch {
            throw CancellationError()
        }
    }
}
