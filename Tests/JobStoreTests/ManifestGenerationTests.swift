import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// #24: the manifest generation moves with every change the manifest shows, in the change's
/// own transaction, and with nothing else; the snapshot reads the manifest's rows in catalogue
/// order, in batches, as of one moment.
struct ManifestGenerationTests {
    let directory: TemporaryDirectory
    let store: JobStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try JobStore(path: directory.url("state.sqlite").path)
    }

    func storeImage(_ job: Job, sha256: String, runID: Int64) throws {
        try store.walkToStored(
            job, runID: runID,
            output: OutputRecord(
                path: "images/\(job.key.productID).png", sha256: sha256, format: "png", width: 8, height: 8, bytes: 9,
                taskID: "task-unified-1-\(job.key.productID)-\(sha256.prefix(4))", fingerprint: job.fingerprint.hex))
    }

    /// Runs `change` and says whether the generation moved.
    func bumps(_ change: () throws -> Void) throws -> Bool {
        let before = try store.manifestGeneration()
        try change()
        let after = try store.manifestGeneration()
        #expect(after.storeEpoch == before.storeEpoch)
        return after.value != before.value
    }

    @Test func everyChangeTheManifestShowsMovesTheGenerationAndNothingElseDoes() throws {
        let runID = try store.beginRun(specName: "s")
        let a = sampleJob("A")
        let b = sampleJob("B")
        #expect(try bumps { try storeImage(a, sha256: String(repeating: "1", count: 64), runID: runID) })
        #expect(try bumps { try storeImage(b, sha256: String(repeating: "2", count: 64), runID: runID) })
        #expect(try bumps { try store.setManifestKeys([a.key, b.key]) })
        // The same plan again, in another order: no row changes.
        #expect(try !bumps { try store.setManifestKeys([b.key, a.key]) })
        #expect(try bumps { try store.setManifestKeys([a.key]) })
        #expect(try store.manifestKeys() == [a.key])
        #expect(try bumps { try store.setManifestKeys([a.key, b.key]) })
        // Decisions, and a reset.
        #expect(try bumps { try store.record([ReviewDecision(key: a.key, state: .approved, reviewer: "ana")]) })
        #expect(try bumps { try store.record([ReviewDecision(key: a.key, state: .pending, reviewer: "ana")]) })
        // A decision on an image that changed since is not applied: nothing moves.
        #expect(
            try !bumps {
                try store.record([ReviewDecision(key: b.key, state: .approved, reviewer: "ana", sha256: "old")])
            })
        // Listings: written only when they change.
        let listing = Listing(imageLink: "https://cdn.test/a.png")
        #expect(try bumps { try store.recordListings([(a.key, listing)]) })
        #expect(try !bumps { try store.recordListings([(a.key, listing)]) })
        #expect(try bumps { try store.recordListings([(a.key, Listing(imageLink: "https://cdn.test/a-2.png"))]) })
        // A regenerated image.
        #expect(try bumps { try storeImage(a, sha256: String(repeating: "3", count: 64), runID: runID) })
        // Runs and the job states of a dispatch in progress are not in the manifest's items.
        let c = sampleJob("C")
        #expect(
            try !bumps {
                let second = try store.beginRun(specName: "s")
                _ = try store.register(c, runID: second)
                try store.markSubmitting(c.key, idempotencyKey: "cr-c")
                try store.markSubmitted(c.key, taskID: "task-c")
                try store.markFailed(c.key, reason: "content_policy: no", retryable: false)
                try store.finishRun(second, status: "finished")
            })
    }

    @Test func aRestoredStoreIsAnotherEpoch() throws {
        let job = sampleJob("A")
        let item = RestoredItem(
            job: job,
            output: OutputRecord(
                path: "images/A.png", sha256: String(repeating: "1", count: 64), format: "png", width: 8, height: 8,
                bytes: 9, taskID: "task-a", fingerprint: job.fingerprint.hex))
        let restored = try JobStore(path: directory.url("restored.sqlite").path)
        let empty = try restored.manifestGeneration()
        try restored.restore(
            [item], run: RestoredRun(id: 1, specName: "s", status: "finished", startedAt: Date(), finishedAt: nil),
            folderID: "abc")
        let filled = try restored.manifestGeneration()
        #expect(filled.value > empty.value)
        #expect(filled.storeEpoch != (try store.manifestGeneration()).storeEpoch)
    }

    @Test func theSnapshotReadsInCatalogueOrderInBatchesAsOfOneMoment() throws {
        let runID = try store.beginRun(specName: "s")
        let ids = ["b", "A", "a", "10", "9", "Z-1", "急須", "é"]
        for (index, id) in ids.enumerated() {
            try storeImage(sampleJob(id), sha256: String(repeating: String(index), count: 64), runID: runID)
        }
        try store.setManifestKeys(ids.map { sampleJob($0).key })
        let snapshot = try store.manifestSnapshot()
        #expect(snapshot.generation == (try store.manifestGeneration()))
        // A decision after the snapshot began is not in it (nor is its generation).
        try store.record([ReviewDecision(key: sampleJob("A").key, state: .approved, reviewer: "ana")])
        var batches: [[ManifestRow]] = []
        try snapshot.forEachBatch(of: 3) { batches.append($0) }
        #expect(batches.map(\.count) == [3, 3, 2])
        let keys = batches.joined().map(\.item.record.job.key)
        #expect(keys == ids.map { sampleJob($0).key }.sorted(), "catalogue order, as JobKey sorts")
        #expect(batches.joined().allSatisfy { $0.review == nil })
        // A new snapshot sees it.
        let later = try store.manifestSnapshot().rows(for: [sampleJob("A").key])
        #expect(later.first?.review?.state == .approved)
        #expect(try store.manifestSnapshot().generation != snapshot.generation)
    }
}
