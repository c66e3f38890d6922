import CatalogModel
import Foundation
import Synchronization

/// Durable job state in SQLite (WAL): runs, jobs and their state machine, outputs and uploaded
/// reference files. It owns its one connection behind a mutex; every write is one transaction.
public final class JobStore: FingerprintIndex, Sendable {
    private let connection: SQLiteConnection
    private let lock = Mutex(())
    public let path: String

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        self.path = path
        let connection = try SQLiteConnection(path: path)
        try Migrations.apply(to: connection)
        self.connection = connection
    }

    func withConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try lock.withLock { _ in try body(connection) }
    }

    // MARK: Runs

    public func beginRun(specName: String) throws -> Int64 {
        try withConnection { db in
            try db.statement("INSERT INTO runs (spec_name, started_at, status) VALUES (?, ?, 'running')")
                .run([.text(specName), .double(Date().timeIntervalSince1970)])
            return try db.statement("SELECT last_insert_rowid()").query { $0.int(0) ?? 0 }.first ?? 0
        }
    }

    public func finishRun(_ id: Int64, status: String) throws {
        try withConnection { db in
            try db.statement("UPDATE runs SET finished_at = ?, status = ? WHERE id = ?")
                .run([.double(Date().timeIntervalSince1970), .text(status), .int(id)])
        }
    }

    // MARK: Fingerprints

    public func storedFingerprint(for key: JobKey) throws -> JobFingerprint? {
        try withConnection { db in
            try db.statement("SELECT fingerprint FROM outputs WHERE job_key = ?")
                .query([.text(key.storageKey)]) { $0.text(0) }
                .first?
                .map(JobFingerprint.init(hex:))
        }
    }

    public func storedJob(for key: JobKey) throws -> Job? {
        try withConnection { db in
            try db.statement("SELECT job_json FROM outputs WHERE job_key = ?")
                .query([.text(key.storageKey)]) { row in
                    try JSONDecoder().decode(Job.self, from: Data((row.text(0) ?? "").utf8))
                }
                .first
        }
    }

    // MARK: Uploaded reference files

    /// A files-API URL for content already uploaded to `server`'s files API with its key, valid
    /// after `date`, so a reference is sent once per 72 h and server, not once per job. A file
    /// another files API or another key holds is never reused.
    public func cachedUpload(contentSHA256: String, server: ServerIdentity, validAfter date: Date) throws -> String? {
        try withConnection { db in
            try db.statement(
                """
                SELECT file_url FROM uploads
                WHERE files_origin = ? AND key_identity = ? AND content_sha256 = ? AND expires_at > ?
                """
            )
            .query([
                .text(server.filesOrigin), .text(server.keyIdentity), .text(contentSHA256),
                .double(date.timeIntervalSince1970),
            ]) { $0.text(0) }
            .first ?? nil
        }
    }

    /// Records a file `server`'s files API accepted (under its origin and key identity).
    public func recordUpload(contentSHA256: String, server: ServerIdentity, fileURL: String, expiresAt: Date) throws {
        try withConnection { db in
            try db.statement(
                """
                INSERT OR REPLACE INTO uploads (files_origin, key_identity, content_sha256, file_url, expires_at)
                VALUES (?, ?, ?, ?, ?)
                """
            )
            .run([
                .text(server.filesOrigin), .text(server.keyIdentity), .text(contentSHA256), .text(fileURL),
                .double(expiresAt.timeIntervalSince1970),
            ])
        }
    }
}

/// A run as recorded: when, and how it ended.
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    public var status: String
    public var startedAt: Date
    public var finishedAt: Date?
}

extension JobStore {
    public func lastRun() throws -> RunRecord? {
        try withConnection { db in
            try db.statement("SELECT id, status, started_at, finished_at FROM runs ORDER BY id DESC LIMIT 1").query {
                row in
                RunRecord(
                    id: row.int(0) ?? 0, status: row.text(1) ?? "",
                    startedAt: Date(timeIntervalSince1970: row.double(2) ?? 0),
                    finishedAt: row.double(3).map(Date.init(timeIntervalSince1970:)))
            }.first
        }
    }

    /// Failed jobs grouped by the code their reason starts with, most frequent first.
    public func failureReasons() throws -> [(String, Int)] {
        try withConnection { db in
            try db.statement(
                """
                SELECT substr(failure_reason, 1, instr(failure_reason || ':', ':') - 1) AS code, COUNT(*)
                FROM jobs WHERE state = 'failed' GROUP BY code ORDER BY COUNT(*) DESC
                """
            ).query { row in (row.text(0) ?? "", Int(row.int(1) ?? 0)) }
        }
    }
}

extension JobStore {
    /// Product ids that have stored images, for finding the ones no longer in the feed.
    public func productIDsWithOutputs() throws -> [String] {
        try productIDsWithOutputs(where: { _ in true })
    }

    /// How many jobs have a stored image: counted by SQLite over the smallest index, so a
    /// nightly run that planned as many jobs with stored images knows no stored image belongs to
    /// a product gone from the feed without reading two million keys.
    public func storedImageCount() throws -> Int {
        try withConnection { db in
            let statement = try db.statement("SELECT count(*) FROM outputs")
            return try statement.step() ? Int(statement.int(0) ?? 0) : 0
        }
    }

    /// The product ids with stored images that `isIncluded` accepts, sorted and distinct. The
    /// stored ids stream past `isIncluded` one by one, read from the keys alone (the covering
    /// index, no join), so a nightly run over a million stored products holds only the few it
    /// keeps.
    public func productIDsWithOutputs(where isIncluded: (String) -> Bool) throws -> [String] {
        try withConnection { db in
            let statement = try db.statement("SELECT job_key FROM outputs")
            var kept = Set<String>()
            while try statement.step() {
                guard let key = statement.text(0), let id = JobKey.productID(fromStorageKey: key), isIncluded(id)
                else { continue }
                kept.insert(id)
            }
            return kept.sorted()
        }
    }

    /// Every failed job with its failure code (the reason up to its first `:`), so `retry`
    /// can take exactly the jobs that failed for one reason.
    public func failedJobs() throws -> [(key: JobKey, code: String)] {
        try withConnection { db in
            try db.statement(
                """
                SELECT product_id, variant_id, substr(failure_reason, 1, instr(failure_reason || ':', ':') - 1)
                FROM jobs WHERE state = 'failed' ORDER BY 1, 2
                """
            ).query { (JobKey(productID: $0.text(0) ?? "", variantID: $0.text(1) ?? ""), $0.text(2) ?? "") }
        }
    }
}
