import CatalogModel
import Foundation

/// A job as the store knows it: the plan's job plus its progress.
public struct JobRecord: Sendable, Equatable {
    public var job: Job
    public var state: JobState
    public var idempotencyKey: String?
    /// The reference URLs the paid POST sent (set with the key).
    public var submittedImageURLs: [String]?
    public var taskID: String?
    public var resultURLs: [String]
    public var failureReason: String?
    public var failureRetryable: Bool?
    /// The server that took (or is about to take) the current submission, recorded with its
    /// key; `nil` when there is none, or for one recorded before servers were.
    public var submissionServer: SubmissionServer?

    public init(
        job: Job, state: JobState, idempotencyKey: String? = nil, submittedImageURLs: [String]? = nil,
        taskID: String? = nil,
        resultURLs: [String] = [], failureReason: String? = nil, failureRetryable: Bool? = nil,
        submissionServer: SubmissionServer? = nil
    ) {
        self.submissionServer = submissionServer
        self.job = job
        self.state = state
        self.idempotencyKey = idempotencyKey
        self.submittedImageURLs = submittedImageURLs
        self.taskID = taskID
        self.resultURLs = resultURLs
        self.failureReason = failureReason
        self.failureRetryable = failureRetryable
    }
}

/// A stored image file, as recorded after it was renamed into place.
public struct OutputRecord: Sendable, Equatable, Codable {
    /// Relative to the output folder.
    public var path: String
    public var sha256: String
    public var format: String
    public var width: Int
    public var height: Int
    public var bytes: Int
    public var taskID: String
    public var fingerprint: String
    /// When the file was stored; set by the store when it reads the record back.
    public var storedAt: Date?

    public init(
        path: String, sha256: String, format: String, width: Int, height: Int, bytes: Int, taskID: String,
        fingerprint: String, storedAt: Date? = nil
    ) {
        self.storedAt = storedAt
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.width = width
        self.height = height
        self.bytes = bytes
        self.taskID = taskID
        self.fingerprint = fingerprint
    }
}

/// A job's current output with the job exactly as it was when the output was made (its
/// provenance), what manifests and exports are built from.
public struct StoredItem: Sendable, Equatable {
    public var record: JobRecord
    public var output: OutputRecord

    public init(record: JobRecord, output: OutputRecord) {
        self.record = record
        self.output = output
    }
}
