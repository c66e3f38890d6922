/// The schema, as numbered migrations applied in order and recorded in `schema_migrations`.
/// Never edit one that has landed: add the next.
enum Migrations {
    static let all: [(version: Int, sql: String)] = [
        (
            1,
            """
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                spec_name TEXT NOT NULL,
                started_at REAL NOT NULL,
                finished_at REAL,
                status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'interrupted'))
            );
            CREATE TABLE jobs (
                job_key TEXT PRIMARY KEY,
                product_id TEXT NOT NULL,
                variant_id TEXT NOT NULL,
                product_title TEXT NOT NULL,
                variant_json TEXT NOT NULL,
                prompt TEXT NOT NULL,
                references_json TEXT NOT NULL,
                settings_json TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                estimated_cost_micros INTEGER NOT NULL CHECK (estimated_cost_micros >= 0),
                file_name TEXT,
                state TEXT NOT NULL CHECK (state IN
                    ('planned', 'submitting', 'submitted', 'completed', 'stored', 'failed', 'cancelled', 'skipped')),
                idempotency_key TEXT UNIQUE,
                -- The exact reference URLs the paid POST sent, so a resumed submission repeats
                -- the same body under the same key instead of meeting an idempotency conflict.
                submitted_image_urls_json TEXT,
                task_id TEXT,
                result_urls_json TEXT,
                failure_reason TEXT,
                failure_retryable INTEGER CHECK (failure_retryable IN (0, 1)),
                run_id INTEGER REFERENCES runs (id),
                updated_at REAL NOT NULL,
                CHECK (state NOT IN ('submitting', 'submitted', 'completed') OR idempotency_key IS NOT NULL),
                CHECK (state NOT IN ('submitted', 'completed') OR task_id IS NOT NULL)
            );
            CREATE INDEX jobs_by_state ON jobs (state);
            CREATE TABLE outputs (
                job_key TEXT PRIMARY KEY REFERENCES jobs (job_key) ON DELETE CASCADE,
                fingerprint TEXT NOT NULL,
                path TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                format TEXT NOT NULL,
                width INTEGER NOT NULL CHECK (width > 0),
                height INTEGER NOT NULL CHECK (height > 0),
                bytes INTEGER NOT NULL CHECK (bytes > 0),
                task_id TEXT NOT NULL,
                -- The job exactly as it was when this image was made: its provenance, which the
                -- manifest shows even after the job has changed and not yet been regenerated.
                job_json TEXT NOT NULL,
                stored_at REAL NOT NULL
            );
            CREATE TABLE uploads (
                content_sha256 TEXT PRIMARY KEY,
                file_url TEXT NOT NULL,
                expires_at REAL NOT NULL
            );
            """
        ),
        (
            2,
            """
            -- The jobs the last run planned: what the manifest, the review page and exports cover,
            -- without reading the feed again.
            CREATE TABLE manifest_keys (
                job_key TEXT PRIMARY KEY REFERENCES jobs (job_key) ON DELETE CASCADE
            );
            -- The current decision on a job's image. It holds for that image only (sha256): a
            -- regenerated image is pending again. Reset deletes the row.
            CREATE TABLE reviews (
                job_key TEXT PRIMARY KEY REFERENCES jobs (job_key) ON DELETE CASCADE,
                sha256 TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('approved', 'rejected')),
                reviewer TEXT NOT NULL,
                note TEXT,
                reviewed_at REAL NOT NULL
            );
            -- Every decision ever made, resets included: who did what to which image, and when.
            CREATE TABLE review_log (
                id INTEGER PRIMARY KEY,
                job_key TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
                reviewer TEXT NOT NULL,
                note TEXT,
                reviewed_at REAL NOT NULL
            );
            """
        ),
        (
            3,
            """
            -- The same jobs table with its CHECKs written as comparisons: SQLite builds a temporary
            -- b-tree for an IN list of three or more values each time it checks a row, so every
            -- state change built two (a page cache, its memory, its page faults).
            CREATE TABLE jobs_v3 (
                job_key TEXT PRIMARY KEY,
                product_id TEXT NOT NULL,
                variant_id TEXT NOT NULL,
                product_title TEXT NOT NULL,
                variant_json TEXT NOT NULL,
                prompt TEXT NOT NULL,
                references_json TEXT NOT NULL,
                settings_json TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                estimated_cost_micros INTEGER NOT NULL CHECK (estimated_cost_micros >= 0),
                file_name TEXT,
                state TEXT NOT NULL CHECK (
                    state = 'planned' OR state = 'submitting' OR state = 'submitted' OR state = 'completed'
                    OR state = 'stored' OR state = 'failed' OR state = 'cancelled' OR state = 'skipped'),
                idempotency_key TEXT UNIQUE,
                submitted_image_urls_json TEXT,
                task_id TEXT,
                result_urls_json TEXT,
                failure_reason TEXT,
                failure_retryable INTEGER CHECK (failure_retryable = 0 OR failure_retryable = 1),
                run_id INTEGER REFERENCES runs (id),
                updated_at REAL NOT NULL,
                CHECK (
                    idempotency_key IS NOT NULL
                    OR NOT (state = 'submitting' OR state = 'submitted' OR state = 'completed')),
                CHECK (task_id IS NOT NULL OR NOT (state = 'submitted' OR state = 'completed'))
            );
            INSERT INTO jobs_v3 (
                job_key, product_id, variant_id, product_title, variant_json, prompt, references_json,
                settings_json, fingerprint, estimated_cost_micros, file_name, state, idempotency_key,
                submitted_image_urls_json, task_id, result_urls_json, failure_reason, failure_retryable,
                run_id, updated_at)
            SELECT
                job_key, product_id, variant_id, product_title, variant_json, prompt, references_json,
                settings_json, fingerprint, estimated_cost_micros, file_name, state, idempotency_key,
                submitted_image_urls_json, task_id, result_urls_json, failure_reason, failure_retryable,
                run_id, updated_at
            FROM jobs;
            DROP TABLE jobs;
            ALTER TABLE jobs_v3 RENAME TO jobs;
            CREATE INDEX jobs_by_state ON jobs (state);
            """
        ),
        (
            4,
            """
            -- Money, one row per paid submission (its idempotency key): the job's estimate,
            -- reserved before the POST (write-ahead, with the key), and what the API finally
            -- charged once it says (NULL until then, and for good if it never does). The run is
            -- the one that reserved it, or the one that resumed it before the API answered the
            -- POST (it sends the same key again); the task is recorded when it finishes. A
            -- rerun's new key is a new row, so every run's spend stays on record after its jobs
            -- have moved on.
            CREATE TABLE costs (
                idempotency_key TEXT PRIMARY KEY,
                job_key TEXT NOT NULL,
                run_id INTEGER NOT NULL REFERENCES runs (id),
                task_id TEXT,
                reserved_micros INTEGER NOT NULL CHECK (reserved_micros >= 0),
                settled_micros INTEGER CHECK (settled_micros >= 0),
                reserved_at REAL NOT NULL,
                settled_at REAL
            );
            -- No index on run_id: every submission would pay to keep it, and only `status` and
            -- the report ask by run (a scan of one small row per submission).
            -- Jobs a store from before this table left in flight: their submissions are
            -- reserved (or accepted) already.
            INSERT INTO costs (idempotency_key, job_key, run_id, task_id, reserved_micros, reserved_at)
            SELECT idempotency_key, job_key, run_id, task_id, estimated_cost_micros, updated_at FROM jobs
            WHERE state IN ('submitting', 'submitted', 'completed') AND idempotency_key IS NOT NULL
                AND run_id IS NOT NULL;
            """
        ),
        (
            5,
            """
            -- An uploaded file belongs to the files API origin that accepted it and to the key that
            -- uploaded it (its SHA-256, never the key): it is reused only there. Rows from before
            -- say neither, so they go (the next run uploads again, once per origin and key).
            DROP TABLE uploads;
            CREATE TABLE uploads (
                files_origin TEXT NOT NULL,
                key_identity TEXT NOT NULL,
                content_sha256 TEXT NOT NULL,
                file_url TEXT NOT NULL,
                expires_at REAL NOT NULL,
                PRIMARY KEY (files_origin, key_identity, content_sha256)
            );
            -- The server that took the job's current submission (API origin and key identity),
            -- written with its idempotency key: a run talking to another server never resumes or
            -- polls it. NULL for submissions from before, which are resumed as they were.
            ALTER TABLE jobs ADD COLUMN server_api_origin TEXT;
            ALTER TABLE jobs ADD COLUMN server_key_identity TEXT;
            """
        ),
        (
            6,
            """
            -- A run's progress (RunProgressSnapshot) is read by `status` and by the live line of
            -- `run` every two seconds, while the run writes: each reading must cost an index range,
            -- not a scan of a catalog's millions of rows under the connection's lock.
            CREATE INDEX jobs_by_run_and_state ON jobs (run_id, state);
            CREATE INDEX costs_by_run ON costs (run_id);
            CREATE INDEX outputs_by_stored_at ON outputs (stored_at);
            """
        ),
        (
            7,
            """
            -- The output folder's identity: a random id, also written into every manifest.json
            -- the store publishes. A store whose id is not the manifest's was copied from another
            -- folder, and is never taken for this folder's (`FolderStateCheck`); `recover` gives a
            -- rebuilt store the manifest's id. Made here once, for new and existing stores alike.
            CREATE TABLE folder_identity (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                folder_id TEXT NOT NULL
            );
            INSERT INTO folder_identity (id, folder_id) VALUES (1, lower(hex(randomblob(16))));
            """
        ),
        (
            8,
            """
            -- Stored images by path, ignoring case as the collision check does: a job about to be
            -- generated must not overwrite the file another job's stored output points to
            -- (`storedOutputOwners(ofStem:)`), checked with one index range per new job.
            CREATE INDEX outputs_by_path ON outputs (path COLLATE NOCASE);
            """
        ),
        (
            9,
            """
            -- What each job's marketplace listing already has (its own images, handle, alt text),
            -- refreshed by every run from the feed, so exports merge with it and need no feed
            -- (`Listing`). Kept apart from the job's provenance: it changes without the image.
            CREATE TABLE listings (
                job_key TEXT PRIMARY KEY,
                listing_json TEXT NOT NULL
            ) WITHOUT ROWID;
            """
        ),
        (
            10,
            """
            -- What was measured on an image's pixels (Amazon MAIN compliance), keyed by the
            -- measuring version and the sha256 of its bytes: an image never changes under its
            -- hash, so each is decoded once per version, not at every manifest write.
            CREATE TABLE image_facts (
                facts_key TEXT PRIMARY KEY,
                facts_json TEXT NOT NULL
            ) WITHOUT ROWID;
            """
        ),
        (
            11,
            """
            -- What the manifest files were built from, as a counter every change they show bumps in
            -- the change's own transaction (the triggers below): an image stored or replaced, a
            -- decision, the set of planned items, a listing, the folder id. `ManifestPublisher`
            -- records the generation it wrote and skips a publication when it is unchanged, so a
            -- nightly run that changed nothing reads one row, not millions. Runs are not counted:
            -- a run that changed nothing leaves the files (and the run they name) as they are.
            -- The epoch tells two databases apart (a store replaced by `recover` starts again).
            CREATE TABLE manifest_generation (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                store_epoch TEXT NOT NULL,
                generation INTEGER NOT NULL CHECK (generation >= 0)
            );
            INSERT INTO manifest_generation (id, store_epoch, generation) VALUES (1, lower(hex(randomblob(16))), 0);
            CREATE TRIGGER manifest_generation_outputs_insert AFTER INSERT ON outputs
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_outputs_update AFTER UPDATE ON outputs
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_outputs_delete AFTER DELETE ON outputs
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_reviews_insert AFTER INSERT ON reviews
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_reviews_update AFTER UPDATE ON reviews
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_reviews_delete AFTER DELETE ON reviews
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_manifest_keys_insert AFTER INSERT ON manifest_keys
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_manifest_keys_update AFTER UPDATE ON manifest_keys
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_manifest_keys_delete AFTER DELETE ON manifest_keys
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_listings_insert AFTER INSERT ON listings
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_listings_update AFTER UPDATE ON listings
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_listings_delete AFTER DELETE ON listings
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_folder_identity_update AFTER UPDATE ON folder_identity
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            CREATE TRIGGER manifest_generation_jobs_delete AFTER DELETE ON jobs
            BEGIN UPDATE manifest_generation SET generation = generation + 1 WHERE id = 1; END;
            -- The manifest is written in catalogue order by a cursor over this index, not sorted
            -- in memory.
            CREATE INDEX jobs_by_product_and_variant ON jobs (product_id, variant_id);
            """
        ),
        (
            12,
            """
            -- A nightly plan reads, per batch of jobs, each one's fingerprint and listing digest
            -- (`JobStore.storedStates`): the covering index answers the first from the index
            -- alone, the digest says whether the listing moved without decoding it.
            CREATE INDEX outputs_fingerprints ON outputs (job_key, fingerprint);
            ALTER TABLE listings ADD COLUMN digest INTEGER;
            """
        ),
        (
            13,
            """
            -- The digest beside the key, as `outputs_fingerprints` holds the fingerprint: the
            -- plan's batched read (`JobStore.storedStates`, which names both indexes) reads
            -- these small indexes alone, never the rows with the job's and the listing's JSON
            -- (hundreds of megabytes at a million products, a page read per job).
            CREATE INDEX listings_digests ON listings (job_key, digest);
            """
        ),
        (14, currentProducts),
    ]

    /// Migrations that rebuild a table others reference: they run with foreign keys off (else
    /// dropping the old table would cascade to its children) and are checked with
    /// `foreign_key_check` before they commit.
    static let rebuildingReferencedTables: Set<Int> = [3]

    static func apply(_ migrations: [(version: Int, sql: String)] = all, to connection: SQLiteConnection) throws {
        try connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
        let applied = Set(try connection.statement("SELECT version FROM schema_migrations").query { $0.int(0) ?? 0 })
        for migration in migrations where !applied.contains(Int64(migration.version)) {
            let rebuilds = rebuildingReferencedTables.contains(migration.version)
            // A no-op inside a transaction, so set around it.
            if rebuilds { try connection.execute("PRAGMA foreign_keys = OFF") }
            defer { if rebuilds { try? connection.execute("PRAGMA foreign_keys = ON") } }
            try connection.transaction {
                // Another process may have applied it since the list was read.
                let appliedMeanwhile = try connection.statement("SELECT 1 FROM schema_migrations WHERE version = ?")
                    .query([.int(Int64(migration.version))]) { _ in true }
                guard appliedMeanwhile.isEmpty else { return }
                try connection.execute(migration.sql)
                if rebuilds {
                    let broken = try connection.statement("PRAGMA foreign_key_check").query { $0.text(0) ?? "" }
                    guard broken.isEmpty else {
                        throw SQLiteError(
                            code: 0, message: "migration \(migration.version) broke references from \(broken)",
                            sql: nil)
                    }
                }
                try connection.statement(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, julianday('now'))"
                )
                .run([.int(Int64(migration.version))])
            }
        }
    }
}
