import CatalogModel
import JobStore

extension JobStore {
    /// Walks `job` through every state to `stored` with `output`, as a dispatch would: for tests
    /// that need generated images in a store without generating them.
    public func walkToStored(_ job: Job, runID: Int64, output: OutputRecord) throws {
        _ = try register(job, runID: runID)
        try markSubmitting(job.key, idempotencyKey: "cr-\(job.key.productID)-\(output.sha256.prefix(12))")
        try markSubmitted(job.key, taskID: output.taskID)
        try markCompleted(job.key, resultURLs: ["http://127.0.0.1/result.png"])
        try markStored(job.key, output: output)
    }
}

extension JobStore {
    /// `walkToStored` for many jobs at once, one transaction per step: for tests that need
    /// thousands of stored images.
    public func walkToStored(_ items: [(job: Job, output: OutputRecord)], runID: Int64) throws {
        _ = try register(items.map(\.job), runID: runID)
        let steps: [(Job, OutputRecord) -> JobTransition] = [
            { .submitting($0.key, idempotencyKey: "cr-\($1.sha256.prefix(24))", imageURLs: []) },
            { .submitted($0.key, taskID: $1.taskID) },
            { job, _ in .completed(job.key, resultURLs: ["http://127.0.0.1/result.png"]) },
            { .stored($0, $1) },
        ]
        for step in steps {
            for result in try commit(items.map { step($0.job, $0.output) }) { try result.get() }
        }
    }
}
