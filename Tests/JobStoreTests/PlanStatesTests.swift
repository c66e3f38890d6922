import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// What a nightly plan reads per batch (`storedStates`), and how the manifest's jobs follow the
/// plan without a rewrite (`updateManifestKeys`).
struct PlanStatesTests {
    let directory: TemporaryDirectory
    let store: JobStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try JobStore(path: directory.url("state.sqlite").path)
    }

    func storeImage(_ job: Job) throws {
        try store.walkToStored(
            job, runID: try store.beginRun(specName: "s"),
            output: OutputRecord(
                path: "images/\(job.key.productID).png", sha256: String(repeating: "1", count: 64), format: "png",
                width: 8, height: 8, bytes: 9, taskID: "task-\(job.key.productID)", fingerprint: job.fingerprint.hex))
    }

    @Test func aBatchReadsEveryKeysStateInTheKeysOrder() throws {
        // More keys than one query holds, ids SQL and JSON would trip on, and one key twice.
        let ids = (0..<600).map { "P-\($0)" } + ["a'b", "quote\"d", "nul\u{0}byte", "ünï", "", "P-3"]
        let jobs = ids.map { sampleJob($0) }
        for (offset, job) in jobs.enumerated() where offset % 4 == 0 { try storeImage(job) }
        let listing = Listing(imageLink: "https://x.test/a.png", altText: "alt")
        try store.recordListings(jobs.enumerated().filter { $0.offset % 3 == 0 }.map { ($0.element.key, listing) })
        try store.setManifestKeys(jobs.enumerated().filter { $0.offset % 8 == 0 }.map(\.element.key))

        let states = try store.storedStates(for: jobs.map(\.key))
        #expect(states.count == jobs.count)
        for (offset, (job, state)) in zip(jobs, states).enumerated() {
            let stored = try store.storedFingerprint(for: job.key)
            #expect(state.fingerprint == stored, "\(job.key)")
            #expect(state.listingDigest == (try store.listings(for: [job.key])[job.key]).map { _ in listing.digest })
            #expect(state.isInManifest == (stored != nil && offset % 8 == 0), "\(job.key)")
        }
        #expect(try store.storedStates(for: []).isEmpty)
    }

    @Test func theManifestGainsNewJobsAndLosesGoneOnes() throws {
        let jobs = (0..<6).map { sampleJob("P-\($0)") }
        for job in jobs { try storeImage(job) }
        try store.setManifestKeys(jobs.prefix(4).map(\.key))
        // Planned now: P-1…P-5 (P-0 left the feed), P-4 and P-5 not listed yet, plus one never dispatched.
        let planned = jobs.dropFirst().map(\.key) + [sampleJob("P-new").key]
        let hashes = Set(planned.map(\.hashValue))
        try store.updateManifestKeys(
            adding: [jobs[4].key, jobs[5].key, sampleJob("P-new").key], plannedCount: planned.count,
            isPlanned: { hashes.contains($0.hashValue) })
        #expect(Set(try store.manifestKeys()) == Set(jobs.dropFirst().map(\.key)))
    }

    @Test func aPlanThatMatchesTheManifestLeavesIt() throws {
        let jobs = (0..<3).map { sampleJob("P-\($0)") }
        for job in jobs { try storeImage(job) }
        try store.setManifestKeys(jobs.map(\.key))
        var asked = 0
        try store.updateManifestKeys(adding: [], plannedCount: jobs.count) { _ in
            asked += 1
            return false
        }
        // Nothing was missing and nothing more is listed: no key was looked at, none removed.
        #expect(asked == 0)
        #expect(Set(try store.manifestKeys()) == Set(jobs.map(\.key)))
    }

    @Test func aListingIsRecordedWithTheDigestItWasPlannedWith() throws {
        let key = sampleJob("P").key
        var listing = Listing(imageLink: "https://x.test/p.png")
        let planned = listing.digest
        listing.handle = "p"
        try store.recordListings([(key, listing, planned)])
        #expect(try store.storedStates(for: [key])[0].listingDigest == planned)
        #expect(try store.listings(for: [key])[key] == listing)
    }
}

/// A storage key read back: the product id is found by its length, whatever it contains.
struct StorageKeyTests {
    @Test(arguments: ["P-1", "a|b", "12:x|y", "", "ünï|:", "nul\u{0}"])
    func theProductIDComesBackWhole(id: String) {
        #expect(JobKey.productID(fromStorageKey: JobKey(productID: id, variantID: "v=1|2").storageKey) == id)
    }

    @Test(arguments: ["", "P-1", "x:abc|v", "3:ab", "3:abcd|v", "-1:|v", "1:é|v"])
    func somethingElseIsNotOne(key: String) {
        #expect(JobKey.productID(fromStorageKey: key) == nil)
    }
}
