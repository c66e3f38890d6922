import CatalogModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Write-temp, fsync, rename, fsync-folder: how this project puts one file in place (manifests,
/// exports, a result alone); `DurableGroup` does the same for many results at once.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, displayPath: String? = nil) throws {
        let shown = displayPath ?? path
        let temporary = try writeTemporary(bytes, for: path, synced: true, displayPath: shown)
        try rename(temporary, into: path, displayPath: shown)
    }

    /// Writes `bytes` to a new temporary file beside `path` and returns its path; fsynced when
    /// `synced`, else left for `DurableGroup` to make durable with others.
    static func writeTemporary(_ bytes: [UInt8], for path: String, synced: Bool, displayPath: String) throws -> String {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AssetStorageError(path: displayPath, reason: String(cString: strerror(errno))) }
        var failure = bytes.withUnsafeBytes { FileDescriptorWriting.writeAll($0, to: fd) }
        if failure == nil && synced && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        // Where a network file system reports a failed write.
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
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
        path + ".tmp-\(processID)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// This process's id, asked once: `getpid` is a system call, and every result is a file.
    private static let processID = getpid()

    /// fsync an existing complete file, rename it to `path`, fsync the folder.
    public static func moveIntoPlace(_ source: String, to path: String, displayPath: String? = nil) throws {
        let shown = displayPath ?? path
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AssetStorageError(path: shown, reason: String(cString: strerror(errno))) }
        let unsynced = fsync(fd) == 0 ? nil : String(cString: strerror(errno))
        close(fd)
        if let unsynced {
            unlink(source)
            throw AssetStorageError(path: shown, reason: unsynced)
        }
        try rename(source, into: path, displayPath: shown)
    }

    /// Renames a durable file to `path` and fsyncs the folder; the file is removed if it cannot
    /// be renamed.
    private static func rename(_ source: String, into path: String, displayPath: String) throws {
        guard Foundation.rename(source, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(source)
            throw AssetStorageError(path: displayPath, reason: reason)
        }
        if let failure = syncFolder(of: path) { throw AssetStorageError(path: displayPath, reason: failure) }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// fsyncs the folder holding `path`; nil, or why not.
    static func syncFolder(of path: String) -> String? {
        sync(folder(of: path), isFolder: true)
    }

    /// fsyncs a file or folder; nil, or why not. Some file systems refuse to fsync a folder
    /// (EINVAL): there is nothing more to do for it, as PostgreSQL also concludes.
    static func sync(_ path: String, isFolder: Bool) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        guard fsync(fd) != 0 else { return nil }
        let error = errno
        return isFolder && error == EINVAL ? nil : String(cString: strerror(error))
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
