import CatalogModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Results that arrive as files (downloads), staged from their files without being held in
/// memory: a result of any size costs a copy buffer's worth of memory, not its size.
extension FileAssetStorage {
    public func receivingFile(for relativeStem: String) throws -> ReceivingFile {
        let (destination, newFolders) = try foldersMade(for: relativeStem)
        return ReceivingFile(
            path: AtomicFile.temporaryPath(for: destination), displayPath: relativeStem, newFolders: newFolders)
    }

    public func discard(_ received: ReceivingFile) {
        unlink(received.path)
    }

    public func stage(
        _ received: ReceivingFile, at relativePath: String, splicing splice: ByteSplice?
    ) throws
        -> StagedAsset
    {
        defer { discard(received) }
        let (destination, newFolders) = try foldersMade(for: relativePath)
        let temporary = AtomicFile.temporaryPath(for: destination)
        let (digest, count) = try MappedFile.withBytes(of: received.path, displayPath: relativePath) { bytes in
            guard let splice else {
                // Kept as it came: hashed where it lies and renamed beside its place.
                var hash = SHA256()
                hash.update(bytes)
                guard rename(received.path, temporary) == 0 else {
                    throw AssetStorageError(path: relativePath, reason: String(cString: strerror(errno)))
                }
                return (hash.finalize(), bytes.count)
            }
            return try Self.write(bytes, splicing: splice, to: temporary, displayPath: relativePath)
        }
        return StagedAsset(
            asset: StoredAsset(path: relativePath, sha256: digest.hex, bytes: count), temporaryPath: temporary,
            newFolders: received.newFolders + newFolders)
    }

    /// Writes `bytes` with `splice` applied to a new file at `path`, hashing what it writes;
    /// not synced (`publish` does that for a group).
    private static func write(
        _ bytes: UnsafeRawBufferPointer, splicing splice: ByteSplice, to path: String, displayPath: String
    ) throws -> (SHA256Digest, Int) {
        guard splice.replaced.upperBound <= bytes.count else {
            throw AssetStorageError(path: displayPath, reason: "the edit does not fit the file it was made for")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AssetStorageError(path: displayPath, reason: String(cString: strerror(errno))) }
        var hash = SHA256()
        var failure: String?
        let inserted = splice.inserted
        inserted.withUnsafeBytes { inserted in
            let pieces = [
                UnsafeRawBufferPointer(rebasing: bytes[..<splice.replaced.lowerBound]), inserted,
                UnsafeRawBufferPointer(rebasing: bytes[splice.replaced.upperBound...]),
            ]
            for piece in pieces where failure == nil {
                hash.update(piece)
                failure = FileDescriptorWriting.writeAll(piece, to: fd)
            }
        }
        // Where a network file system reports a failed write.
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(path)
            throw AssetStorageError(path: displayPath, reason: failure)
        }
        return (hash.finalize(), bytes.count - splice.replaced.count + splice.inserted.count)
    }
}
