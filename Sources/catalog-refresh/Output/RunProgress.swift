import CatalogModel
import Dispatcher
import Foundation
import JobStore
import Logging
import Synchronization

/// Reports a run's progress on standard error. On a terminal (text mode) one live line, redrawn
/// from the store (`RunProgressSnapshot`, the reading `status` shows, so the two agree);
/// otherwise an event per job, as text or JSON (`Console`), for log files and shippers.
final class RunProgress: Sendable {
    private let format: LogFormat
    private let reading: @Sendable () throws -> RunProgressSnapshot
    /// The live line, when there is one: whether it has been finished, held while anything is
    /// written to the terminal so the redraw and other lines never interleave.
    private final class LiveLine: Sendable {
        let finished = Mutex(false)
    }

    private let line: LiveLine?
    private let redraw: Task<Void, Never>?

    /// `reading` reads the run's progress from its store.
    init(format: LogFormat, reading: @escaping @Sendable () throws -> RunProgressSnapshot) {
        self.format = format
        self.reading = reading
        guard format == .text, isatty(STDERR_FILENO) == 1 else {
            line = nil
            redraw = nil
            return
        }
        let line = LiveLine()
        self.line = line
        redraw = Task.detached(priority: .utility) {
            // A person watching: every two seconds is enough, and the reading costs the run little.
            while !Task.isCancelled {
                if let snapshot = try? reading() {
                    line.finished.withLock { finished in if !finished { Self.draw(snapshot, end: "") } }
                }
                try? await Task.sleep(for: .seconds(2))
            }
        }
    }

    func record(_ event: DispatchEvent) {
        let event = Self.describe(event)
        guard let line else {
            guard format == .json || event.name != "submitted" else { return }
            event.log()
            return
        }
        // The live line stands for submissions and stored results; what needs a reader's eye
        // (a failure, a warning) is printed above it, and the next redraw puts the line back.
        guard event.name != "submitted", event.name != "stored" else { return }
        line.finished.withLock { _ in
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            event.log()
        }
    }

    /// Stops the redraw and leaves the final line; call it however the dispatch ended.
    func finish() async {
        guard let line, let redraw else { return }
        redraw.cancel()
        await redraw.value
        let snapshot = try? reading()
        line.finished.withLock { finished in
            guard !finished else { return }
            finished = true
            if let snapshot { Self.draw(snapshot, end: "\n") }
        }
    }

    private static func draw(_ snapshot: RunProgressSnapshot, end: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + snapshot.line + end).utf8))
    }

    /// A dispatch event as the log shows it: its text, its name for log shippers, its level
    /// and its fields.
    struct Logged {
        var message: String
        var name: String
        var level: Logger.Level
        var fields: Console.Fields

        func log() {
            switch level {
            case .error: Console.error(message, event: name, fields)
            case .warning: Console.warning(message, event: name, fields)
            default: Console.err(message, event: name, fields)
            }
        }
    }

    static func describe(_ event: DispatchEvent) -> Logged {
        func job(_ key: JobKey, _ extra: Console.Fields) -> Console.Fields {
            extra.merging(["product_id": .string(key.productID), "variant_id": .string(key.variantID)]) { $1 }
        }
        switch event {
        case .submitted(let key, let taskID, let cost):
            return Logged(
                message: "submitted \(key) as task \(taskID)", name: "submitted", level: .info,
                fields: job(key, ["task_id": .string(taskID), "estimated_cost_usd": .stringConvertible(cost.usd)]))
        case .stored(let key, let path):
            return Logged(
                message: "stored \(key) → \(path)", name: "stored", level: .info,
                fields: job(key, ["path": .string(path)]))
        case .failed(let key, let reason):
            return Logged(
                message: "failed \(key): \(reason)", name: "failed", level: .error,
                fields: job(key, ["reason": .string(reason)]))
        case .skipped(let key, let reason):
            return Logged(
                message: "skipped \(key): \(reason)", name: "skipped", level: .warning,
                fields: job(key, ["reason": .string(reason)]))
        case .unfinished(let key, let reason):
            return Logged(
                message: "unfinished \(key): \(reason)", name: "unfinished", level: .warning,
                fields: job(key, ["reason": .string(reason)]))
        case .warning(let text):
            return Logged(message: text, name: "warning", level: .warning, fields: [:])
        }
    }
}
