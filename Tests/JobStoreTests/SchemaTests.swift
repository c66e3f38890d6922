import CatalogModel
import CatalogTestSupport
import Foundation
import Testing

@testable import JobStore

/// The schema itself: what a migration keeps, and what the statements of the hot path cost.
struct SchemaTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// The live line reads a run's progress every two seconds while the run writes: each of its
    /// statements is an index search, never a scan of the catalog's rows (on main all three
    /// scanned their table).
    @Test func aRunsProgressIsReadThroughIndexes() throws {
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let run = try store.beginRun(specName: "demo")
        _ = try store.progress(runID: run)
        let plans = try store.withConnection { db in
            try db.preparedSQL.filter { $0.contains("run_id = ?") || $0.contains("stored_at >= ?") }.map { sql in
                (sql, try db.statement("EXPLAIN QUERY PLAN " + sql).query { $0.text(3) ?? "" })
            }
        }
        #expect(plans.count == 3, "\(plans.map(\.0))")
        for (sql, details) in plans {
            #expect(details.allSatisfy { !$0.hasPrefix("SCAN") }, "\(sql): \(details)")
        }
    }

    /// The cross-run collision check asks, for each job about to be generated, whose stored
    /// image has its path: one index range on `outputs_by_path` (migration 8), ignoring case,
    /// matching the path with any extension but nothing longer.
    @Test func storedOutputOwnersAreFoundByPathIgnoringCaseThroughAnIndex() throws {
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let run = try store.beginRun(specName: "demo")
        for (id, path) in [
            ("A", "images/Mug-1/default.png"), ("B", "images/mug-1/default.v2/x.png"),
            ("C", "images/mug-10/default.png"),
        ] {
            let job = sampleJob(id)
            try store.register(job, runID: run)
            try store.markStored(
                job,
                output: OutputRecord(
                    path: path, sha256: String(repeating: "ab", count: 32), format: "png", width: 8, height: 8,
                    bytes: 10, taskID: "task-unified-1-abc", fingerprint: job.fingerprint.hex))
        }
        #expect(try store.storedOutputOwners(ofStem: "images/MUG-1/default").map(\.productID) == ["A"])
        #expect(try store.storedOutputOwners(ofStem: "images/mug-2/default").isEmpty)
        let details = try store.withConnection { db in
            try db.preparedSQL.filter { $0.contains("COLLATE NOCASE") }.map { sql in
                try db.statement("EXPLAIN QUERY PLAN " + sql).query { $0.text(3) ?? "" }
            }
        }
        #expect(details.count == 1)
        #expect(details.joined().contains { $0.hasPrefix("SEARCH outputs USING INDEX outputs_by_path") }, "\(details)")
    }

    /// A nightly plan reads every job's fingerprint, listing digest and manifest membership in
    /// batches: from covering indexes alone. On main SQLite took `outputs`' unique key and read
    /// each row (with the job's JSON) for its fingerprint, and `listings`' rows (with the
    /// listing's JSON) for its digest: a page read per job, most of a no-op run's time.
    @Test func aPlansBatchedReadTouchesOnlyCoveringIndexes() throws {
        let store = try JobStore(path: directory.url("state.sqlite").path)
        _ = try store.storedStates(for: [sampleJob("A").key])
        let details = try store.withConnection { db in
            try db.preparedSQL.filter { $0.contains("FROM (VALUES") }.map { sql in
                try db.statement("EXPLAIN QUERY PLAN " + sql).query { $0.text(3) ?? "" }
            }
        }
        #expect(details.count == 1)
        let searches = details.joined().filter { $0.hasPrefix("SEARCH") }
        #expect(searches.count == 3, "\(details)")
        #expect(searches.allSatisfy { $0.contains("USING COVERING INDEX") }, "\(searches)")
    }

    @Test func aJobsStateChangesBuildNoTemporaryTables() throws {
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let run = try store.beginRun(specName: "demo")
        let (stored, failed, skipped) = (sampleJob("A"), sampleJob("B"), sampleJob("C"))
        try store.register([stored, failed, skipped], runID: run)
        try store.markSubmitting(stored.key, idempotencyKey: "cr-0123456789abcdef")
        try store.markSubmitted(stored.key, taskID: "task-unified-1-abc")
        try store.markCompleted(stored.key, resultURLs: ["http://x/r.png"])
        try store.markStored(
            stored,
            output: OutputRecord(
                path: "a.png", sha256: String(repeating: "ab", count: 32), format: "png", width: 8, height: 8,
                bytes: 80, taskID: "task-unified-1-abc", fingerprint: stored.fingerprint.hex))
        try store.markFailed(failed.key, reason: "content_policy: no", retryable: false)
        try store.markSkipped(skipped.key, reason: "budget")

        let plans = try store.withConnection { db in
            try db.preparedSQL.filter { $0.contains("jobs") || $0.contains("outputs") }.map { sql in
                (sql, try db.statement("EXPLAIN " + sql).query { $0.text(1) ?? "" })
            }
        }
        #expect(plans.count >= 8, "every transition's statement was prepared: \(plans.map(\.0))")
        for (sql, opcodes) in plans {
            // An IN list in a CHECK builds a temporary b-tree (a page cache of its own) per row.
            let buildsTemporaryTable = opcodes.contains("OpenEphemeral")
            #expect(!buildsTemporaryTable, "\(sql)")
        }
    }

    @Test func migratingAVersion2DatabaseKeepsEveryRowAndItsReferences() throws {
        let path = directory.url("state.sqlite").path
        let job = sampleJob("A")
        let sha = String(repeating: "cd", count: 32)
        do {
            let old = try SQLiteConnection(path: path)
            try Migrations.apply(Array(Migrations.all.prefix(2)), to: old)
            try old.execute("INSERT INTO runs (id, spec_name, started_at, status) VALUES (1, 'demo', 0, 'finished')")
            try old.statement(
                """
                INSERT INTO jobs (job_key, product_id, variant_id, product_title, variant_json, prompt,
                    references_json, settings_json, fingerprint, estimated_cost_micros, state, idempotency_key,
                    task_id, result_urls_json, run_id, updated_at, file_name, submitted_image_urls_json,
                    failure_reason, failure_retryable)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'stored', 'cr-0123456789abcdef', 'task-1', '["http://x/r.png"]',
                    1, 0, 'mug.png', '["http://x/ref.png"]', 'earlier: timeout', 1)
                """
            ).run([
                .text(job.key.storageKey), .text(job.key.productID), .text(job.key.variantID), .text(job.productTitle),
                .text(JobJSON.variant(job.variant)), .text(job.prompt), .text(JobJSON.references(job.references)),
                .text(JobJSON.settings(job.settings)), .text(job.fingerprint.hex), .int(job.estimatedCost.micros),
            ])
            try old.statement(
                """
                INSERT INTO outputs (job_key, fingerprint, path, sha256, format, width, height, bytes, task_id,
                    job_json, stored_at)
                VALUES (?, ?, 'images/a.png', ?, 'png', 8, 8, 80, 'task-1', ?, 0)
                """
            ).run([.text(job.key.storageKey), .text(job.fingerprint.hex), .text(sha), .text(JobJSON.text(for: job))])
            try old.statement(
                "INSERT INTO reviews (job_key, sha256, state, reviewer, reviewed_at) VALUES (?, ?, 'approved', 'ana', 0)"
            ).run([.text(job.key.storageKey), .text(sha)])
            try old.statement("INSERT INTO manifest_keys (job_key) VALUES (?)").run([.text(job.key.storageKey)])
        }

        let store = try JobStore(path: path)
        let record = try #require(try store.job(job.key))
        #expect(record.state == .stored)
        var named = job
        named.fileName = "mug.png"
        #expect(record.job == named)
        #expect(record.resultURLs == ["http://x/r.png"])
        #expect(record.submittedImageURLs == ["http://x/ref.png"])
        #expect(record.idempotencyKey == "cr-0123456789abcdef")
        #expect(record.taskID == "task-1")
        #expect(record.failureReason == "earlier: timeout")
        #expect(record.failureRetryable == true)
        #expect(try store.storedItems(for: [job.key]).map(\.output.path) == ["images/a.png"])
        #expect(try store.reviews()[job.key]?.state == .approved)
        #expect(try store.manifestKeys() == [job.key])
        // Foreign keys are back on and point at the rebuilt table: deleting the job cascades.
        try store.withConnection { db in try db.execute("DELETE FROM jobs") }
        #expect(try store.storedItems(for: [job.key]).isEmpty)
        #expect(try store.reviews().isEmpty)
        #expect(try store.manifestKeys().isEmpty)
    }

    @Test func migration4ReservesTheSubmissionsAnOlderStoreLeftInFlight() throws {
        let path = directory.url("state.sqlite").path
        let (inFlight, stored) = (sampleJob("A"), sampleJob("B"))
        do {
            let old = try SQLiteConnection(path: path)
            try Migrations.apply(Array(Migrations.all.prefix(3)), to: old)
            try old.execute("INSERT INTO runs (id, spec_name, started_at, status) VALUES (1, 'demo', 0, 'running')")
            for (job, state, key) in [(inFlight, "submitted", "cr-a"), (stored, "stored", "cr-b")] {
                try old.statement(
                    """
                    INSERT INTO jobs (job_key, product_id, variant_id, product_title, variant_json, prompt,
                        references_json, settings_json, fingerprint, estimated_cost_micros, state, idempotency_key,
                        task_id, run_id, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0)
                    """
                ).run([
                    .text(job.key.storageKey), .text(job.key.productID), .text(job.key.variantID),
                    .text(job.productTitle), .text(JobJSON.variant(job.variant)), .text(job.prompt),
                    .text(JobJSON.references(job.references)), .text(JobJSON.settings(job.settings)),
                    .text(job.fingerprint.hex), .int(job.estimatedCost.micros), .text(state), .text(key),
                    .text("task-unified-1-\(key)"),
                ])
            }
        }
        let store = try JobStore(path: path)
        // The task in flight is reserved (a stored one's money is past telling) and settles.
        #expect(try store.spend(runID: 1) == RunSpend(unsettledCount: 1, reserved: Money(usd: 0.05)))
        try store.commit([.completed(inFlight.key, resultURLs: ["http://x/a.png"], charge: Money(usd: 0.02))])[0].get()
        #expect(try store.spend(runID: 1) == RunSpend(settledCount: 1, charged: Money(usd: 0.02)))
    }
}
