import CatalogModel
import Foundation

/// One image `recover` puts back: the job as it was when the image was made, the image's file
/// as verified on disk, and the review decision the manifest recorded for it, if any.
public struct RestoredItem: Sendable, Equatable {
    public var job: Job
    public var output: OutputRecord
    public var review: Review?

    public init(job: Job, output: OutputRecord, review: Review? = nil) {
        self.job = job
        self.output = output
        self.review = review
    }
}

/// The run a restored store records the images under: the manifest's last run when it says.
public struct RestoredRun: Sendable, Equatable {
    public var id: Int64?
    public var specName: String
    public var status: String
    public var startedAt: Date
    public var finishedAt: Date?

    public init(id: Int64?, specName: String, status: String, startedAt: Date, finishedAt: Date?) {
        self.id = id
        self.specName = specName
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

extension JobStore {
    /// Fills a new, empty store from a manifest (`recover`), in one transaction: the folder id,
    /// one run, and each item's job (`stored`, its fingerprint), output, manifest key and
    /// decision (with a line in the review log). Jobs get no idempotency key and no cost row:
    /// their submissions' money is not in the manifest.
    /// A `folderID` of `nil` (a manifest from before folder ids) keeps the store's own.
    public func restore(_ items: [RestoredItem], run: RestoredRun, folderID: String?) throws {
        try withConnection { db in
            try db.transaction {
                if let folderID {
                    try db.statement("UPDATE folder_identity SET folder_id = ? WHERE id = 1").run([.text(folderID)])
                }
                let known = ["running", "finished", "failed", "interrupted"]
                try db.statement(
                    "INSERT INTO runs (id, spec_name, started_at, finished_at, status) VALUES (?, ?, ?, ?, ?)"
                ).run([
                    run.id.map { .int($0) } ?? .null, .text(run.specName), .double(run.startedAt.timeIntervalSince1970),
                    run.finishedAt.map { .double($0.timeIntervalSince1970) } ?? .null,
                    // A run the manifest caught while going did not finish here.
                    .text(known.contains(run.status) && run.status != "running" ? run.status : "interrupted"),
                ])
                let runID = try db.statement("SELECT last_insert_rowid()").query { $0.int(0) ?? 0 }.first ?? 0
                for item in items { try Self.restore(item, runID: runID, in: db) }
            }
        }
    }

    private static func restore(_ item: RestoredItem, runID: Int64, in db: SQLiteConnection) throws {
        let job = item.job
        let output = item.output
        let storedAt = (output.storedAt ?? Date()).timeIntervalSince1970
        let key = SQLiteValue.text(job.key.storageKey)
        try db.statement(
            """
            INSERT INTO jobs (job_key, \(jobColumns), run_id, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'stored', NULL, ?, NULL, NULL, NULL, NULL, ?, NULL, NULL, ?, ?)
            """
        ).run([
            key, .text(job.key.productID), .text(job.key.variantID), .text(job.productTitle),
            .text(JobJSON.variant(job.variant)), .text(job.prompt), .text(JobJSON.references(job.references)),
            .text(JobJSON.settings(job.settings)), .text(job.fingerprint.hex), .int(job.estimatedCost.micros),
            .text(output.taskID), job.fileName.map { .text($0) } ?? .null, .int(runID), .double(storedAt),
        ])
        try db.statement(
            """
            INSERT INTO outputs
                (job_key, fingerprint, path, sha256, format, width, height, bytes, task_id, job_json, stored_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).run([
            key, .text(output.fingerprint), .text(output.path), .text(output.sha256), .text(output.format),
            .int(Int64(output.width)), .int(Int64(output.height)), .int(Int64(output.bytes)), .text(output.taskID),
            .text(JobJSON.text(for: job)), .double(storedAt),
        ])
        try db.statement("INSERT INTO manifest_keys (job_key) VALUES (?)").run([key])
        guard let review = item.review, review.state != .pending else { return }
        let values: [SQLiteValue] = [
            key, .text(output.sha256), .text(review.state.rawValue), .text(review.reviewer),
            review.note.map(SQLiteValue.text) ?? .null, .double(review.reviewedAt.timeIntervalSince1970),
        ]
        try db.statement(
            "INSERT INTO reviews (job_key, sha256, state, reviewer, note, reviewed_at) VALUES (?, ?, ?, ?, ?, ?)"
        ).run(values)
        try db.statement(
            "INSERT INTO review_log (job_key, sha256, state, reviewer, note, reviewed_at) VALUES (?, ?, ?, ?, ?, ?)"
        ).run(values)
    }
}
