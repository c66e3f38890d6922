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

    /// With `register`, for a job resumed in `submitting`: its unsettled submission is now
    /// the money of the run that takes it over, which sends the same key again (whether or not
    /// the earlier run's POST reached the API, the key is paid for at most once).
    static func resume(idempotencyKey: String, runID: Int64, in db: SQLiteConnection) throws {
        try db.statement("UPDATE costs SET run_id = ? WHERE idempotency_key = ? AND settled_micros IS NULL")
            .run([.int(runID), .text(idempotencyKey)])
    }

    /// With `.completed`, `.failed` or `.skipped`, and when `register` abandons a task for a
    /// new version of its job: the task the API made for the job's current submission, and
    /// what it charged for it when the answer says (`nil` leaves the estimate standing). A
    /// settlement stands: a later one for the same key changes nothing. The task is recorded
    /// here rather than when it is accepted: one statement per job fewer.
    static func close(for key: JobKey, charge: Money?, in db: SQLiteConnection) throws {
        // Bound by position: ?1, ?2, ?3 are the array's first, second and third values.
        try db.statement(
            """
            UPDATE costs SET task_id = COALESCE(task_id, (SELECT task_id FROM jobs WHERE job_key = ?3)),
                settled_micros = COALESCE(settled_micros, ?1),
                settled_at = CASE WHEN settled_micros IS NULL THEN ?2 ELSE settled_at END
            WHERE idempotency_key = (SELECT idempotency_key FROM jobs WHERE job_key = ?3)
            """
        ).run([
            charge.map { .int(max(0, $0.micros)) } ?? .null,
            charge == nil ? .null : .double(Date().timeIntervalSince1970),
            .text(key.storageKey),
        ])
    }
}

extension Costs {
    /// With `.unsent`: the reservation of a key whose POST never left. It was never a
    /// submission, so it leaves no row to count as one.
    static func drop(for key: JobKey, in db: SQLiteConnection) throws {
        try db.statement(
            """
            DELETE FROM costs WHERE settled_micros IS NULL
                AND idempotency_key = (SELECT idempotency_key FROM jobs WHERE job_key = ?)
            """
        ).run([.text(key.storageKey)])
    }
}

extension JobStore {
    /// The spend of run `runID`: the submissions it reserved, except those a later run took
    /// over while they were still `submitting` (unanswered: the later run sends them again,
    /// and they are its money), and those it took over itself.
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
