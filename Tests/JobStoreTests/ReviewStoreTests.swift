import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// Review decisions: per image, atomic per batch, logged, and what the manifest covers.
struct ReviewStoreTests {
    let directory: TemporaryDirectory
    let store: JobStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try JobStore(path: directory.url("state.sqlite").path)
    }

    /// Takes a job to `stored` with an image whose hash is `sha256`.
    func storeImage(_ job: Job, sha256: String) throws {
        try store.walkToStored(
            job, runID: try store.beginRun(specName: "s"),
            output: OutputRecord(
                path: "images/\(job.key.productID).png", sha256: sha256, format: "png", width: 8, height: 8, bytes: 9,
                taskID: "task-unified-1-\(job.key.productID)", fingerprint: job.fingerprint.hex))
    }

    @Test func aDecisionHoldsForItsImageUntilTheImageIsReplaced() throws {
        let job = sampleJob("A")
        try storeImage(job, sha256: String(repeating: "1", count: 64))
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let outcome = try store.record(
            [ReviewDecision(key: job.key, state: .approved, reviewer: "ana", note: "crisp, \"good\"")], at: date)
        #expect(outcome == ReviewOutcome(applied: [job.key]))
        let review = try #require(try store.reviews()[job.key])
        #expect(review.state == .approved && review.reviewer == "ana" && review.note == "crisp, \"good\"")
        #expect(review.reviewedAt == date)

        // Regenerated: the new image has not been reviewed.
        try storeImage(job, sha256: String(repeating: "2", count: 64))
        #expect(try store.reviews().isEmpty)
    }

    @Test func resetMakesAnItemPendingAgain() throws {
        let job = sampleJob("B")
        try storeImage(job, sha256: String(repeating: "1", count: 64))
        try store.record([ReviewDecision(key: job.key, state: .rejected, reviewer: "ana", note: "blurry")])
        #expect(try store.reviews()[job.key]?.state == .rejected)
        try store.record([ReviewDecision(key: job.key, state: .pending, reviewer: "ben")])
        #expect(try store.reviews()[job.key] == nil)
    }

    @Test func aBatchNamingAnUnknownItemRecordsNothing() throws {
        let known = sampleJob("C")
        try storeImage(known, sha256: String(repeating: "1", count: 64))
        let unknown = JobKey(productID: "nope", variantID: "background=marble")
        #expect(throws: UnknownReviewItems(keys: [unknown])) {
            try store.record([
                ReviewDecision(key: known.key, state: .approved, reviewer: "ana"),
                ReviewDecision(key: unknown, state: .approved, reviewer: "ana"),
            ])
        }
        #expect(try store.reviews().isEmpty)
        // A job that exists but has no image yet is unknown too.
        let planned = sampleJob("D")
        _ = try store.register(planned, runID: try store.beginRun(specName: "s"))
        #expect(throws: UnknownReviewItems.self) {
            try store.record([ReviewDecision(key: planned.key, state: .approved, reviewer: "ana")])
        }
    }

    @Test func aDecisionOnAnOlderImageIsNotAppliedToTheNewOne() throws {
        let job = sampleJob("E")
        try storeImage(job, sha256: String(repeating: "2", count: 64))
        let outcome = try store.record([
            ReviewDecision(key: job.key, state: .approved, reviewer: "ana", sha256: String(repeating: "1", count: 64))
        ])
        #expect(outcome == ReviewOutcome(stale: [job.key]))
        #expect(try store.reviews().isEmpty)
    }

    @Test func theManifestCoversTheLastPlanOrElseEveryImage() throws {
        let (first, second) = (sampleJob("F"), sampleJob("G"))
        try storeImage(first, sha256: String(repeating: "1", count: 64))
        try storeImage(second, sha256: String(repeating: "2", count: 64))
        #expect(try store.manifestKeys() == [first.key, second.key])
        try store.setManifestKeys([second.key])
        #expect(try store.manifestKeys() == [second.key])
    }

    /// A run with `--only` plans jobs it never dispatches: they have no row, and recording the
    /// plan must not fail the run (it did, on a foreign key, after the images were stored).
    @Test func planKeysWithoutAJobRowAreLeftOut() throws {
        let stored = sampleJob("H")
        try storeImage(stored, sha256: String(repeating: "3", count: 64))
        let neverDispatched = sampleJob("I").key
        try store.setManifestKeys([neverDispatched, stored.key, stored.key])
        #expect(try store.manifestKeys() == [stored.key])
    }
}
