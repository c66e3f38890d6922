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
