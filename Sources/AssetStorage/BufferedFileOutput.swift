import CatalogModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file written front to back through a fixed buffer, for outputs too large to hold whole (a
/// catalogue's manifest): memory stays at the buffer's size whatever the file's. `atomic` files
/// are written under `AtomicFile`'s temporary name and put in place by `publish()` with its
/// rules (fsync, rename, fsync the folder), so a reader sees the old file or the new one whole;
/// others (files in a folder nothing points to yet) are written in place and fsynced by
/// `close()`.
public final class BufferedFileOutput {
    public let path: String
    private let writtenPath: String
    private let displayPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Bytes written so far.
    public private(set) var count = 0

    public init(path: String, atomic: Bool, displayPath: String? = nil, capacity: Int = 1 << 18) throws {
        self.path = path
        self.displayPath = displayPath ?? path
        self.capacity = capacity
        writtenPath = atomic ? AtomicFile.temporaryPath(for: path) : path
        fd = open(writtenPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AssetStorageError(path: self.displayPath, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(capacity)
    }

    deinit {
        // Neither published nor closed: an abandoned write leaves nothing behind.
        if fd >= 0 {
            _ = closeDescriptor(fd)
            unlink(writtenPath)
        }
    }

    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    public func write(_ text: String) throws {
        try write(text.utf8)
    }

    /// Flushes, fsyncs and closes the file where it was written.
    public func close() throws {
        try flush()
        var failure = fsync(fd) == 0 ? nil : String(cString: strerror(errno))
        if closeDescriptor(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        fd = -1
        if let failure {
            unlink(writtenPath)
            throw AssetStorageError(path: displayPath, reason: failure)
        }
    }

    /// Closes an `atomic` file and puts it in place at `path`, durably.
    public func publish() throws {
        try close()
        try AtomicFile.moveIntoPlace(writtenPath, to: path, displayPath: displayPath)
    }

    /// Closes and removes the file.
    public func discard() {
        guard fd >= 0 else { return }
        _ = closeDescriptor(fd)
        fd = -1
        unlink(writtenPath)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        if let failure = buffer.withUnsafeBytes({ FileDescriptorWriting.writeAll($0, to: fd) }) {
            throw AssetStorageError(path: displayPath, reason: failure)
        }
        count += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

/// The C `close`, which the class's own `close()` hides inside it.
private func closeDescriptor(_ fd: Int32) -> Int32 {
    close(fd)
}
