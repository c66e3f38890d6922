import CatalogModel
import CatalogTestSupport
import Foundation
import JobStore
import Testing

/// `insertStoredOutputs` must leave what the dispatcher's four transitions leave, as far as a
/// plan and a manifest read it: the job stored, its fingerprint, its provenance, its output.
struct BulkOutputsTests {
    @Test func bulkInsertedOutputsReadBackAsStoredOnes() throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let jobs = ["A", "B", "C"].map { sampleJob($0, prompt: "mug \($0) on marble") }
        let outputs = jobs.map { job in
            OutputRecord(
                path: "images/\(job.key.productID)/marble.png", sha256: String(repeating: "cd", count: 32),
                format: "png", width: 64, height: 64, bytes: 99, taskID: "bulk-\(job.key.productID)",
                fingerprint: job.fingerprint.hex)
        }
        let run = try store.beginRun(specName: "bulk")
        try store.insertStoredOutputs(runID: run) { insert in
            for (job, output) in zip(jobs, outputs) { try insert(job, output) }
        }
        for (job, output) in zip(jobs, outputs) {
            #expect(try store.storedFingerprint(for: job.key) == job.fingerprint)
            #expect(try store.storedJob(for: job.key) == job)
            let record = try #require(try store.job(job.key))
            #expect(record.state == .stored)
            #expect(record.job == job)
            var stored = try #require(try store.storedItems(for: [job.key]).first?.output)
            stored.storedAt = nil
            #expect(stored == output)
        }
        #expect(try store.productIDsWithOutputs() == ["A", "B", "C"])
        #expect(try store.stateCounts() == [.stored: 3])
    }

    @Test func aThrowingProducerLeavesNothingHalfWritten() throws {
        let directory = try TemporaryDirectory()
        let store = try JobStore(path: directory.url("state.sqlite").path)
        let job = sampleJob()
        let run = try store.beginRun(specName: "bulk")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.insertStoredOutputs(runID: run) { insert in
                try insert(
                    job,
                    OutputRecord(
                        path: "images/A/marble.png", sha256: "ab", format: "png", width: 1, height: 1, bytes: 1,
                        taskID: "t", fingerprint: job.fingerprint.hex))
                throw Stop()
            }
        }
        #expect(try store.storedFingerprint(for: job.key) == nil)
        #expect(try store.job(job.key) == nil)
    }
}
