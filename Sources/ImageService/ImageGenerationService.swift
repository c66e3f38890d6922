import CatalogModel
import Foundation

/// What the dispatcher asks of an image API. `EvoLinkClient` implements it over HTTP; the
/// same client talks to the real API and to the simulator.
public protocol ImageGenerationService: Sendable {
    /// Uploads a local reference image; the returned URL can go in `image_urls` until it expires.
    func uploadReference(_ bytes: [UInt8], fileName: String, mimeType: String) async throws -> UploadedFile
    /// The paid call. `idempotencyKey` must be committed before this is called and reused for
    /// every retry, so the API never charges twice for one job.
    func submit(_ request: GenerationRequest, idempotencyKey: String) async throws -> TaskSnapshot
    func task(id: String) async throws -> TaskSnapshot
    /// Fetches a result as soon as its task completes (results expire) into a new file at
    /// `path`, written as it arrives: status, content type and size (at most `maxBytes`) are
    /// checked here, and on any failure no file is left; the image itself is verified by the
    /// caller, from the file.
    func downloadResult(from url: String, to path: String, maxBytes: Int) async throws
    /// The server this service talks to and who its key is: uploads and tasks belong to it, and
    /// are reused, resumed or polled only through a service with the same identity.
    var server: ServerIdentity { get }
}

/// One generation request in API terms.
public struct GenerationRequest: Sendable, Equatable {
    public var prompt: String
    public var imageURLs: [String]
    public var settings: ImageSettings
    public var n: Int

    public init(prompt: String, imageURLs: [String], settings: ImageSettings, n: Int = 1) {
        self.prompt = prompt
        self.imageURLs = imageURLs
        self.settings = settings
        self.n = n
    }
}

/// A task as the API last described it.
public struct TaskSnapshot: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case pending, processing, completed, failed, cancelled
        /// A status this client does not know yet; treated as still running.
        case unknown(String)

        public init(_ raw: String) {
            switch raw {
            case "pending": self = .pending
            case "processing": self = .processing
            case "completed": self = .completed
            case "failed": self = .failed
            case "cancelled": self = .cancelled
            default: self = .unknown(raw)
            }
        }

        public var isTerminal: Bool { self == .completed || self == .failed || self == .cancelled }
    }

    public var id: String
    public var status: Status
    public var progress: Int
    public var results: [String]
    public var errorCode: String?
    public var errorMessage: String?
    public var estimatedSeconds: Int?
    public var creditsReserved: Double?
    /// What the API charged for the finished task, when its answer says (`nil` when it does not).
    public var charge: TaskCharge?
    /// The server replayed an earlier submission with the same idempotency key.
    public var replayed: Bool

    public init(
        id: String, status: Status, progress: Int = 0, results: [String] = [], errorCode: String? = nil,
        errorMessage: String? = nil, estimatedSeconds: Int? = nil, creditsReserved: Double? = nil,
        charge: TaskCharge? = nil, replayed: Bool = false
    ) {
        self.id = id
        self.status = status
        self.progress = progress
        self.results = results
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.estimatedSeconds = estimatedSeconds
        self.creditsReserved = creditsReserved
        self.charge = charge
        self.replayed = replayed
    }
}

/// A reference image in the files API.
public struct UploadedFile: Sendable, Equatable {
    public var fileURL: String
    /// When the files API says the file goes; `nil` when it did not say (the caller applies the
    /// documented lifetime on its own clock, never this machine's wall clock).
    public var expiresAt: Date?

    public init(fileURL: String, expiresAt: Date?) {
        self.fileURL = fileURL
        self.expiresAt = expiresAt
    }
}

/// What `GET /v1/credits` reports, in credits (68 credits = 1 USD).
public struct Credits: Sendable, Equatable {
    public var accountRemaining: Double
    /// The key's own remaining limit; `nil` when the key has none.
    public var keyRemaining: Double?

    public init(accountRemaining: Double, keyRemaining: Double?) {
        self.accountRemaining = accountRemaining
        self.keyRemaining = keyRemaining
    }
}
