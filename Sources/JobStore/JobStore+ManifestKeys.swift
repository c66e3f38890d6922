import CatalogModel

extension JobStore {
    /// Brings the manifest's jobs to the plan's without rewriting them: adds `missing` (the
    /// planned jobs the manifest lacked, each if it has a row), then, only when the manifest has
    /// more jobs than the plan accounts for, removes those `isPlanned` rejects. A nightly run
    /// over an unchanged catalog writes nothing here.
    ///
    /// `plannedCount` is how many jobs the plan has, `missing` among them. `isPlanned` may
    /// answer from hashes of the planned keys: a gone job whose key hashes like a planned one
    /// stays listed (with 64-bit hashes, as likely as a disk's undetected bit error).
    public func updateManifestKeys(
        adding missing: [JobKey], plannedCount: Int, isPlanned: (JobKey) -> Bool
    ) throws {
        try withConnection { db in
            try db.transaction {
                var inserted = 0
                for key in missing {
                    try db.statement(
                        "INSERT OR IGNORE INTO manifest_keys (job_key) SELECT job_key FROM jobs WHERE job_key = ?"
                    ).run([.text(key.storageKey)])
                    inserted += db.changes
                }
                let listed = try db.statement("SELECT count(*) FROM manifest_keys").query { $0.int(0) ?? 0 }.first ?? 0
                guard Int(listed) > plannedCount - missing.count + inserted else { return }
                let listedKeys = try db.statement(
                    "SELECT job_key, jobs.product_id, jobs.variant_id FROM manifest_keys JOIN jobs USING (job_key)"
                ).query { row in
                    (row.text(0) ?? "", JobKey(productID: row.text(1) ?? "", variantID: row.text(2) ?? ""))
                }
                for (storageKey, key) in listedKeys where !isPlanned(key) {
                    try db.statement("DELETE FROM manifest_keys WHERE job_key = ?").run([.text(storageKey)])
                }
            }
        }
    }
}
