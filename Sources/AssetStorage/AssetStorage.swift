import CatalogModel
import Foundation

/// A file written into place: where, its hash and size.
public struct StoredAsset: Sendable, Equatable {
    /// Relative to the storage root.
    public var path: String
    public var sha256: String
    public var bytes: Int

    public init(path: String, sha256: String, bytes: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// Why an asset could not be stored; says which file and what the system reported.
public struct AssetStorageError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "cannot store \(path): \(reason) (check the output folder's permissions and free space)"
    }
}

/// A file written beside its final path and not yet in place: `AssetStorage.publish` puts a
/// group of them in place durably at once.
public struct StagedAsset: Sendable, Equatable {
    /// What `publish` will have stored: the final path (relative), hash and size.
    public var asset: StoredAsset
    /// Where the bytes are meanwhile: `<final path>.tmp-<pid>-<random>`, absolute.
    public var temporaryPath: String
    /// Folders made for it (absolute): their entries in their parents must be made durable too.
    public var newFolders: [String]

    public init(asset: StoredAsset, temporaryPath: String, newFolders: [String] = []) {
        self.asset = asset
        self.temporaryPath = temporaryPath
        self.newFolders = newFolders
    }
}

/// Durable output storage under one root folder: every file is written to a temporary name,
/// made durable, renamed into place and its folder made durable, so after a crash a path holds
/// either the old complete file or the new complete file, never a torn one.
public protocol AssetStorage: Sendable {
    /// Stores one file durably before returning.
    func store(_ bytes: [UInt8], at relativePath: String) throws -> StoredAsset
    func read(_ relativePath: String) throws -> [UInt8]
    /// Writes a file beside `relativePath` without waiting for the disk; nothing is in place
    /// until `publish`. For many files that arrive together (the dispatcher's results), where
    /// waiting on the disk for each costs more than the rest of the work on it.
    func stage(_ bytes: [UInt8], at relativePath: String) throws -> StagedAsset
    /// Puts staged files in place durably, sharing the waits on the disk among them; for each,
    /// in order, the stored asset or why it could not be stored (its temporary file is gone).
    func publish(_ staged: [StagedAsset]) -> [Result<StoredAsset, AssetStorageError>]
    /// A new file for a download to write, beside `relativeStem` (the path without extension),
    /// its folders made.
    func receivingFile(for relativeStem: String) throws -> ReceivingFile
    /// Stages a received file as `relativePath`, edited by `splice` on the way when there is one
    /// (copied once, never held whole in memory), else as it is; the received file is gone.
    func stage(_ received: ReceivingFile, at relativePath: String, splicing splice: ByteSplice?) throws -> StagedAsset
    /// Removes a received file that will not be staged (its download failed, or was refused).
    func discard(_ received: ReceivingFile)
}

/// `AssetStorage` on the local file system.
public struct FileAssetStorage: AssetStorage {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public func url(for relativePath: String) -> URL {
        URL(fileURLWithPath: root).appendingPathComponent(relativePath)
    }

    public func store(_ bytes: [UInt8], at relativePath: String) throws -> StoredAsset {
        try publish([stage(bytes, at: relativePath)])[0].get()
    }

    public func stage(_ bytes: [UInt8], at relativePath: String) throws -> StagedAsset {
        let (destination, newFolders) = try foldersMade(for: relativePath)
        let temporary = try AtomicFile.writeTemporary(bytes, for: destination, synced: false, displayPath: relativePath)
        return StagedAsset(
            asset: StoredAsset(path: relativePath, sha256: SHA256.hash(bytes).hex, bytes: bytes.count),
            temporaryPath: temporary, newFolders: newFolders)
    }

    public func publish(_ staged: [StagedAsset]) -> [Result<StoredAsset, AssetStorageError>] {
        let moves = staged.map {
            DurableGroup.Move(
                temporary: $0.temporaryPath, destination: root + "/" + $0.asset.path, displayPath: $0.asset.path,
                newFolders: $0.newFolders)
        }
        return zip(staged, DurableGroup.publish(moves, onFileSystemOf: root)).map { staged, failure in
            failure.map { .failure(AssetStorageError(path: staged.asset.path, reason: $0)) } ?? .success(staged.asset)
        }
    }

    /// The absolute path for `relativePath`, its folders made, and which were new.
    func foldersMade(for relativePath: String) throws -> (destination: String, newFolders: [String]) {
        let destination = root + "/" + relativePath
        do {
            return (destination, try Folders.ensure(AtomicFile.folder(of: destination)))
        } catch {
            throw AssetStorageError(path: relativePath, reason: error.reason)
        }
    }

    public func read(_ relativePath: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url(for: relativePath).path) else {
            throw AssetStorageError(path: relativePath, reason: "no such file")
        }
        return [UInt8](data)
    }
}

extension AssetStorage where Self == FileAssetStorage {
    public static func files(at root: String) -> FileAssetStorage { FileAssetStorage(root: root) }
}
