#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one loop that writes a buffer to a file descriptor whole: `write` may write less than it
/// was given, or be interrupted by a signal, and both mean "go on", not "done".
public enum FileDescriptorWriting {
    /// Writes all of `bytes` to `fd`; nil, or the system's reason it could not.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }
}
