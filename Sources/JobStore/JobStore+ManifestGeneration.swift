import CatalogModel

extension JobStore {
    /// The store's manifest generation now: what a publisher compares with the one it last
    /// wrote, so a run that changed nothing costs one indexed read.
    public func manifestGeneration() throws -> ManifestGeneration {
        try withConnection { db in try Self.manifestGeneration(in: db) }
    }

    static func manifestGeneration(in db: SQLiteConnection) throws -> ManifestGeneration {
        try db.statement("SELECT store_epoch, generation FROM manifest_generation WHERE id = 1").query { row in
            ManifestGeneration(storeEpoch: row.text(0) ?? "", value: row.int(1) ?? 0)
        }.first ?? ManifestGeneration(storeEpoch: "", value: 0)
    }

    /// A consistent read of everything the manifest shows, on a connection of its own: see
    /// `ManifestSnapshot`.
    public func manifestSnapshot() throws -> ManifestSnapshot {
        try ManifestSnapshot(path: path)
    }
}
