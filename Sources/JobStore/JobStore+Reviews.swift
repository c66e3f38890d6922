import CatalogModel
import Foundation

/// Review decisions and the set of items the manifest covers.
extension JobStore {
    /// Records the jobs the run planned, replacing the previous run's: the items of the
    /// manifest, the review page and exports from now on. A planned job that was never
    /// dispatched (a run with `--only`, or one the budget stopped) has no row yet, and so no
    /// image to list: it is left out rather than failing the run after its images are stored.
    /// Only the difference is written (through a temporary table), so a run that plans the same
    /// items changes no row and leaves the manifest's generation as it was.
    public func setManifestKeys(_ keys: [JobKey]) throws {
        try withConnection { db in
            try db.transaction {
                try db.execute(
                    """
                    CREATE TEMP TABLE IF NOT EXISTS planned_keys (job_key TEXT PRIMARY KEY) WITHOUT ROWID;
                    DELETE FROM temp.planned_keys;
                    """)
                for key in keys {
                    // A cached statement, reset by each `statement` call.
                    try db.statement("INSERT OR IGNORE INTO temp.planned_keys (job_key) VALUES (?)")
                        .run([.text(key.storageKey)])
                }
                try db.execute(
                    """
                    DELETE FROM manifest_keys WHERE job_key NOT IN (SELECT job_key FROM temp.planned_keys);
                    INSERT INTO manifest_keys (job_key)
                    SELECT planned.job_key FROM temp.planned_keys AS planned
                    WHERE EXISTS (SELECT 1 FROM jobs WHERE jobs.job_key = planned.job_key)
                        AND NOT EXISTS (SELECT 1 FROM manifest_keys WHERE manifest_keys.job_key = planned.job_key);
                    DELETE FROM temp.planned_keys;
                    """)
            }
        }
    }

    /// The manifest's jobs (every job with an image, for a store written before the first run
    /// recorded them).
    public func manifestKeys() throws -> [JobKey] {
        try withConnection { db in
            let recorded = try db.statement(
                """
                SELECT jobs.product_id, jobs.variant_id FROM manifest_keys JOIN jobs USING (job_key)
                ORDER BY 1, 2
                """
            ).query { JobKey(productID: $0.text(0) ?? "", variantID: $0.text(1) ?? "") }
            if !recorded.isEmpty { return recorded }
            return try db.statement(
                "SELECT jobs.product_id, jobs.variant_id FROM outputs JOIN jobs USING (job_key) ORDER BY 1, 2"
            ).query { JobKey(productID: $0.text(0) ?? "", variantID: $0.text(1) ?? "") }
        }
    }

    /// The decisions that hold for the jobs' current images; a job missing here is pending.
    public func reviews() throws -> [JobKey: Review] {
        try withConnection { db in
            let rows = try db.statement(Self.currentReviews).query(row: Self.review)
            return Dictionary(rows, uniquingKeysWith: { first, _ in first })
        }
    }

    /// The decisions that hold for these jobs' current images: for a run about to replace them,
    /// without reading every decision in the store.
    public func reviews(for keys: some Sequence<JobKey>) throws -> [JobKey: Review] {
        try withConnection { db in
            var found: [JobKey: Review] = [:]
            for key in keys {
                for (key, review) in try db.statement(Self.currentReviews + " AND reviews.job_key = ?")
                    .query([.text(key.storageKey)], row: Self.review)
                {
                    found[key] = review
                }
            }
            return found
        }
    }

    private static let currentReviews = """
        SELECT jobs.product_id, jobs.variant_id, reviews.state, reviews.reviewer, reviews.note,
               reviews.reviewed_at, reviews.sha256
        FROM reviews JOIN outputs USING (job_key) JOIN jobs USING (job_key)
        WHERE outputs.sha256 = reviews.sha256
        """

    private static func review(_ row: SQLiteStatement) -> (JobKey, Review) {
        (
            JobKey(productID: row.text(0) ?? "", variantID: row.text(1) ?? ""),
            Review(
                state: ReviewState(rawValue: row.text(2) ?? "") ?? .pending, reviewer: row.text(3) ?? "",
                note: row.text(4), reviewedAt: Date(timeIntervalSince1970: row.double(5) ?? 0),
                sha256: row.text(6) ?? "")
        )
    }

    /// Records `decisions` in one transaction, each against the job's current image. Throws
    /// `UnknownReviewItems`, recording nothing, if any names a job without an image.
    @discardableResult
    public func record(_ decisions: [ReviewDecision], at date: Date = Date()) throws -> ReviewOutcome {
        try withConnection { db in
            try db.transaction {
                var images: [(ReviewDecision, String)] = []
                var unknown: [JobKey] = []
                for decision in decisions {
                    // (`statement` hands out the cached statement reset, so it is fetched per use.)
                    let sha256 =
                        try db.statement("SELECT sha256 FROM outputs WHERE job_key = ?")
                        .query([.text(decision.key.storageKey)]) { $0.text(0) }.first ?? nil
                    if let sha256 {
                        images.append((decision, sha256))
                    } else {
                        unknown.append(decision.key)
                    }
                }
                guard unknown.isEmpty else { throw UnknownReviewItems(keys: unknown) }
                var outcome = ReviewOutcome()
                for (decision, sha256) in images {
                    if let seen = decision.sha256, seen != sha256 {
                        outcome.stale.append(decision.key)
                        continue
                    }
                    let values: [SQLiteValue] = [
                        .text(decision.key.storageKey), .text(sha256), .text(decision.state.rawValue),
                        .text(decision.reviewer), decision.note.map(SQLiteValue.text) ?? .null,
                        .double(date.timeIntervalSince1970),
                    ]
                    if decision.state == .pending {
                        try db.statement("DELETE FROM reviews WHERE job_key = ?").run([.text(decision.key.storageKey)])
                    } else {
                        try db.statement(
                            """
                            INSERT OR REPLACE INTO reviews (job_key, sha256, state, reviewer, note, reviewed_at)
                            VALUES (?, ?, ?, ?, ?, ?)
                            """
                        ).run(values)
                    }
                    try db.statement(
                        """
                        INSERT INTO review_log (job_key, sha256, state, reviewer, note, reviewed_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """
                    ).run(values)
                    outcome.applied.append(decision.key)
                }
                return outcome
            }
        }
    }
}
