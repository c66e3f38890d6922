#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's bytes read where they lie (`mmap`, read-only), for files this process wrote and no
/// one else changes (a downloaded result in its temporary file): verified, tagged and hashed
/// without being held in memory. The kernel pages them in and may drop them again at will.
public enum MappedFile {
    /// Calls `body` with the bytes of the file at `path` (empty for an empty file).
    public static func withBytes<T>(
        of path: String, displayPath: String, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AssetStorageError(path: displayPath, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw AssetStorageError(path: displayPath, reason: String(cString: strerror(errno)))
        }
        let size = Int(status.st_size)
        guard size > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapping != MAP_FAILED else {
            throw AssetStorageError(path: displayPath, reason: String(cString: strerror(errno)))
        }
        defer { munmap(mapping, size) }
        return try body(UnsafeRawBufferPointer(start: mapping, count: size))
    }
}
