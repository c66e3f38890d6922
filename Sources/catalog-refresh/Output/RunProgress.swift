import ArgumentParser
import CatalogModel
import Dispatcher
import Foundation
import Synchronization

/// Reports a run's progress on standard error: on a terminal one live line (planned, in flight,
/// stored, failed, spend, rate, ETA); otherwise a line per job, as text or JSON for log shippers.
final class RunProgress: Sendable {
    enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text, json
    }

    private struct Counts {
        var inFlight = 0
        var stored = 0
        var failed = 0
        var other = 0
        var spend = Money.zero
    }

    private let total: Int
    private let format: Format
    private let live: Bool
    private let started = ContinuousClock.now
    private let counts = Mutex(Counts())

    init(total: Int, format: Format) {
        self.total = total
        self.format = format
        self.live = format == .text && isatty(STDERR_FILENO) == 1
    }

    func record(_ event: DispatchEvent) {
        let snapshot = counts.withLock { counts -> Counts in
            switch event {
            case .submitted(_, _, let cost):
                counts.inFlight += 1
                counts.spend = counts.spend + cost
            case .stored:
                counts.stored += 1
                counts.inFlight = max(0, counts.inFlight - 1)
            case .failed:
                counts.failed += 1
                counts.inFlight = max(0, counts.inFlight - 1)
            case .skipped, .unfinished: counts.other += 1
            case .warning: break
            }
            return counts
        }
        switch format {
        case .json: Console.err(Self.json(event))
        case .text where live: FileHandle.standardError.write(Data(("\r" + line(snapshot)).utf8))
        case .text: if let text = Self.text(event) { Console.err(text) }
        }
    }

    func finish() {
        if live { FileHandle.standardError.write(Data(("\r" + line(counts.withLock { $0 }) + "\n").utf8)) }
    }

    private func line(_ counts: Counts) -> String {
        let elapsed = ContinuousClock.now - started
        let seconds = max(0.001, elapsed.seconds)
        let done = counts.stored + counts.failed + counts.other
        let rate = Double(done) / seconds
        let eta = rate > 0 ? "\(Int(Double(total - done) / rate))s" : "–"
        return
            "\(done)/\(total) done · \(counts.inFlight) in flight · \(counts.stored) stored · \(counts.failed) failed · "
            + "\(counts.spend) · \(String(format: "%.1f", rate))/s · ETA \(eta)   "
    }

    private static func text(_ event: DispatchEvent) -> String? {
        switch event {
        case .submitted: nil
        case .stored(let key, let path): "stored \(key) → \(path)"
        case .failed(let key, let reason): "failed \(key): \(reason)"
        case .skipped(let key, let reason): "skipped \(key): \(reason)"
        case .unfinished(let key, let reason): "unfinished \(key): \(reason)"
        case .warning(let text): "warning: \(text)"
        }
    }

    private static func json(_ event: DispatchEvent) -> String {
        var fields: [(String, String)] = [("time", ISO8601DateFormatter().string(from: Date()))]
        func job(_ name: String, _ key: JobKey) {
            fields += [("event", name), ("product_id", key.productID), ("variant_id", key.variantID)]
        }
        switch event {
        case .submitted(let key, let taskID, let cost):
            job("submitted", key)
            fields += [("task_id", taskID), ("estimated_cost", cost.description)]
        case .stored(let key, let path):
            job("stored", key)
            fields.append(("path", path))
        case .failed(let key, let reason):
            job("failed", key)
            fields.append(("reason", reason))
        case .skipped(let key, let reason):
            job("skipped", key)
            fields.append(("reason", reason))
        case .unfinished(let key, let reason):
            job("unfinished", key)
            fields.append(("reason", reason))
        case .warning(let text): fields += [("event", "warning"), ("message", text)]
        }
        return "{"
            + fields.map { "\(JSONText.quoted($0.0)):\(JSONText.quoted($0.1))" }.joined(separator: ",")
            + "}"
    }
}
