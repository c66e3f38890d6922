#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a local file that has a size limit without ever holding more than the limit: the
/// opened file's size is checked first (fstat, so the file checked is the file read), then at
/// most `limit + 1` bytes are read, so a file that grows meanwhile is refused too. Memory never
/// holds more than the limit, however large the file.
public enum BoundedFile {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The file cannot be opened or read: the system's reason.
        case unreadable(String)
        /// A folder, device or pipe: only regular files are read.
        case notARegularFile
        /// Over the limit; `bytes` is its size when known.
        case tooLarge(bytes: Int64?, limit: Int)

        public var description: String {
            switch self {
            case .unreadable(let reason): reason
            case .notARegularFile: "it is not a regular file"
            case .tooLarge(let bytes, let limit):
                "it is \(bytes.map { "\($0) bytes" } ?? "larger than that"), over the limit of \(limit) bytes"
            }
        }
    }

    /// The whole file at `path`, if it is a regular file of at most `limit` bytes. Opened
    /// non-blocking, so a pipe with no writer is refused instead of waited on.
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile }
        let size = Int64(status.st_size)
        guard size <= Int64(limit) else { throw .tooLarge(bytes: size, limit: limit) }
        // Room for the size found and one byte more, grown only if the file grows meanwhile.
        var bytes = [UInt8](repeating: 0, count: Int(size) + 1)
        var filled = 0
        while filled <= limit {
            if filled == bytes.count { bytes += [UInt8](repeating: 0, count: min(bytes.count, limit + 1 - filled)) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                readSome(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
            if count == 0 { break }
            filled += count
        }
        guard filled <= limit else { throw .tooLarge(bytes: nil, limit: limit) }
        bytes.removeSubrange(filled...)
        return bytes
    }
}

/// `read(2)`, by another name than `BoundedFile.read`.
private func readSome(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
