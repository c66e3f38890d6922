import CatalogModel
import Foundation

/// The EvoLink GPT Image 2 client. Talks to whatever base URL it is given (the real API, a
/// standalone simulator, the embedded one) through the same code. It never retries on its
/// own: callers apply a `RetryStrategy`, so every retry decision lives in one place.
public struct EvoLinkClient: ImageGenerationService {
    public struct Configuration: Sendable {
        /// e.g. `https://api.evolink.ai`, without a trailing slash.
        public var apiBaseURL: String
        /// e.g. `https://files-api.evolink.ai`.
        public var filesBaseURL: String
        public var submitTimeout: Duration = .seconds(30)
        public var readTimeout: Duration = .seconds(15)
        public var uploadTimeout: Duration = .seconds(120)
        public var downloadTimeout: Duration = .seconds(300)

        public init(apiBaseURL: String, filesBaseURL: String? = nil) {
            self.apiBaseURL = Self.trimmed(apiBaseURL)
            self.filesBaseURL = Self.trimmed(filesBaseURL ?? Self.defaultFilesURL(for: apiBaseURL))
        }

        /// The real API keeps files on `files-api.` beside `api.`; anything else (a simulator)
        /// serves both from one host.
        static func defaultFilesURL(for apiBaseURL: String) -> String {
            apiBaseURL.contains("://api.evolink.ai")
                ? apiBaseURL.replacingOccurrences(of: "://api.", with: "://files-api.") : apiBaseURL
        }

        private static func trimmed(_ url: String) -> String {
            url.hasSuffix("/") ? String(url.dropLast()) : url
        }
    }

    public let configuration: Configuration
    private let transport: any HTTPTransport
    /// Only to redact it from server messages that quote it back.
    private var apiKey: APIKey?
    /// Server text passes through it as it enters our types (`Redacting`): error messages and
    /// codes, task ids and statuses, result and file URLs (without their user information).
    private var redactor: Redacting { Redacting(apiKey?.redactor) }

    /// `transport` should already carry authentication (see `EvoLinkClient.make`).
    public init(configuration: Configuration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
    }

    /// A client whose transport adds the bearer key (for the API's hosts only) and a user agent.
    public static func make(
        configuration: Configuration, apiKey: APIKey?, transport: any HTTPTransport
    ) -> EvoLinkClient {
        var middlewares: [any HTTPMiddleware] = [UserAgentMiddleware()]
        if let apiKey {
            middlewares.append(
                BearerAuthMiddleware(key: apiKey, forOriginsOf: [configuration.apiBaseURL, configuration.filesBaseURL]))
        }
        var client = EvoLinkClient(
            configuration: configuration, transport: MiddlewareTransport(transport, middlewares: middlewares))
        client.apiKey = apiKey
        return client
    }

    /// The configured origins and the key's hash (`none` for a client without a key).
    public var server: ServerIdentity {
        ServerIdentity(
            apiOrigin: ServerIdentity.origin(of: configuration.apiBaseURL),
            filesOrigin: ServerIdentity.origin(of: configuration.filesBaseURL),
            keyIdentity: ServerIdentity.keyIdentity(ofSecret: apiKey?.secret))
    }

    public func submit(_ request: GenerationRequest, idempotencyKey: String) async throws -> TaskSnapshot {
        try await redactor.errors { try await submitUnredacted(request, idempotencyKey: idempotencyKey) }
    }

    private func submitUnredacted(_ request: GenerationRequest, idempotencyKey: String) async throws -> TaskSnapshot {
        var problems = ImageSizeRules.problems(with: request.settings)
        if request.imageURLs.count > 16 { problems.append("at most 16 image_urls, not \(request.imageURLs.count)") }
        guard problems.isEmpty else {
            throw ImageServiceError(
                kind: .permanent, code: "invalid_request", message: problems.joined(separator: "; "))
        }
        let isRatio = ImageSizeRules.ratios.contains(request.settings.size)
        let settings = request.settings
        let body = JSONText.object([
            "image_urls": request.imageURLs.isEmpty ? nil : JSONText.array(request.imageURLs),
            "model": JSONText.quoted(settings.model),
            "n": request.n == 1 ? nil : String(request.n),
            "prompt": JSONText.quoted(request.prompt),
            "quality": settings.quality.map(JSONText.quoted),
            "resolution": isRatio ? JSONText.quoted(settings.resolution) : nil,
            "size": JSONText.quoted(settings.size),
        ])
        let http = HTTPRequest(
            method: "POST", url: "\(configuration.apiBaseURL)/v1/images/generations",
            headers: [("Content-Type", "application/json"), ("Idempotency-Key", idempotencyKey)],
            body: Array(body.utf8), timeout: configuration.submitTimeout)
        let response = try await send(http, paid: true)
        var snapshot = try decodeTask(response, paid: true)
        snapshot.replayed = response.header("idempotency-replayed") == "true"
        return snapshot
    }

    public func task(id: String) async throws -> TaskSnapshot {
        try await redactor.errors { try await taskUnredacted(id: id) }
    }

    private func taskUnredacted(id: String) async throws -> TaskSnapshot {
        guard !id.isEmpty, id.utf8.allSatisfy(Self.isTaskIDByte) else {
            throw ImageServiceError(
                kind: .permanent, code: "invalid_task_id", message: "task id `\(id)` has unexpected characters")
        }
        let http = HTTPRequest(
            method: "GET", url: "\(configuration.apiBaseURL)/v1/tasks/\(id)", timeout: configuration.readTimeout)
        return try decodeTask(try await send(http, paid: false), paid: false)
    }

    public func uploadReference(_ bytes: [UInt8], fileName: String, mimeType: String) async throws -> UploadedFile {
        try await redactor.errors { try await uploadUnredacted(bytes, fileName: fileName, mimeType: mimeType) }
    }

    private func uploadUnredacted(_ bytes: [UInt8], fileName: String, mimeType: String) async throws -> UploadedFile {
        let body = JSONText.object([
            "base64_data": JSONText.quoted("data:\(mimeType);base64," + Data(bytes).base64EncodedString()),
            "file_name": JSONText.quoted(fileName),
            "upload_path": JSONText.quoted("catalog-refresh"),
        ])
        let http = HTTPRequest(
            method: "POST", url: "\(configuration.filesBaseURL)/api/v1/files/upload/base64",
            headers: [("Content-Type", "application/json")], body: Array(body.utf8),
            timeout: configuration.uploadTimeout)
        let response = try await send(http, paid: false)
        // The files API may answer HTTP 200 with `success: false`: check both.
        guard let envelope = try? JSONDecoder().decode(EvoLinkWire.FilesEnvelope.self, from: Data(response.body)),
            envelope.success == true, let url = envelope.data?.file_url
        else {
            let decoded = try? JSONDecoder().decode(EvoLinkWire.FilesEnvelope.self, from: Data(response.body))
            let code = decoded?.code ?? 0
            let retryable = code == 50001 || code == 500
            throw ImageServiceError(
                kind: retryable ? .retryable : .permanent, code: "upload_failed_\(code)",
                message: decoded?.msg ?? "the files API answered without a file URL", httpStatus: response.status)
        }
        return UploadedFile(
            fileURL: redactor.url(url), expiresAt: envelope.data?.expires_at.flatMap(Self.parseISODate))
    }

    /// The account's and the key's remaining credits (`GET /v1/credits`), e.g. to warn before a
    /// run that the balance will not cover its estimate.
    public func credits() async throws -> Credits {
        try await redactor.errors { try await creditsUnredacted() }
    }

    private func creditsUnredacted() async throws -> Credits {
        let http = HTTPRequest(
            method: "GET", url: "\(configuration.apiBaseURL)/v1/credits", timeout: configuration.readTimeout)
        let response = try await send(http, paid: false)
        guard let envelope = try? JSONDecoder().decode(EvoLinkWire.CreditsEnvelope.self, from: Data(response.body)),
            envelope.success != false, let user = envelope.data?.user
        else {
            throw ImageServiceError(
                kind: .retryable, code: "malformed_response", message: "the credits answer has no balance")
        }
        let token = envelope.data?.token
        return Credits(
            accountRemaining: user.remaining_credits ?? 0,
            keyRemaining: token?.unlimited_credits == true ? nil : token?.remaining_credits)
    }

    public func downloadResult(from url: String, to path: String, maxBytes: Int) async throws {
        try await redactor.errors { try await downloadUnredacted(from: url, to: path, maxBytes: maxBytes) }
    }

    private func downloadUnredacted(from url: String, to path: String, maxBytes: Int) async throws {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw ImageServiceError(kind: .permanent, code: "invalid_result_url", message: "result URL is not http(s)")
        }
        let http = HTTPRequest(
            method: "GET", url: url, timeout: configuration.downloadTimeout, maxResponseBytes: maxBytes)
        let response: HTTPResponse
        do {
            response = try await transport.download(http, to: path)
        } catch let error as TransportError {
            throw ErrorClassification.classify(error, paid: false)
        }
        guard (200..<300).contains(response.status) else {
            throw ErrorClassification.classify(status: response.status, body: response.body, headers: response.headers)
        }
        let contentType = response.header("content-type")?.lowercased() ?? ""
        // An HTML error page with status 200 is a failed download, not an image.
        guard contentType.hasPrefix("image/") || contentType == "application/octet-stream" else {
            unlink(path)
            throw ImageServiceError(
                kind: .retryable, code: "download_not_an_image",
                message: "the result URL answered with `\(contentType.isEmpty ? "no content type" : contentType)`")
        }
    }

    private func send(_ request: HTTPRequest, paid: Bool) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError {
            throw ErrorClassification.classify(error, paid: paid)
        }
        guard (200..<300).contains(response.status) else {
            throw ErrorClassification.classify(status: response.status, body: response.body, headers: response.headers)
        }
        return response
    }

    private func decodeTask(_ response: HTTPResponse, paid: Bool) throws -> TaskSnapshot {
        guard let json = try? JSONValue.parse(response.body), let task = try? EvoLinkWire.Task(json: json),
            !task.id.isEmpty
        else {
            // A 2xx we cannot read: for a paid POST we cannot know whether a task was created.
            throw ImageServiceError(
                kind: paid ? .outcomeUnknown : .retryable, code: "malformed_response",
                message: "HTTP \(response.status) with a body that is not an EvoLink task", httpStatus: response.status)
        }
        return TaskSnapshot(
            id: redactor.text(task.id), status: .init(redactor.text(task.status ?? "pending")),
            progress: task.progress ?? 0, results: (task.results ?? []).map(redactor.url),
            errorCode: task.errorCode.map(redactor.text), errorMessage: task.errorMessage.map(redactor.text),
            estimatedSeconds: task.estimatedTime, creditsReserved: task.creditsReserved,
            charge: task.charge)
    }

    /// A task id goes into the URL path: letters, digits and `._:-` only.
    private static func isTaskIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
            UInt8(ascii: "-"):
            true
        default: false
        }
    }

    static func parseISODate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)
    }
}
