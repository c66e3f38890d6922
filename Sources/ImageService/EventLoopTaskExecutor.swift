import NIOCore

/// Runs Swift tasks on one NIO event loop, the one the HTTP transport's connections answer on:
/// a request then starts and resumes on the thread that does its I/O, with no hop to the
/// concurrency pool and back (each hop wakes a sleeping thread; across a run those wake-ups
/// cost more CPU than the requests themselves). Its `sleep` keeps timers on that loop too,
/// where `Task.sleep` would wake a timer thread and then hop back.
public final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop

    public init(_ loop: any EventLoop) {
        self.loop = loop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
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
