import Dispatch
import Foundation

/// SIGINT/SIGTERM for a run: the first stops taking new work (the caller cancels the run, which
/// records its state), the second exits at once. Either way the next run resumes.
final class SignalWatcher: @unchecked Sendable {
    // Only touched on `queue`.
    private var sources: [any DispatchSourceSignal] = []
    private var received = 0
    private let queue = DispatchQueue(label: "catalog-refresh.signals")

    init(
        message: String = "stopping: no new submissions; jobs in flight keep their state (signal again to quit now)",
        onFirst: @escaping @Sendable (Int32) -> Void
    ) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in
                self.received += 1
                if self.received == 1 {
                    Console.warning(message, event: "stopping")
                    onFirst(number)
                } else {
                    Console.warning("quitting now; run again to resume", event: "quitting")
                    exit(ExitStatus.interrupted.rawValue)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        queue.sync {
            for source in sources { source.cancel() }
            for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
        }
    }
}
