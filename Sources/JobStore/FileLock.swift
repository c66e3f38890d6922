import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory lock (`flock`) on one file: what orders processes that work in the same folder.
/// It is held through this object's open descriptor, so the kernel drops it when the object goes
/// or the process dies, however it dies. `RunLock` (one run per output folder) and the manifest's
/// publishers (`withExclusiveLock`) both take theirs here.
public final class FileLock: Sendable {
    /// Exclusive (one holder) or shared (any number of shared holders, no exclusive one).
    public enum Mode: Sendable {
        case exclusive, shared

        var operation: Int32 { self == .exclusive ? LOCK_EX : LOCK_SH }
    }

    /// How one attempt that does not wait went.
    public enum Attempt: Sendable, Equatable {
        case taken
        /// Another descriptor holds a conflicting lock.
        case busy
        /// `flock` failed for this reason (`strerror`).
        case failed(String)
    }

    public let path: String
    private let descriptor: Int32

    /// Opens the lock file: for writing, created if missing; or `readOnly` (it must exist), for a
    /// look that needs no write permission.
    public init(path: String, readOnly: Bool = false) throws(FileLockError) {
        let descriptor =
            readOnly ? open(path, O_RDONLY | O_CLOEXEC) : open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileLockError(path: path, code: errno) }
        self.path = path
        self.descriptor = descriptor
    }

    /// Closing the descriptor drops the lock.
    /// Unlocks before closing: a child process being started elsewhere in this process at this
    /// moment shares the descriptor until its `exec` (`O_CLOEXEC` closes it only then), and
    /// `close` alone would leave the lock held on their shared open file until it does.
    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Takes the lock if no one is in the way, without waiting (retried on EINTR).
    public func tryLock(_ mode: Mode) -> Attempt {
        var result = flock(descriptor, mode.operation | LOCK_NB)
        while result != 0 && errno == EINTR { result = flock(descriptor, mode.operation | LOCK_NB) }
        guard result != 0 else { return .taken }
        let error = errno
        return error == EWOULDBLOCK ? .busy : .failed(String(cString: strerror(error)))
    }

    /// Takes the lock, waiting as long as another holds it.
    public func lock(_ mode: Mode) throws(FileLockError) {
        while flock(descriptor, mode.operation) != 0 {
            let error = errno
            guard error == EINTR else { throw FileLockError(path: path, code: error) }
        }
    }

    public func unlock() {
        flock(descriptor, LOCK_UN)
    }

    /// The file's text (its first 200 bytes), trimmed; `nil` if there is none.
    public func contents() -> String? {
        var buffer = [UInt8](repeating: 0, count: 200)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Replaces the file's text, for whoever looks next (best effort: the lock holds without it).
    public func replaceContents(with text: String) {
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Runs `body` holding an exclusive lock on `name` in `folder` (both created if missing),
    /// waiting for it as long as another holds it.
    public static func withExclusiveLock<Result>(
        in folder: String, name: String, _ body: () throws -> Result
    ) throws -> Result {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = try FileLock(path: URL(fileURLWithPath: folder).appendingPathComponent(name).path)
        try file.lock(.exclusive)
        defer { file.unlock() }
        return try body()
    }
}

/// A lock file that could not be opened or locked, with the system's reason.
public struct FileLockError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// The `errno` value.
    public var code: Int32

    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "cannot lock \(path): \(reason)" }
}
