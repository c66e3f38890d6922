import CatalogModel
import Foundation

/// The output folder's identity (migration 7) and the facts `FolderStateCheck` asks a store
/// for: whether it is the store of the folder whose manifest is beside it.
extension JobStore {
    /// The folder id this store was made with (or given by `recover`), which every manifest it
    /// publishes carries as `folder_id`.
    public func folderID() throws -> String {
        try withConnection { db in
            try db.statement("SELECT folder_id FROM folder_identity WHERE id = 1").query { $0.text(0) ?? "" }.first
                ?? ""
        }
    }

    /// Whether any stored image is on record: none, beside a manifest that lists some, means the
    /// store is not the one that wrote the manifest. (One row looked up, not a count of millions:
    /// every command asks.)
    public func hasOutputs() throws -> Bool {
        try withConnection { db in
            try db.statement("SELECT EXISTS (SELECT 1 FROM outputs)").query { ($0.int(0) ?? 0) != 0 }.first ?? false
        }
    }
}
