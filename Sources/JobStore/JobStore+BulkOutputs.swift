import CatalogModel
import Foundation

extension JobStore {
    /// Records jobs as stored with their outputs in one transaction through two prepared
    /// statements, as if a run had generated them all: the store of a catalog whose every output
    /// is current, the common case of a nightly run.
    ///
    /// For benchmarks and tests only. A real output reaches the store through the dispatcher's
    /// transitions (`register`, `commit`), four per job, with its idempotency key and its money
    /// on record; that path would take minutes for the two million outputs a nightly benchmark
    /// needs, and the benchmark needs none of what it records besides the outputs themselves.
    /// `produce` calls `insert` once per job, so the caller may stream jobs without holding
    /// them all; the store's lock and the transaction are held until it returns. A job or
    /// output already on record is replaced.
    public func insertStoredOutputs(
        runID: Int64, _ produce: (_ insert: (Job, OutputRecord) throws -> Void) throws -> Void
    ) throws {
        try withConnection { db in
            try db.transaction {
                let jobs = try db.statement(
                    """
                    INSERT OR REPLACE INTO jobs (job_key, \(Self.jobColumns), run_id, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'stored', NULL, ?, NULL, NULL, NULL, NULL, ?, NULL, NULL, ?, ?)
                    """)
                let outputs = try db.statement(
                    """
                    INSERT OR REPLACE INTO outputs
                        (job_key, fingerprint, path, sha256, format, width, height, bytes, task_id, job_json, stored_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                // A catalog's jobs share a handful of variants and settings: their JSON is
                // encoded once each, not once per job.
                var variants: [Variant: String] = [:]
                var settings: [ImageSettings: String] = [:]
                let now = Date().timeIntervalSince1970
                try produce { job, output in
                    let key = job.key.storageKey
                    let variantJSON = try variants[job.variant] ?? JobJSON.variant(job.variant)
                    variants[job.variant] = variantJSON
                    let settingsJSON = try settings[job.settings] ?? JobJSON.settings(job.settings)
                    settings[job.settings] = settingsJSON
                    jobs.reset()
                    try jobs.run([
                        .text(key), .text(job.key.productID), .text(job.key.variantID), .text(job.productTitle),
                        .text(variantJSON), .text(job.prompt), .text(try JobJSON.references(job.references)),
                        .text(settingsJSON), .text(job.fingerprint.hex), .int(job.estimatedCost.micros),
                        .text(output.taskID), job.fileName.map { .text($0) } ?? .null, .int(runID), .double(now),
                    ])
                    outputs.reset()
                    try outputs.run([
                        .text(key), .text(output.fingerprint), .text(output.path), .text(output.sha256),
                        .text(output.format), .int(Int64(output.width)), .int(Int64(output.height)),
                        .int(Int64(output.bytes)), .text(output.taskID), .text(try JobJSON.text(for: job)),
                        .double(now),
                    ])
                }
            }
        }
    }
}
