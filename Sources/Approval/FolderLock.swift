import Foundation

/// An advisory lock (flock) on a file in a folder, held for the duration of a closure: what
/// orders processes that write the same files. Released by the kernel if the process dies.
enum FolderLock {
    static func withLock<Result>(in folder: String, name: String, _ body: () throws -> Result) throws -> Result {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(
                .fileWriteNoPermission,
                userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "cannot open \(path)"])
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw CocoaError(.fileLocking, userInfo: [NSFilePathErrorKey: path])
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
