import CatalogModel
import Foundation

extension JobStore {
    static let jobColumns = """
        product_id, variant_id, product_title, variant_json, prompt, references_json, settings_json, fingerprint,
        estimated_cost_micros, state, idempotency_key, task_id, result_urls_json, failure_reason, failure_retryable,
        submitted_image_urls_json, file_name, server_api_origin, server_key_identity
        """

    /// Records `job` for `run`. A job already in flight with the same fingerprint keeps its
    /// state, key and task (money may have been spent: the run resumes it); otherwise the job
    /// starts over as planned.
    /// The job's row if it is in flight (money may have been spent) under a different
    /// fingerprint: registering the new version abandons that task, which callers report.
    public func inFlightRecord(replacedBy job: Job) throws -> JobRecord? {
        guard let existing = try self.job(job.key), existing.state.isInFlight,
            existing.job.fingerprint != job.fingerprint
        else { return nil }
        return existing
    }

    @discardableResult
    public func register(_ job: Job, runID: Int64) throws -> JobRecord {
        try withConnection { db in try db.transaction { try Self.register(job, runID: runID, in: db) } }
    }

    /// `register` for a whole plan in one transaction: one commit (one fsync) instead of one per
    /// job, so a large run starts submitting at once.
    @discardableResult
    public func register(_ jobs: [Job], runID: Int64) throws -> [JobRecord] {
        try withConnection { db in try db.transaction { try jobs.map { try Self.register($0, runID: runID, in: db) } } }
    }

    private static func register(_ job: Job, runID: Int64, in db: SQLiteConnection) throws -> JobRecord {
        if let existing = try Self.fetch(job.key, in: db), existing.state.isInFlight {
            guard existing.job.fingerprint != job.fingerprint else {
                try db.statement("UPDATE jobs SET run_id = ?, updated_at = ? WHERE job_key = ?")
                    .run([.int(runID), .double(Date().timeIntervalSince1970), .text(job.key.storageKey)])
                // Sent again under its key by this run (`JobContext.prepare` keeps a key whose
                // image URLs are on record, and makes a new one otherwise).
                if existing.state == .submitting, existing.submittedImageURLs != nil,
                    let key = existing.idempotencyKey
                {
                    try Costs.resume(idempotencyKey: key, runID: runID, in: db)
                }
                return existing
            }
            // Abandoned for the new version: its task stays on record beside its money.
            try Costs.close(for: job.key, charge: nil, in: db)
        }
        try db.statement(
            """
            INSERT INTO jobs (job_key, \(Self.jobColumns), run_id, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', NULL, NULL, NULL, NULL, NULL, NULL, ?, NULL, NULL, ?, ?)
            ON CONFLICT (job_key) DO UPDATE SET
                product_title = excluded.product_title, variant_json = excluded.variant_json,
                prompt = excluded.prompt, references_json = excluded.references_json,
                settings_json = excluded.settings_json, fingerprint = excluded.fingerprint,
                estimated_cost_micros = excluded.estimated_cost_micros, state = 'planned',
                file_name = excluded.file_name,
                idempotency_key = NULL, submitted_image_urls_json = NULL, task_id = NULL,
                result_urls_json = NULL, failure_reason = NULL,
                failure_retryable = NULL, server_api_origin = NULL, server_key_identity = NULL,
                run_id = excluded.run_id, updated_at = excluded.updated_at
            """
        ).run([
            .text(job.key.storageKey), .text(job.key.productID), .text(job.key.variantID),
            .text(job.productTitle),
            .text(JobJSON.variant(job.variant)), .text(job.prompt), .text(JobJSON.references(job.references)),
            .text(JobJSON.settings(job.settings)),
            .text(job.fingerprint.hex), .int(job.estimatedCost.micros), job.fileName.map { .text($0) } ?? .null,
            .int(runID),
            .double(Date().timeIntervalSince1970),
        ])
        return JobRecord(
            job: job, state: .planned, idempotencyKey: nil, taskID: nil, resultURLs: [], failureReason: nil,
            failureRetryable: nil)
    }

    /// Commits the idempotency key and the exact reference URLs before the paid POST that uses them.
    public func markSubmitting(
        _ key: JobKey, idempotencyKey: String, imageURLs: [String] = [], server: SubmissionServer? = nil
    ) throws {
        try apply(.submitting(key, idempotencyKey: idempotencyKey, imageURLs: imageURLs, server: server))
    }

    public func markSubmitted(_ key: JobKey, taskID: String) throws {
        try apply(.submitted(key, taskID: taskID))
    }

    public func markCompleted(_ key: JobKey, resultURLs: [String]) throws {
        try apply(.completed(key, resultURLs: resultURLs))
    }

    public func markFailed(_ key: JobKey, reason: String, retryable: Bool) throws {
        try apply(.failed(key, reason: reason, retryable: retryable))
    }

    public func markSkipped(_ key: JobKey, reason: String) throws {
        try apply(.skipped(key, reason: reason))
    }

    public func markUnsent(_ keys: [JobKey]) throws {
        for result in try commit(keys.map { .unsent($0) }) { try result.get() }
    }

    /// Records the output after its file was renamed into place, in the same transaction as
    /// the job's move to `stored`.
    public func markStored(_ key: JobKey, output: OutputRecord) throws {
        guard let job = try job(key)?.job else {
            throw SQLiteError(code: 0, message: "no job \(key) to store an output for", sql: nil)
        }
        try markStored(job, output: output)
    }

    /// `markStored` for a job the caller holds (its provenance is recorded as given).
    public func markStored(_ job: Job, output: OutputRecord) throws {
        try apply(.stored(job, output))
    }

    private func apply(_ transition: JobTransition) throws {
        try commit([transition])[0].get()
    }

    /// Commits many jobs' transitions in one transaction (one fsync for all: a group commit),
    /// each in its own savepoint, so one that cannot apply (its job is gone) fails alone.
    /// The results are in the order given; if the transaction itself fails, every one fails.
    public func commit(_ transitions: [JobTransition]) throws -> [Result<Void, SQLiteError>] {
        try withConnection { db in
            try db.transaction {
                transitions.map { transition in
                    do {
                        try db.run("SAVEPOINT transition")
                        try Self.apply(transition, in: db)
                        try db.run("RELEASE transition")
                        return .success(())
                    } catch {
                        try? db.execute("ROLLBACK TO transition")
                        try? db.execute("RELEASE transition")
                        return .failure(error as? SQLiteError ?? SQLiteError(code: 0, message: "\(error)", sql: nil))
                    }
                }
            }
        }
    }

    private static func apply(_ transition: JobTransition, in db: SQLiteConnection) throws {
        switch transition {
        case .submitting(let key, let idempotencyKey, let imageURLs, let server):
            try update(
                key,
                set: """
                    state = 'submitting', idempotency_key = ?, submitted_image_urls_json = ?, server_api_origin = ?,
                    server_key_identity = ?
                    """,
                [
                    .text(idempotencyKey), .text(JSONText.array(imageURLs)),
                    server.map { .text($0.apiOrigin) } ?? .null, server.map { .text($0.keyIdentity) } ?? .null,
                ], in: db)
            try Costs.reserve(for: key, in: db)
        case .submitted(let key, let taskID):
            try update(key, set: "state = 'submitted', task_id = ?", [.text(taskID)], in: db)
        case .completed(let key, let resultURLs, let charge):
            try update(
                key, set: "state = 'completed', result_urls_json = ?", [.text(JSONText.array(resultURLs))], in: db)
            try Costs.close(for: key, charge: charge, in: db)
        case .failed(let key, let reason, let retryable, let charge):
            try Costs.close(for: key, charge: charge, in: db)
            try update(
                key, set: "state = 'failed', failure_reason = ?, failure_retryable = ?",
                [.text(reason), .int(retryable ? 1 : 0)], in: db)
        case .unsent(let key):
            try Costs.drop(for: key, in: db)
            try update(
                key,
                set: """
                    state = 'planned', idempotency_key = NULL, submitted_image_urls_json = NULL,
                    server_api_origin = NULL, server_key_identity = NULL
                    """, [], in: db)
        case .skipped(let key, let reason):
            // A job skipped after its key was committed (prepared, then stopped) was never sent.
            try Costs.close(for: key, charge: .zero, in: db)
            try update(key, set: "state = 'skipped', failure_reason = ?", [.text(reason)], in: db)
        case .stored(let job, let output):
            let jobJSON = try JobJSON.text(for: job)
            try db.statement(
                """
                INSERT OR REPLACE INTO outputs
                    (job_key, fingerprint, path, sha256, format, width, height, bytes, task_id, job_json, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            ).run([
                .text(job.key.storageKey), .text(output.fingerprint), .text(output.path), .text(output.sha256),
                .text(output.format), .int(Int64(output.width)), .int(Int64(output.height)),
                .int(Int64(output.bytes)),
                .text(output.taskID), .text(jobJSON), .double(Date().timeIntervalSince1970),
            ])
            try update(job.key, set: "state = 'stored'", [], in: db)
        }
    }

    public func job(_ key: JobKey) throws -> JobRecord? {
        try withConnection { try Self.fetch(key, in: $0) }
    }

    /// Jobs with their current outputs, for the given keys, in key order.
    public func storedItems(for keys: [JobKey]) throws -> [StoredItem] {
        try withConnection { db in
            try keys.sorted().compactMap { key -> StoredItem? in
                guard var record = try Self.fetch(key, in: db) else { return nil }
                let row = try db.statement(
                    """
                    SELECT path, sha256, format, width, height, bytes, task_id, fingerprint, job_json, stored_at
                    FROM outputs WHERE job_key = ?
                    """
                ).query([.text(key.storageKey)]) { row in
                    let output = OutputRecord(
                        path: row.text(0) ?? "", sha256: row.text(1) ?? "", format: row.text(2) ?? "",
                        width: Int(row.int(3) ?? 0), height: Int(row.int(4) ?? 0), bytes: Int(row.int(5) ?? 0),
                        taskID: row.text(6) ?? "", fingerprint: row.text(7) ?? "",
                        storedAt: row.double(9).map(Date.init(timeIntervalSince1970:)))
                    return (output, try JSONDecoder().decode(Job.self, from: Data((row.text(8) ?? "").utf8)))
                }.first
                guard let (output, provenance) = row else { return nil }
                // The image's own provenance, even if the job has changed since.
                record.job = provenance
                return StoredItem(record: record, output: output)
            }
        }
    }

    /// Jobs by state: every job in the store, or only those run `runID` dispatched.
    public func stateCounts(runID: Int64? = nil) throws -> [JobState: Int] {
        try withConnection { db in
            var counts: [JobState: Int] = [:]
            let rows =
                try
                (runID == nil
                ? db.statement("SELECT state, COUNT(*) FROM jobs GROUP BY state")
                : db.statement("SELECT state, COUNT(*) FROM jobs WHERE run_id = ? GROUP BY state"))
                .query(runID.map { [.int($0)] } ?? []) { row in
                    (row.text(0) ?? "", Int(row.int(1) ?? 0))
                }
            for (state, count) in rows {
                if let state = JobState(rawValue: state) { counts[state] = count }
            }
            return counts
        }
    }

    /// Results recorded stored at or after `date`: how fast a run is going (`status`).
    public func outputsStored(since date: Date) throws -> Int {
        try withConnection { db in
            try db.statement("SELECT COUNT(*) FROM outputs WHERE stored_at >= ?").query([
                .double(date.timeIntervalSince1970)
            ]) {
                row in Int(row.int(0) ?? 0)
            }.first ?? 0
        }
    }

    private static func update(
        _ key: JobKey, set assignments: String, _ values: [SQLiteValue], in db: SQLiteConnection
    ) throws {
        try db.statement("UPDATE jobs SET \(assignments), updated_at = ? WHERE job_key = ?")
            .run(values + [.double(Date().timeIntervalSince1970), .text(key.storageKey)])
        guard db.changes == 1 else {
            throw SQLiteError(code: 0, message: "no job \(key) to update", sql: "UPDATE jobs SET \(assignments)")
        }
    }

    private static func fetch(_ key: JobKey, in db: SQLiteConnection) throws -> JobRecord? {
        try db.statement("SELECT \(jobColumns) FROM jobs WHERE job_key = ?").query([.text(key.storageKey)]) { row in
            try decodeRecord(row)
        }.first
    }

    private static func decodeRecord(_ row: SQLiteStatement) throws -> JobRecord {
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ column: Int32) throws -> T {
            try decoder.decode(type, from: Data((row.text(column) ?? "null").utf8))
        }
        let key = JobKey(productID: row.text(0) ?? "", variantID: row.text(1) ?? "")
        var job = Job(
            key: key, productTitle: row.text(2) ?? "", variant: try decode(Variant.self, 3), prompt: row.text(4) ?? "",
            references: try decode([ReferenceImage].self, 5), settings: try decode(ImageSettings.self, 6),
            estimatedCost: Money(micros: row.int(8) ?? 0))
        job.fingerprint = JobFingerprint(hex: row.text(7) ?? "")
        job.fileName = row.text(16)
        return JobRecord(
            job: job, state: JobState(rawValue: row.text(9) ?? "") ?? .failed, idempotencyKey: row.text(10),
            submittedImageURLs: try row.text(15).map { try decoder.decode([String].self, from: Data($0.utf8)) },
            taskID: row.text(11),
            resultURLs: try row.text(12).map { try decoder.decode([String].self, from: Data($0.utf8)) } ?? [],
            failureReason: row.text(13), failureRetryable: row.int(14).map { $0 != 0 },
            submissionServer: row.text(17).map { SubmissionServer(apiOrigin: $0, keyIdentity: row.text(18) ?? "none") })
    }
}
