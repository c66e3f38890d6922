import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// The store's record of products found current (`current_products`, migration 14): a product
/// is forgotten in the transaction that moves any row its plan compared (its image, listing or
/// manifest entry), whatever its id holds, and no other product is.
struct CurrentProductsStoreTests {
    let directory: TemporaryDirectory
    let store: JobStore
    /// Ids that cut a job key wrongly if it is split on a character, or counted in characters.
    static let ids = ["P-1", "P-10", "a:b|c", "ünï|x", "9:x", "emoji 🧴"]

    init() throws {
        directory = try TemporaryDirectory()
        store = try JobStore(path: directory.url("state.sqlite").path)
    }

    static func job(_ id: String, fingerprint: String = "f1") -> Job {
        var job = sampleJob(id)
        job.fingerprint = JobFingerprint(hex: fingerprint)
        return job
    }

    static func digest(_ id: String) -> ProductDigest {
        ProductDigest(high: Int64(id.utf8.count), low: Int64(id.hashValue))
    }

    func storeImage(_ job: Job) throws {
        try store.walkToStored(
            job, runID: try store.beginRun(specName: "s"),
            output: OutputRecord(
                path: "images/\(job.key.productID.utf8.count)-\(job.fingerprint.hex).png",
                sha256: String(repeating: "1", count: 64), format: "png", width: 8, height: 8, bytes: 9,
                taskID: "task", fingerprint: job.fingerprint.hex))
    }

    /// Every product stored, listed, in the manifest and recorded current.
    func allCurrent() throws {
        let jobs = Self.ids.map { Self.job($0) }
        for job in jobs { try storeImage(job) }
        try store.recordListings(jobs.map { ($0.key, Listing(imageLink: "https://x.test/\($0.key.productID)")) })
        try store.setManifestKeys(jobs.map(\.key))
        try store.recordCurrentProducts(Self.ids.map { ($0, Self.digest($0)) })
        #expect(try store.currentProductDigests() == Set(Self.ids.map(Self.digest)))
    }

    /// The product keys left, read by the sqlite3 command-line shell, not by the store.
    func recordedKeys() async throws -> [String] {
        let sqlite = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["sqlite3", directory.url("state.sqlite").path, "SELECT product_key FROM current_products ORDER BY 1"])
        #expect(sqlite.exitCode == 0, "sqlite3 (installed by .ci/run): \(sqlite.stderr)")
        return sqlite.stdout.split(separator: "\n").map(String.init)
    }

    func keys(except removed: [String]) -> [String] {
        Self.ids.filter { !removed.contains($0) }.map { JobKey.productStorageKey(productID: $0) }.sorted()
    }

    @Test func eachMoveOfAComparedRowForgetsItsProductAlone() async throws {
        try allCurrent()
        #expect(try await recordedKeys() == keys(except: []))

        // An unchanged listing written again is no move.
        try store.recordListings([(Self.job("P-1").key, Listing(imageLink: "https://x.test/P-1"))])
        #expect(try await recordedKeys() == keys(except: []))

        try storeImage(Self.job("a:b|c", fingerprint: "f2"))
        #expect(try await recordedKeys() == keys(except: ["a:b|c"]))

        try store.recordListings([(Self.job("ünï|x").key, Listing(imageLink: "https://x.test/moved"))])
        #expect(try await recordedKeys() == keys(except: ["a:b|c", "ünï|x"]))

        let kept = Self.ids.filter { $0 != "P-10" }.map { Self.job($0).key }
        let hashes = Set(kept.map(\.hashValue))
        try store.updateManifestKeys(
            adding: [], plannedCount: kept.count, isPlanned: { hashes.contains($0.hashValue) })
        #expect(try await recordedKeys() == keys(except: ["a:b|c", "ünï|x", "P-10"]))

        #expect(try store.currentProductDigests() == Set(["P-1", "9:x", "emoji 🧴"].map(Self.digest)))
    }

    /// One write to a compared table, made by the sqlite3 shell (foreign keys off, as it starts),
    /// so that each trigger is tried alone, and the products it must make the store forget.
    struct Write: Sendable, CustomTestStringConvertible {
        var trigger: String
        var sql: String
        var forgets: [String]
        var testDescription: String { trigger }

        /// A job key of `product` (its stored variant, or another).
        static func key(_ product: String, other: Bool = false) -> String {
            var key = sampleJob(product).key
            if other { key.variantID = "background=other" }
            return "'" + key.storageKey + "'"
        }

        /// Copies the row of `product`'s stored job in `table` under another of its keys.
        static func insert(_ table: String, _ product: String) -> Write {
            Write(
                trigger: "current_products_\(table)_insert",
                sql: """
                    CREATE TEMP TABLE copied AS SELECT * FROM \(table) WHERE job_key = \(key(product));
                    UPDATE copied SET job_key = \(key(product, other: true));
                    INSERT INTO \(table) SELECT * FROM copied;
                    """,
                forgets: [product])
        }

        static let all: [Write] = [
            insert("outputs", "P-1"),
            Write(
                trigger: "current_products_outputs_update",
                sql: "UPDATE outputs SET fingerprint = 'moved' WHERE job_key = \(key("a:b|c"))", forgets: ["a:b|c"]),
            Write(
                trigger: "current_products_outputs_delete",
                sql: "DELETE FROM outputs WHERE job_key = \(key("ünï|x"))", forgets: ["ünï|x"]),
            insert("listings", "9:x"),
            Write(
                trigger: "current_products_listings_update",
                sql: "UPDATE listings SET digest = 7 WHERE job_key = \(key("emoji 🧴"))", forgets: ["emoji 🧴"]),
            Write(
                trigger: "current_products_listings_delete",
                sql: "DELETE FROM listings WHERE job_key = \(key("P-10"))", forgets: ["P-10"]),
            insert("manifest_keys", "a:b|c"),
            // A key moved from one product to another: both are forgotten.
            Write(
                trigger: "current_products_manifest_keys_update",
                sql: "UPDATE manifest_keys SET job_key = \(key("9:x", other: true)) WHERE job_key = \(key("P-1"))",
                forgets: ["P-1", "9:x"]),
            Write(
                trigger: "current_products_manifest_keys_delete",
                sql: "DELETE FROM manifest_keys WHERE job_key = \(key("emoji 🧴"))", forgets: ["emoji 🧴"]),
            Write(
                trigger: "current_products_jobs_delete",
                sql: "DELETE FROM jobs WHERE job_key = \(key("ünï|x"))", forgets: ["ünï|x"]),
        ]
    }

    @Test(arguments: Write.all)
    func eachTriggerForgetsItsProductsAlone(_ write: Write) async throws {
        try allCurrent()
        let sqlite = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["sqlite3", directory.url("state.sqlite").path, write.sql])
        #expect(sqlite.exitCode == 0 && sqlite.stderr.isEmpty, "\(sqlite.stderr)")
        #expect(try await recordedKeys() == keys(except: write.forgets))
    }

    /// Every trigger exists after every migration: a later rebuild of one of the tables would
    /// drop its triggers without a word.
    @Test func everyTriggerExists() async throws {
        let sqlite = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "sqlite3", directory.url("state.sqlite").path,
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'current_products%' ORDER BY 1",
            ])
        let expected = Set(Write.all.map(\.trigger))
        #expect(expected.count == 10)
        #expect(sqlite.stdout.split(separator: "\n").map(String.init) == expected.sorted())
    }

    @Test func aProductRecordedAgainTakesItsNewDigest() throws {
        try allCurrent()
        let moved = ProductDigest(high: 1, low: 2)
        try store.recordCurrentProducts([("P-1", moved)])
        let digests = try store.currentProductDigests()
        #expect(digests.contains(moved))
        #expect(!digests.contains(Self.digest("P-1")))
        #expect(digests.count == Self.ids.count)
    }
}
