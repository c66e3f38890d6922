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

    public var description: String {
        "cannot store \(path): \(reason) (check the output folder's permissions and free space)"
    }
}

/// Durable output storage under one root folder: every file is written to a temporary name,
/// fsynced, renamed into place and its folder fsynced, so after a crash a path holds either
/// the old complete file or the new complete file, never a torn one.
public protocol AssetStorage: Sendable {
    func store(_ bytes: [UInt8], at relativePath: String) throws -> StoredAsset
    func read(_ relativePath: String) throws -> [UInt8]
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
        let destination = root + "/" + relativePath
        do {
            try Folders.ensure(String(destination[..<(destination.lastIndex(of: "/") ?? destination.endIndex)]))
        } catch {
            throw AssetStorageError(path: relativePath, reason: error.reason)
        }
        try AtomicFile.write(bytes, to: destination, displayPath: relativePath)
        return StoredAsset(path: relativePath, sha256: SHA256.hash(bytes).hex, bytes: bytes.count)
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
