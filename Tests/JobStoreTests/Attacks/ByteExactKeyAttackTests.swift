import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

@Suite("Byte-exact job keys attacks")
struct ByteExactKeyAttackTests {
    /// #20 item 2: keys that differ only after a NUL stay distinct in SQLite (text was bound as
    /// a C string: `ab\0cd`, `ab\0xy` and `ab` collapsed into one row) and read back whole.
    @Test func keysDifferingAfterANulStayDistinct() throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let run = try store.beginRun(specName: "demo")
        let jobs = [sampleJob("ab\0cd"), sampleJob("ab\0xy"), sampleJob("ab")]
        for job in jobs { try store.register(job, runID: run) }
        #expect(try store.stateCounts() == [.planned: 3])
        for job in jobs {
            let record = try #require(try store.job(job.key))
            #expect(Array(record.job.key.productID.utf8) == Array(job.key.productID.utf8))
            #expect(record.job == job)
        }
        try store.markSubmitting(jobs[0].key, idempotencyKey: "cr-0\0a")
        try store.markSubmitting(jobs[1].key, idempotencyKey: "cr-0\0b")
        #expect(try store.job(jobs[1].key)?.idempotencyKey == "cr-0\0b")
        #expect(try store.job(jobs[2].key)?.state == .planned)
    }
}
