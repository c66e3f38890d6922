import CFileSync

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Puts a group of written temporary files in place durably with two write-backs for the whole
/// group instead of two fsyncs per file: every temporary file is made durable, then each is
/// renamed into place, then the renames (and any folders made for them) are made durable. A
/// path therefore holds its old complete file or its new complete file after a crash at any
/// point, as with `AtomicFile`.
///
/// Why: stored file by file, every result waits on its own inode and folder writes, one at a
/// time; the group shares the inode-table and folder blocks and the device flush. On Linux 5.8
/// and later a write-back is one `syncfs` of the output's file system, which reports write
/// errors since that version. It also writes back other programs' dirty data there, and the
/// caller waits for it. Elsewhere, on older kernels, when `syncfs` is refused, or when a file
/// is on another file system than the root (a mounted subfolder), each file and then each
/// folder is fsynced.
enum DurableGroup {
    struct Move {
        var temporary: String
        var destination: String
        var displayPath: String
        /// Folders made for this file, whose entries in their parents must be made durable too.
        var newFolders: [String] = []
    }

    /// For each move, in order, nil when it is durably in place or the reason it is not. A
    /// failed move's temporary file is removed; a file renamed into place whose write-back then
    /// failed is left there (it may have replaced an older file) and reported as failed.
    static func publish(_ moves: [Move], onFileSystemOf root: String) -> [String?] {
        guard moves.count > 1 else { return moves.map(publishAlone) }
        let anchor = open(root, O_RDONLY | O_CLOEXEC)
        defer { if anchor >= 0 { close(anchor) } }
        var root = stat()
        let syncsAll =
            anchor >= 0 && syncfsReportsErrors && fstat(anchor, &root) == 0
            && moves.allSatisfy { isOnDevice($0.temporary, root.st_dev) }
        var failures = [String?](repeating: nil, count: moves.count)
        writeBack(moves.map(\.temporary), areFolders: false, through: syncsAll ? anchor : nil, failures: &failures)
        for (index, move) in moves.enumerated() {
            if failures[index] == nil, rename(move.temporary, move.destination) != 0 {
                failures[index] = String(cString: strerror(errno))
            }
            if failures[index] != nil { unlink(move.temporary) }
        }
        // The folders whose entries changed: each file's own, and the parents of new folders.
        let foldersOfMove = moves.indices.map { failures[$0] == nil ? foldersToSync(for: moves[$0]) : [] }
        var folders: [String] = []
        var seen: Set<String> = []
        for folder in foldersOfMove.joined() where seen.insert(folder).inserted { folders.append(folder) }
        var folderFailures = [String?](repeating: nil, count: folders.count)
        writeBack(folders, areFolders: true, through: syncsAll ? anchor : nil, failures: &folderFailures)
        let failedFolders = Dictionary(
            zip(folders, folderFailures).compactMap { folder, failure in failure.map { (folder, $0) } },
            uniquingKeysWith: { first, _ in first })
        for index in moves.indices where failures[index] == nil {
            failures[index] = foldersOfMove[index].lazy.compactMap { failedFolders[$0] }.first
        }
        return failures
    }

    private static func publishAlone(_ move: Move) -> String? {
        do {
            try AtomicFile.moveIntoPlace(move.temporary, to: move.destination, displayPath: move.displayPath)
        } catch {
            return (error as? AssetStorageError)?.reason ?? String(describing: error)
        }
        return move.newFolders.lazy.compactMap { AtomicFile.syncFolder(of: $0) }.first
    }

    private static func foldersToSync(for move: Move) -> [String] {
        [AtomicFile.folder(of: move.destination)] + move.newFolders.map(AtomicFile.folder(of:))
    }

    /// Makes `paths` (files or folders) durable: one `syncfs` through `anchor` when given, else
    /// an fsync each. Records a reason in `failures` (same order as `paths`) for each that is not.
    private static func writeBack(
        _ paths: [String], areFolders: Bool, through anchor: Int32?, failures: inout [String?]
    ) {
        let pending = paths.indices.filter { failures[$0] == nil }
        guard !pending.isEmpty else { return }
        if let anchor {
            if cfilesync_syncfs(anchor) == 0 { return }
            let error = errno
            guard error == ENOSYS || error == EINVAL else {
                let reason = "writing back to disk failed: " + String(cString: strerror(error))
                for index in pending { failures[index] = reason }
                return
            }
        }
        for index in pending { failures[index] = AtomicFile.sync(paths[index], isFolder: areFolders) }
    }

    private static func isOnDevice(_ path: String, _ device: dev_t) -> Bool {
        var file = stat()
        return stat(path, &file) == 0 && file.st_dev == device
    }

    /// Whether `syncfs` reports write-back errors: Linux 5.8 and later (before, it answered 0
    /// whatever happened to the data).
    static let syncfsReportsErrors: Bool = {
        #if os(Linux)
            var names = utsname()
            uname(&names)
            let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return isLinux(release, atLeast: (5, 8))
        #else
            return false
        #endif
    }()

    /// Whether a kernel release string (`uname -r`, "6.8.0-45-generic") is `version` or later.
    static func isLinux(_ release: String, atLeast version: (Int, Int)) -> Bool {
        let numbers = release.split(separator: "-").first?.split(separator: ".").prefix(2).compactMap { Int($0) } ?? []
        guard numbers.count == 2 else { return false }
        return (numbers[0], numbers[1]) >= version
    }
}
