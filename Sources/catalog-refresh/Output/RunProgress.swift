import CatalogModel
import Dispatcher
import Foundation
import JobStore
import Logging

/// Reports a run's progress on standard error. On a terminal (text mode) one live line, redrawn
/// from the store (`RunProgressSnapshot`, the reading `status` shows, so the two agree);
/// otherwise an event per job, as text or JSON (`Console`), for log files and shippers.
final class RunProgress: Sendable {
    private let format: LogFormat
    private let live: Bool
    private let reading: @Sendable () throws -> RunProgressSnapshot
    private let redraw: Task<Void, Never>?

    /// `reading` reads the run's progress from its store.
    init(format: LogFormat, reading: @escaping @Sendable () throws -> RunProgressSnapshot) {
        self.format = format
        self.reading = reading
        let live = format == .text && isatty(STDERR_FILENO) == 1
        self.live = live
        redraw =
            live
            ? Task.detached(priority: .utility) {
                // A person watching: once a second is enough, and costs the run nothing it feels.
                while !Task.isCancelled {
                    if let snapshot = try? reading() { Self.draw(snapshot, end: "") }
                    try? await Task.sleep(for: .seconds(1))
                }
            } : nil
    }

    func record(_ event: DispatchEvent) {
        let (message, name, level, fields) = Self.describe(event)
        // The live line stands for submissions and stored results; what needs a reader's eye
        // (a failure, a warning) is printed above it, and the next redraw puts the line back.
        if live, name == "submitted" || name == "stored" { return }
        if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        guard format == .json || name != "submitted" else { return }
        switch level {
        case .warning: Console.warning(message, event: name, fields)
        default: Console.err(message, event: name, fields)
        }
    }

    func finish() {
        redraw?.cancel()
        if live, let snapshot = try? reading() { Self.draw(snapshot, end: "\n") }
    }

    private static func draw(_ snapshot: RunProgressSnapshot, end: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + snapshot.line + end).utf8))
    }

    /// An event's text line, its name for log shippers, its level and its fields.
    static func describe(
        _ event: DispatchEvent
    ) -> (String, String, Logger.Level, Console.Fields) {
        func job(_ key: JobKey) -> Console.Fields {
            ["product_id": .string(key.productID), "variant_id": .string(key.variantID)]
        }
        switch event {
        case .submitted(let key, let taskID, let cost):
            return (
                "submitted \(key) as task \(taskID)", "submitted", .info,
                job(key).merging(
                    ["task_id": .string(taskID), "estimated_cost_usd": .stringConvertible(cost.usd)]
                ) { $1 }
            )
        case .stored(let key, let path):
            return ("stored \(key) → \(path)", "stored", .info, job(key).merging(["path": .string(path)]) { $1 })
        case .failed(let key, let reason):
            return ("failed \(key): \(reason)", "failed", .info, job(key).merging(["reason": .string(reason)]) { $1 })
        case .skipped(let key, let reason):
            return ("skipped \(key): \(reason)", "skipped", .info, job(key).merging(["reason": .string(reason)]) { $1 })
        case .unfinished(let key, let reason):
            return (
                "unfinished \(key): \(reason)", "unfinished", .info,
                job(key).merging(["reason": .string(reason)]) { $1 }
            )
        case .warning(let text): return (text, "warning", .warning, [:])
        }
    }
}
