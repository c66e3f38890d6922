import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Write-temp, fsync, rename, fsync-folder: the one way this project puts a file in place,
/// for images and for manifests alike.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, displayPath: String? = nil) throws {
        let shown = displayPath ?? path
        let temporary = try writeTemporary(bytes, for: path, synced: true, displayPath: shown)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AssetStorageError(path: shown, reason: reason)
        }
        syncFolder(of: path)
    }

    /// Writes `bytes` to a new temporary file beside `path` and returns its path; fsynced when
    /// `synced`, else left for `DurableGroup` to make durable with others.
    static func writeTemporary(_ bytes: [UInt8], for path: String, synced: Bool, displayPath: String) throws -> String {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AssetStorageError(path: displayPath, reason: String(cString: strerror(errno))) }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if failure == nil && synced && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            unlink(temporary)
            throw AssetStorageError(path: displayPath, reason: failure)
        }
        return temporary
    }

    /// Where a file bound for `path` is written first: `<path>.tmp-<pid>-<random>`, beside it
    /// (a rename across folders is not atomic). The pid tells `AbandonedTemporaryFiles` whether
    /// the writer is still alive.
    public static func temporaryPath(for path: String) -> String {
        path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// fsync an existing complete file, rename it to `path`, fsync the folder.
    public static func moveIntoPlace(_ source: String, to path: String, displayPath: String? = nil) throws {
        let shown = displayPath ?? path
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AssetStorageError(path: shown, reason: String(cString: strerror(errno))) }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(source, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(source)
            throw AssetStorageError(path: shown, reason: reason)
        }
        syncFolder(of: path)
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    static func syncFolder(of path: String) {
        let fd = open(folder(of: path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
