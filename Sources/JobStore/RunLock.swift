import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one process dispatching from a state store. Two runs of the same spec at once would
/// each submit the same planned jobs under their own idempotency keys, and pay twice: a
/// nightly job still going when the next starts, or a merchandiser running by hand meanwhile.
/// An exclusive `flock` on `.run.lock` in the output folder, held until `release()` or the
/// process ends; the kernel drops it when a run crashes or is killed, so the next run can
/// always resume.
public final class RunLock: Sendable {
    private let descriptor: Int32
    /// The process that held the lock before this run (from the pid it wrote), if it said.
    public let previousHolder: Int32?

    /// Takes the lock, or says who holds it. Waits at most `patience` (a fraction of a second),
    /// and only for a holder that lets go at once: `probe(folder:)` holds it for microseconds.
    public static func acquire(folder: String, patience: Duration = .milliseconds(250)) throws(RunLockError) -> RunLock
    {
        let descriptor = open(path(in: folder), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunLockError(folder: folder, holder: nil, reason: String(cString: strerror(errno)))
        }
        let deadline = ContinuousClock.now + patience
        var locked = lock(descriptor, LOCK_EX)
        while !locked.taken, locked.busy, ContinuousClock.now < deadline {
            usleep(10_000)
            locked = lock(descriptor, LOCK_EX)
        }
        guard locked.taken else {
            let holder = locked.busy ? Self.holder(readingFrom: descriptor) : nil
            close(descriptor)
            throw RunLockError(
                folder: folder, holder: locked.busy ? (holder ?? "another process") : nil, reason: locked.reason)
        }
        let previous = holder(readingFrom: descriptor).flatMap(Self.pid(in:))
        // Who holds it, for the message the next run would print.
        let stamp = "pid \(getpid()), since \(Date().formatted(RunLockHolder.timeFormat))\n"
        _ = ftruncate(descriptor, 0)
        _ = stamp.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return RunLock(descriptor: descriptor, previousHolder: previous)
    }

    private init(descriptor: Int32, previousHolder: Int32?) {
        self.descriptor = descriptor
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
        let descriptor = open(path(in: folder), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            // No lock file: no run ever held this folder.
            return error == ENOENT ? .free : .unknown("cannot open .run.lock: " + String(cString: strerror(error)))
        }
        defer { close(descriptor) }
        let locked = lock(descriptor, LOCK_SH)
        if locked.taken {
            flock(descriptor, LOCK_UN)
            return .free
        }
        guard locked.busy else { return .unknown("cannot lock .run.lock: " + locked.reason) }
        return .held(RunLockHolder(holder(readingFrom: descriptor) ?? "another process"))
    }

    private static func path(in folder: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent(".run.lock").path
    }

    /// One non-blocking `flock` (retried on EINTR): taken, or refused because another holds it
    /// (`busy`), or failed for `reason`.
    private static func lock(_ descriptor: Int32, _ operation: Int32) -> (taken: Bool, busy: Bool, reason: String) {
        var result = flock(descriptor, operation | LOCK_NB)
        while result != 0 && errno == EINTR { result = flock(descriptor, operation | LOCK_NB) }
        guard result != 0 else { return (true, false, "") }
        let error = errno
        return (false, error == EWOULDBLOCK, String(cString: strerror(error)))
    }

    /// Lets the next run in (closing the descriptor drops the lock).
    deinit {
        close(descriptor)
    }

    private static func holder(readingFrom descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
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
