import CatalogModel
import Foundation

/// The `costs` table (migration 4): each paid submission's estimate, reserved with its
/// idempotency key before the POST, and the charge the API reported when it settled. Written
/// by the job transitions, in their transaction, so the money is on record exactly when the
/// step that spends it is.
enum Costs {
    /// With `.submitting`: the job's estimate, under its new key, for the run that reserves it.
    /// The same key again (never sent by the dispatcher, which resumes a submission as it is)
    /// keeps its row. A job with no run is refused: every job is registered with one.
    static func reserve(for key: JobKey, in db: SQLiteConnection) throws {
        try db.statement(
            """
            INSERT INTO costs (idempotency_key, job_key, run_id, reserved_micros, reserved_at)
            SELECT idempotency_key, job_key, run_id, estimated_cost_micros, ? FROM jobs WHERE job_key = ?
            ON CONFLICT (idempotency_key) DO NOTHING
            """
        ).run([.double(Date().timeIntervalSince1970), .text(key.storageKey)])
    }

    /// With `.submitted`: the task the API made for the submission, and the run whose POST it
    /// accepted (a submission resumed by the next run is that run's money).
    static func accept(for key: JobKey, in db: SQLiteConnection) throws {
        try db.statement(
            """
            UPDATE costs SET (task_id, run_id) = (SELECT task_id, run_id FROM jobs WHERE job_key = ?)
            WHERE idempotency_key = (SELECT idempotency_key FROM jobs WHERE job_key = ?)
            """
        ).run([.text(key.storageKey), .text(key.storageKey)])
    }

    /// With `.completed`, `.failed` or `.skipped`: what the API charged for the job's current
    /// submission. A settlement stands: a later one for the same key changes nothing.
    static func settle(for key: JobKey, charge: Money, in db: SQLiteConnection) throws {
        try db.statement(
            """
            UPDATE costs SET settled_micros = ?, settled_at = ?
            WHERE idempotency_key = (SELECT idempotency_key FROM jobs WHERE job_key = ?) AND settled_micros IS NULL
            """
        ).run([.int(max(0, charge.micros)), .double(Date().timeIntervalSince1970), .text(key.storageKey)])
    }
}

extension JobStore {
    /// The spend of run `runID`: the submissions the API accepted from it, and those it
    /// reserved that no run has sent yet (a resent one becomes the resending run's).
    public func spend(runID: Int64) throws -> RunSpend {
        try withConnection { db in
            try db.statement(
                """
                SELECT COUNT(settled_micros), COALESCE(SUM(settled_micros), 0),
                    COUNT(*) - COUNT(settled_micros),
                    COALESCE(SUM(CASE WHEN settled_micros IS NULL THEN reserved_micros END), 0)
                FROM costs WHERE run_id = ?
                """
            ).query([.int(runID)]) { row in
                RunSpend(
                    settledCount: Int(row.int(0) ?? 0), charged: Money(micros: row.int(1) ?? 0),
                    unsettledCount: Int(row.int(2) ?? 0), reserved: Money(micros: row.int(3) ?? 0))
            }.first ?? RunSpend()
        }
    }
}
