import Foundation
import JobStore

/// Why an output folder's store is not the one that wrote the manifest beside it.
public enum FolderStateProblem: Sendable, Equatable {
    /// `state.sqlite` is gone.
    case missing
    /// `state.sqlite` is 0 bytes (truncated).
    case empty
    /// The store holds no images although the manifest lists some (made anew since).
    case noImages
    /// The store's folder id is not the manifest's: it was copied from another folder.
    case otherFolder(store: String, manifest: String)
    /// SQLite cannot read it.
    case unreadable(String)

    var explanation: String {
        switch self {
        case .missing: "its state store state.sqlite is missing"
        case .empty: "its state store state.sqlite is empty (0 bytes)"
        case .noImages: "its state store state.sqlite records no images"
        case .otherFolder(let store, let manifest):
            "its state store state.sqlite belongs to another output folder (folder id \(store), the manifest's is "
                + "\(manifest)): it was copied from elsewhere"
        case .unreadable(let reason): "its state store state.sqlite cannot be read (\(reason))"
        }
    }
}

/// An output folder whose manifest lists images beside a store that is not the manifest's
/// own: a run would take every image for new and pay for it again (and lose every decision).
/// The CLI exits 3 and names `catalog-refresh recover`.
public struct FolderStateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var folder: String
    public var problem: FolderStateProblem

    public var description: String {
        "\(folder) holds manifest.json with generated images, but \(problem.explanation); nothing was done, "
            + "since running now would pay for every image again and lose the review decisions"
    }
}

/// Decides whether the store beside an output folder's manifest is that manifest's own
/// before anything opens it for writing. A folder without a manifest (or one listing no
/// image) is new, and its store is made as always.
public enum FolderStateCheck {
    /// The store's file in `folder`.
    public static func storePath(in folder: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent("state.sqlite").path
    }

    /// The folder's store, if there is one (never made here). Throws `FolderStateError` when it
    /// is not the manifest's own.
    public static func openStore(folder: String) throws -> JobStore? {
        let (store, problem) = inspect(folder: folder)
        if let problem { throw FolderStateError(folder: folder, problem: problem) }
        if let store { return store }
        let path = storePath(in: folder)
        return FileManager.default.fileExists(atPath: path) ? try JobStore(path: path) : nil
    }

    /// The folder's store, made for a new folder: what a run writes to. Throws
    /// `FolderStateError` when it is not the manifest's own.
    public static func openOrCreateStore(folder: String) throws -> JobStore {
        if let store = try openStore(folder: folder) { return store }
        return try JobStore(path: storePath(in: folder))
    }

    /// What is wrong with the folder's store, if anything, and the store when it could be
    /// opened to tell (a 0-byte or missing file is never opened: opening would make it anew).
    public static func inspect(folder: String) -> (store: JobStore?, problem: FolderStateProblem?) {
        guard let head = ManifestHead.read(folder: folder) ?? damagedManifestHead(folder: folder), head.hasItems
        else { return (nil, nil) }
        let path = storePath(in: folder)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return (nil, .missing) }
        guard (attributes[.size] as? Int ?? 0) > 0 else { return (nil, .empty) }
        do {
            let store = try JobStore(path: path)
            guard try store.hasOutputs() else { return (store, .noImages) }
            let id = try store.folderID()
            if let expected = head.folderID, expected != id {
                return (store, .otherFolder(store: id, manifest: expected))
            }
            return (store, nil)
        } catch {
            return (nil, .unreadable("\(error)"))
        }
    }

    /// A `manifest.json` that cannot be read (truncated, edited by hand) beside images in
    /// `images/`: the folder is not new, whatever the manifest would have said, so the store is
    /// checked as if it listed them. `nil` when there is no manifest or no image.
    static func damagedManifestHead(folder: String) -> ManifestHead? {
        let root = URL(fileURLWithPath: folder)
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("manifest.json").path),
            let images = FileManager.default.enumerator(atPath: root.appendingPathComponent("images").path),
            images.contains(where: { _ in images.fileAttributes?[.type] as? FileAttributeType == .typeRegular })
        else { return nil }
        return ManifestHead(hasItems: true, folderID: nil)
    }
}
