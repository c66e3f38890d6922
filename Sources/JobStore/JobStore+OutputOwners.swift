import CatalogModel

extension JobStore {
    /// Rows whose path is `stem` followed by an extension, through `outputs_by_path`: the range
    /// from `stem.` up to `stem/` holds every `stem.<anything>`; what follows the dot is then
    /// checked to be an extension alone (`stem.v2/x.png` lies in the range too).
    public func storedOutputOwners(ofStem stem: String) throws -> [JobKey] {
        let folded = stem.lowercased()
        return try withConnection { db in
            try db.statement(
                """
                SELECT product_id, variant_id, path FROM outputs JOIN jobs USING (job_key)
                WHERE path >= ? COLLATE NOCASE AND path < ? COLLATE NOCASE
                """
            ).query([.text(stem + "."), .text(stem + "/")]) { row -> (JobKey, String) in
                (JobKey(productID: row.text(0) ?? "", variantID: row.text(1) ?? ""), row.text(2) ?? "")
            }
        }.filter { _, path in
            let lowered = path.lowercased()
            guard lowered.hasPrefix(folded + ".") else { return false }
            return !lowered.dropFirst(folded.count + 1).contains("/")
        }.map(\.0)
    }
}
