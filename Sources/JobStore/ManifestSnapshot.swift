import CatalogModel
import Foundation

/// Everything the manifest shows, read in one read transaction on a connection of its own (WAL
/// gives it a snapshot): the rows come from a cursor in catalogue order (product id, then
/// variant id, by the index of migration 11) and reach the caller in batches, so a manifest of
/// millions of items is written in the memory of one batch. The generation is read in the same
/// snapshot, so the publisher records exactly the version it wrote. The store's own connection
/// stays free meanwhile: writers (a decision, the dispatcher) are not held up, and the caller may
/// use the store between batches (the compliance cache does).
///
/// Order is by the bytes of the UTF-8 ids (SQLite's BINARY), the order `JobKey`'s `<` gives for
/// ids in Unicode normal form C.
public final class ManifestSnapshot {
    private let connection: SQLiteConnection
    /// The generation of the rows this snapshot reads.
    public let generation: ManifestGeneration

    init(path: String) throws {
        connection = try SQLiteConnection(path: path)
        // Deferred: the snapshot starts at the first read, the generation's.
        try connection.execute("BEGIN")
        generation = try JobStore.manifestGeneration(in: connection)
    }

    deinit {
        try? connection.execute("ROLLBACK")
    }

    /// Calls `body` with the manifest's rows in catalogue order, at most `size` at a time; the
    /// items the last run planned, or every stored image for a store from before runs recorded
    /// them (as `JobStore.manifestKeys()`).
    public func forEachBatch(of size: Int, _ body: ([ManifestRow]) throws -> Void) throws {
        let planned =
            try connection.statement("SELECT EXISTS (SELECT 1 FROM manifest_keys)").query { ($0.int(0) ?? 0) != 0 }
            .first ?? false
        let statement = try connection.statement(
            Self.select
                + (planned
                    ? " CROSS JOIN manifest_keys ON manifest_keys.job_key = jobs.job_key"
                    : "") + Self.joins + " ORDER BY jobs.product_id, jobs.variant_id")
        defer { statement.reset() }
        var batch: [ManifestRow] = []
        batch.reserveCapacity(max(1, size))
        while try statement.step() {
            batch.append(try row(statement))
            if batch.count >= size {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// The rows of `keys` that have a stored image, in catalogue order: what a decision's answer
    /// shows, without reading the rest.
    public func rows(for keys: some Sequence<JobKey>) throws -> [ManifestRow] {
        let statement = try connection.statement(Self.select + Self.joins + " WHERE jobs.job_key = ?")
        var rows: [ManifestRow] = []
        for key in keys {
            statement.reset()
            try statement.bind([.text(key.storageKey)])
            while try statement.step() { rows.append(try row(statement)) }
        }
        statement.reset()
        return rows.sorted { $0.item.record.job.key < $1.item.record.job.key }
    }

    private static let select = """
        SELECT jobs.product_id, jobs.variant_id, jobs.state, outputs.path, outputs.sha256, outputs.format,
            outputs.width, outputs.height, outputs.bytes, outputs.task_id, outputs.fingerprint, outputs.job_json,
            outputs.stored_at, reviews.state, reviews.reviewer, reviews.note, reviews.reviewed_at,
            listings.listing_json
        FROM jobs
        """

    /// Jobs first (CROSS JOIN keeps them the outer loop), so the catalogue order is the index's.
    private static let joins = """
         CROSS JOIN outputs ON outputs.job_key = jobs.job_key
        LEFT JOIN reviews ON reviews.job_key = jobs.job_key AND reviews.sha256 = outputs.sha256
        LEFT JOIN listings ON listings.job_key = jobs.job_key
        """

    /// One for every row: a decoder costs more to make than a row's JSON does to decode.
    private let decoder = JSONDecoder()

    private func row(_ row: SQLiteStatement) throws -> ManifestRow {
        let provenance = try decoder.decode(Job.self, from: Data((row.text(11) ?? "").utf8))
        let output = OutputRecord(
            path: row.text(3) ?? "", sha256: row.text(4) ?? "", format: row.text(5) ?? "",
            width: Int(row.int(6) ?? 0), height: Int(row.int(7) ?? 0), bytes: Int(row.int(8) ?? 0),
            taskID: row.text(9) ?? "", fingerprint: row.text(10) ?? "",
            storedAt: row.double(12).map(Date.init(timeIntervalSince1970:)))
        let record = JobRecord(job: provenance, state: JobState(rawValue: row.text(2) ?? "") ?? .failed)
        let review = row.text(13).map { state in
            Review(
                state: ReviewState(rawValue: state) ?? .pending, reviewer: row.text(14) ?? "", note: row.text(15),
                reviewedAt: Date(timeIntervalSince1970: row.double(16) ?? 0), sha256: output.sha256)
        }
        let listing = row.text(17).flatMap { try? decoder.decode(Listing.self, from: Data($0.utf8)) }
        return ManifestRow(item: StoredItem(record: record, output: output), review: review, listing: listing)
    }
}
