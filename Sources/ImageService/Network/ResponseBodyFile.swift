import CatalogModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A download's body, written to its file as it arrives: the file is new (never one that was
/// there), and it is removed again unless the whole body made it, so a failed download leaves
/// nothing behind.
enum ResponseBodyFile {
    /// Creates the file at `path` and lets `produce` write to it through `write`; throws
    /// `cannotWriteBody` when the disk refuses.
    static func write(
        to path: String,
        _ produce: (_ write: (UnsafeRawBufferPointer) throws -> Void) async throws -> Void
    ) async throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TransportError.cannotWriteBody(String(cString: strerror(errno))) }
        do {
            try await produce { bytes in
                if let failure = FileDescriptorWriting.writeAll(bytes, to: fd) {
                    throw TransportError.cannotWriteBody(failure)
                }
            }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        // Where a network file system reports a failed write.
        guard close(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw TransportError.cannotWriteBody(reason)
        }
    }
}
