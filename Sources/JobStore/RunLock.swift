import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one process dispatching from a state store. Two runs of the same spec at once would
/// each submit the same planned jobs under their own idempotency keys, and pay twice: a
/// nightly job still going when the next starts, or a merchandiser running by hand meanwhile.
/// An exclusive `FileLock` on `.run.lock` in the output folder, held while this object lives
/// or the process does; the kernel drops it when a run crashes or is killed, so the next run
/// can always resume.
public final class RunLock: Sendable {
    private let file: FileLock
    /// The process that held the lock before this run (from the pid it wrote), if it said.
    public let previousHolder: Int32?

    /// Takes the lock, or says who holds it. Waits at most `patience` (a fraction of a second),
    /// and only for a holder that lets go at once: `probe(folder:)` holds it for microseconds.
    public static func acquire(folder: String, patience: Duration = .milliseconds(250)) throws(RunLockError) -> RunLock
    {
        let file: FileLock
        do {
            file = try FileLock(path: path(in: folder))
        } catch {
            throw RunLockError(folder: folder, holder: nil, reason: error.reason)
        }
        let deadline = ContinuousClock.now + patience
        var attempt = file.tryLock(.exclusive)
        while attempt == .busy, ContinuousClock.now < deadline {
            usleep(10_000)
            attempt = file.tryLock(.exclusive)
        }
        switch attempt {
        case .taken: break
        case .busy:
            throw RunLockError(
                folder: folder, holder: file.contents() ?? "another process",
                reason: String(cString: strerror(EWOULDBLOCK)))
        case .failed(let reason): throw RunLockError(folder: folder, holder: nil, reason: reason)
        }
        let previous = file.contents().flatMap(Self.pid(in:))
        // Who holds it, for the message the next run would print.
        file.replaceContents(with: "pid \(getpid()), since \(Date().formatted(RunLockHolder.timeFormat))\n")
        return RunLock(file: file, previousHolder: previous)
    }

    private init(file: FileLock, previousHolder: Int32?) {
        self.file = file
        self.previousHolder = previousHolder
    }

    /// The pid in `pid 123, since …`.
    static func pid(in holder: String) -> Int32? {
        guard holder.hasPrefix("pid ") else { return nil }
        return Int32(holder.dropFirst(4).prefix { $0.isASCII && $0.isNumber })
    }

    /// Whether a run holds `folder` now, and who, without ever standing in its way: a shared
    /// lock taken and dropped at once (a run starting in that instant waits it out, see
    /// `acquire`).
    public static func probe(folder: String) -> RunLockProbe {
        let file: FileLock
        do {
            file = try FileLock(path: path(in: folder), readOnly: true)
        } catch {
            // No lock file: no run ever held this folder.
            return error.code == ENOENT ? .free : .unknown("cannot open .run.lock: " + error.reason)
        }
        switch file.tryLock(.shared) {
        case .taken:
            file.unlock()
            return .free
        case .busy: return .held(RunLockHolder(file.contents() ?? "another process"))
        case .failed(let reason): return .unknown("cannot lock .run.lock: " + reason)
        }
    }

    private static func path(in folder: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent(".run.lock").path
    }
}
/// What `RunLock.probe` found.
public enum RunLockProbe: Sendable, Equatable {
    /// No run holds the folder.
    case free
    case held(RunLockHolder)
    /// The lock file could not be asked (permissions, say): whether a run is going is unknown.
    case unknown(String)
}

/// The process holding a run lock, as it stamped the lock file (`pid 123, since <ISO 8601>`).
public struct RunLockHolder: Sendable, Equatable {
    public var text: String
    /// When it took the lock (to the millisecond; to the second in older stamps), if it said.
    public var since: Date?

    public init(_ text: String) {
        self.text = text
        self.since = text.range(of: ", since ").map { String(text[$0.upperBound...]) }.flatMap { time in
            (try? Date(time, strategy: Self.timeFormat)) ?? (try? Date(time, strategy: .iso8601))
        }
    }

    /// To the millisecond: `status` tells a run from the next by whether it took the lock
    /// before or after the last run row began, which may be within the same second.
    static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}

/// Why a run could not take its output folder: another run holds it (`holder`), or the lock
/// file could not be opened.
public struct RunLockError: Error, Sendable, CustomStringConvertible {
    public var folder: String
    /// Who holds the lock (`pid 123, since …`), when another run does.
    public var holder: String?
    public var reason: String

    public var isHeldByAnotherRun: Bool { holder != nil }

    public var description: String {
        if let holder {
            return "another catalog-refresh run is working in \(folder) (\(holder)); nothing was done. "
                + "Wait for it to finish, or stop it (SIGINT or SIGTERM; the next run resumes where it stopped)"
        }
        return "cannot lock \(folder)/.run.lock: \(reason) (check the output folder's permissions)"
    }
}
